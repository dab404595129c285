"""The API shows what the pages show to an anonymous visitor, and nothing else: a draft (or
a practice on review, returned or archived), a non-public event, a declined or dropped
replication request, a person who did not agree to be shown is visible nowhere: in no list,
at no address (404), nested in no other record, in no count."""

import json

import pytest
from django.urls import reverse

from tests.api.conftest import leaks, walk
from tests.factories import ModeratorFactory, member_of

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/practices/",
    "/api/v1/practices/?q=соседских",
    "/api/v1/practices/?topic=shared-topic",
    "/api/v1/replications/",
    "/api/v1/events/",
    "/api/v1/events/?past=1",
    "/api/v1/events/?q=семинар",
    "/api/v1/organizations/",
    "/api/v1/topics/",
    "/api/v1/regions/",
    "/api/v1/projects/",
]


@pytest.mark.parametrize("url", LISTS)
def test_no_list_shows_anything_hidden(client, world, url):
    rows = walk(client, url)

    assert rows
    assert leaks(json.dumps(rows, ensure_ascii=False)) == []


def test_practice_list_holds_exactly_the_published_practices(client, world):
    slugs = {row["slug"] for row in walk(client, "/api/v1/practices/")}

    assert slugs == {"open", "open-consent"}


@pytest.mark.parametrize("index", range(4), ids=["draft", "on-review", "returned", "archived"])
def test_a_hidden_practice_has_no_address_in_the_api(client, world, index):
    response = client.get(f"/api/v1/practices/{world['hidden'][index].slug}/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Страница не найдена."}


def test_a_draft_is_hidden_from_its_own_member_and_moderators_too(client, world):
    draft = world["hidden"][0]
    for user in (member_of(world["org"]), ModeratorFactory()):
        client.force_login(user)

        assert client.get(f"/practices/{draft.slug}/").status_code == 200  # the page: theirs
        assert client.get(f"/api/v1/practices/{draft.slug}/").status_code == 404
        assert draft.slug not in {row["slug"] for row in walk(client, "/api/v1/practices/")}


DETAILS = [
    "/api/v1/practices/open/",
    "/api/v1/practices/open-consent/",
    "/api/v1/events/open-event/",
    "/api/v1/events/internship/",
    "/api/v1/events/cancelled-event/",
    "/api/v1/organizations/owner/",
    "/api/v1/topics/shared-topic/",
    "/api/v1/regions/RU-SA/",
    "/api/v1/projects/open-project/",
]


@pytest.mark.parametrize("url", DETAILS)
def test_no_detail_nests_anything_hidden(client, world, url):
    response = client.get(url)

    assert response.status_code == 200
    assert leaks(response.content.decode()) == []


def test_an_internship_lists_only_the_published_practices_to_study(client, world):
    body = client.get("/api/v1/events/internship/").json()

    assert [p["slug"] for p in body["practices"]] == ["open"]


def test_a_topic_counts_only_published_practices(client, world):
    body = client.get("/api/v1/topics/shared-topic/").json()

    assert body["practice_count"] == 1


def test_an_organisation_lists_only_its_published_practices_and_public_events(client, world):
    body = client.get("/api/v1/organizations/owner/").json()

    assert [p["slug"] for p in body["practices"]] == ["open"]
    assert {e["slug"] for e in body["events"]} == {
        "open-event",
        "internship",
        "cancelled-event",
        "past-event",
    }


def test_a_project_counts_and_lists_only_public_things(client, world):
    body = client.get("/api/v1/projects/open-project/").json()

    assert [p["slug"] for p in body["practices"]] == ["open"]
    assert {e["slug"] for e in body["events"]} == {"open-event", "internship"}
    assert body["counts"]["practices_published"] == 1


def test_a_project_counts_its_participants_and_never_names_them(client, world):
    body = client.get("/api/v1/projects/open-project/").json()

    internship = next(e for e in body["events"] if e["slug"] == "internship")
    assert internship["participants"] == 1
    assert body["counts"]["participants"] == 1
    assert "Заявитель" not in json.dumps(body, ensure_ascii=False)


# Events ------------------------------------------------------------------------------------


@pytest.mark.parametrize("index", range(2), ids=["draft", "on-review"])
def test_a_non_public_event_has_no_address_in_the_api(client, world, index):
    event = world["hidden_events"][index]

    assert client.get(f"/api/v1/events/{event.slug}/").status_code == 404


def test_events_list_the_upcoming_public_ones_with_the_cancelled_marked(client, world):
    rows = walk(client, "/api/v1/events/")

    assert {row["slug"]: row["status"] for row in rows} == {
        "open-event": "published",
        "internship": "published",
        "cancelled-event": "cancelled",
    }


def test_the_archive_lists_past_public_events(client, world):
    rows = walk(client, "/api/v1/events/?past=1")

    assert [row["slug"] for row in rows] == ["past-event"]


def test_a_past_event_keeps_its_address(client, world):
    assert client.get("/api/v1/events/past-event/").status_code == 200


def test_a_cancelled_event_gives_no_online_link(client, world):
    assert client.get("/api/v1/events/cancelled-event/").json()["online_url"] is None
    assert (
        client.get("/api/v1/events/open-event/").json()["online_url"]
        == "https://meet.example.org/open"
    )


def test_speakers_are_shown_only_with_their_consent(client, world):
    body = client.get("/api/v1/events/open-event/").json()

    speakers = body["programme"][0]["speakers"]
    assert [s["name"] for s in speakers] == ["Открытый Докладчик"]


def test_an_internship_counts_the_places_taken(client, world):
    registration = client.get("/api/v1/events/internship/").json()["registration"]

    assert registration["capacity"] == 2
    assert registration["places_taken"] == 1


# People -------------------------------------------------------------------------------------


def test_a_contact_person_without_consent_is_not_shown(client, world):
    page = client.get("/practices/open/").content.decode()
    body = client.get("/api/v1/practices/open/").json()

    assert "Скрытое Контактное Лицо" not in page  # the passport's own rule
    assert body["contact_person"] is None


def test_a_contact_person_with_consent_is_shown_as_in_the_passport(client, world):
    body = client.get("/api/v1/practices/open-consent/").json()

    assert body["contact_person"] == {
        "name": "Открытое Контактное Лицо",
        "position": "Координатор",
        "email": "open@example.org",
        "phone": "+7 411 200-00-00",
    }


def test_an_organisation_shows_only_the_people_who_agreed(client, world):
    body = client.get("/api/v1/organizations/owner/").json()

    assert {p["name"] for p in body["people"]} == {
        "Открытый Сотрудник",
        "Открытое Контактное Лицо",
        "Открытый Докладчик",
    }


# Replications -------------------------------------------------------------------------------


def test_replications_are_those_where_it_works_shows(client, world):
    rows = walk(client, "/api/v1/replications/")

    assert {row["id"] for row in rows} == {r.pk for r in world["replications"]}


@pytest.mark.parametrize("index", range(3), ids=["declined", "dropped", "of-archived-practice"])
def test_a_replication_the_pages_do_not_show_has_no_address(client, world, index):
    replication = world["not_shown"][index]

    assert client.get(f"/api/v1/replications/{replication.pk}/").status_code == 404


def test_the_passport_lists_where_it_works_as_its_page(client, world):
    page = client.get("/practices/open/")
    body = client.get("/api/v1/practices/open/").json()

    shown = {r.adopter.slug for _, _, items in page.context["works_groups"] for r in items}
    assert {r["adopter"]["slug"] for r in body["replications"]} == shown == {"other", "third"}
    assert body["replication_count"] == 1  # in progress or implemented; the request not counted


def test_a_replication_shows_no_notes_or_decision_comment(client, world):
    text = client.get(f"/api/v1/replications/{world['implemented'].pk}/").content.decode()

    assert "Тайн" not in text


def test_an_implemented_replication_tells_its_story(client, world):
    body = client.get(f"/api/v1/replications/{world['implemented'].pk}/").json()

    assert body["story"]["results"] == "Открыли два центра."
    assert body["story"]["attachments"][0]["url"].startswith("http://testserver/practices/")


def test_a_request_has_no_story(client, world):
    body = client.get(f"/api/v1/replications/{world['replications'][0].pk}/").json()

    assert body["status"] == "requested"
    assert body["story"] is None


# The passport ------------------------------------------------------------------------------


def test_the_passport_has_its_steps_figures_and_files_with_absolute_addresses(client, world):
    body = client.get("/api/v1/practices/open/").json()

    assert [s["title"] for s in body["steps"]] == ["Собрать жителей"]
    assert body["key_figures"][0]["value"] == "120"
    attachment = world["attachment"]
    assert body["attachments"][0]["url"] == "http://testserver" + attachment.get_absolute_url()
    assert body["passport_docx"] == "http://testserver/practices/open/passport.docx"
    assert body["html_url"] == "http://testserver/practices/open/"
    assert body["region"]["code"] == "RU-SA"
    assert body["topics"][0]["slug"] == "shared-topic"
    assert body["target_groups"][0]["slug"] == "families"
    assert body["grant_project"]["slug"] == "open-project"


def test_a_files_address_downloads_it(client, world):
    url = client.get("/api/v1/practices/open/").json()["attachments"][0]["url"]

    response = client.get(url.removeprefix("http://testserver"))

    assert response.status_code == 200


def test_the_api_root_lists_every_resource(client, world):
    body = client.get(reverse("api:root")).json()

    assert set(body) == {
        "regions",
        "topics",
        "organizations",
        "practices",
        "replications",
        "events",
        "projects",
        "schema",
        "docs",
    }
    assert all(client.get(url).status_code == 200 for url in body.values())
