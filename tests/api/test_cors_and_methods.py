"""CORS for GET under /api/ (any origin, no credentials), and read-only everywhere: every
write is 405, with or without a session and a CSRF token."""

import pytest
from django.test import Client

from practices.models import Practice

pytestmark = pytest.mark.django_db

ORIGIN = "https://portal.example.org"


def test_a_get_from_another_site_may_be_read(client, world):
    response = client.get("/api/v1/practices/", HTTP_ORIGIN=ORIGIN)

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "etag" in response["Access-Control-Expose-Headers"].lower()


def test_the_preflight_allows_reading_only(client, world):
    response = client.options(
        "/api/v1/practices/",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )

    allowed = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS"}
    assert "content-type" not in response["Access-Control-Allow-Headers"].lower()


def test_the_preflight_lets_a_conditional_request_through(client, world):
    response = client.options(
        "/api/v1/practices/",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )

    assert response.status_code == 200
    assert "if-none-match" in response["Access-Control-Allow-Headers"].lower()


def test_pages_send_no_cors_headers(client, world):
    response = client.get("/practices/", HTTP_ORIGIN=ORIGIN)

    assert "Access-Control-Allow-Origin" not in response


def test_the_csp_of_the_pages_does_not_get_in_the_way_of_json(client, world):
    response = client.get("/api/v1/practices/", HTTP_ORIGIN=ORIGIN)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "url", ["/api/v1/practices/", "/api/v1/practices/open/", "/api/v1/events/", "/api/v1/"]
)
def test_every_write_is_405(client, world, method, url):
    response = getattr(client, method)(url, data={}, content_type="application/json")

    assert response.status_code == 405
    assert "POST" not in response["Allow"]


def test_a_signed_in_post_without_csrf_is_405_not_403_and_changes_nothing(world, user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post("/api/v1/practices/", {"title": "Взлом"})

    assert response.status_code == 405
    assert not Practice.objects.filter(title="Взлом").exists()


def test_an_unknown_address_under_the_api_is_a_json_404(client, world):
    response = client.get("/api/v1/nothing/here/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Страница не найдена."}
