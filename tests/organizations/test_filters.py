"""The region filter: every region offered, by code, read from the database once per process."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from organizations.filters import OrganizationFilter, region_choices, region_ids, regions
from organizations.models import Organization, Region
from tests.factories import OrganizationFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_regions():
    regions.cache_clear()
    region_ids.cache_clear()
    yield
    regions.cache_clear()
    region_ids.cache_clear()


def test_every_region_is_offered_by_its_code_in_the_current_language():
    with translation.override("en"):
        english = dict(region_choices())
    with translation.override("ru"):
        russian = dict(region_choices())

    assert len(russian) == Region.objects.count() == 89
    assert (russian["RU-SA"], english["RU-SA"]) == (
        "Республика Саха (Якутия)",
        "Sakha (Yakutia) Republic",
    )


def test_the_regions_are_read_once_and_not_for_every_page(client):
    client.get(reverse("organizations:list"))

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("organizations:list"))

    assert not any('FROM "organizations_region"' in query["sql"] for query in queries)


def test_a_renamed_region_is_offered_under_its_new_name():
    region_choices()
    yakutia = region("RU-SA")

    yakutia.name_ru = "Якутия"
    yakutia.save()

    with translation.override("ru"):
        assert dict(region_choices())["RU-SA"] == "Якутия"


def test_the_filter_finds_the_region_by_code_and_refuses_an_unknown_one():
    here = OrganizationFactory(region=region("RU-SA"))
    OrganizationFactory(region=region("RU-CHE"))

    found = OrganizationFilter({"region": "RU-SA"}, queryset=Organization.objects.all())
    unknown = OrganizationFilter({"region": "RU-XX"}, queryset=Organization.objects.all())

    assert list(found.qs) == [here]
    assert not unknown.is_valid() and "region" in unknown.errors


def test_the_region_filter_reads_the_regions_key_not_a_join_on_its_code(client):
    # The planner then knows the region: an estimate for "some region" made it sort every
    # upcoming event of Yakutia to show twenty (the benchmark has the time; this, the SQL).
    yakutia = OrganizationFactory(region=region("RU-SA"))
    OrganizationFactory(region=region("RU-CHE"))

    with CaptureQueriesContext(connection) as captured:
        client.get("/organizations/", {"region": "RU-SA"})

    listing = [
        q["sql"] for q in captured.captured_queries if "organizations_organization" in q["sql"]
    ]
    assert listing
    assert all('"organizations_region"."code" = ' not in sql for sql in listing)
    assert list(client.get("/organizations/", {"region": "RU-SA"}).context["object_list"]) == [
        yakutia
    ]
