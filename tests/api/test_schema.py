"""The OpenAPI 3 schema at /api/schema/ describes every resource and validates, and the
interactive docs at /api/docs/ run from this server's own files under the portal's CSP."""

import json
import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import OperationalError
from drf_spectacular.checks import schema_check
from drf_spectacular.validation import validate_schema

from api.schema import FilterExtension

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/",
    *(
        f"/api/v1/{name}/{detail}"
        for name, key in [
            ("regions", "code"),
            ("topics", "slug"),
            ("organizations", "slug"),
            ("practices", "slug"),
            ("replications", "id"),
            ("events", "slug"),
            ("projects", "slug"),
        ]
        for detail in ("", f"{{{key}}}/")
    ),
}


def test_the_schema_is_valid_openapi_3_with_every_resource(client):
    response = client.get("/api/schema/")

    schema = yaml.safe_load(response.content)
    assert response.status_code == 200
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == PATHS
    validate_schema(schema)


def test_the_schema_comes_as_json_too(client):
    response = client.get("/api/schema/?format=json")

    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert set(json.loads(response.content)["paths"]) == PATHS


def test_the_schema_offers_only_reading(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)

    methods = {method for operations in schema["paths"].values() for method in operations}
    assert methods == {"get"}


def test_the_schema_lists_the_lists_filters(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)

    def parameters(path):
        operation = schema["paths"][path]["get"]
        return {p["name"]: p["schema"] for p in operation["parameters"] if p["in"] == "query"}

    practices = parameters("/api/v1/practices/")
    assert set(practices) >= {"q", "region", "district", "topic", "target_group", "kind"}
    assert "RU-SA" in practices["region"]["enum"]
    assert practices["q"]["maxLength"] == 200
    assert {"cursor", "page_size"} <= set(practices)
    assert set(parameters("/api/v1/events/")) >= {"from", "to", "past", "organizer", "format"}


def test_the_schema_is_english_unless_asked_otherwise(client):
    english = client.get("/api/schema/").content.decode()
    russian = client.get("/api/schema/?lang=ru").content.decode()

    assert "Socially oriented NGO" in english
    assert "Социально ориентированная НКО" in russian


def test_the_schema_command_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yaml")

    assert "/api/v1/practices/" in (tmp_path / "s.yaml").read_text()


def test_the_docs_page_uses_only_this_servers_files(client):
    response = client.get("/api/docs/")

    html = response.content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert response.status_code == 200
    assert sources and all(src.startswith("/") for src in sources), sources
    assert "<style" not in html and re.search(r"<script>|<script [^s]*>", html) is None
    for src in sources:
        if src.startswith("/static/"):
            assert finders.find(src.removeprefix("/static/")), src


def test_the_docs_start_up_script_is_served_from_here(client):
    html = client.get("/api/docs/").content.decode()
    script = re.findall(r'<script src="([^"]*script[^"]*)"', html)[-1]

    response = client.get(script.replace("&amp;", "&"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in response.content.decode()


def test_the_docs_keep_the_portals_content_security_policy(client):
    policy = client.get("/api/docs/")["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_the_deploy_check_generates_the_schema_before_any_migration(monkeypatch):
    # `manage.py check --deploy` runs drf-spectacular's generation, in CI before migrate.
    def no_tables(filter_field):
        raise OperationalError("no such table: organizations_region")

    monkeypatch.setattr(FilterExtension, "_read_choices", staticmethod(no_tables))

    assert schema_check(None) == []
