import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError

from practices.sitemaps import PracticeSitemap
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_answers_200_with_json_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("portal.views.connection.cursor", broken_cursor)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unavailable"


def test_robots_txt_keeps_crawlers_out_of_private_pages_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    body = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in body
    assert "Disallow: /dashboard/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_organisations_and_regions_in_both_languages(read_sitemap, organization):
    body = read_sitemap()

    assert f"http://testserver/organizations/{organization.slug}/" in body
    assert f"http://testserver/en/organizations/{organization.slug}/" in body
    assert "http://testserver/regions/RU-SA/" in body


def test_the_sitemap_is_an_index_of_section_pages_each_within_its_limit(client, monkeypatch):
    PracticeFactory.create_batch(3)  # six addresses: each practice in both languages
    monkeypatch.setattr(PracticeSitemap, "limit", 4)

    index = client.get("/sitemap.xml").content.decode()
    first = client.get("/sitemap-practices.xml").content.decode()
    second = client.get("/sitemap-practices.xml", {"p": 2}).content.decode()

    assert "<sitemapindex" in index
    assert "http://testserver/sitemap-practices.xml?p=2" in index
    assert first.count("<url>") == 4
    assert second.count("<url>") == 2


def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def _settings_import(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.pop("DATABASE_URL", None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import portal.settings"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off():
    result = _settings_import(DJANGO_DEBUG="false")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_DEBUG": "perhaps"}, "DJANGO_DEBUG must be true or false"),
        ({"DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL is not a valid database URL"),
        ({"CACHE_URL": "nosuchcache://x"}, "CACHE_URL is not a valid cache URL"),
        ({"EMAIL_URL": "pigeon://x"}, "EMAIL_URL is not a valid e-mail URL"),
        ({"DJANGO_SECURE_HSTS_SECONDS": "a year"}, "must be a whole number"),
    ],
)
def test_settings_fail_loudly_on_a_malformed_value(env, message):
    result = _settings_import(**env)

    assert result.returncode != 0
    assert message in result.stderr


def test_settings_start_with_production_values():
    result = _settings_import(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        DATABASE_URL="postgres://u:p@db.example.org:5432/portal",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("cache_url", "engine"),
    [
        ("locmemcache://", "django.contrib.sessions.backends.db"),
        ("dummycache://", "django.contrib.sessions.backends.db"),
        ("redis://127.0.0.1:6379/1", "django.contrib.sessions.backends.cached_db"),
    ],
)
def test_sessions_are_read_from_the_cache_only_when_every_process_shares_it(cache_url, engine):
    """A session ended in one process would live on in another's local-memory copy."""
    environment = {
        **os.environ,
        "CACHE_URL": cache_url,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    code = "import portal.settings as s; print(s.SESSION_ENGINE)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )

    assert result.stdout.strip() == engine, result.stderr
