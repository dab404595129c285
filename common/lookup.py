"""Choosing rows of a table that grows with the network by typing, not from a list of all.

A form's ``<select>`` of every organisation or practice is a page of megabytes at network
size (the event form listed every published practice: 22 MB and 56 s at 100 000). Where a
field's choices can be many, ``offer()`` gives it a text box instead:

- the box shows the chosen row as "Name (address)", and a row is found from what is typed:
  the address in brackets or alone (the last part of its page's address; ``#17`` or ``17`` for
  a row id), else the name exactly, else the words of the name (the model's full-text search
  where it has one);
- several matches are an error that names them as they can be typed, and the box offers
  them (a ``<datalist>``: the browser's own suggestions, no script needed);
- only rows of the field's queryset can be chosen, whatever is typed: the queryset is the
  permission, as for a ``<select>``.

While the choices are few (at most ``LIST_UP_TO``), ``offer()`` keeps Django's ``<select>``:
a member of one or two organisations still picks from a list. One query reads at most
``LIST_UP_TO + 1`` rows: they decide, and a ``<select>`` shows them. The forms of one page
(an event and its partners, site visits and programme) share a ``SharedChoices``, so a list
that several rows of a formset offer is read once.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from common.search import is_searchable, prefix_matching, ranked
from common.together import read_together

LIST_UP_TO = 50
# Rows named by one failed lookup, rows suggested while typing, and lines (chosen rows) a
# multiple choice takes.
SUGGESTED = 5
SUGGESTED_WHILE_TYPING = 10
MAX_LINES = 30
MAX_TEXT = 300
_BRACKETED = re.compile(r"(?s)(.*?)\s*\(([^()]*)\)")
_ID = re.compile(r"#?(\d{1,18})")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # PostgreSQL refuses a NUL in any string


class Naming:
    """How rows of one model are shown in a text box and found again from what was typed.

    ``key`` is the unique field a row is named by in brackets ("slug", or "pk" for a model
    without an address); ``name`` the field searched by its words when the model has no
    ``search()``; ``label`` a row's text before the brackets (``str`` by default)."""

    def __init__(self, *, key="slug", name="name", label=str, suggest=None):
        """``suggest``: the kind of rows the ``suggest`` view offers as people type
        (``suggestions()``: rows anyone may see); None for private ones (people)."""
        self.key, self.name, self.label, self.suggest = key, name, label, suggest

    def text(self, row):
        key = f"#{row.pk}" if self.key == "pk" else getattr(row, self.key)
        return f"{self.label(row)} ({key})"

    def find(self, queryset, text):
        """Up to SUGGESTED + 1 rows of ``queryset`` that ``text`` names: one if it names one."""
        text = _typed(text)
        bracketed = _BRACKETED.fullmatch(text)
        key = bracketed.group(2).strip() if bracketed else text
        row = self._by_key(queryset, key)
        if row is not None or key.startswith("#"):  # "#17" is an id, never words of a name
            return [] if row is None else [row]
        if bracketed:
            text = bracketed.group(1)
        if not text:
            return []
        exact = list(queryset.filter(**{f"{self.name}__iexact": text})[: SUGGESTED + 1])
        if exact:
            return exact
        if not is_searchable(text):
            return []
        return self.matches(queryset, text, SUGGESTED + 1)

    def matches(self, queryset, text, limit):
        """Rows with words starting with those of ``text`` (part of a word is enough),
        best first (``common.search.ranked``), at most ``limit``."""
        if not hasattr(queryset, "search"):  # no full-text columns
            return list(queryset.filter(**{f"{self.name}__icontains": text})[:limit])
        rows, _capped = ranked(prefix_matching(queryset, text), text)
        # Of the best, those whose name holds what was typed first (a description that
        # repeats a word can outrank a name that has it once).
        typed = text.lower().replace("ё", "е")
        best = list(rows[: limit * 3])
        best.sort(key=lambda row: typed not in self.label(row).lower().replace("ё", "е"))
        return best[:limit]

    def _by_key(self, queryset, key):
        number = _ID.fullmatch(key)
        if number:
            row = queryset.filter(pk=int(number.group(1))).first()
            if row is not None or self.key == "pk":
                return row
        if self.key != "pk" and key and len(key) <= 200:
            return queryset.filter(**{self.key: key}).first()
        return None


class LookupInput(forms.TextInput):
    """A text box with the browser's own suggestions (``<datalist>``): after an ambiguous
    entry, the rows it matched; ``static/js/lookup.js`` may fill it as people type."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "maxlength": MAX_TEXT, **(attrs or {})})
        self.suggestions = []

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        options_id = f"{attrs.get('id') or name}-options"
        attrs["list"] = options_id
        box = super().render(name, value, attrs, renderer)
        options = format_html_join("", '<option value="{}">', ((s,) for s in self.suggestions))
        script = ""
        if "data-suggest" in self.attrs:
            script = format_html('<script src="{}" defer></script>', static("js/lookup.js"))
        return format_html('{}<datalist id="{}">{}</datalist>{}', box, options_id, options, script)


class ListInput(forms.Textarea):
    """One chosen row per line; a list posted as several values (``name=1&name=2``, as a
    ``<select multiple>`` sends) is read as those lines."""

    def __init__(self, attrs=None):
        super().__init__({"rows": 3, **(attrs or {})})

    def value_from_datadict(self, data, files, name):
        if hasattr(data, "getlist") and len(data.getlist(name)) > 1:
            return "\n".join(str(value) for value in data.getlist(name))
        return super().value_from_datadict(data, files, name)


def _errors(naming, text, found):
    if not found:
        return ValidationError(
            _("Nothing matches “%(text)s”. Type a name, or the address shown in brackets."),
            code="invalid_choice",
            params={"text": text[:100]},
        )
    return ValidationError(
        _("Several match “%(text)s”; type one of them as shown: %(choices)s"),
        code="ambiguous",
        params={
            "text": text[:100],
            "choices": "; ".join(naming.text(row) for row in found[:SUGGESTED])
            + ("…" if len(found) > SUGGESTED else ""),
        },
    )


class LookupChoiceField(forms.ModelChoiceField):
    """One row of ``queryset``, typed (see the module's docstring)."""

    widget = LookupInput

    def __init__(self, queryset, *, naming, **kwargs):
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset, **kwargs)
        self.naming = naming

    def prepare_value(self, value):
        return _shown(self, value)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        found = self.naming.find(self.queryset, text)
        if len(found) != 1:
            self.widget.suggestions = [self.naming.text(row) for row in found[:SUGGESTED]]
            raise _errors(self.naming, text, found)
        return found[0]

    def has_changed(self, initial, data):
        return (self.prepare_value(initial) or "") != (data or "").strip()


class LookupMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Rows of ``queryset``, one typed per line."""

    widget = ListInput

    def __init__(self, queryset, *, naming, **kwargs):
        super().__init__(queryset, **kwargs)
        self.naming = naming

    def prepare_value(self, value):
        if isinstance(value, str) or value is None:
            return value
        keys = [
            item if hasattr(item, "_meta") else _id(item) for item in value
        ]  # rows, or ids as a saved form's initial data gives them
        ids = [key for key in keys if isinstance(key, int)]
        # One query for the ids, and only rows that may be chosen.
        found = {row.pk: row for row in self.queryset.filter(pk__in=ids)} if ids else {}
        rows = [found.get(key) if isinstance(key, int) else key for key in keys]
        return "\n".join(self.naming.text(row) for row in rows if row is not None)

    def clean(self, value):
        lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
        if not lines:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return self.queryset.none()
        if len(lines) > MAX_LINES:
            raise ValidationError(
                _("At most %(count)d, one per line."), code="max_lines", params={"count": MAX_LINES}
            )
        chosen, errors = [], []
        for line in lines:
            found = self.naming.find(self.queryset, line)
            if len(found) == 1:
                chosen.append(found[0].pk)
            else:
                errors.append(_errors(self.naming, line, found))
        if errors:
            raise ValidationError(errors)
        rows = self.queryset.filter(pk__in=chosen)
        self.run_validators(rows)
        return rows

    def has_changed(self, initial, data):
        shown = self.prepare_value(initial or [])
        return sorted((shown or "").splitlines()) != sorted(
            line.strip() for line in (data or "").splitlines() if line.strip()
        )


def _typed(text):
    """What was typed, bounded, without control characters or runs of spaces."""
    return " ".join(_CONTROL.sub(" ", (text or "")[: MAX_TEXT * 2]).split())[:MAX_TEXT]


def _id(value):
    match = _ID.fullmatch(str(value))
    return int(match.group(1)) if match else None


def _shown(field, value):
    """What the box shows for ``value``: a row (an instance or an id, as a form's initial
    data gives it) as "Name (address)"; text as typed."""
    if value is None or isinstance(value, str):
        return value
    if not hasattr(value, "_meta"):
        # Only a row that may be chosen is named (a <select> would not show another either).
        pk = _id(value)
        value = field.queryset.filter(pk=pk).first() if pk is not None else None
        if value is None:
            return ""
    return field.naming.text(value)


class SharedChoices:
    """The rows of each list of choices the forms of one page read (a formset's rows offer
    the same organisations), by the list's SQL: each is read once per page. ``preload()``
    reads several lists of one model (the organisations a member acts for, and any
    organisation) in one query."""

    def __init__(self):
        self._rows = {}

    def rows(self, queryset, count=LIST_UP_TO):
        """At most ``count + 1`` rows of ``queryset``, in its order (``_first_rows``)."""
        key = self._key(queryset, count)
        if key not in self._rows:
            self._rows[key] = list(_first_rows(queryset, count))
        return self._rows[key]

    def preload(self, *querysets, count=LIST_UP_TO):
        """Read the lists ``querysets`` (of one model, with the same ``select_related``)
        in one query (``common.together``), for ``rows()`` to give each later."""
        unread = {}
        for queryset in querysets:
            key = self._key(queryset, count)
            if key not in self._rows:
                unread[key] = _first_rows(queryset, count)[: count + 1]
        keys = list(unread)
        found = read_together(**{f"list{n}": unread[key] for n, key in enumerate(keys)})
        for n, key in enumerate(keys):
            self._rows[key] = found[f"list{n}"]

    @staticmethod
    def _key(queryset, count):
        sql, params = queryset.query.sql_with_params()
        return (queryset.db, sql, params, count)


class SharesChoices:
    """For a form whose fields ``offer()`` lists: takes ``shared_choices`` (a
    ``SharedChoices`` the page's other forms share; a new one if not given)."""

    def __init__(self, *args, shared_choices=None, **kwargs):
        self.shared_choices = shared_choices if shared_choices is not None else SharedChoices()
        super().__init__(*args, **kwargs)


class _Listed(ModelChoiceIterator):
    """A ``<select>``'s options from rows already read (Django's iterator reads them again
    for every form and every rendering)."""

    def __init__(self, field, rows):
        super().__init__(field)
        self.rows = rows

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.rows:
            yield self.choice(row)

    def __len__(self):
        return len(self.rows) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.rows)


def list_rows(field, rows):
    """Show ``rows`` (the whole of ``field.queryset``, read) as ``field``'s options; the field
    still checks what is posted against its queryset."""
    field.rows = rows
    field.iterator = lambda field: _Listed(field, rows)
    field.widget.choices = field.choices


def offer(form, name, queryset, *, naming, list_up_to=None, help_text=None):
    """Give ``form.fields[name]`` the choices ``queryset``: a ``<select>`` as before while
    they are at most ``list_up_to`` (LIST_UP_TO by default; 0: always typed), else a text
    box (one row per line for a multiple choice). One query of at most ``list_up_to + 1``
    rows decides, and is the ``<select>``'s options (``field.rows``); the form's
    ``shared_choices`` (``SharesChoices``) read it once for all the forms of a page."""
    field = form.fields[name]
    list_up_to = LIST_UP_TO if list_up_to is None else list_up_to
    if list_up_to:
        shared = getattr(form, "shared_choices", None) or SharedChoices()
        rows = shared.rows(queryset, list_up_to)
        if len(rows) <= list_up_to:
            field.queryset = queryset
            list_rows(field, rows)
            return field
    multiple = isinstance(field, forms.ModelMultipleChoiceField)
    typed_class = LookupMultipleChoiceField if multiple else LookupChoiceField
    typed = typed_class(
        queryset,
        naming=naming,
        label=field.label,
        required=field.required,
        initial=field.initial,
        help_text=help_text
        or (
            _("One per line: a name, or the name and address as shown. Leave empty for none.")
            if multiple
            else _("A name, or the name and address as shown; similar names are offered.")
        ),
    )
    if naming.suggest and not multiple:
        typed.widget.attrs["data-suggest"] = reverse("suggest", args=[naming.suggest])
    form.fields[name] = typed
    return typed


def suggestions(queryset, naming, text):
    """What a box suggests for ``text``: up to SUGGESTED_WHILE_TYPING rows of ``queryset`` as
    they can be typed ("Name (address)"), the exact name first, then words of the name."""
    text = _typed(text)
    if len(text) < 3:
        return []
    rows = list(queryset.filter(**{f"{naming.name}__iexact": text})[:SUGGESTED_WHILE_TYPING])
    if is_searchable(text) and len(rows) < SUGGESTED_WHILE_TYPING:
        seen = {row.pk for row in rows}
        found = naming.matches(queryset, text, SUGGESTED_WHILE_TYPING + len(rows))
        rows += [row for row in found if row.pk not in seen]
    return [naming.text(row) for row in rows[:SUGGESTED_WHILE_TYPING]]


def _first_rows(queryset, count):
    """At most ``count + 1`` rows of ``queryset``, in its order (the primary key's if it
    has none), as one query: any ``count + 1`` of its ids are picked first as a semi-join,
    so that its ordering and DISTINCT (a pass over every row of a large table) apply to
    those few rows only. Fewer than ``count + 1`` rows are all of them."""
    inner = queryset.order_by().values("pk")
    inner.query.distinct = False  # duplicates change nothing inside IN (...)
    ids = queryset.model._default_manager.filter(pk__in=inner).order_by().values("pk")
    rows = queryset.filter(pk__in=ids[: count + 1])
    return rows if rows.ordered else rows.order_by("pk")
