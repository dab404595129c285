"""The home page (issue #11, part 3): purpose and search, the map, most replicated practices
(in progress or implemented; requests do not count), the latest practices, upcoming events
with internships first, and the network in figures."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from practices.models import PracticeStatus, ReplicationStatus
from tests.factories import (
    EventFactory,
    InternshipFactory,
    OrganizationFactory,
    PracticeFactory,
    ReplicationFactory,
    region,
)

pytestmark = pytest.mark.django_db


def _home(client):
    return client.get(reverse("home"))


def _replicate(practice, status, code="RU-CHE"):
    return ReplicationFactory(
        practice=practice, adopter=OrganizationFactory(region=region(code)), status=status
    )


def test_home_says_what_the_portal_is_and_offers_the_search(client):
    html = _home(client).content.decode()

    assert 'role="search"' in html
    assert f'action="{reverse("practices:list")}"' in html


def test_most_replicated_ranks_by_replications_in_progress_or_implemented(client):
    two = PracticeFactory(title="Два внедрения")
    _replicate(two, ReplicationStatus.IN_PROGRESS)
    _replicate(two, ReplicationStatus.IMPLEMENTED, "RU-MOW")
    one = PracticeFactory(title="Одно внедрение")
    _replicate(one, ReplicationStatus.IMPLEMENTED)
    requested = PracticeFactory(title="Только заявки")
    for code in ("RU-CHE", "RU-MOW", "RU-TA"):
        _replicate(requested, ReplicationStatus.REQUESTED, code)

    ranked = [p.title for p in _home(client).context["most_replicated"]]

    assert ranked == ["Два внедрения", "Одно внедрение"]


def test_a_draft_is_never_among_the_most_replicated(client):
    draft = PracticeFactory(status=PracticeStatus.DRAFT, title="Черновик")
    _replicate(draft, ReplicationStatus.IMPLEMENTED)

    response = _home(client)

    assert list(response.context["most_replicated"]) == []
    assert "Черновик" not in response.content.decode()


def test_upcoming_internships_come_before_other_events(client):
    soon = timezone.now() + datetime.timedelta(days=2)
    seminar = EventFactory(kind="seminar", start=soon, end=soon + datetime.timedelta(hours=2))
    internship = InternshipFactory(
        start=soon + datetime.timedelta(days=20), end=soon + datetime.timedelta(days=22)
    )

    events = _home(client).context["events"]

    assert [e.pk for e in events] == [internship.pk, seminar.pk]


def test_the_network_in_figures_counts_organisations_practices_implemented_and_regions(client):
    practice = PracticeFactory(organization=OrganizationFactory(region=region("RU-SA")))
    _replicate(practice, ReplicationStatus.IMPLEMENTED, "RU-CHE")
    _replicate(practice, ReplicationStatus.IN_PROGRESS, "RU-MOW")

    figures = _home(client).context["figures"]

    assert figures == {"organizations": 3, "practices": 1, "implemented": 1, "regions": 3}


def _world(n):
    for i in range(n):
        practice = PracticeFactory()
        _replicate(practice, ReplicationStatus.IMPLEMENTED, ["RU-CHE", "RU-MOW"][i % 2])
        InternshipFactory()
        EventFactory()


def test_home_runs_the_same_queries_whatever_the_data(client, django_assert_num_queries):
    _world(1)
    with CaptureQueriesContext(connection) as one:
        _home(client)
    _world(12)

    with django_assert_num_queries(len(one.captured_queries)):
        _home(client)
    assert len(one.captured_queries) <= 12
