"""Every list and detail runs the same number of queries whatever the rows: a page of one
row or of twenty, a record that nests one of everything or twenty.

One world for the module (built once, rolled back after it): twenty and more of every
resource for the lists, and a "small" and a "big" record of each kind for the details."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from events.models import ApplicationStatus
from practices.models import ReplicationAttachment, ReplicationStatus
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    EventPartnerFactory,
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
    SiteVisitFactory,
    TargetGroupFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MANY = 20
# A filtered list of practices: the rows, their topics, the topic filter's check and the
# region filter's per-process list of regions (the rate limit counts in the cache).
LIST_QUERIES = 4
# The detail of a practice: the row, then steps, figures, files, topics, target groups,
# replications, their figures and their files; a project's: the page's eight and the row.
DETAIL_QUERIES = 10


def nest(size, *, slug, project, topics, groups, people):
    """A practice, an event, an internship and an organisation that nest ``size`` of each."""
    owner = OrganizationFactory(slug=f"owner-{slug}", parent=OrganizationFactory())
    for person in people[:size]:
        person.organization = owner
        person.save()
    practice = PracticeFactory(
        slug=f"practice-{slug}",
        organization=owner,
        topics=topics[:size],
        target_groups=groups[:size],
        grant_project=project,
        contact_person=people[0],
    )
    for _ in range(size):
        PracticeStepFactory(practice=practice)
        KeyFigureFactory(practice=practice)
        PracticeAttachmentFactory(practice=practice)
        replication = ReplicationFactory(
            practice=practice,
            status=ReplicationStatus.IMPLEMENTED,
            results="Внедрили.",
            adopter=OrganizationFactory(parent=owner),
        )
        replication.figures.create(value="1", label="центр")
        ReplicationAttachment(
            replication=replication, title="Отчёт", file=ContentFile(b"%PDF-1.4", name="r.pdf")
        ).save()
    event = EventFactory(slug=f"event-{slug}", organizer=owner, grant_project=project)
    internship = InternshipFactory(slug=f"internship-{slug}", organizer=owner, capacity=50)
    for _ in range(size):
        item = ProgrammeItemFactory(event=event)
        item.speakers.add(*people[:size])
        EventPartnerFactory(event=event)
        SiteVisitFactory(event=internship)
        internship.practices.add(PracticeFactory(organization=owner))
        ApplicationFactory(event=internship, status=ApplicationStatus.ACCEPTED)
    return owner


def build():
    topics = [TopicFactory(slug=f"api-topic-{i}") for i in range(MANY)]
    groups = [TargetGroupFactory(slug=f"api-group-{i}") for i in range(MANY)]
    people = [PersonFactory() for _ in range(MANY)]
    small_project = GrantProjectFactory(slug="project-small")
    big_project = GrantProjectFactory(slug="project-big")
    nest(1, slug="small", project=small_project, topics=topics, groups=groups, people=people)
    nest(MANY, slug="big", project=big_project, topics=topics, groups=groups, people=people)
    for i in range(MANY):  # more rows for every list, and the big project's
        practice = PracticeFactory(grant_project=big_project, topics=topics)
        ReplicationFactory(practice=practice, status=ReplicationStatus.IN_PROGRESS)
        event = EventFactory(grant_project=big_project)
        ApplicationFactory(event=event, user=UserFactory(), status=ApplicationStatus.ACCEPTED)
        start = timezone.now() - datetime.timedelta(days=40 + i)
        EventFactory(start=start, end=start + datetime.timedelta(hours=2))
        GrantProjectFactory()
        big_project.partners.add(OrganizationFactory())
        big_project.indicators.create(order=i, title=f"Показатель {i}", planned=i)


@pytest.fixture(scope="module")
def rows(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("api-queries"))),
        transaction.atomic(),
    ):
        build()
        yield
        transaction.set_rollback(True)


LISTS = [
    "/api/v1/practices/",
    "/api/v1/practices/?q=практика&region=RU-SA&topic=api-topic-0",
    "/api/v1/replications/",
    "/api/v1/events/",
    "/api/v1/events/?past=1",
    "/api/v1/organizations/",
    "/api/v1/organizations/?region=RU-SA&kind=ngo",
    "/api/v1/topics/",
    "/api/v1/regions/",
    "/api/v1/projects/",
]


@pytest.mark.parametrize("size", [1, MANY])
@pytest.mark.parametrize("url", LISTS)
def test_a_list_costs_the_same_for_one_row_and_twenty(
    client, rows, django_assert_max_num_queries, size, url
):
    url += ("&" if "?" in url else "?") + f"page_size={size}"

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.json()["results"]) == size


@pytest.mark.parametrize("size", ["small", "big"])
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/practices/practice-{size}/",
        "/api/v1/events/event-{size}/",
        "/api/v1/events/internship-{size}/",
        "/api/v1/organizations/owner-{size}/",
        "/api/v1/projects/project-{size}/",
    ],
)
def test_a_detail_costs_the_same_whatever_it_nests(
    client, rows, django_assert_max_num_queries, size, url
):
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(url.format(size=size))

    assert response.status_code == 200


def test_the_big_records_do_nest_many(client, rows):
    practice = client.get("/api/v1/practices/practice-big/").json()
    event = client.get("/api/v1/events/event-big/").json()
    project = client.get("/api/v1/projects/project-big/").json()

    assert (
        len(practice["replications"]) == len(practice["steps"]) == len(practice["topics"]) == MANY
    )
    assert len(event["programme"]) == len(event["programme"][0]["speakers"]) == MANY
    assert len(project["practices"]) > MANY and len(project["indicators"]) == MANY


@pytest.mark.parametrize(
    "url",
    ["/api/v1/replications/{id}/", "/api/v1/topics/api-topic-0/", "/api/v1/regions/RU-SA/"],
)
def test_a_small_resources_detail_is_one_or_a_few_queries(
    client, rows, django_assert_max_num_queries, url
):
    replication = client.get("/api/v1/replications/?page_size=1").json()["results"][0]["id"]

    with django_assert_max_num_queries(3):
        response = client.get(url.format(id=replication))

    assert response.status_code == 200
