"""The Russian catalogue of the practices app is complete."""

from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[2] / "practices/locale/ru/LC_MESSAGES/django.po"


def test_russian_catalogue_has_no_untranslated_or_fuzzy_entries():
    po = polib.pofile(str(CATALOGUE))

    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert CATALOGUE.with_suffix(".mo").exists()


def test_russian_plurals_fill_every_form_of_the_header():
    """Django's Russian rule has four forms: one, few, many, and fractions."""
    po = polib.pofile(str(CATALOGUE))
    forms = int(po.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])

    assert forms >= 3
    for entry in po:
        if entry.msgid_plural:
            assert len([v for v in entry.msgstr_plural.values() if v]) == forms, entry.msgid
