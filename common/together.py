"""Several lists of one model read in one query.

A page that shows a user's drafts and, for a moderator, the drafts waiting for review ran a
query per list. ``read_together`` reads such lists, each with its own filter, order and
limit, in one ``UNION ALL``. Each part picks its rows' ids as the list alone would (its
filter, order and limit in a semi-join, so that an index or a top-N sort still serves it),
reads those rows and numbers them in the list's order: each list comes back in its own
order whatever order the database returns the union in.
"""

from django.db.models import IntegerField, Value, Window, prefetch_related_objects
from django.db.models.functions import RowNumber


def read_together(**lists):
    """``{name: [rows]}`` for ``name=queryset`` lists of one model, in one query (and one
    more per ``prefetch_related`` lookup, for the rows of every list).

    Each queryset is ordered and sliced (``[:50]``) as it would be read alone. Their
    ``select_related`` and ``only()`` must match (a union's parts share their columns);
    annotations and ``distinct()`` are refused, since the rows are read again by id."""
    names = list(lists)
    found = {name: [] for name in names}
    if not lists:
        return found
    querysets = list(lists.values())
    if len({_columns(queryset) for queryset in querysets}) > 1:
        raise ValueError("read_together() takes lists of one model with the same columns.")
    parts = [_part(index, queryset) for index, queryset in enumerate(querysets)]
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    rows = sorted(union, key=lambda row: (row._together_list, row._together_place))
    for row in rows:
        found[names[row._together_list]].append(row)
    lookups = querysets[0]._prefetch_related_lookups
    if lookups:
        prefetch_related_objects(rows, *lookups)
    return found


def _columns(queryset):
    """What a union's part selects: the model, its related rows and its loaded fields."""
    fields, defer = queryset.query.deferred_loading
    return (queryset.model, _frozen(queryset.query.select_related), frozenset(fields), defer)


def _frozen(related):
    """``select_related``'s nested dict (or True, False) as something hashable."""
    if isinstance(related, dict):
        return frozenset((name, _frozen(more)) for name, more in related.items())
    return related


def _part(index, queryset):
    query = queryset.query
    if query.high_mark is None:
        raise ValueError("read_together() takes lists with a limit ([:n]).")
    if query.annotations or query.distinct:
        raise ValueError("read_together() takes lists without annotations or distinct().")
    order = query.order_by or (query.default_ordering and queryset.model._meta.ordering)
    if not order:
        raise ValueError("read_together() takes ordered lists.")
    rows = queryset.model._base_manager.filter(pk__in=queryset.values("pk")).order_by()
    rows.query.select_related = query.select_related
    rows.query.deferred_loading = query.deferred_loading
    return rows.annotate(
        _together_list=Value(index, output_field=IntegerField()),
        _together_place=Window(RowNumber(), order_by=list(order)),
    )
