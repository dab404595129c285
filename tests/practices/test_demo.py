"""The demo world of the press release."""

import pytest
from django.core.management import call_command

from organizations import demo as org_demo
from practices.models import (
    KeyFigure,
    Practice,
    PracticeStatus,
    PracticeStep,
    Replication,
    TargetGroup,
    Topic,
)

pytestmark = pytest.mark.django_db

SLUGS = {
    "privlechenie-resursov",
    "soprovozhdenie-semey-modut",
    "partnerstvo-nko-i-biznesa",
    "sosedskie-centry",
    "cifrovizaciya-obrashcheniy",
    "deyatelnost-v-proekty",
    "razvitie-malyh-gorodov",
    "issledovanie-potenciala-nko",
}


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Practice, PracticeStep, KeyFigure, Replication, Topic, TargetGroup)
    } | {
        "history": Practice.history.count(),
        "replication_history": Replication.history.count(),
    }


def test_load_demo_twice_leaves_the_same_counts():
    call_command("load_demo")
    first = _counts()

    call_command("load_demo", "--accounts", "--password", "demo-password")

    assert _counts() == first


def test_demo_has_the_eight_published_practices_with_full_passports():
    call_command("load_demo")

    practices = Practice.objects.filter(slug__in=SLUGS)
    assert set(practices.values_list("slug", flat=True)) == SLUGS
    for practice in practices:
        assert practice.status == PracticeStatus.PUBLISHED
        assert practice.problem and practice.solution and practice.results
        assert practice.steps.count() >= 3
        assert practice.topics.exists()
        assert practice.key_figures.filter(illustrative=True).exists()
        assert "Иллюстративные" in practice.evidence


def test_demo_records_chelyabinsk_interest_in_yakutias_practices():
    call_command("load_demo")

    pairs = set(
        Replication.objects.filter(adopter__region__code="RU-CHE").values_list(
            "practice__region__code", "adopter__slug"
        )
    )
    assert pairs == {
        ("RU-SA", org_demo.CHE_CIVIC_CENTRE),
        ("RU-SA", org_demo.TOS_ASSOCIATION),
    }
    modut = Replication.objects.get(practice__slug="soprovozhdenie-semey-modut")
    assert modut.adopter.slug == org_demo.CHE_CIVIC_CENTRE
    assert modut.status == "requested"


def test_demo_practices_belong_to_the_release_organisations():
    call_command("load_demo")

    owners = dict(Practice.objects.values_list("slug", "organization__slug"))
    assert owners["sosedskie-centry"] == org_demo.TOS_ASSOCIATION
    assert owners["soprovozhdenie-semey-modut"] == org_demo.MODUT
    assert owners["razvitie-malyh-gorodov"] == org_demo.ERC_YAKUTIA
    assert owners["privlechenie-resursov"] == org_demo.BERDIGESTYAKH
