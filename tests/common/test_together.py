"""common.together: several lists of one model in one query, each as it would be read alone."""

import pytest
from django.db import connection
from django.db.models import Value
from django.test.utils import CaptureQueriesContext

from common.together import read_together
from practices.models import Practice, PracticeStatus, Topic
from tests.factories import DraftPracticeFactory, PracticeFactory, TopicFactory

pytestmark = pytest.mark.django_db

CARDS = Practice.objects.for_cards("updated_at")


def _alone(queryset):
    return list(queryset)


def test_each_list_comes_in_its_own_order_and_limit(organization):
    for _ in range(4):
        DraftPracticeFactory(organization=organization, status=PracticeStatus.ON_REVIEW)
        DraftPracticeFactory(status=PracticeStatus.ON_REVIEW)
    mine = CARDS.filter(organization=organization).order_by("-updated_at", "-pk")[:3]
    queue = CARDS.filter(status=PracticeStatus.ON_REVIEW).order_by("updated_at", "pk")[:50]

    found = read_together(mine=mine, queue=queue)

    assert found["mine"] == _alone(mine)
    assert found["queue"] == _alone(queue)
    assert len(found["mine"]) == 3 and len(found["queue"]) == 8


def test_the_lists_are_read_in_one_query_with_their_related_rows(organization):
    DraftPracticeFactory(organization=organization)
    PracticeFactory()

    with CaptureQueriesContext(connection) as queries:
        found = read_together(
            drafts=CARDS.filter(status=PracticeStatus.DRAFT).order_by("pk")[:5],
            published=CARDS.filter(status=PracticeStatus.PUBLISHED).order_by("pk")[:5],
        )
        names = [row.organization.name for rows in found.values() for row in rows]
        regions = [row.region.code for rows in found.values() for row in rows]

    assert len(queries) == 1
    assert len(names) == len(regions) == 2


def test_a_row_in_two_lists_is_in_both(organization):
    practice = DraftPracticeFactory(organization=organization, status=PracticeStatus.ON_REVIEW)

    found = read_together(
        mine=CARDS.filter(organization=organization).order_by("pk")[:5],
        queue=CARDS.filter(status=PracticeStatus.ON_REVIEW).order_by("pk")[:5],
    )

    assert found == {"mine": [practice], "queue": [practice]}


def test_a_list_that_can_match_nothing_is_empty_and_the_others_are_read(organization):
    practice = PracticeFactory(organization=organization)

    found = read_together(
        none=CARDS.filter(organization_id__in=[]).order_by("pk")[:5],
        some=CARDS.filter(organization=organization).order_by("pk")[:5],
    )

    assert found == {"none": [], "some": [practice]}


def test_the_lists_prefetch_what_they_ask_for_in_one_query_for_all(organization):
    topic = TopicFactory()
    for status in (PracticeStatus.DRAFT, PracticeStatus.PUBLISHED):
        (DraftPracticeFactory if status == PracticeStatus.DRAFT else PracticeFactory)(
            organization=organization
        ).topics.add(topic)
    cards = CARDS.prefetch_related("topics")

    with CaptureQueriesContext(connection) as queries:
        found = read_together(
            drafts=cards.filter(status=PracticeStatus.DRAFT).order_by("pk")[:5],
            published=cards.filter(status=PracticeStatus.PUBLISHED).order_by("pk")[:5],
        )
        topics = [list(row.topics.all()) for rows in found.values() for row in rows]

    assert topics == [[topic], [topic]]
    assert len(queries) == 2


def test_no_lists_read_nothing():
    with CaptureQueriesContext(connection) as queries:
        assert read_together() == {}
    assert len(queries) == 0


@pytest.mark.parametrize(
    "queryset",
    [
        Practice.objects.order_by("pk"),  # no limit
        Practice.objects.order_by("pk").distinct()[:5],
        Practice.objects.order_by("pk").annotate(n=Value(1))[:5],
    ],
    ids=["unsliced", "distinct", "annotated"],
)
def test_a_list_it_cannot_read_again_by_id_is_refused(queryset):
    with pytest.raises(ValueError):
        read_together(one=queryset)


def test_an_unordered_list_is_refused():
    with pytest.raises(ValueError):
        read_together(one=Practice.objects.order_by()[:5])


@pytest.mark.parametrize(
    "other",
    [
        Practice.objects.select_related("organization").order_by("pk")[:5],
        CARDS.only("title").order_by("pk")[:5],
        Topic.objects.order_by("pk")[:5],
    ],
    ids=["other related rows", "other columns", "another model"],
)
def test_lists_that_would_not_share_their_columns_are_refused(other):
    with pytest.raises(ValueError):
        read_together(one=CARDS.order_by("pk")[:5], two=other)
