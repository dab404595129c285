import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from events.models import ApplicationStatus, EventStatus
from practices.models import PracticeStatus, ReplicationAttachment, ReplicationStatus
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    GrantProjectFactory,
    InternshipFactory,
    KeyFigureFactory,
    OrganizationFactory,
    PersonFactory,
    PracticeAttachmentFactory,
    PracticeFactory,
    PracticeStepFactory,
    ProgrammeItemFactory,
    ReplicationFactory,
    TargetGroupFactory,
    TopicFactory,
    UserFactory,
    region,
)

HIDDEN_PRACTICE_STATUSES = [
    PracticeStatus.DRAFT,
    PracticeStatus.ON_REVIEW,
    PracticeStatus.RETURNED,
    PracticeStatus.ARCHIVED,
]
HIDDEN_EVENT_STATUSES = [EventStatus.DRAFT, EventStatus.ON_REVIEW]
# Whatever must not be shown carries one of these in its title, slug, name or e-mail, so one
# search of a response finds any leak.
MARKERS = ("zzhidden", "Тайн", "Скрыт", "secret@")


def _past(days):
    start = timezone.now() - datetime.timedelta(days=days)
    return {"start": start, "end": start + datetime.timedelta(hours=4)}


@pytest.fixture
def world(db):
    """Something of every kind, public and hidden: the public twin of each hidden thing is
    named "Открыт…" so a test can see that the public one is there and the hidden one not."""
    org = OrganizationFactory(
        name="Открытый ресурсный центр", slug="owner", region=region("RU-SA"), verified=True
    )
    other = OrganizationFactory(name="ТОС «Северный»", slug="other", region=region("RU-CHE"))
    third = OrganizationFactory(name="Третье НКО", slug="third", region=region("RU-CHE"))
    fourth = OrganizationFactory(name="Четвёртое НКО", slug="fourth", region=region("RU-MOW"))
    topic = TopicFactory(slug="shared-topic", name_ru="Соседские центры", name_en="Neighbours")
    group = TargetGroupFactory(slug="families", name_ru="Семьи", name_en="Families")
    PersonFactory(
        full_name="Скрытый Сотрудник", organization=org, public_consent=False, email="secret@x.org"
    )
    PersonFactory(full_name="Открытый Сотрудник", organization=org, position="Директор")
    hidden_contact = PersonFactory(
        full_name="Скрытое Контактное Лицо",
        organization=org,
        public_consent=False,
        email="secret@example.org",
        phone="+7 000 000-00-00",
    )
    public_contact = PersonFactory(
        full_name="Открытое Контактное Лицо",
        organization=org,
        position="Координатор",
        email="open@example.org",
        phone="+7 411 200-00-00",
    )
    project = GrantProjectFactory(title="Открытый проект", slug="open-project", implementer=org)
    practice = PracticeFactory(
        title="Открытая практика соседских центров",
        slug="open",
        summary="Технология соседских центров в городе.",
        organization=org,
        topics=[topic],
        target_groups=[group],
        contact_person=hidden_contact,
        grant_project=project,
    )
    consenting = PracticeFactory(
        title="Открытая практика с согласием",
        slug="open-consent",
        organization=other,
        contact_person=public_contact,
    )
    PracticeStepFactory(practice=practice, title="Собрать жителей", order=1)
    KeyFigureFactory(practice=practice, value="120", label="семей")
    attachment = PracticeAttachmentFactory(practice=practice, title="Методичка")
    hidden = [
        PracticeFactory(
            title=f"Тайная практика соседских центров {status}",
            slug=f"zzhidden-{status.replace('_', '-')}",
            summary="Технология соседских центров, не опубликованная.",
            organization=org,
            topics=[topic],
            grant_project=project,
            status=status,
            published_at=timezone.now() if status == PracticeStatus.ARCHIVED else None,
        )
        for status in HIDDEN_PRACTICE_STATUSES
    ]
    requested = ReplicationFactory(practice=practice, adopter=other)
    in_progress = ReplicationFactory(
        practice=practice, adopter=third, status=ReplicationStatus.IN_PROGRESS
    )
    implemented = ReplicationFactory(
        practice=consenting,
        adopter=fourth,
        status=ReplicationStatus.IMPLEMENTED,
        results="Открыли два центра.",
        notes="Тайные заметки о внедрении",
        decision_comment="Тайный комментарий решения",
    )
    story_file = ReplicationAttachment(
        replication=implemented, title="Отчёт", file=ContentFile(b"%PDF-1.4 x", name="report.pdf")
    )
    story_file.save()
    not_shown = [
        ReplicationFactory(
            practice=practice,
            adopter=OrganizationFactory(name=f"Отказ {status}", slug=f"refusing-{status}"),
            status=status,
        )
        for status in (ReplicationStatus.DECLINED, ReplicationStatus.DROPPED)
    ]
    not_shown.append(
        ReplicationFactory(practice=hidden[-1], adopter=other, status=ReplicationStatus.IN_PROGRESS)
    )
    event = EventFactory(
        title="Открытый семинар соседских центров",
        slug="open-event",
        organizer=org,
        grant_project=project,
        online_url="https://meet.example.org/open",
    )
    item = ProgrammeItemFactory(event=event, title="Открытый доклад")
    item.speakers.add(
        PersonFactory(full_name="Скрытый Докладчик", public_consent=False, email="secret@y.org"),
        PersonFactory(full_name="Открытый Докладчик", organization=org),
    )
    internship = InternshipFactory(
        title="Открытая стажировка", slug="internship", organizer=org, grant_project=project
    )
    internship.practices.add(practice, *hidden)
    applicant = UserFactory(first_name="Тайный", last_name="Заявитель", email="secret@z.org")
    ApplicationFactory(event=internship, user=applicant, status=ApplicationStatus.ACCEPTED)
    cancelled = EventFactory(
        title="Отменённый семинар",
        slug="cancelled-event",
        organizer=org,
        status=EventStatus.CANCELLED,
        online_url="https://meet.example.org/zzhidden-cancelled",
        cancellation_reason="Карантин",
    )
    past = EventFactory(title="Прошедший семинар", slug="past-event", organizer=org, **_past(30))
    hidden_events = [
        EventFactory(
            title=f"Тайный семинар {status}",
            slug=f"zzhidden-event-{status.replace('_', '-')}",
            organizer=org,
            grant_project=project,
            status=status,
            **(_past(20) if n else {}),
        )
        for n, status in enumerate(HIDDEN_EVENT_STATUSES)
    ]
    return {
        "org": org,
        "other": other,
        "topic": topic,
        "group": group,
        "project": project,
        "practice": practice,
        "consenting": consenting,
        "attachment": attachment,
        "hidden": hidden,
        "replications": [requested, in_progress, implemented],
        "implemented": implemented,
        "not_shown": not_shown,
        "event": event,
        "internship": internship,
        "cancelled": cancelled,
        "past_event": past,
        "hidden_events": hidden_events,
    }


def walk(client, url, **headers):
    """Every row of a list, following ``next`` (100 a page); fails on a non-200 page."""
    rows = []
    url = url + ("&" if "?" in url else "?") + "page_size=100"
    while url:
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.content[:300])
        body = response.json()
        rows += body["results"]
        url = body["next"]
    return rows


def leaks(text):
    return [marker for marker in MARKERS if marker in text]
