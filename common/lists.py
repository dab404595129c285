"""Shared building blocks for filterable lists and their CSV exports."""

import csv
import time
from functools import partial

import django_filters
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django_filters.fields import ModelChoiceField, ModelChoiceIterator
from django_filters.views import FilterView


class CappedPaginator(Paginator):
    """Counts at most ``cap`` rows (``SELECT COUNT(*) FROM (... LIMIT cap + 1)``), so a list
    of a million rows costs what one of ten thousand does; ``capped`` says there are more.
    Pages past the cap are not offered (nobody reads page 501 of a list)."""

    cap = 10_000
    # A count the view already knows (from a tally): then nothing is counted.
    known_count = None

    @cached_property
    def count(self):
        if self.known_count is not None:
            self.capped = self.known_count > self.cap
            return min(self.known_count, self.cap)
        objects = self.object_list
        # Without the order: any cap + 1 rows count the same, and an index can answer.
        n = (
            objects.order_by()[: self.cap + 1].count()
            if hasattr(objects, "query")
            else len(objects)
        )
        self.capped = n > self.cap
        return min(n, self.cap)

    # Deep pages read their keys first, then their rows by key: an OFFSET over the joined rows
    # builds every skipped row's joins (281 ms for page 500 of a million practices), the keys
    # come from the list's index alone (6 ms).
    keys_first_after = 200

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < self.keys_first_after or not hasattr(self.object_list, "query"):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.order_by().filter(pk__in=keys)}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)


class RememberedChoices(ModelChoiceIterator):
    """The options of a small table's filter or form field (regions, topics, target groups):
    read once a minute per process and language instead of on every page (a query each). A
    row added in admin appears in the list within ``seconds``; what a form or filter accepts
    is still checked against the table itself (the field's queryset), so nothing stale is
    ever matched. A value the form holds that the remembered options lack (a topic added and
    chosen within the minute) reads them again: an edit form never drops a chosen row."""

    seconds = 60
    clock = staticmethod(time.monotonic)
    _memory = {}  # (the rows' SQL, field, language) -> (until, [(value, label), ...])

    def __init__(self, field, chosen=()):
        super().__init__(field)
        self.chosen = chosen

    def _options(self):
        field = self.field
        key = (self.queryset.query.sql_with_params(), field.to_field_name, get_language())
        until, options = self._memory.get(key, (0, None))
        if self.clock() >= until or self._lacks_chosen(options):
            options = [
                (str(field.prepare_value(row)), field.label_from_instance(row))
                for row in self.queryset
            ]
            self._memory[key] = (self.clock() + self.seconds, options)
            self.chosen = ()  # read now: a value still missing is not a row (a bad post)
        return options

    def _lacks_chosen(self, options):
        return bool(self.chosen) and not self.chosen <= {value for value, _label in options}

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        null_label = getattr(self.field, "null_label", None)  # django-filter's fields only
        if null_label is not None:
            yield (self.field.null_value, null_label)
        yield from self._options()

    def __len__(self):
        null_label = getattr(self.field, "null_label", None)
        extra = (self.field.empty_label is not None) + (null_label is not None)
        return len(self._options()) + extra

    @classmethod
    def forget(cls):
        cls._memory.clear()

    @classmethod
    def remember(cls, form, *names):
        """Give ``form``'s fields ``names`` (small tables' selects) these options, with the
        values the form holds (posted, else initial) always among them."""
        for name in names:
            field = form.fields[name]
            field.iterator = partial(cls, chosen=_values(form, name))
            field.widget.choices = field.choices
            inner = getattr(field.widget, "widget", None)  # the admin's RelatedFieldWidgetWrapper
            if inner is not None:
                inner.choices = field.widget.choices


def _values(form, name):
    """The values of ``form``'s field ``name`` as its options name them (strings)."""
    field = form.fields[name]
    if form.is_bound:
        value = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
    else:
        value = form.get_initial_for_field(field, name)
    values = value if isinstance(value, (list, tuple, set)) else [value]
    key = field.to_field_name or "pk"
    return frozenset(
        str(getattr(item, key) if hasattr(item, "_meta") else item)
        for item in values
        if item not in field.empty_values
    )


class _RememberedChoiceField(ModelChoiceField):
    iterator = RememberedChoices


class RememberedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """``ModelChoiceFilter`` whose options are ``RememberedChoices``."""

    field_class = _RememberedChoiceField


class FilteredListView(FilterView):
    """A django-filter list whose pagination forgives a bad ``page`` (never a 404 or 500).

    An invalid filter value (an unknown region, a malformed date) shows the form's
    error and an empty list, as django-filter's strict mode does. The count is capped
    (``CappedPaginator``); ``count_capped`` in the context says "more than".
    """

    paginate_by = 20
    paginator_class = CappedPaginator

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = context.get("paginator")
        context["count_capped"] = bool(
            (paginator and getattr(paginator, "capped", False))
            or getattr(context.get("filter"), "search_capped", False)
        )
        return context


class _Echo:
    def write(self, value):
        return value


class CSVExportView(FilteredListView):
    """Streams the filtered list as CSV: UTF-8 with a BOM so spreadsheets show Cyrillic.

    Subclasses set ``filename`` and ``columns``: pairs of (header, function of a row).
    At most ``max_rows`` (header ``X-Rows-Limit``), the first in the list's order, as the
    list offers no page past them (``CappedPaginator``): an anonymous request for a million
    rows held a server process for minutes.
    """

    filename = "export"
    columns = ()
    paginate_by = None
    max_rows = CappedPaginator.cap

    def render_to_response(self, context, **response_kwargs):
        rows = context["object_list"][: self.max_rows]
        writer = csv.writer(_Echo())

        def stream():
            yield "\ufeff"
            yield writer.writerow([str(header) for header, _ in self.columns])
            for row in rows.iterator(chunk_size=500) if hasattr(rows, "iterator") else rows:
                yield writer.writerow([_cell(getter(row)) for _, getter in self.columns])

        stamp = timezone.localdate().isoformat()
        response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.filename}-{stamp}.csv"'
        response["X-Rows-Limit"] = str(self.max_rows)
        return response


def _cell(value):
    """A CSV cell that spreadsheet programs will not run as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text
