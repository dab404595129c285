from pathlib import Path

import polib
import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.glob("*/locale/ru/LC_MESSAGES/django.po")) + [
    ROOT / "locale/ru/LC_MESSAGES/django.po"
]


def test_every_app_has_a_russian_catalogue():
    apps = {path.relative_to(ROOT).parts[0] for path in CATALOGUES}

    assert {"locale", "organizations", "practices", "events"} <= apps


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_russian_catalogue_is_complete_and_compiled(path):
    catalogue = polib.pofile(str(path))

    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    compiled = path.with_suffix(".mo")
    assert compiled.exists()
    assert {e.msgid for e in polib.mofile(str(compiled))} >= {
        e.msgid for e in catalogue.translated_entries() if not e.msgid_plural
    }


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_russian_plurals_fill_every_form(path):
    catalogue = polib.pofile(str(path))
    forms = int(catalogue.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])

    incomplete = [
        e.msgid
        for e in catalogue
        if e.msgid_plural and len([v for v in e.msgstr_plural.values() if v]) != forms
    ]

    assert incomplete == []


def test_russian_is_served_at_unprefixed_urls(client):
    response = client.get("/organizations/")

    assert response["Content-Language"] == "ru"
    assert "Организации" in response.content.decode()


def test_english_is_served_under_en(client):
    response = client.get("/en/organizations/")

    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()


def test_unprefixed_urls_stay_russian_whatever_the_browser_asks(client):
    response = client.get("/organizations/", headers={"accept-language": "en"})

    assert response["Content-Language"] == "ru"


def test_language_switch_links_to_the_same_page_in_the_other_language(client):
    russian = client.get("/organizations/?kind=ngo").content.decode()
    english = client.get("/en/organizations/?kind=ngo").content.decode()

    assert 'href="/en/organizations/?kind=ngo"' in russian
    assert 'href="/organizations/?kind=ngo"' in english
