"""The portal-wide search page's helpers: the table of words in use and "did you mean".

``rebuild_words()`` collects the words of published practices' titles and summaries,
public events' titles and organisations' names with the number of rows using each (on
PostgreSQL with ``ts_stat`` in one statement; on SQLite in Python). ``did_you_mean(q)``
replaces each query word that is not in the table by the nearest one that is (pg_trgm
similarity on PostgreSQL, difflib on SQLite), or returns "" when nothing is better.
"""

import difflib
from collections import Counter

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, transaction

from common.search import query_words, uses_postgres
from events.models import Event
from organizations.models import Organization
from practices.models import Practice

from .models import SearchWord

MIN_LENGTH = 4  # shorter words are too ambiguous to correct
MAX_WORD = 60
SIMILARITY = 0.35


def _sources():
    """What the words come from (the same on both databases)."""
    return [
        (Practice.objects.published(), ["title", "summary"]),
        (Event.objects.public(), ["title", "summary"]),
        (Organization.objects.all(), ["name", "short_name"]),
    ]


@transaction.atomic
def rebuild_words():
    """Bring the table in line with the words in use now, writing only what changed (so a
    second run writes nothing); returns how many words there are."""
    if uses_postgres():
        _rebuild_postgres()
        return SearchWord.objects.count()
    counts = Counter()
    for queryset, fields in _sources():
        for values in queryset.values_list(*fields).iterator(chunk_size=2000):
            counts.update(set(query_words(" ".join(filter(None, values)))))
    fresh = {
        word: n
        for word, n in counts.items()
        if MIN_LENGTH <= len(word) <= MAX_WORD and not word.isdigit()
    }
    existing = {w.word: w for w in SearchWord.objects.all()}
    SearchWord.objects.filter(word__in=set(existing) - set(fresh)).delete()
    SearchWord.objects.bulk_create(
        [SearchWord(word=w, documents=n) for w, n in fresh.items() if w not in existing],
        batch_size=2000,
    )
    changed = [w for w in existing.values() if w.word in fresh and w.documents != fresh[w.word]]
    for row in changed:
        row.documents = fresh[row.word]
    SearchWord.objects.bulk_update(changed, ["documents"], batch_size=2000)
    return len(fresh)


def _rebuild_postgres():
    practices = Practice._meta.db_table
    events = Event._meta.db_table
    organizations = Organization._meta.db_table
    table = SearchWord._meta.db_table
    documents = (
        f"SELECT title || ' ' || summary AS document FROM {practices} "
        "WHERE status = 'published' "
        f"UNION ALL SELECT title || ' ' || summary FROM {events} "
        "WHERE status IN ('published', 'cancelled') "
        f"UNION ALL SELECT name || ' ' || short_name FROM {organizations}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH fresh AS (
                SELECT word, ndoc FROM ts_stat(%s)
                WHERE length(word) BETWEEN %s AND %s AND word !~ '^[0-9]+$'
            ), gone AS (
                DELETE FROM {table} WHERE word NOT IN (SELECT word FROM fresh)
            )
            INSERT INTO {table} (word, documents) SELECT word, ndoc FROM fresh
            ON CONFLICT (word) DO UPDATE SET documents = EXCLUDED.documents
            WHERE {table}.documents IS DISTINCT FROM EXCLUDED.documents
            """,
            [
                "SELECT to_tsvector('simple', replace(lower(document), 'ё', 'е')) "
                f"FROM ({documents}) AS docs",
                MIN_LENGTH,
                MAX_WORD,
            ],
        )


def did_you_mean(query):
    """The query with misspelt words replaced by the nearest words in use, or ""."""
    words = query_words(query)
    if not words:
        return ""
    known = set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))
    changed = False
    corrected = []
    for word in words:
        better = None
        if word not in known and len(word) >= MIN_LENGTH:
            better = _nearest(word)
        corrected.append(better or word)
        changed = changed or bool(better)
    return " ".join(corrected) if changed else ""


def _nearest(word):
    if uses_postgres():
        candidate = (
            SearchWord.objects.filter(word__trigram_similar=word)
            .annotate(similarity=TrigramSimilarity("word", word))
            .filter(similarity__gte=SIMILARITY)
            .order_by("-similarity", "-documents")
            .values_list("word", flat=True)
            .first()
        )
        return candidate
    vocabulary = list(SearchWord.objects.values_list("word", flat=True)[:50_000])
    matches = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
    return matches[0] if matches else None
