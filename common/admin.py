"""Admin actions that run each selected object through the app's service, so the admin
follows the same rules, history and e-mails as the site."""

from django.contrib import messages
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError

from common.actions import refusal_message
from common.lists import RememberedChoices
from common.search import is_searchable, matching, prefix_matching
from common.text import MAX_QUERY_LENGTH


def run_for_each(modeladmin, request, queryset, action, done, refusals=()):
    """Calls ``action(obj)`` for every selected object; a refusal (one of ``refusals``,
    PermissionDenied or ValidationError) becomes a warning naming the object, the rest a
    success message ``done % {"count": n}``."""
    count = 0
    for obj in queryset:
        try:
            action(obj)
        except (*refusals, PermissionDenied, ValidationError) as exc:
            modeladmin.message_user(request, f"{obj}: {refusal_message(exc)}", messages.WARNING)
        else:
            count += 1
    if count:
        modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)
    return count


class FullTextSearchAdminMixin:
    """The admin's search box and its autocomplete (which asks the same method) through the
    model's full-text index (whole words, else words starting with those typed) and an
    exact match of ``exact_search_fields``: ``search_fields``' ``icontains`` over joins read
    every row, 9 s for a word among 100 000 practices. ``search_fields`` stays set
    (autocomplete needs it)."""

    exact_search_fields = ("slug",)
    # A filtered list counts its rows; not also the whole table's (another COUNT(*)).
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        term = " ".join(search_term.split())[:MAX_QUERY_LENGTH]
        if not term:
            return queryset, False
        found = queryset.none()
        if is_searchable(term):
            # Whole words first; the start of a word («Модут» for «Модутского») only when no
            # whole word matches: a frequent stem's prefix matches half a million practices,
            # which the list would then count and sort (5 s at a million).
            found = matching(queryset, term)
            if not found.exists():
                found = prefix_matching(queryset, term)
        for field in self.exact_search_fields:
            found |= queryset.filter(**{field: term})
        return found, False


class _Preloaded:
    """An autocomplete widget that shows its chosen rows from ``rows`` ({key: row}, read for
    the whole page by ``PreloadedAutocompleteMixin``) when they were read, instead of one
    query of its own."""

    rows = None

    def optgroups(self, name, value, attr=None):
        if self.rows is None:
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        chosen = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        for key, row in self.rows.items():
            if key not in chosen:
                continue
            label = self.choices.field.label_from_instance(row)
            default[1].append(self.create_option(name, key, label, chosen, len(default[1])))
        return [default]


class PreloadedAutocompleteSelect(_Preloaded, AutocompleteSelect):
    pass


class PreloadedAutocompleteSelectMultiple(_Preloaded, AutocompleteSelectMultiple):
    pass


def _autocomplete_widgets(forms):
    """(widget, its field, the values chosen, rows already read) of every preloading
    autocomplete of ``forms``."""
    for form in forms:
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # RelatedFieldWidgetWrapper
            if isinstance(widget, _Preloaded):
                value = form[name].value()
                values = value if isinstance(value, (list, tuple)) else [value]
                chosen = {str(v) for v in values if v not in field.empty_values}
                yield widget, field, chosen, _read_rows(form, name, field)


def _read_rows(form, name, field):
    """{key: row} of the rows ``form`` already holds for ``name``: a many-to-many's initial
    rows (prefetched), a foreign key's related row (select_related). Only for an unbound form
    and an unfiltered list of choices, which any row of the model belongs to."""
    if form.is_bound or field.queryset.query.has_filters():
        return {}
    initial = form.initial.get(name)
    if isinstance(initial, (list, tuple)):
        rows = initial
    else:
        instance = getattr(form, "instance", None)
        try:
            model_field = instance._meta.get_field(name)
        except (AttributeError, LookupError):
            return {}
        cached = getattr(model_field, "is_cached", None)
        rows = [getattr(instance, name)] if cached and cached(instance) else []
    to_field = field.to_field_name or "pk"
    model = field.queryset.model
    return {str(getattr(row, to_field)): row for row in rows if isinstance(row, model)}


def preload_autocomplete(forms):
    """Read the rows every autocomplete of ``forms`` shows, one query per list of choices
    (Django's widget reads its own: a query per row of every inline, so an event's page
    grew with its programme, partners and visits); none for a list whose chosen rows the
    forms already hold (an inline's prefetched speakers, its row's organisation)."""
    found = [(widget, field, chosen, read, _list_key(field)) for widget, field, chosen, read
             in _autocomplete_widgets(forms)]  # fmt: skip
    wanted = {}
    for _widget, field, chosen, read, key in found:
        _field, all_chosen, all_read = wanted.setdefault(key, (field, set(), {}))
        all_chosen.update(chosen)
        all_read.update(read)
    rows = {}
    for key, (field, chosen, read) in wanted.items():
        to_field = field.to_field_name or "pk"
        missing = chosen - read.keys()
        fetched = field.queryset.filter(**{f"{to_field}__in": missing}) if missing else []
        rows[key] = read | {str(getattr(row, to_field)): row for row in fetched}
    for widget, _field, _chosen, _read, key in found:
        widget.rows = rows[key]


def _list_key(field):
    """Which list of choices ``field`` offers: the same rows for the same key."""
    return (field.queryset.query.sql_with_params(), field.to_field_name)


class PreloadedAutocompleteMixin:
    """For a ModelAdmin and its inlines: autocomplete boxes whose chosen rows are read once for
    the page, by list of choices, whatever the number of inline rows; ``remembered_fields``
    (small tables' lists: topics, target groups) from the once-a-minute lists the site's
    forms use (``common.lists.RememberedChoices``)."""

    remembered_fields = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def render_change_form(self, request, context, *args, **kwargs):
        forms = [context["adminform"].form] if "adminform" in context else []
        for inline in context.get("inline_admin_formsets", []):
            forms += inline.formset.forms  # the empty row chooses nothing
        preload_autocomplete(forms)
        if forms and self.remembered_fields:
            main = forms[0]
            RememberedChoices.remember(
                main, *(f for f in self.remembered_fields if f in main.fields)
            )
        return super().render_change_form(request, context, *args, **kwargs)
