import datetime

import pytest
from django.utils import timezone

from events.models import EventStatus
from practices.models import PracticeStatus, ReplicationStatus
from tests.factories import (
    EventFactory,
    InternshipFactory,
    OrganizationFactory,
    PersonFactory,
    PracticeFactory,
    ProgrammeItemFactory,
    ReplicationFactory,
    TopicFactory,
    UserFactory,
    member_of,
    region,
)

HIDDEN_PRACTICE_STATUSES = [
    PracticeStatus.DRAFT,
    PracticeStatus.ON_REVIEW,
    PracticeStatus.RETURNED,
    PracticeStatus.ARCHIVED,
]


@pytest.fixture
def world(db):
    """Something of every kind, public and hidden, so each page renders its full layout and
    a leak has something to leak (tests/portal/test_leaks.py, test_robustness.py).

    Whatever must not be shown carries a marker in its title and address ("тайн",
    "zzhidden") or its name ("Скрытый Докладчик", "Скрытое Контактное Лицо", "secret@"),
    so one search of a response finds any leak; its public twin is named "Открыт…".
    """
    org = OrganizationFactory(slug="owner", region=region("RU-SA"), verified=True)
    other = OrganizationFactory(slug="other", region=region("RU-CHE"))
    topic = TopicFactory(slug="shared-topic")
    hidden_person = PersonFactory(
        full_name="Скрытый Докладчик",
        organization=org,
        public_consent=False,
        email="secret@example.org",
    )
    hidden_contact = PersonFactory(
        full_name="Скрытое Контактное Лицо", organization=org, public_consent=False
    )
    public_person = PersonFactory(full_name="Открытый Докладчик", organization=org)
    practice = PracticeFactory(
        title="Открытая практика соседей",
        slug="open",
        organization=org,
        topics=[topic],
        contact_person=hidden_contact,
    )
    hidden = [
        PracticeFactory(
            title=f"Тайная практика соседей {status}",
            slug=f"zzhidden-{status.replace('_', '-')}",
            organization=org,
            topics=[topic],
            status=status,
            published_at=timezone.now() if status == PracticeStatus.ARCHIVED else None,
        )
        for status in HIDDEN_PRACTICE_STATUSES
    ]
    # A request waiting for the owner's decision; a request for a practice archived
    # afterwards; declined and dropped requests, which "where it works" does not list.
    replication = ReplicationFactory(practice=practice, adopter=other)
    ReplicationFactory(practice=hidden[-1], adopter=other, status=ReplicationStatus.IN_PROGRESS)
    for status in (ReplicationStatus.DECLINED, ReplicationStatus.DROPPED):
        ReplicationFactory(
            practice=practice,
            adopter=OrganizationFactory(name=f"Отказавшаяся организация {status}"),
            status=status,
        )  # fmt: skip
    event = EventFactory(title="Открытый семинар соседей", slug="open-event", organizer=org)
    item = ProgrammeItemFactory(event=event, title="Открытый доклад")
    item.speakers.add(hidden_person, public_person)
    internship = InternshipFactory(
        title="Стажировка соседей", slug="internship", organizer=org, capacity=3
    )
    internship.practices.add(practice, *hidden)
    draft_event = EventFactory(
        title="Тайный семинар соседей",
        slug="zzhidden-event",
        organizer=org,
        status=EventStatus.DRAFT,
    )
    EventFactory(
        title="Тайный прошедший черновик соседей",
        slug="zzhidden-past-event",
        organizer=org,
        status=EventStatus.DRAFT,
        start=timezone.now() - datetime.timedelta(days=10),
        end=timezone.now() - datetime.timedelta(days=9),
    )
    past_event = EventFactory(
        title="Прошедший семинар соседей",
        slug="past-event",
        organizer=org,
        start=timezone.now() - datetime.timedelta(days=30),
        end=timezone.now() - datetime.timedelta(days=29),
    )
    return {
        "org": org,
        "other": other,
        "topic": topic,
        "practice": practice,
        "hidden": hidden,
        "replication": replication,
        "event": event,
        "internship": internship,
        "draft_event": draft_event,
        "past_event": past_event,
        "member": member_of(org, role="manager"),
        "outsider": member_of(other, role="manager"),
        "user": UserFactory(),
    }
