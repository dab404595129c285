from pathlib import Path

import polib

CATALOGUE = (
    Path(__file__).resolve().parents[2] / "events" / "locale" / "ru" / "LC_MESSAGES" / "django.po"
)


def test_russian_catalogue_is_complete():
    catalogue = polib.pofile(str(CATALOGUE))

    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []
    assert all(
        all(e.msgstr_plural.values()) and len(e.msgstr_plural) == 4
        for e in catalogue
        if e.msgid_plural
    )


def test_compiled_catalogue_is_newer_than_the_source():
    compiled = CATALOGUE.with_suffix(".mo")

    assert compiled.exists()
    assert compiled.stat().st_mtime >= CATALOGUE.stat().st_mtime - 1
