from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.encoding import iri_to_uri
from django.utils.translation import get_language, override

from common.pagecache import generation
from common.text import render_markdown

register = template.Library()


@register.simple_tag(takes_context=True)
def language_url(context, language):
    """The current page in ``language`` (Russian unprefixed, English under /en/).

    As ``translate_url``, from the view the request already resolved to rather than resolving
    its path again, once per language and request (a page asks three times)."""
    request = context.get("request")
    if request is None:
        return "/" if language == "ru" else f"/{language}/"
    urls = request.__dict__.setdefault("_language_urls", {})
    if language not in urls:
        urls[language] = _in_language(request, language)
    return urls[language]


def _in_language(request, language):
    match = request.resolver_match
    if match is None:  # an error page, or a response from a middleware
        return translate_url(request.get_full_path(), language)
    with override(language):
        try:
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return request.get_full_path()
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{iri_to_uri(query)}" if query else path


@register.simple_tag
def current_language():
    return (get_language() or "ru")[:2]


@register.filter
def markdown(text):
    return render_markdown(text)


@register.filter
def has_active_filters(form):
    """True when a bound filter form has a value in a field other than the text search."""
    if form.errors:
        return True
    data = getattr(form, "data", {}) or {}
    return any(data.get(field.name) for field in form if field.name != "q")


@register.inclusion_tag("includes/form_errors.html")
def form_error_summary(form, formsets=None):
    """The summary above a form with errors: announced when the page opens (role="alert"), one
    link per field error to its field; each field also carries its own message, tied to it by
    aria-describedby, and aria-invalid (crispy-bootstrap5 and Django render those). A page
    without a form (a password-reset link that no longer works) has nothing to summarise."""
    if form is None:
        return {"errors": [], "has_errors": False}
    errors = [(field, "", error) for field in form for error in field.errors]
    for formset in (formsets or {}).values():
        for row, subform in enumerate(formset, start=1):
            prefix = f"{formset.title} · {row}: " if getattr(formset, "title", "") else ""
            errors += [(field, prefix, error) for field in subform for error in field.errors]
    has_errors = bool(form.errors or errors) or any(
        formset.non_form_errors() for formset in (formsets or {}).values() if formset.is_bound
    )
    return {"errors": errors, "has_errors": has_errors}


_WIDGET_CLASSES = {"select": "form-select", "checkbox": "form-check-input"}


@register.filter
def bootstrap_widget(field):
    """The field's widget with Bootstrap's classes, as crispy-forms would write it.

    The lists' filter panel renders on every list page; through crispy's templates its nine
    fields took half of the page's time, for markup this one call writes."""
    css = _WIDGET_CLASSES.get(field.widget_type, "form-control")
    if field.errors:
        css += " is-invalid"
    own = field.field.widget.attrs.get("class")
    return field.as_widget(attrs={"class": f"{own} {css}" if own else css})


@register.simple_tag
def fragment_cache():
    """``{% fragment_cache as fragment %}``: the seconds and the generation for ``{% cache %}``
    around a heavy part of a page that signed-in people see too (the whole-page cache serves
    only anonymous visitors). Keyed by the generation, a fragment is never read again once
    anything is saved (common.pagecache); ``FRAGMENT_CACHE_SECONDS`` = 0 turns it off."""
    return {"seconds": settings.FRAGMENT_CACHE_SECONDS, "generation": generation()}
