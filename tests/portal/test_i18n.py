from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
RUSSIAN = ROOT / "locale/ru/LC_MESSAGES/django.po"


def test_the_project_has_one_catalogue_at_the_root():
    ours = [app.path for app in apps.get_app_configs() if Path(app.path).parent == ROOT]

    assert settings.LOCALE_PATHS == [ROOT / "locale"]
    assert RUSSIAN.exists()
    assert [path for path in ours if (Path(path) / "locale").exists()] == []


def test_russian_catalogue_is_complete_and_compiled():
    catalogue = polib.pofile(str(RUSSIAN))

    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    compiled = RUSSIAN.with_suffix(".mo")
    assert compiled.exists()
    assert {(e.msgctxt, e.msgid) for e in polib.mofile(str(compiled))} >= {
        (e.msgctxt, e.msgid) for e in catalogue.translated_entries() if not e.msgid_plural
    }


def test_russian_plurals_fill_every_form():
    catalogue = polib.pofile(str(RUSSIAN))
    forms = int(catalogue.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])

    incomplete = [
        e.msgid
        for e in catalogue
        if e.msgid_plural and len([v for v in e.msgstr_plural.values() if v]) != forms
    ]

    assert incomplete == []


# The context is "msgctxt": a parameter named "context" is taken for pytest-playwright's
# browser context, which would move these tests among the browser tests (and the transactional
# browser tests, with their database flushes, before the rest of the suite).
@pytest.mark.parametrize(
    ("msgctxt", "word", "ours"),
    [
        (None, "name", "название"),  # django.contrib.auth: "имя"
        (None, "Summary", "Кратко"),  # django.contrib.admin: "Краткая статистика"
        ("event", "Submit for review", "Отправить на проверку"),
        (None, "Submit for review", "Отправить на модерацию"),
    ],
)
def test_our_translation_wins_over_djangos_own(msgctxt, word, ours):
    with translation.override("ru"):
        translated = translation.pgettext(msgctxt, word) if msgctxt else translation.gettext(word)

    assert translated == ours


def test_django_admin_keeps_its_own_russian():
    with translation.override("ru"):
        assert translation.gettext("Log out") == "Выйти"
        assert translation.gettext("Save") == "Сохранить"


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


def test_language_switch_keeps_the_rows_address_and_the_query(client, db):
    russian = client.get("/regions/RU-SA/?measure=given").content.decode()
    english = client.get("/en/regions/RU-SA/?measure=given").content.decode()

    assert 'hreflang="en" href="/en/regions/RU-SA/?measure=given"' in russian
    assert 'hreflang="ru" href="/regions/RU-SA/?measure=given"' in english


def test_a_missing_page_still_offers_the_language_switch(client, db):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert 'hreflang="ru"' in response.content.decode()
