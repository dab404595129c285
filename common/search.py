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

import re
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import BigIntegerField, F, Func, IntegerField, Q, Value
from django.utils.html import escape
from django.utils.safestring import mark_safe

from common.text import MAX_QUERY_LENGTH, query_stems, search_filter, stem, words

CONFIG = "russian"
# How many of the newest matching rows are ranked; past it the list says "more than".
CANDIDATES = 500

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


def ranked(queryset, text, *, recency=("-pk",), candidates=CANDIDATES):
    """``queryset`` (already narrowed by ``matching``) best first: on PostgreSQL its
    ``candidates`` newest rows (by the indexed ``recency`` order) ranked by ``ts_rank_cd``
    with recency as the tie-break; on SQLite newest first. Returns (queryset, capped):
    ``capped`` says more rows matched than were ranked.

    One query reads the candidates and their ranks (each row is visited once, while its
    vector is at hand for the match anyway); the order is settled here and handed back as
    positions in an array, so showing a page reads only rows the database just touched."""
    if not uses_postgres():
        return queryset.order_by(*recency), False
    rank = SearchRank(F("search_vector"), tsquery(text), cover_density=True)
    pool = list(
        queryset.order_by(*recency)
        .annotate(_rank=rank)
        .values_list("pk", "_rank")[: candidates + 1]
    )
    capped = len(pool) > candidates
    pool = pool[:candidates]
    pool.sort(key=lambda row: -row[1])  # stable: equal ranks stay newest first
    order = [pk for pk, _rank in pool]
    position = Func(
        Value(order, output_field=ArrayField(BigIntegerField())),
        F("pk"),
        function="array_position",
        output_field=IntegerField(),
    )
    return queryset.filter(pk__in=order).order_by(position), capped


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
        headline = SearchHeadline(
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
        rows = model._default_manager.filter(pk__in=pks).annotate(snippet=headline)
        return {pk: _marked(snippet) for pk, snippet in rows.values_list("pk", "snippet")}
    rows = model._default_manager.filter(pk__in=pks).values_list("pk", field)
    return {pk: _highlight(value, text) for pk, value in rows}


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
