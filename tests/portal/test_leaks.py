"""What is not public stays off every public page, feed, export and calendar.

Unpublished practices (draft, on review, returned, archived) and draft events are seen only
by their organisation and moderators; people without consent (152-FZ) are never named.
Each hidden thing of the ``world`` (tests/portal/conftest.py) carries the marker
``тайн``/``zzhidden`` in its title and address, so one search of each response finds any leak.
"""

import pytest

from events.forms import speaker_choices
from events.models import ProgrammeItem

pytestmark = pytest.mark.django_db

MARKERS = ("zzhidden", "Тайная", "Скрытый Докладчик", "Скрытое Контактное Лицо", "secret@")


PUBLIC_PAGES = [
    "/",
    "/practices/",
    "/practices/?q=практика+соседей",
    "/practices/?region=RU-SA&sort=title",
    "/practices/?topic=shared-topic",
    "/practices/?replicated=yes",
    "/practices/?replicated=no&kind=ngo",
    "/practices/export.csv",
    "/practices/export.csv?q=соседей",
    "/practices/feed/",
    "/practices/topics/",
    "/practices/topics/shared-topic/",
    "/practices/open/",
    "/events/",
    "/events/?past=1",
    "/events/?q=соседей",
    "/events/?organizer=owner",
    "/events/export.csv",
    "/events/export.csv?past=1",
    "/events/calendar.ics",
    "/events/calendar.ics?past=1",
    "/events/feed/",
    "/events/open-event/",
    "/events/open-event/ics",
    "/events/internship/",
    "/events/internship/ics",
    "/organizations/",
    "/organizations/export.csv",
    "/organizations/owner/",
    "/organizations/other/",
    "/regions/RU-SA/",
    "/regions/RU-CHE/",
    "/search/?q=соседей",
    "/search/?q=тайная",
    "/sitemap.xml",
    "/sitemap-practices.xml",
    "/sitemap-practice-topics.xml",
    "/sitemap-events.xml",
    "/sitemap-organizations.xml",
]


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def _leaks(client, pages):
    found = []
    for page in pages:
        for path in (page,) if page.startswith("/sitemap") else (page, "/en" + page):
            response = client.get(path)
            assert response.status_code == 200, path
            body = _body(response)
            found += [(path, marker) for marker in MARKERS if marker in body]
    return found


@pytest.mark.parametrize("who", ["anonymous", "user", "outsider"])
def test_nothing_hidden_appears_on_public_pages(client, world, who):
    if who != "anonymous":
        client.force_login(world[who])

    assert _leaks(client, PUBLIC_PAGES) == []


def test_the_pages_do_show_what_is_public(client, world):
    """The markers are not missing for a trivial reason: public twins are on the pages."""
    assert "Открытая практика соседей" in _body(client.get("/practices/"))
    assert "Открытый доклад" in _body(client.get("/events/open-event/"))
    assert "Открытый Докладчик" in _body(client.get("/events/open-event/"))
    assert "Стажировка соседей" in _body(client.get("/events/calendar.ics"))
    page = _body(client.get("/events/internship/"))
    assert "Открытая практика соседей" in page


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_where_it_works_lists_no_declined_or_dropped_request(client, world, who):
    if who != "anonymous":
        client.force_login(world[who])
    for path in ("/practices/open/", "/en/practices/open/"):
        assert "Отказавшаяся организация" not in _body(client.get(path))


def test_the_owners_see_their_hidden_practices_on_the_dashboard(client, world):
    client.force_login(world["member"])
    page = _body(client.get("/dashboard/"))
    assert "Тайная практика соседей draft" in page
    assert "Тайный семинар соседей" in page


@pytest.mark.parametrize("who", ["anonymous", "user", "outsider"])
def test_hidden_pages_are_404(client, world, who):
    if who != "anonymous":
        client.force_login(world[who])
    paths = [p.get_absolute_url() for p in world["hidden"]]
    paths += ["/events/zzhidden-event/", "/events/zzhidden-event/ics"]
    paths += [f"/practices/{p.slug}/edit/" for p in world["hidden"]]
    for path in paths:
        assert client.get(path).status_code in (302, 403, 404), path
        assert client.get("/en" + path).status_code in (302, 403, 404), path


def test_other_users_dashboards_do_not_show_hidden_things(client, world):
    """The adopter of a practice archived later sees its own request, not the practice's
    page; a user without organisation sees nothing of anyone's drafts."""
    for who in ("user", "outsider"):
        client.force_login(world[who])
        page = _body(client.get("/dashboard/"))
        assert "Тайный семинар соседей" not in page
        for practice in world["hidden"][:-1]:
            assert practice.title not in page


def test_event_editors_see_only_consenting_people_and_their_own(client, world, moderator):
    """The speakers' list of the event form names nobody who did not agree, except to the
    people of that person's organisation and to moderators."""
    client.force_login(world["outsider"])
    page = _body(client.get("/events/new/"))
    assert "Открытый Докладчик" in page
    assert "Скрытый Докладчик" not in page

    client.force_login(world["member"])
    assert "Скрытый Докладчик" in _body(client.get("/events/new/"))
    assert "Скрытый Докладчик" in _body(client.get("/events/open-event/edit/"))

    client.force_login(moderator)
    assert "Скрытый Докладчик" in _body(client.get("/events/new/"))


def test_an_event_keeps_its_current_speakers_among_the_choices(world):
    """Saving an item never drops a speaker of the event the editor could not otherwise
    choose."""
    item = ProgrammeItem.objects.get(title="Открытый доклад")
    names = {p.full_name for p in speaker_choices(world["outsider"], item.event_id)}
    assert {"Скрытый Докладчик", "Открытый Докладчик"} <= names
    assert "Скрытое Контактное Лицо" not in names
