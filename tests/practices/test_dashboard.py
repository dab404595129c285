"""The practices section of /dashboard/."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import EventStatus
from organizations.models import MembershipRole
from organizations.rules import MODERATORS_GROUP
from practices.models import PracticeStatus, ReplicationStatus
from tests.factories import (
    ApplicationFactory,
    DraftPracticeFactory,
    EventFactory,
    ModeratorFactory,
    OrganizationFactory,
    PracticeFactory,
    ReplicationFactory,
    member_of,
)

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard")


def test_moderators_see_the_review_queue(client, moderator, organization):
    waiting = DraftPracticeFactory(organization=organization, status=PracticeStatus.ON_REVIEW)
    DraftPracticeFactory(organization=organization)
    client.force_login(moderator)

    response = client.get(DASHBOARD)

    assert response.context["moderation_queue"] == [waiting]
    assert waiting.title in response.content.decode()


def test_members_do_not_get_the_review_queue(client, member, organization):
    DraftPracticeFactory(organization=organization, status=PracticeStatus.ON_REVIEW)
    client.force_login(member)

    response = client.get(DASHBOARD)

    assert "moderation_queue" not in response.context


def test_members_see_their_organisations_drafts_only(client, member, organization):
    mine = DraftPracticeFactory(organization=organization)
    returned = DraftPracticeFactory(organization=organization, status=PracticeStatus.RETURNED)
    DraftPracticeFactory()
    PracticeFactory(organization=organization)
    client.force_login(member)

    response = client.get(DASHBOARD)

    assert set(response.context["my_practice_drafts"]) == {mine, returned}


def test_incoming_requests_have_accept_and_decline_buttons(client, member, published):
    replication = ReplicationFactory(practice=published)
    client.force_login(member)

    body = client.get(DASHBOARD).content.decode()

    assert reverse("practices:replication-action", args=[replication.pk, "accept"]) in body
    assert reverse("practices:replication-action", args=[replication.pk, "decline"]) in body


def test_accepting_from_the_dashboard_returns_to_it(client, member, published):
    replication = ReplicationFactory(practice=published)
    client.force_login(member)

    response = client.post(
        reverse("practices:replication-action", args=[replication.pk, "accept"]),
        {"next": reverse("dashboard")},
    )

    assert response["Location"] == DASHBOARD
    replication.refresh_from_db()
    assert replication.status == ReplicationStatus.IN_PROGRESS


def test_dashboard_queries_do_not_grow_with_rows(client, member, moderator, organization):
    def make(count):
        for _ in range(count):
            practice = PracticeFactory(organization=organization)
            ReplicationFactory(practice=practice)
            ReplicationFactory(adopter=organization)
            DraftPracticeFactory(organization=organization, status=PracticeStatus.ON_REVIEW)

    # A moderator who is also a member sees every section (is_staff alone grants nothing).
    member.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    client.force_login(member)
    make(1)
    with CaptureQueriesContext(connection) as one:
        client.get(DASHBOARD)
    make(19)
    with CaptureQueriesContext(connection) as twenty:
        client.get(DASHBOARD)

    assert len(one) == len(twenty)
    assert len(client.get(DASHBOARD).context["moderation_queue"]) == 20


@pytest.mark.parametrize("who", ["member", "manager", "moderator", "moderating manager"])
def test_a_dashboard_runs_at_most_twelve_queries(client, organization, who):
    """Every section filled, every list of each kind read together (common.together): a
    moderator who also manages an organisation sees every section and stays within twelve."""
    role = MembershipRole.EDITOR if who == "member" else MembershipRole.MANAGER
    user = ModeratorFactory() if who == "moderator" else member_of(organization, role=role)
    if who == "moderating manager":
        user.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    for _ in range(3):
        ReplicationFactory(practice=PracticeFactory(organization=organization))
        ReplicationFactory(adopter=organization, requested_by=user)
        DraftPracticeFactory(organization=organization, status=PracticeStatus.ON_REVIEW)
        OrganizationFactory(requested_parent=organization)
        published = EventFactory(organizer=organization)
        ApplicationFactory(event=published, user=user)
        ApplicationFactory(event=published)
        EventFactory(organizer=organization, status=EventStatus.ON_REVIEW)
    client.force_login(user)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD)

    assert response.status_code == 200
    assert len(queries) <= 12, [q["sql"][:80] for q in queries]
    sections = ("my_replication_requests", "my_event_applications")
    if who != "moderator":
        sections += ("incoming_replications", "applications_to_decide", "draft_events")
    if who in ("manager", "moderating manager"):
        sections += ("link_requests",)
    if "moderat" in who:
        sections += ("moderation_queue", "events_to_review", "verification_queue")
    assert all(response.context[name] for name in sections), [
        name for name in sections if not response.context[name]
    ]


def test_dashboard_without_organisation_still_works(client, user):
    ReplicationFactory(adopter=OrganizationFactory())
    client.force_login(user)

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    assert response.context["my_replication_requests"] == []


def test_the_dashboard_reads_a_members_memberships_once(client, member, organization):
    client.force_login(member)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD)

    # The roles come with the user (organizations.backends); the list is read once.
    lists = [q for q in queries if q["sql"].startswith('SELECT "organizations_membership"')]
    assert len(lists) == 1
    assert [m.organization for m in response.context["memberships"]] == [organization]
