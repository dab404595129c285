"""A rate limit per client address for everyone (the API has no accounts): past
API_ANON_RATE the answer is 429 with Retry-After, until the period passes."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rate(settings):
    settings.API_ANON_RATE = "3/min"
    cache.clear()
    yield
    cache.clear()


def test_the_request_past_the_limit_gets_429_with_retry_after(client, world, low_rate):
    statuses = [client.get("/api/v1/practices/").status_code for _ in range(3)]

    response = client.get("/api/v1/practices/open/")

    assert statuses == [200, 200, 200]
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["detail"]


def test_signing_in_does_not_lift_the_limit(client, world, low_rate, user):
    client.force_login(user)
    for _ in range(3):
        client.get("/api/v1/topics/")

    assert client.get("/api/v1/topics/").status_code == 429


def test_another_address_has_its_own_count(client, world, low_rate):
    for _ in range(3):
        client.get("/api/v1/topics/")

    response = client.get("/api/v1/topics/", REMOTE_ADDR="192.0.2.7")

    assert response.status_code == 200


def test_a_forwarded_for_header_does_not_escape_the_limit_without_a_proxy(client, world, low_rate):
    for n in range(3):
        client.get("/api/v1/topics/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")

    response = client.get("/api/v1/topics/", HTTP_X_FORWARDED_FOR="198.51.100.99")

    assert response.status_code == 429


def test_pages_are_not_counted(client, world, low_rate):
    for _ in range(5):
        assert client.get("/practices/").status_code == 200

    assert client.get("/api/v1/topics/").status_code == 200
