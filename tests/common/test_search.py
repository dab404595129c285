"""Search: Russian word forms, ё, synonyms, ranking, snippets and "did you mean", through the
list and search pages, on whichever database the suite runs (CI runs both)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from common import search
from common.search import expansions, normalize, ranked
from portal.models import SearchWord
from portal.search import did_you_mean, rebuild_words
from practices.models import Practice
from tests.factories import EventFactory, OrganizationFactory, PracticeFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's full-text engine only"
)

LIST = reverse("practices:list")
NEWEST = ("-published_at", "-pk")


def _titles(response):
    return [p.title for p in response.context["object_list"]]


@pytest.fixture
def library(db):
    return {
        "tech": PracticeFactory(
            title="Технология социального сопровождения семей",
            summary="Сопровождение семей в трудной жизненной ситуации в наслеге.",
        ),
        "tos": PracticeFactory(
            title="Соседские центры",
            summary="Территориальное общественное самоуправление открывает соседские центры.",
        ),
        "erc": PracticeFactory(
            title="Школа проектов",
            summary="Единый ресурсный центр учит превращать деятельность в проекты.",
        ),
        "ngo": PracticeFactory(
            title="Партнёрство с бизнесом",
            summary="Некоммерческая организация и компании: программы устойчивого развития.",
        ),
        "yo": PracticeFactory(title="Ёлка во дворе", summary="Новогодний праздник для жителей."),
    }


@pytest.mark.parametrize("form", ["технология", "технологии", "технологий", "ТЕХНОЛОГИЯМИ"])
def test_every_word_form_finds_the_same_practice(client, library, form):
    assert _titles(client.get(LIST, {"q": form})) == [library["tech"].title]


def test_cyrillic_case_is_folded(client, library):
    assert _titles(client.get(LIST, {"q": "СЕМЕЙ"})) == [library["tech"].title]


@pytest.mark.parametrize("query", ["елка", "ёлка", "ЁЛКА"])
def test_yo_and_ye_are_the_same_letter(client, library, query):
    assert _titles(client.get(LIST, {"q": query})) == [library["yo"].title]


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("ТОС", "tos"),
        ("территориальное общественное самоуправление", "tos"),
        ("ЕРЦ", "erc"),
        ("единый ресурсный центр", "erc"),
        ("НКО", "ngo"),
        ("некоммерческая организация", "ngo"),
    ],
)
def test_each_synonym_finds_the_practice_that_uses_the_other_form(client, library, query, key):
    assert library[key].title in _titles(client.get(LIST, {"q": query}))


def test_synonyms_expand_both_ways():
    assert "территориальное общественное самоуправление" in expansions("ТОС")
    assert "тос" in expansions("территориальное общественное самоуправление")
    assert "единый ресурсный центр проекты" in expansions("ЕРЦ проекты")
    assert any("некоммерческая организация" in v for v in expansions("СО НКО"))
    assert expansions("тост") == ["тост"]  # whole words only


def test_normalize_reads_yo_as_ye_and_bounds_the_length():
    assert normalize("Ёж " * 500) == ("еж " * 500)[:200].strip()


@postgres_only
def test_a_title_match_ranks_above_a_body_match(client):
    body = PracticeFactory(title="Школа актива", summary="Про соседские центры и дворы.")
    title = PracticeFactory(title="Соседские центры в микрорайоне", summary="Как открыть.")
    body.published_at = title.published_at  # no recency advantage either way
    body.save()

    assert _titles(client.get(LIST, {"q": "соседские центры"}))[:2] == [title.title, body.title]


@postgres_only
def test_equal_ranks_list_the_newest_first_on_every_page(client):
    older = PracticeFactory(title="Ярмарка", published_at=timezone.now() - timedelta(days=2))
    newer = PracticeFactory(title="Ярмарка", published_at=timezone.now() - timedelta(days=1))

    practices, capped = ranked(Practice.objects.search("ярмарка"), "ярмарка", recency=NEWEST)

    assert [p.pk for p in practices] == [newer.pk, older.pk]
    assert [p.pk for p in practices[1:]] == [older.pk]
    assert capped is False


@postgres_only
def test_only_the_newest_candidates_are_ranked_and_the_rest_reported(client):
    PracticeFactory(
        title="Ярмарка ярмарок ярмарка", published_at=timezone.now() - timedelta(days=9)
    )
    newest = [PracticeFactory(title="Ярмарка", published_at=timezone.now()) for _ in range(2)]

    practices, capped = ranked(
        Practice.objects.search("ярмарка"), "ярмарка", recency=NEWEST, candidates=2
    )

    assert sorted(p.pk for p in practices) == sorted(p.pk for p in newest)
    assert capped is True


def _fair(n, title="Ярмарка"):
    """``n`` matching practices, published in the order they were created (oldest first)."""
    now = timezone.now()
    return [
        PracticeFactory(title=title, published_at=now - timedelta(days=n - i)) for i in range(n)
    ]


@postgres_only
def test_a_frequent_word_is_ranked_within_a_window_of_the_newest_rows(monkeypatch):
    # Created first, published last (after a long moderation): outside the window.
    outside = PracticeFactory(title="Ярмарка", published_at=timezone.now())
    fairs = _fair(10)
    # The planner expects eleven matches: the window, the newest 3/11 of the key range, is
    # expected to hold one and a half times the two candidates (it holds the newest four).
    monkeypatch.setattr(search, "expected_rows", lambda queryset: 11)
    monkeypatch.setattr(search, "WINDOW_AT", 1)
    monkeypatch.setattr(search, "_BOUNDS", {})  # this test's primary keys, not a memory

    practices, capped = ranked(
        Practice.objects.search("ярмарка"), "ярмарка", recency=NEWEST, candidates=2
    )

    assert [p.pk for p in practices] == [fairs[-1].pk, fairs[-2].pk]
    assert outside.pk not in [p.pk for p in practices]
    assert capped is True


@postgres_only
def test_a_window_with_too_few_matches_falls_back_to_every_row(monkeypatch):
    fairs = _fair(4)
    PracticeFactory(title="Другое")  # the newest row: alone in the window, and no match
    monkeypatch.setattr(search, "expected_rows", lambda queryset: 10**6)
    monkeypatch.setattr(search, "WINDOW_AT", 1)
    monkeypatch.setattr(search, "_BOUNDS", {})  # this test's primary keys, not a memory

    practices, capped = ranked(
        Practice.objects.search("ярмарка"), "ярмарка", recency=NEWEST, candidates=3
    )

    assert [p.pk for p in practices] == [fairs[-1].pk, fairs[-2].pk, fairs[-3].pk]
    assert capped is True


@postgres_only
def test_a_rare_word_is_ranked_over_the_whole_table_without_a_window(
    django_assert_num_queries,
):
    _fair(3)

    # The plan, then the candidates: no window (no primary-key range, no second read).
    with django_assert_num_queries(2):
        practices, capped = ranked(Practice.objects.search("ярмарка"), "ярмарка")

    assert len(practices) == 3
    assert capped is False


@postgres_only
def test_ranked_rows_read_only_the_rows_of_the_slice(django_assert_num_queries):
    fairs = _fair(5)
    practices, _capped = ranked(Practice.objects.search("ярмарка"), "ярмарка", recency=NEWEST)

    with django_assert_num_queries(1):
        page = practices[1:3]

    assert [p.pk for p in page] == [fairs[-2].pk, fairs[-3].pk]
    assert practices.count() == len(practices) == 5
    assert [p.pk for p in practices] == [p.pk for p in reversed(fairs)]
    assert practices[0].pk == fairs[-1].pk


@postgres_only
def test_a_searched_list_pages_through_the_ranked_rows(client):
    fairs = _fair(25)

    second = client.get(LIST, {"q": "ярмарка", "page": 2})

    assert [p.pk for p in second.context["object_list"]] == [p.pk for p in fairs[:5]][::-1]
    assert second.context["paginator"].count == 25


@postgres_only
def test_websearch_syntax_excludes_with_minus(client, library):
    titles = _titles(client.get(LIST, {"q": "центры -соседские"}))

    assert library["tos"].title not in titles


@postgres_only
def test_the_vector_follows_bulk_updates(client, library):
    Practice.objects.filter(pk=library["yo"].pk).update(title="Праздник двора")

    assert _titles(client.get(LIST, {"q": "праздник двора"})) == ["Праздник двора"]


def test_snippets_mark_the_words_and_escape_the_data(client):
    PracticeFactory(
        title="Соседи",
        summary='<script>alert(1)</script> Соседские центры <b onclick="x()">открыты</b>.',
    )

    page = client.get(LIST, {"q": "соседские"}).content.decode()

    assert "<mark>" in page
    assert "<script>alert(1)" not in page
    assert 'onclick="x()"' not in page


@postgres_only
@pytest.mark.parametrize("address", [LIST, reverse("search")])
def test_a_ranked_page_reads_its_snippets_with_its_rows(client, library, address):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(address, {"q": "соседские"}).content.decode()

    headlines = [q["sql"] for q in queries if "ts_headline" in q["sql"]]
    assert len(headlines) == 1
    assert '"practices_practice"."title"' in headlines[0]
    assert "<mark>соседские</mark>" in page


@postgres_only
def test_the_csv_of_a_search_reads_no_excerpts(client, library):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("practices:export-csv"), {"q": "соседские"})
        body = b"".join(response.streaming_content).decode()

    assert "Соседские центры" in body
    assert not [q for q in queries if "ts_headline" in q["sql"]]


@pytest.mark.parametrize(
    "query", ["", " ", "!!! ??? ...", "—", "<>", "x" * 5000, "а " * 400, "сосед\x00ские", "\x00"]
)
def test_empty_punctuation_and_huge_queries_never_fail(client, library, query):
    assert client.get(LIST, {"q": query}).status_code == 200
    assert client.get(reverse("search"), {"q": query}).status_code == 200


def test_the_search_page_finds_practices_events_and_organisations(client, library):
    EventFactory(title="Семинар о соседских центрах")
    OrganizationFactory(name="Центр соседских инициатив")

    response = client.get(reverse("search"), {"q": "соседских центров"})

    assert library["tos"] in response.context["practices"]
    assert [e.title for e in response.context["events"]] == ["Семинар о соседских центрах"]
    assert "Центр соседских инициатив" in [o.name for o in response.context["organizations"]]


def test_did_you_mean_offers_the_nearest_word_in_use(client, library):
    rebuild_words()

    response = client.get(reverse("search"), {"q": "технологея"})

    assert response.context["suggestion"] == "технология"
    assert "Возможно, вы искали" in response.content.decode()


def test_did_you_mean_keeps_known_words_and_gives_nothing_for_good_queries(library):
    rebuild_words()

    assert did_you_mean("соседские центры") == ""
    assert did_you_mean("соседские центрры") == "соседские центры"


def test_rebuilding_the_words_twice_writes_nothing_the_second_time(library):
    rebuild_words()
    first = dict(SearchWord.objects.values_list("word", "pk"))
    rebuild_words()

    assert dict(SearchWord.objects.values_list("word", "pk")) == first


def test_the_list_and_search_cost_the_same_queries_for_few_and_many_rows(
    client, django_assert_max_num_queries, count_queries
):
    PracticeFactory(title="Соседские центры 0")
    few = count_queries(lambda: client.get(LIST, {"q": "соседские"}))
    few_search = count_queries(lambda: client.get(reverse("search"), {"q": "соседские"}))
    for n in range(1, 25):
        PracticeFactory(title=f"Соседские центры {n}")

    with django_assert_max_num_queries(few):
        client.get(LIST, {"q": "соседские"})
    with django_assert_max_num_queries(few_search):
        client.get(reverse("search"), {"q": "соседские"})
    assert few <= 12 and few_search <= 12


@postgres_only
@pytest.mark.parametrize("table", ["practices_practice", "events_event"])
def test_the_search_vector_is_kept_in_the_row(table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute"
            " WHERE attrelid = %s::regclass AND attname = 'search_vector'",
            [table],
        )
        assert cursor.fetchone() == ("m",)


@postgres_only
@pytest.mark.parametrize(
    "table", ["practices_practice", "events_event", "organizations_organization"]
)
def test_each_searchable_table_has_the_windows_range_index(table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname = %s",
            [table, f"{table}_id_brin"],
        )
        (definition,) = cursor.fetchone()

    assert "USING brin (id)" in definition


@postgres_only
def test_windows_read_every_tables_key_range_in_one_query(
    client, monkeypatch, django_assert_max_num_queries
):
    PracticeFactory(title="Ярмарка")
    EventFactory(title="Ярмарка")
    OrganizationFactory(name="Ярмарка")
    monkeypatch.setattr(search, "_BOUNDS", {})
    monkeypatch.setattr(search, "expected_rows", lambda queryset: 10**6)  # windows everywhere

    with django_assert_max_num_queries(12) as captured:
        response = client.get(reverse("search"), {"q": "ярмарка"})

    ranges = [q for q in captured if "min(" in q["sql"]]
    assert len(ranges) == 1
    assert all(table in ranges[0]["sql"] for table in ("practices", "events", "organizations"))
    assert response.status_code == 200
