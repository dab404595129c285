"""common.choices.ChoiceLabels: ``get_FOO_display()`` gives what Django's gives, faster."""

import pytest
from django.apps import apps
from django.db.models import Model
from django.utils import translation

from common.choices import ChoiceLabels
from organizations.models import Organization, OrganizationKind


def _choice_fields():
    for model in apps.get_models():
        if issubclass(model, ChoiceLabels):
            for field in model._meta.concrete_fields:
                if field.choices:
                    yield model, field


def test_the_mixin_serves_the_models_that_show_choices_on_lists():
    fields = {(model.__name__, field.name) for model, field in _choice_fields()}

    assert {("Organization", "kind"), ("Replication", "status"), ("Event", "kind")} <= fields


@pytest.mark.parametrize("language", ["ru", "en"])
def test_every_choice_of_every_field_reads_as_djangos_label(language):
    with translation.override(language):
        for model, field in _choice_fields():
            for value, _label in field.flatchoices:
                row = model(**{field.attname: value})
                display = getattr(row, f"get_{field.name}_display")()
                assert display == Model._get_FIELD_display(row, field), (model, field, value)


def test_the_label_follows_the_language_of_the_request():
    organization = Organization(kind=OrganizationKind.NGO)

    with translation.override("ru"):
        russian = organization.get_kind_display()
    with translation.override("en"):
        english = organization.get_kind_display()

    assert russian == "Социально ориентированная НКО"
    assert english == "Socially oriented NGO"


def test_a_value_outside_the_choices_reads_as_itself():
    assert Organization(kind="no-such-kind").get_kind_display() == "no-such-kind"
    assert Organization(kind="").get_kind_display() == ""
