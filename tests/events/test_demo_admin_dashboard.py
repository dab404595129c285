import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events import demo
from events.models import ApplicationStatus, Event, EventKind, EventStatus
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    InternshipFactory,
    UserFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


def _counts():
    """Rows per model, change-history tables included: a second load must write nothing."""
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def test_load_demo_twice_leaves_the_same_counts():
    call_command("load_demo")
    first = _counts()
    internship_start = Event.objects.get(slug=demo.INTERNSHIP).start

    call_command("load_demo")

    assert _counts() == first
    assert Event.objects.get(slug=demo.INTERNSHIP).start == internship_start


def test_demo_conference_took_place_in_chelyabinsk_with_the_release_as_outcome():
    call_command("load_demo")

    conference = Event.objects.get(slug=demo.CONFERENCE)

    assert conference.kind == EventKind.CONFERENCE
    assert conference.region.code == "RU-CHE"
    assert conference.zone_label == "Челябинск (UTC+5)"
    assert conference.is_past
    assert conference.organizer.slug == "erc-yakutia"
    assert "иллюстративн" in conference.description
    assert "В Челябинске состоялась" in conference.outcome_summary
    assert {p.organization.slug for p in conference.partnerships.all()} >= {
        "uos-chelyabinsk",
        "cpgi-chelyabinsk",
    }
    speakers = {s.full_name for item in conference.programme.all() for s in item.speakers.all()}
    assert speakers == {
        "Ксения Васильева",
        "Ксения Карпова",
        "Наталья Луковцева",
        "Ольга Вешникова",
        "Дмитрий Семенов",
        "Михаил Комиссаров",
    }
    assert conference.programme.filter(kind="welcome").count() == 2
    assert conference.grant_project.slug == "chelyabinsk-yakutia-internship-project"


def test_demo_internship_is_upcoming_and_open_with_visits_in_gorny_ulus(client):
    call_command("load_demo")

    internship = Event.objects.get(slug=demo.INTERNSHIP)

    assert internship.registration_is_open()
    assert internship.start > timezone.now()
    assert internship.zone_label == "Якутск (UTC+9)"
    assert internship.delegation_region.code == "RU-CHE"
    assert internship.visits.filter(organization__slug="berdigestyakh-nasleg").exists()
    assert all("Горный улус" in v.organization.locality for v in internship.visits.all())
    practice_slugs = set(internship.practices.values_list("slug", flat=True))
    assert practice_slugs <= set(demo.PRACTICES_TO_STUDY)
    page = client.get(internship.get_absolute_url())
    assert page.status_code == 200


# Dashboard.


def test_dashboard_lists_my_applications_decisions_waiting_and_drafts(client, organization, member):
    mine = ApplicationFactory(user=member)
    theirs = ApplicationFactory(event=InternshipFactory(organizer=organization))
    ApplicationFactory(
        event=InternshipFactory(organizer=organization), status=ApplicationStatus.ACCEPTED
    )
    ApplicationFactory()  # another organisation's event
    draft = EventFactory(organizer=organization, status=EventStatus.DRAFT)
    EventFactory(status=EventStatus.DRAFT)
    client.force_login(member)

    context = client.get(reverse("dashboard")).context

    assert context["my_event_applications"] == [mine]
    assert context["applications_to_decide"] == [theirs]
    assert context["draft_events"] == [draft]


def test_dashboard_queries_do_not_grow_with_rows(
    client, organization, member, django_assert_num_queries
):
    client.force_login(member)
    ApplicationFactory(user=member)
    ApplicationFactory(event=InternshipFactory(organizer=organization, capacity=None))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("dashboard"))
    for _ in range(19):
        ApplicationFactory(user=member)
        ApplicationFactory(event=InternshipFactory(organizer=organization, capacity=None))
        EventFactory(organizer=organization, status=EventStatus.DRAFT)

    with CaptureQueriesContext(connection) as twenty:
        client.get(reverse("dashboard"))

    assert len(one.captured_queries) == len(twenty.captured_queries)


# Admin.


@pytest.fixture
def admin_client_logged(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/events/event/",
        "/admin/events/event/?kind__exact=internship&status__exact=published&start__year=2030",
        "/admin/events/event/add/",
        "/admin/events/application/?status__exact=submitted",
    ],
)
def test_admin_pages_open(admin_client_logged, url, internship):
    ApplicationFactory(event=internship)

    assert admin_client_logged.get(url).status_code == 200


def test_admin_event_change_page_has_inlines(admin_client_logged, internship):
    response = admin_client_logged.get(f"/admin/events/event/{internship.pk}/change/")

    assert response.status_code == 200
    assert "programme-TOTAL_FORMS" in response.content.decode()


def test_admin_actions_accept_and_decline_through_the_rules(admin_client_logged, organization):
    event = InternshipFactory(organizer=organization, capacity=1)
    first = ApplicationFactory(event=event)
    waiting = ApplicationFactory(event=event, status=ApplicationStatus.WAITLISTED)

    admin_client_logged.post(
        "/admin/events/application/",
        {"action": "decline_selected", "_selected_action": [first.pk]},
    )

    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.status == ApplicationStatus.DECLINED
    assert waiting.status == ApplicationStatus.SUBMITTED

    admin_client_logged.post(
        "/admin/events/application/",
        {"action": "accept_selected", "_selected_action": [waiting.pk]},
    )
    waiting.refresh_from_db()
    assert waiting.status == ApplicationStatus.ACCEPTED


def test_member_sees_applications_panel_with_decision_buttons(client, internship):
    application = ApplicationFactory(event=internship, motivation="Очень хотим")
    client.force_login(member_of(internship.organizer))

    page = client.get(internship.get_absolute_url()).content.decode()

    assert "Очень хотим" in page
    assert reverse("events:application-accept", args=[application.pk]) in page
    assert reverse("events:application-decline", args=[application.pk]) in page


def test_outsider_sees_no_applications_panel(client, internship, outsider):
    ApplicationFactory(event=internship, motivation="Очень хотим")
    client.force_login(outsider)

    page = client.get(internship.get_absolute_url()).content.decode()

    assert "Очень хотим" not in page
