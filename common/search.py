"""Full-text search: PostgreSQL's own engine in production, stems on SQLite for laptops.

On PostgreSQL each searchable table has a ``search_vector`` column (``tsvector``, the
``russian`` configuration, weights A for titles, B for summaries, C for the rest) that a
database trigger keeps current, so bulk writes, admin edits and raw SQL cannot leave it
stale; a GIN index answers ``@@``. ``install_search_trigger()`` (for a migration) writes the
trigger. What people type goes through ``websearch_to_tsquery`` (quotes and minus work),
with ``ё`` read as ``е`` and the synonyms below added as alternatives; results are ranked
with ``ts_rank_cd``, among a bounded number of candidates (the newest matches, by an
indexed order), so a word that matches half the table costs no more than a rare one.

On SQLite the rows keep a ``search_text`` column of Snowball stems (``common.text``), and
the same functions return the same shape: the matching rows, newest first, with snippets
made in Python.
"""

import json
import re
import time
from dataclasses import dataclass

from django.apps import apps as django_apps
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from common.text import MAX_QUERY_LENGTH, query_stems, search_filter, stem, words

CONFIG = "russian"
# How many of the newest matching rows are ranked; past it the list says "more than". Each
# costs a row read: 300 are fifteen pages of results.
CANDIDATES = 300

# Abbreviations people type and the phrases texts use, both ways (tested in
# tests/common/test_search.py). Matched as whole words in the lower-cased query.
SYNONYMS = [
    ("тос", "территориальное общественное самоуправление"),
    ("со нко", "социально ориентированная некоммерческая организация"),
    ("нко", "некоммерческая организация"),
    ("ерц", "единый ресурсный центр"),
]

_START, _STOP = "\x02", "\x03"


def uses_postgres():
    return connection.vendor == "postgresql"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def normalize(text):
    """The query as the index sees words: bounded, lower case, ``ё`` as ``е``, without
    control characters (PostgreSQL refuses a NUL in any string)."""
    text = _CONTROL.sub(" ", (text or "")[:MAX_QUERY_LENGTH])
    return text.lower().replace("ё", "е").strip()


def expansions(text):
    """The query and its synonym variants: "тос соседи" also searches for "территориальное
    общественное самоуправление соседи". The original always comes first."""
    text = normalize(text)
    variants = [text]
    for short, long in SYNONYMS:
        for source, target in ((short, long), (long, short)):
            pattern = re.compile(rf"(?<![\wа-я]){re.escape(source)}(?![\wа-я])")
            for variant in list(variants):
                if pattern.search(variant):
                    replaced = pattern.sub(target, variant)
                    if replaced not in variants:
                        variants.append(replaced)
    return variants


def is_searchable(text):
    """True when the query holds at least one word to look for."""
    return bool(query_stems(normalize(text)))


def tsquery(text):
    """``websearch_to_tsquery`` of the query OR'ed with its synonym variants."""
    query = None
    for variant in expansions(text):
        part = SearchQuery(variant, search_type="websearch", config=CONFIG)
        query = part if query is None else query | part
    return query


def matching(queryset, text):
    """Rows of ``queryset`` that match the query (unordered)."""
    if uses_postgres():
        return queryset.filter(search_vector=tsquery(text))
    condition = Q(pk__in=[])
    for variant in expansions(text):
        if query_stems(variant):
            condition |= search_filter("search_text", variant)
    return queryset.filter(condition)


_PREFIX_WORD = re.compile(r"[^\W_]+")


def prefix_matching(queryset, text):
    """Rows of ``queryset`` with a word starting with each word of the query, for boxes where
    people type part of a name (the admin's search, a form's typing box): «Модут» finds
    «Модутского наслега». On PostgreSQL a prefix ``tsquery`` (``модут:*``, answered by the
    GIN index); on SQLite the stems already match as prefixes."""
    if not uses_postgres():
        return matching(queryset, text)
    words = _PREFIX_WORD.findall(normalize(text))[:10]
    if not words:
        return queryset.none()
    raw = " & ".join(f"{word}:*" for word in words)
    return queryset.filter(search_vector=SearchQuery(raw, search_type="raw", config=CONFIG))


def ranked(queryset, text, *, recency=("-pk",), candidates=CANDIDATES, snippet_of=None):
    """``queryset`` (already narrowed by ``matching``) best first: on PostgreSQL its
    ``candidates`` newest rows (by the indexed ``recency`` order) ranked by ``ts_rank_cd``
    with recency as the tie-break, as ``RankedRows``; on SQLite the queryset, newest first.
    Returns (rows, capped): ``capped`` says more rows matched than were ranked. With
    ``snippet_of`` (a field), each row read on PostgreSQL carries ``snippet``, the field's
    excerpt as ``snippets`` gives it, read with the row.

    One query reads the candidates and their ranks (each row is visited once, while its
    vector is at hand for the match anyway); the order is settled here, so a page reads only
    its own rows by primary key, and the count is the candidates' number."""
    if not uses_postgres():
        return queryset.order_by(*recency), False
    rank = SearchRank(F("search_vector"), tsquery(text), cover_density=True)

    def read(rows):
        return list(
            rows.order_by(*recency)
            .annotate(_rank=rank)
            .values_list("pk", "_rank")[: candidates + 1]
        )

    floor = _window_floor(queryset, candidates)
    pool = read(queryset.filter(pk__gte=floor)) if floor is not None else []
    if len(pool) <= candidates:  # no window, or too few matches in it: all the rows
        pool = read(queryset)
    capped = len(pool) > candidates
    pool = pool[:candidates]
    pool.sort(key=lambda row: -row[1])  # stable: equal ranks stay newest first
    if snippet_of is not None:
        queryset = queryset.annotate(_headline=_headline(snippet_of, text))
    return RankedRows(queryset, [pk for pk, _rank in pool]), capped


# A window is worth it when the planner expects this many times the candidates or more; it
# is sized to hold WINDOW_HOLDS times the candidates.
WINDOW_AT = 2
WINDOW_HOLDS = 1.5


def _window_floor(queryset, candidates):
    """The lowest primary key of a window of the newest rows expected to hold ``WINDOW_HOLDS``
    times ``candidates`` matches, or None when the whole table is as cheap.

    A word in a few per cent of a million rows matches tens of thousands: walking the
    recency index visits rows until enough match, reading the GIN bitmap visits every
    match, and both cost a row each. Above the floor the database intersects the GIN
    bitmap with a primary-key range and visits only the window's matches. The expected
    number of matches is the planner's (from the column's statistics of frequent words),
    the primary keys' range the table's; when the window holds too few matches, ``ranked``
    reads all the rows. One cheap query, a plan; the primary keys' ranges of the searchable
    tables are read from their indexes together, once a minute."""
    expected = expected_rows(queryset)
    if expected < WINDOW_AT * candidates:
        return None
    bounds = _pk_bounds(queryset.model)
    if bounds is None:
        return None
    low, high = bounds
    return int(high - (high - low + 1) * WINDOW_HOLDS * candidates / expected)


# (model label) -> (until, lowest primary key, highest) of every searchable table, read
# together once a minute per process: rows added since then are above the floor anyway, so
# the window only grows a little.
_BOUNDS = {}
BOUNDS_SECONDS = 60


def _pk_bounds(model):
    label = model._meta.label
    until, low, high = _BOUNDS.get(label, (0, None, None))
    if time.monotonic() >= until:
        _read_bounds({model, *_searchable_models()})
        until, low, high = _BOUNDS[label]
    return None if low is None else (low, high)


def _searchable_models():
    return [
        model
        for model in django_apps.get_models()
        if any(field.name == "search_vector" for field in model._meta.concrete_fields)
    ]


def _read_bounds(models):
    """One query for the primary keys' range of every table in ``models``."""
    models = sorted(models, key=lambda model: model._meta.label)
    quote = connection.ops.quote_name
    ranges = ", ".join(
        f"(SELECT min({quote(m._meta.pk.column)}) FROM {quote(m._meta.db_table)}), "
        f"(SELECT max({quote(m._meta.pk.column)}) FROM {quote(m._meta.db_table)})"
        for m in models
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {ranges}")  # noqa: S608 - names from the models, quoted
        row = cursor.fetchone()
    until = time.monotonic() + BOUNDS_SECONDS
    for n, model in enumerate(models):
        _BOUNDS[model._meta.label] = (until, row[2 * n], row[2 * n + 1])


def expected_rows(queryset):
    """The planner's estimate of the rows ``queryset`` returns (``EXPLAIN``, not run)."""
    # Only the keys: planning the card's joins as well cost more than the estimate.
    plan = json.loads(queryset.order_by().values("pk").explain(format="json"))
    return plan[0]["Plan"]["Plan Rows"]


class RankedRows:
    """Rows in an order settled in Python (``order``: primary keys, best first), read from
    ``queryset`` only when sliced or iterated: a page of twenty reads twenty rows by primary
    key, whatever the number of candidates. Enough of a queryset for the paginator, the
    list views and the CSV export (``len``, ``count``, slicing, iteration)."""

    chunk = 500

    def __init__(self, queryset, order):
        self.queryset = queryset
        self.order = list(order)

    def __len__(self):
        return len(self.order)

    def count(self):
        return len(self.order)

    def exists(self):
        return bool(self.order)

    def _rows(self, pks):
        found = {row.pk: row for row in self.queryset.filter(pk__in=pks)} if pks else {}
        rows = [found[pk] for pk in pks if pk in found]
        for row in rows:
            if hasattr(row, "_headline"):
                row.snippet = _marked(row._headline)
        return rows

    def __getitem__(self, key):
        if isinstance(key, slice):
            return self._rows(self.order[key])
        rows = self._rows([self.order[key]])
        if not rows:
            raise IndexError(key)
        return rows[0]

    def __iter__(self):
        for start in range(0, len(self.order), self.chunk):
            yield from self._rows(self.order[start : start + self.chunk])


@dataclass
class Snippet:
    text: str

    def __html__(self):
        return self.text

    def __str__(self):
        return self.text


def snippets(model, pks, text, *, field):
    """Highlighted excerpts of ``field`` for the rows ``pks`` (one query on PostgreSQL):
    a dict pk -> safe HTML where matches are wrapped in ``<mark>``. Everything from the data
    and the query is escaped first, so no markup gets through."""
    if not pks or not is_searchable(text):
        return {}
    if uses_postgres():
        rows = model._default_manager.filter(pk__in=pks).annotate(snippet=_headline(field, text))
        return {pk: _marked(snippet) for pk, snippet in rows.values_list("pk", "snippet")}
    rows = model._default_manager.filter(pk__in=pks).values_list("pk", field)
    return {pk: _highlight(value, text) for pk, value in rows}


def _headline(field, text):
    return SearchHeadline(
        field,
        tsquery(text),
        config=CONFIG,
        start_sel=_START,
        stop_sel=_STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def _marked(raw):
    html = escape(raw or "").replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own <mark> added


def _highlight(value, text, limit=240):
    """SQLite: the text's start, with the words whose stems the query holds marked."""
    wanted = {s for variant in expansions(text) for s in query_stems(variant)}
    value = (value or "")[:limit]
    parts = []
    position = 0
    for match in re.finditer(r"[0-9a-zа-яё]+", value, re.IGNORECASE):
        parts.append(escape(value[position : match.start()]))
        word = escape(match.group())
        parts.append(f"<mark>{word}</mark>" if stem(match.group()) in wanted else word)
        position = match.end()
    parts.append(escape(value[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above


# Triggers and indexes (PostgreSQL only; called from migrations) ----------------------------


def _document(columns):
    """SQL for the weighted tsvector of ``columns``: a list of (weight, [column names])."""
    parts = []
    for weight, names in columns:
        text = " || ' ' || ".join(f"coalesce(NEW.{name}, '')" for name in names)
        parts.append(
            f"setweight(to_tsvector('{CONFIG}', replace(lower({text}), 'ё', 'е')), '{weight}')"
        )
    return " || ".join(parts)


def install_search_trigger(schema_editor, table, columns):
    """Create (or replace) the trigger that keeps ``table.search_vector`` current, fill it
    for existing rows, and index it with GIN. No-op on databases other than PostgreSQL."""
    if schema_editor.connection.vendor != "postgresql":
        return
    function = f"{table}_search_vector"
    schema_editor.execute(
        f"""
        CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
        BEGIN
            NEW.search_vector := {_document(columns)};
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql;
        DROP TRIGGER IF EXISTS {function} ON {table};
        CREATE TRIGGER {function} BEFORE INSERT OR UPDATE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {function}();
        UPDATE {table} SET search_vector = NULL;
        CREATE INDEX IF NOT EXISTS {table}_search_gin ON {table} USING gin (search_vector);
        """
    )


def keep_vector_in_row(schema_editor, table, *, keep=True):
    """Store ``search_vector`` in the row itself (``STORAGE MAIN``): PostgreSQL then moves the
    long texts out to TOAST first and keeps the vector beside the columns a search reads, so
    matching a row costs one page instead of a page and its TOAST chunks (a list search read
    six times fewer pages at 100 000 practices). Rewrites the vectors so existing rows move.
    ``keep=False`` restores the default (``EXTENDED``). No-op on databases other than
    PostgreSQL."""
    if schema_editor.connection.vendor != "postgresql":
        return
    storage = "MAIN" if keep else "EXTENDED"
    schema_editor.execute(
        f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE {storage}; "
        f"UPDATE {table} SET search_vector = NULL;"  # the trigger writes it again
    )


def install_window_index(schema_editor, table):
    """A BRIN index on ``table.id`` for the search's window of the newest rows (``ranked``):
    a few pages that turn "id >= floor" into a bitmap of page ranges in microseconds, where
    the primary key's B-tree took 18 ms to list 230 000 keys at a million practices. Rows are
    written in key order, so the ranges stay narrow; where they are not, the index is only
    less selective, never wrong. No-op on databases other than PostgreSQL."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {table}_id_brin ON {table} USING brin (id)")


def remove_window_index(schema_editor, table):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {table}_id_brin")


def remove_search_trigger(schema_editor, table):
    if schema_editor.connection.vendor != "postgresql":
        return
    function = f"{table}_search_vector"
    schema_editor.execute(
        f"""
        DROP TRIGGER IF EXISTS {function} ON {table};
        DROP FUNCTION IF EXISTS {function}();
        DROP INDEX IF EXISTS {table}_search_gin;
        """
    )


def query_words(text):
    """The plain words of a query, for "did you mean"."""
    return words(normalize(text))
