"""Cursor pagination: every row once, in a fixed order, even when rows are added while a
client walks the list; page_size is capped; a bad page_size or cursor is a clear 4xx."""

import base64
import datetime

import pytest
from django.utils import timezone

from api.pagination import CursorPagination
from tests.factories import OrganizationFactory, PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices(db):
    org = OrganizationFactory()
    start = timezone.now() - datetime.timedelta(days=30)
    return [
        PracticeFactory(
            slug=f"p-{n:02}", organization=org, published_at=start + datetime.timedelta(hours=n)
        )
        for n in range(25)
    ]


def test_pages_follow_each_other_newest_first_with_every_row_once(client, practices):
    seen, url, pages = [], "/api/v1/practices/?page_size=10", 0
    while url:
        body = client.get(url).json()
        seen += [row["slug"] for row in body["results"]]
        url, pages = body["next"], pages + 1

    assert pages == 3
    assert seen == [p.slug for p in reversed(practices)]


def test_a_row_published_while_walking_is_neither_repeated_nor_skipping_another(client, practices):
    first = client.get("/api/v1/practices/?page_size=10").json()
    PracticeFactory(slug="brand-new")  # newest: it belongs before the first page

    second = client.get(first["next"]).json()

    assert [row["slug"] for row in second["results"]] == [f"p-{n:02}" for n in range(14, 4, -1)]


def test_previous_leads_back(client, practices):
    first = client.get("/api/v1/practices/?page_size=10").json()
    second = client.get(first["next"]).json()

    back = client.get(second["previous"]).json()

    assert back["results"] == first["results"]
    assert first["previous"] is None


def test_page_size_is_capped(client, practices, monkeypatch):
    monkeypatch.setattr(CursorPagination, "max_page_size", 7)

    body = client.get("/api/v1/practices/?page_size=1000").json()

    assert len(body["results"]) == 7


def test_the_default_page_has_twenty_rows(client, practices):
    assert len(client.get("/api/v1/practices/").json()["results"]) == 20


@pytest.mark.parametrize("size", ["0", "-3", "abc", "1.5", "٣"])
def test_a_page_size_that_is_no_whole_number_of_rows_is_refused(client, practices, size):
    response = client.get(f"/api/v1/practices/?page_size={size}")

    assert response.status_code == 400
    assert list(response.json()) == ["page_size"]


def _cursor(raw):
    return base64.b64encode(raw.encode()).decode()


@pytest.mark.parametrize(
    ("path", "cursor"),
    [
        ("practices", "zzz"),
        ("practices", "x" * 3000),
        ("practices", _cursor("p=2026")),  # a published date that is no date
        ("practices", _cursor("p=2026-01-01 10:00:00\x00")),
        ("practices", _cursor("o=-5&p=2026-01-01")),
        ("replications", _cursor("p=abc")),  # an id that is no number
        ("replications", _cursor("p=99999999999999999999999")),  # past any integer column
        ("events", _cursor("p=yesterday")),
    ],
)
def test_a_cursor_we_did_not_give_is_a_404_not_a_500(client, world, path, cursor):
    response = client.get(f"/api/v1/{path}/", {"cursor": cursor})

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_events_cursor_continues_the_lists_own_order(client, world):
    first = client.get("/api/v1/events/?page_size=1").json()
    rest = client.get(first["next"].replace("page_size=1", "page_size=10")).json()

    slugs = [row["slug"] for row in first["results"] + rest["results"]]
    assert slugs == ["open-event", "internship", "cancelled-event"]  # soonest first
