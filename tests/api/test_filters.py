"""The lists' filters, through the lists' own FilterSets: the API lists the same rows as the
page for the same query (in its own fixed order), and refuses what the page warns about."""

import datetime

import pytest
from django.utils import timezone

from tests.api.conftest import walk
from tests.factories import EventFactory, OrganizationFactory, PracticeFactory, region

pytestmark = pytest.mark.django_db


def page_slugs(client, path, query):
    response = client.get(f"{path}?{query}&page=1")
    assert response.status_code == 200
    return {row.slug for row in response.context["object_list"]}


def api_slugs(client, path, query):
    return {row["slug"] for row in walk(client, f"{path}?{query}")}


@pytest.fixture
def more(world):
    """Practices and events beyond the shared world, so that each filter leaves some out."""
    che = OrganizationFactory(slug="che-ngo", region=region("RU-CHE"), kind="tos")
    PracticeFactory(title="Технология двора", slug="che-yard", organization=che)
    PracticeFactory(title="Цифровые обращения граждан", slug="che-digital", organization=che)
    EventFactory(
        title="Вебинар о технологиях",
        slug="che-webinar",
        kind="webinar",
        organizer=che,
        region=region("RU-CHE"),
        format="online",
        online_url="https://meet.example.org/x",
    )
    return world


PRACTICE_QUERIES = [
    "region=RU-SA",
    "region=RU-CHE",
    "district=ural",
    "topic=shared-topic",
    "target_group=families",
    "kind=tos",
    "replicated=yes",
    "replicated=no",
    "q=технологии",  # Russian morphology: "технологии" finds "Технология"
    "q=соседских центров",
    "q=технологии&region=RU-CHE",
]


@pytest.mark.parametrize("query", PRACTICE_QUERIES)
def test_practices_are_filtered_as_the_list_filters_them(client, more, query):
    expected = page_slugs(client, "/practices/", query)

    assert api_slugs(client, "/api/v1/practices/", query) == expected


def test_the_demo_question_finds_the_right_practices(client, more):
    assert api_slugs(client, "/api/v1/practices/", "q=технологии&region=RU-CHE") == {"che-yard"}
    assert api_slugs(client, "/api/v1/practices/", "region=RU-SA") == {"open"}


EVENT_QUERIES = [
    "kind=webinar",
    "region=RU-CHE",
    "format=online",
    "organizer=owner",
    "q=семинар",
    "past=1",
    "district=far-eastern",
]


@pytest.mark.parametrize("query", EVENT_QUERIES)
def test_events_are_filtered_as_the_list_filters_them(client, more, query):
    expected = page_slugs(client, "/events/", query)

    assert api_slugs(client, "/api/v1/events/", query) == expected


def test_events_filter_by_dates(client, more):
    day = (timezone.now() + datetime.timedelta(days=10)).date().isoformat()
    query = f"from={day}&to={day}"

    assert api_slugs(client, "/api/v1/events/", query) == page_slugs(client, "/events/", query)
    assert api_slugs(client, "/api/v1/events/", query)


ORGANIZATION_QUERIES = ["region=RU-CHE", "kind=tos", "q=Северный", "district=far-eastern"]


@pytest.mark.parametrize("query", ORGANIZATION_QUERIES)
def test_organisations_are_filtered_as_the_directory_filters_them(client, more, query):
    expected = page_slugs(client, "/organizations/", query)

    assert api_slugs(client, "/api/v1/organizations/", query) == expected


def test_replications_filter_by_practice_adopter_status_and_regions(client, world):
    requested, in_progress, _implemented = world["replications"]

    def ids(query):
        return {row["id"] for row in walk(client, f"/api/v1/replications/?{query}")}

    assert ids("practice=open") == {requested.pk, in_progress.pk}
    assert ids("adopter=third") == {in_progress.pk}
    assert ids("status=requested") == {requested.pk}
    assert ids("adopter_region=RU-CHE") == {requested.pk, in_progress.pk}
    assert ids("practice_region=RU-CHE") == {_implemented.pk}


@pytest.mark.parametrize(
    ("path", "query", "parameter"),
    [
        ("/api/v1/practices/", "region=XX-YY", "region"),
        ("/api/v1/practices/", "topic=no-such-topic", "topic"),
        ("/api/v1/practices/", "q=" + "я" * 201, "q"),
        ("/api/v1/events/", "from=1999-12-31", "from"),
        ("/api/v1/events/", "to=not-a-date", "to"),
        ("/api/v1/organizations/", "kind=bank", "kind"),
        ("/api/v1/replications/", "status=declined", "status"),
    ],
)
def test_an_invalid_filter_value_is_refused_with_its_message(client, world, path, query, parameter):
    response = client.get(f"{path}?{query}")

    assert response.status_code == 400
    assert list(response.json()) == [parameter]
    assert response.json()[parameter]  # the FilterSet's own message


def test_the_pages_sort_is_not_an_api_filter_and_changes_nothing(client, more):
    newest = [row["slug"] for row in walk(client, "/api/v1/practices/")]

    assert [row["slug"] for row in walk(client, "/api/v1/practices/?sort=title")] == newest
