"""The anonymous page cache: hits, keys, invalidation on every write, never for signed-in."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from common.pagecache import page_key
from portal.templatetags import portal_tags
from practices import services
from tests.factories import (
    DraftPracticeFactory,
    EventFactory,
    OrganizationFactory,
    PracticeFactory,
    member_of,
)

pytestmark = pytest.mark.django_db

LIST = reverse("practices:list")


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_the_second_anonymous_visit_is_served_from_the_cache(client):
    PracticeFactory(title="Соседские центры")

    first = client.get(LIST)
    second = client.get(LIST)

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Content-Security-Policy" in second
    assert second["Content-Type"] == first["Content-Type"]


def test_the_key_holds_the_query_string_and_the_language(client):
    PracticeFactory(title="Соседские центры")
    client.get(LIST)

    assert client.get(LIST, {"q": "центры"})["X-Page-Cache"] == "miss"
    assert client.get("/en" + LIST)["X-Page-Cache"] == "miss"
    assert "Practices" in client.get("/en" + LIST).content.decode()


def test_publishing_a_practice_invalidates_the_cached_list(client, moderator):
    org = OrganizationFactory()
    practice = DraftPracticeFactory(organization=org, title="Новая практика", status="on_review")
    assert "Новая практика" not in client.get(LIST).content.decode()

    services.publish_practice(practice=practice, user=moderator)

    response = client.get(LIST)
    assert response["X-Page-Cache"] == "miss"
    assert "Новая практика" in response.content.decode()


def test_editing_a_practice_invalidates_its_cached_passport(client):
    practice = PracticeFactory(title="Старое название")
    client.get(practice.get_absolute_url())

    practice.title = "Новое название"
    practice.save()

    assert "Новое название" in client.get(practice.get_absolute_url()).content.decode()


def test_signed_in_pages_are_never_cached_or_served_from_the_cache(client, organization):
    PracticeFactory(title="Соседские центры")
    client.get(LIST)  # cached for anonymous visitors
    client.force_login(member_of(organization))

    response = client.get(LIST)

    assert "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"]


def test_a_page_for_someone_with_a_message_to_show_is_not_cached(client):
    client.cookies["messages"] = "something"

    response = client.get(LIST)

    assert "X-Page-Cache" not in response


def test_pages_outside_the_list_are_not_cached(client):
    assert "X-Page-Cache" not in client.get(reverse("search"), {"q": "центры"})
    assert "X-Page-Cache" not in client.get(reverse("login"))


def test_the_cache_is_off_when_its_lifetime_is_zero(client, settings):
    settings.PAGE_CACHE_SECONDS = 0

    client.get(LIST)

    assert "X-Page-Cache" not in client.get(LIST)


# Fragments: the heavy parts of pages signed-in people see.


def _passport_renders(monkeypatch):
    """Counts how often the passport's texts are turned from Markdown into HTML."""
    calls = []
    original = portal_tags.render_markdown
    monkeypatch.setattr(
        portal_tags, "render_markdown", lambda text: calls.append(text) or original(text)
    )
    return calls


def test_a_signed_in_second_view_reuses_the_passports_rendered_texts(
    client, settings, organization, monkeypatch
):
    settings.FRAGMENT_CACHE_SECONDS = 600
    practice = PracticeFactory(organization=organization, problem="Дворы **пустуют**.")
    client.force_login(member_of(organization))
    renders = _passport_renders(monkeypatch)

    first = client.get(practice.get_absolute_url()).content.decode()
    rendered_once = len(renders)
    second = client.get(practice.get_absolute_url()).content.decode()

    assert rendered_once > 0 and len(renders) == rendered_once
    assert "<strong>пустуют</strong>" in first and "<strong>пустуют</strong>" in second


def test_an_edit_shows_at_once_to_a_signed_in_reader(client, settings, organization):
    settings.FRAGMENT_CACHE_SECONDS = 600
    practice = PracticeFactory(organization=organization, problem="Старая постановка.")
    client.force_login(member_of(organization))
    client.get(practice.get_absolute_url())

    practice.problem = "Новая постановка."
    practice.save()

    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Новая постановка." in page and "Старая постановка." not in page


def test_the_fragment_is_kept_apart_per_language(client, settings, organization):
    settings.FRAGMENT_CACHE_SECONDS = 600
    practice = PracticeFactory(organization=organization, problem="Текст.")
    client.force_login(member_of(organization))
    client.get(practice.get_absolute_url())

    english = client.get("/en" + practice.get_absolute_url()).content.decode()

    assert "Problem and context" in english


def test_the_calendar_file_is_served_from_the_cache_with_its_name_and_etag(client):
    EventFactory(title="Форум НКО")
    calendar = reverse("events:calendar-ics")

    first = client.get(calendar)
    second = client.get(calendar)

    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert second["Content-Type"] == first["Content-Type"]


def test_a_cached_calendar_answers_an_unchanged_etag_with_304(client):
    EventFactory(title="Форум НКО")
    calendar = reverse("events:calendar-ics")
    etag = client.get(calendar)["ETag"]

    response = client.get(calendar, headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert client.get(calendar, headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_new_event_invalidates_the_cached_calendar(client):
    EventFactory(title="Форум НКО")
    calendar = reverse("events:calendar-ics")
    client.get(calendar)

    EventFactory(title="Слёт ТОС")

    response = client.get(calendar)
    assert response["X-Page-Cache"] == "miss"
    assert "Слёт ТОС" in response.content.decode()


def test_an_entry_cached_before_headers_were_kept_is_still_served(client):
    """Entries written by the previous version hold (content, type) only."""
    PracticeFactory(title="Соседские центры")
    client.get(LIST)
    content, content_type, _kept = cache.get(page_key(LIST))
    cache.set(page_key(LIST), (content, content_type), 300)

    response = client.get(LIST)

    assert response["X-Page-Cache"] == "hit"
    assert response.content == content
