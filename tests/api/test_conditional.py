"""ETag and Last-Modified on every list and detail, 304 for a copy that is still current,
and a new validator as soon as anything the body shows changes, however deep."""

import pytest
from django.core.cache import cache
from django.utils.http import http_date

pytestmark = pytest.mark.django_db

URLS = [
    "/api/v1/practices/",
    "/api/v1/practices/open/",
    "/api/v1/events/?past=1",
    "/api/v1/events/open-event/",
    "/api/v1/organizations/owner/",
    "/api/v1/replications/",
    "/api/v1/projects/open-project/",
    "/api/v1/topics/",
    "/api/v1/regions/RU-SA/",
    "/api/v1/",
]


@pytest.mark.parametrize("url", URLS)
def test_an_answer_carries_its_validators_and_may_be_cached_publicly(client, world, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == "public, max-age=60"


@pytest.mark.parametrize("url", URLS)
def test_the_same_etag_gets_a_304_without_a_body(client, world, url):
    etag = client.get(url)["ETag"]

    response = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


@pytest.mark.parametrize("url", URLS)
def test_the_same_last_modified_gets_a_304(client, world, url):
    last_modified = client.get(url)["Last-Modified"]

    response = client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified)

    assert response.status_code == 304


def test_a_head_request_is_answered_conditionally_too(client, world):
    etag = client.get("/api/v1/practices/open/")["ETag"]

    assert client.head("/api/v1/practices/open/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_weak_or_listed_etag_matches_as_http_says(client, world):
    etag = client.get("/api/v1/practices/")["ETag"]

    listed = client.get("/api/v1/practices/", HTTP_IF_NONE_MATCH=f'"other", W/{etag}')

    assert listed.status_code == 304


def test_another_etag_gets_the_body(client, world):
    response = client.get("/api/v1/practices/", HTTP_IF_NONE_MATCH='"not-the-current-one"')

    assert response.status_code == 200
    assert response.json()["results"]


def test_renaming_an_organisation_changes_the_practice_lists_etag(client, world):
    # The practices' own rows do not change: only what the list shows of their organisation.
    before = client.get("/api/v1/practices/")
    world["org"].name = "Переименованный ресурсный центр"
    world["org"].save()

    after = client.get("/api/v1/practices/", HTTP_IF_NONE_MATCH=before["ETag"])

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert "Переименованный" in after.content.decode()


def test_a_change_after_a_copy_is_seen_by_if_modified_since(client, world):
    before = client.get("/api/v1/practices/open/")
    world["topic"].name_en = "Neighbourhood centres"
    world["topic"].save()

    after = client.get("/api/v1/practices/open/", HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])

    assert after.status_code == 200
    assert after["Last-Modified"] != before["Last-Modified"]
    assert after.json()["topics"][0]["name_en"] == "Neighbourhood centres"


def test_a_change_within_the_same_second_still_moves_last_modified(client, world):
    first = client.get("/api/v1/practices/open/")
    world["practice"].title = "Новое название"
    world["practice"].save()
    second = client.get("/api/v1/practices/open/")

    assert second["Last-Modified"] != first["Last-Modified"]
    assert (
        client.get(
            "/api/v1/practices/open/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
        ).status_code
        == 200
    )


def test_a_draft_published_changes_the_list(client, world):
    before = client.get("/api/v1/practices/")
    draft = world["hidden"][0]
    draft.status = "published"
    draft.published_at = draft.created_at
    draft.save()

    after = client.get("/api/v1/practices/", HTTP_IF_NONE_MATCH=before["ETag"])

    assert after.status_code == 200
    assert draft.slug in after.content.decode()


def test_a_forgotten_record_only_makes_last_modified_newer(client, world):
    before = client.get("/api/v1/practices/")
    cache.clear()

    after = client.get("/api/v1/practices/", HTTP_IF_NONE_MATCH=before["ETag"])
    since = client.get("/api/v1/practices/", HTTP_IF_MODIFIED_SINCE=http_date(0))

    assert after.status_code == 304  # the body is the same: the ETag still matches
    assert since.status_code == 200


def test_a_signed_in_visitor_gets_the_same_public_answer(client, world, user):
    anonymous = client.get("/api/v1/practices/open/")
    client.force_login(user)

    signed_in = client.get("/api/v1/practices/open/")

    assert signed_in.content == anonymous.content
    assert signed_in["ETag"] == anonymous["ETag"]
    assert signed_in["Cache-Control"] == "public, max-age=60"
    assert "Cookie" not in signed_in.get("Vary", "")
    assert not signed_in.cookies


def test_errors_carry_no_validators(client, world):
    response = client.get("/api/v1/practices/zzhidden-draft/")

    assert response.status_code == 404
    assert not response.has_header("ETag")
