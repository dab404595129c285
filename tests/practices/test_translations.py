"""The Russian catalogue of the practices app is complete."""

from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[2] / "practices/locale/ru/LC_MESSAGES/django.po"


def test_russian_catalogue_has_no_untranslated_or_fuzzy_entries():
    po = polib.pofile(str(CATALOGUE))

    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert CATALOGUE.with_suffix(".mo").exists()


def test_russian_plurals_have_three_forms():
    po = polib.pofile(str(CATALOGUE))

    for entry in po:
        if entry.msgid_plural:
            assert len([v for v in entry.msgstr_plural.values() if v]) == 3, entry.msgid
