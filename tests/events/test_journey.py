"""The seminar journey through the site: staff create and publish, a leader applies, staff accept."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import ApplicationStatus, Event, EventStatus
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    ProgrammeItemFactory,
    member_of,
    region,
)

pytestmark = pytest.mark.django_db


def _formset(prefix, rows):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def test_staff_create_and_publish_a_seminar_a_leader_applies_and_staff_accept(
    client, django_capture_on_commit_callbacks
):
    erc = OrganizationFactory(name="ЕРЦ", region=region("RU-SA"), verified=True)
    partner = OrganizationFactory(name="Фонд Южного Урала", region=region("RU-CHE"))
    speaker = PersonFactory(full_name="Ольга Вешникова", organization=erc)
    staff = member_of(erc)
    tos = OrganizationFactory(name="Ассоциация ТОС", region=region("RU-CHE"))
    leader = member_of(tos, role="manager")
    day = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()

    # Staff create the seminar with a programme and a partner.
    client.force_login(staff)
    response = client.post(
        reverse("events:new"),
        {
            "kind": "seminar",
            "title": "Семинар о соседских центрах",
            "slug": "",
            "summary": "Как открыть соседский центр.",
            "description": "**Практика** ассоциации ТОС.",
            "organizer": erc.pk,
            "region": erc.region.pk,
            "timezone": "",
            "start": f"{day}T10:00",
            "end": f"{day}T13:00",
            "format": "hybrid",
            "venue": "ЕРЦ",
            "online_url": "https://example.org/room",
            "accepts_applications": "on",
            "capacity": "20",
            "waitlist_enabled": "on",
            **_formset(
                "programme",
                [
                    {
                        "start": f"{day}T10:00",
                        "end": f"{day}T10:15",
                        "kind": "welcome",
                        "title": "Открытие",
                        "speakers": [speaker.pk],
                    },
                    {
                        "start": f"{day}T10:15",
                        "end": f"{day}T12:00",
                        "kind": "talk",
                        "title": "Соседские центры",
                    },
                ],
            ),
            **_formset("partners", [{"organization": partner.pk, "role": "funder"}]),
            **_formset("visits", []),
            **_formset("materials", []),
        },
    )
    seminar = Event.objects.get(title="Семинар о соседских центрах")
    assert response.status_code == 302
    assert response["Location"] == seminar.get_absolute_url()
    assert seminar.status == EventStatus.DRAFT
    assert seminar.slug == "seminar-o-sosedskih-centrah"
    assert seminar.timezone == "Asia/Yakutsk"
    assert seminar.local_start.hour == 10  # typed as the venue's local time
    assert [(i.title, i.start.astimezone(seminar.zone).hour) for i in seminar.programme.all()] == [
        ("Открытие", 10),
        ("Соседские центры", 10),
    ]
    assert list(seminar.programme.first().speakers.all()) == [speaker]
    assert [(p.organization, p.role) for p in seminar.partnerships.all()] == [(partner, "funder")]

    client.post(reverse("events:publish", args=[seminar.slug]))
    seminar.refresh_from_db()
    assert seminar.status == EventStatus.PUBLISHED

    # The leader finds it and applies with their organisation.
    client.force_login(leader)
    page = client.get(reverse("events:list")).content.decode()
    assert "Семинар о соседских центрах" in page
    detail = client.get(seminar.get_absolute_url()).content.decode()
    assert "Ольга Вешникова" in detail
    assert "Якутск (UTC+9)" in detail
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("events:apply", args=[seminar.slug]),
            {"organization": tos.pk, "motivation": "Хотим открыть соседский центр."},
        )
    application = seminar.applications.get()
    assert (application.user, application.organization, application.status) == (
        leader,
        tos,
        ApplicationStatus.SUBMITTED,
    )

    # Staff see it on the dashboard and accept it.
    client.force_login(staff)
    dashboard = client.get(reverse("dashboard"))
    assert list(dashboard.context["applications_to_decide"]) == [application]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("events:application-accept", args=[application.pk]), {"next": "/dashboard/"}
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    # The leader: received, then accepted; the staff: the new application.
    assert [m.to for m in mail.outbox] == [[leader.email], [staff.email], [leader.email]]

    # The leader sees the status on the dashboard.
    client.force_login(leader)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Семинар о соседских центрах" in dashboard
    assert "Принята" in dashboard


def test_edit_shows_and_keeps_times_in_the_venue_zone(client, organization):
    start = datetime.datetime(2030, 6, 3, 1, 0, tzinfo=datetime.UTC)  # 10:00 in Yakutsk
    event = EventFactory(
        organizer=organization,
        region=region("RU-SA"),
        start=start,
        end=start + datetime.timedelta(hours=4),
    )
    item = ProgrammeItemFactory(event=event, start=start, title="Открытие")
    client.force_login(member_of(organization))

    form_page = client.get(reverse("events:edit", args=[event.slug])).content.decode()

    assert 'value="2030-06-03T10:00"' in form_page
    data = {
        "kind": "seminar",
        "title": event.title,
        "slug": event.slug,
        "summary": "s",
        "organizer": organization.pk,
        "region": event.region.pk,
        "timezone": "Asia/Yakutsk",
        "start": "2030-06-03T10:00",
        "end": "2030-06-03T14:00",
        "format": "in-person",
        "version": event.version,
        "programme-TOTAL_FORMS": "1",
        "programme-INITIAL_FORMS": "1",
        "programme-0-id": item.pk,
        "programme-0-start": "2030-06-03T11:00",
        "programme-0-kind": "talk",
        "programme-0-title": "Открытие",
    }
    for prefix in ("partners", "visits", "materials"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})

    response = client.post(reverse("events:edit", args=[event.slug]), data)

    assert response.status_code == 302
    event.refresh_from_db()
    item.refresh_from_db()
    assert event.start == start
    assert item.start == start + datetime.timedelta(hours=1)


def test_a_changed_time_zone_keeps_the_typed_times_of_the_event_and_its_programme(
    client, organization
):
    start = datetime.datetime(2030, 6, 3, 1, 0, tzinfo=datetime.UTC)  # 10:00 in Yakutsk
    event = EventFactory(
        organizer=organization,
        region=region("RU-SA"),
        start=start,
        end=start + datetime.timedelta(hours=4),
    )
    kept = ProgrammeItemFactory(event=event, start=start, title="Открытие")
    client.force_login(member_of(organization))
    data = {
        "kind": "seminar",
        "title": event.title,
        "slug": event.slug,
        "summary": "s",
        "organizer": organization.pk,
        "region": event.region.pk,
        "timezone": "Europe/Moscow",
        "start": "2030-06-03T10:00",
        "end": "2030-06-03T14:00",
        "format": "in-person",
        "version": event.version,
        **_formset(
            "programme",
            [
                {"id": kept.pk, "start": "2030-06-03T10:00", "kind": "talk", "title": "Открытие"},
                {"start": "2030-06-03T11:00", "kind": "talk", "title": "Доклад"},
            ],
        ),
        "programme-INITIAL_FORMS": "1",
        **_formset("partners", []),
        **_formset("visits", []),
        **_formset("materials", []),
    }

    response = client.post(reverse("events:edit", args=[event.slug]), data)

    assert response.status_code == 302
    event = Event.objects.get(pk=event.pk)
    assert (event.timezone, event.local_start.hour) == ("Europe/Moscow", 10)
    assert [(i.title, i.start.astimezone(event.zone).hour) for i in event.programme.all()] == [
        ("Открытие", 10),
        ("Доклад", 11),
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("end", "2030-06-03T09:00"),
        ("end", "2030-07-05T10:00"),  # longer than MAX_DURATION (31 days)
        ("start", "not a date"),
        ("kind", "party"),
        ("capacity", "-5"),
        ("timezone", "Mars/Olympus"),
        ("title", "x" * 400),
    ],
)
def test_event_form_refuses_bad_input_and_keeps_what_was_typed(client, organization, field, value):
    client.force_login(member_of(organization))
    data = {
        "kind": "seminar",
        "title": "Черновик",
        "summary": "s",
        "organizer": organization.pk,
        "region": organization.region.pk,
        "start": "2030-06-03T10:00",
        "end": "2030-06-03T12:00",
        "format": "in-person",
        field: value,
    }
    for prefix in ("programme", "partners", "visits", "materials"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})

    response = client.post(reverse("events:new"), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Event.objects.exists()
    assert "summary" not in response.context["form"].errors


def test_online_event_needs_its_link(client, organization):
    client.force_login(member_of(organization))
    data = {
        "kind": "webinar",
        "title": "Вебинар",
        "summary": "s",
        "organizer": organization.pk,
        "region": organization.region.pk,
        "start": "2030-06-03T10:00",
        "end": "2030-06-03T12:00",
        "format": "online",
    }
    for prefix in ("programme", "partners", "visits", "materials"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})

    response = client.post(reverse("events:new"), data)

    assert "online_url" in response.context["form"].errors


def test_programme_item_ending_before_it_starts_is_refused(client, organization):
    client.force_login(member_of(organization))
    data = {
        "kind": "seminar",
        "title": "Семинар",
        "summary": "s",
        "organizer": organization.pk,
        "region": organization.region.pk,
        "start": "2030-06-03T10:00",
        "end": "2030-06-03T12:00",
        "format": "in-person",
        **_formset(
            "programme",
            [
                {
                    "start": "2030-06-03T11:00",
                    "end": "2030-06-03T10:00",
                    "kind": "talk",
                    "title": "Доклад",
                }
            ],
        ),
        **_formset("partners", []),
        **_formset("visits", []),
        **_formset("materials", []),
    }

    response = client.post(reverse("events:new"), data)

    assert response.status_code == 200
    assert not Event.objects.exists()
    formset = response.context["formsets"]["programme"]
    assert "end" in formset.forms[0].errors
