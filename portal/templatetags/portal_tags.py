from django import template
from django.urls import translate_url
from django.utils.translation import get_language

from common.text import render_markdown

register = template.Library()


@register.simple_tag(takes_context=True)
def language_url(context, language):
    """The current page in ``language`` (Russian unprefixed, English under /en/)."""
    request = context.get("request")
    if request is None:
        return "/" if language == "ru" else f"/{language}/"
    return translate_url(request.get_full_path(), language)


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
