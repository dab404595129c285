"""The map's tallies (practices.tallies) against the figures counted directly, after every
kind of write that changes them, and the writes that must not recount."""

import io
import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, F, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from organizations.models import FederalDistrict, Organization, OrganizationKind
from practices import services, tallies
from practices.exchange import MapFilters, Measure, _count
from practices.models import (
    FlowTally,
    Practice,
    PracticeStatus,
    PracticeTally,
    Replication,
    ReplicationStatus,
)
from tests.factories import (
    OrganizationFactory,
    PracticeFactory,
    ReplicationFactory,
    TopicFactory,
    member_of,
    region,
)

pytestmark = pytest.mark.django_db

FLOWS = [ReplicationStatus.IN_PROGRESS, ReplicationStatus.IMPLEMENTED]


def counted_directly(filters):
    """The figures as a GROUP BY over every practice, organisation and replication."""
    practice_lookups, organization_lookups = {}, {}
    if filters.topic:
        practice_lookups["topics__slug"] = filters.topic
    if filters.kind:
        practice_lookups["organization__kind"] = filters.kind
        organization_lookups["kind"] = filters.kind
    if filters.district:
        practice_lookups["region__federal_district"] = filters.district
        organization_lookups["region__federal_district"] = filters.district
    practices = dict(
        Practice.objects.published()
        .filter(**practice_lookups)
        .values_list("region_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    organizations = dict(
        Organization.objects.filter(**organization_lookups)
        .values_list("region_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    flows = {
        (source, target): (n, distinct, told)
        for source, target, n, distinct, told in Replication.objects.filter(
            status__in=FLOWS,
            practice__status=PracticeStatus.PUBLISHED,
            **{f"practice__{key}": value for key, value in practice_lookups.items()},
        )
        .exclude(adopter__region_id=F("practice__region_id"))
        .values_list("practice__region_id", "adopter__region_id")
        .annotate(
            n=Count("pk"),
            distinct=Count("practice_id", distinct=True),
            told=Count("pk", filter=Q(status=ReplicationStatus.IMPLEMENTED) & ~Q(results="")),
        )
        .order_by()
    }
    return practices, organizations, flows


def tallied(filters):
    figures = _count(filters, max_flows=10_000)
    flows = {(source, target): (n, distinct) for source, target, n, distinct in figures["flows"]}
    return figures[Measure.PRACTICES], figures[Measure.ORGANIZATIONS], flows


def assert_tallies_match(topic=None):
    """The tallies answer as the direct count, without filters and under each filter."""
    cases = [
        MapFilters(),
        MapFilters(kind=OrganizationKind.NGO),
        MapFilters(district=FederalDistrict.FAR_EASTERN),
        MapFilters(district=FederalDistrict.URAL, kind=OrganizationKind.NGO),
    ]
    if topic is not None:
        cases += [MapFilters(topic=topic.slug), MapFilters(topic=topic.slug, kind="ngo")]
    for filters in cases:
        practices, organizations, flows = counted_directly(filters)
        got_practices, got_organizations, got_flows = tallied(filters)
        assert got_practices == practices, filters
        assert got_organizations == organizations, filters
        assert got_flows == {pair: (n, d) for pair, (n, d, _told) in flows.items()}, filters
        stories = {}
        for (_source, target), (_n, _d, told) in flows.items():
            if told:
                stories[target] = stories.get(target, 0) + told
        assert _count(filters)[Measure.STORIES] == stories, filters
        assert _count(filters, max_flows=1)["flow_total"] == len(flows), filters


@pytest.fixture
def topic():
    return TopicFactory()


@pytest.fixture
def yakutia_ngo():
    return OrganizationFactory(region=region("RU-SA"), kind=OrganizationKind.NGO)


@pytest.fixture
def chelyabinsk_ngo():
    return OrganizationFactory(region=region("RU-CHE"), kind=OrganizationKind.NGO)


@pytest.fixture
def flow(yakutia_ngo, chelyabinsk_ngo, topic):
    practice = PracticeFactory(organization=yakutia_ngo, topics=[topic])
    return ReplicationFactory(
        practice=practice, adopter=chelyabinsk_ngo, status=ReplicationStatus.IN_PROGRESS
    )


def test_a_published_practice_is_counted_in_its_region_and_topic(yakutia_ngo, topic):
    PracticeFactory(organization=yakutia_ngo, topics=[topic])
    PracticeFactory(organization=yakutia_ngo)

    assert tallied(MapFilters())[0] == {region("RU-SA").pk: 2}
    assert tallied(MapFilters(topic=topic.slug))[0] == {region("RU-SA").pk: 1}
    assert_tallies_match(topic)


def test_a_draft_is_not_counted_until_published(yakutia_ngo, topic):
    practice = PracticeFactory(
        organization=yakutia_ngo, topics=[topic], status=PracticeStatus.DRAFT
    )
    assert tallied(MapFilters())[0] == {}

    practice.status = PracticeStatus.PUBLISHED
    practice.published_at = timezone.now()
    practice.save()

    assert tallied(MapFilters(topic=topic.slug))[0] == {region("RU-SA").pk: 1}
    assert_tallies_match(topic)


def test_publishing_through_the_service_counts_the_practice(yakutia_ngo, topic, moderator):
    practice = PracticeFactory(
        organization=yakutia_ngo, topics=[topic], status=PracticeStatus.ON_REVIEW
    )

    services.publish_practice(practice=practice, user=moderator)

    assert tallied(MapFilters())[0] == {region("RU-SA").pk: 1}
    assert_tallies_match(topic)


def test_archiving_a_practice_takes_it_and_its_flows_off_the_map(flow, topic, moderator):
    services.archive_practice(practice=flow.practice, user=moderator)

    assert tallied(MapFilters()) == ({}, tallied(MapFilters())[1], {})
    assert_tallies_match(topic)


def test_moving_a_practice_to_another_region_moves_its_count_and_flows(flow, topic):
    practice = flow.practice
    practice.region = region("RU-MOW")
    practice.save()

    assert tallied(MapFilters())[0] == {region("RU-MOW").pk: 1}
    assert set(tallied(MapFilters())[2]) == {(region("RU-MOW").pk, region("RU-CHE").pk)}
    assert_tallies_match(topic)


def test_topics_added_and_removed_are_recounted(flow, topic):
    other = TopicFactory()
    flow.practice.topics.add(other)
    assert tallied(MapFilters(topic=other.slug))[0] == {region("RU-SA").pk: 1}

    flow.practice.topics.remove(topic)
    assert tallied(MapFilters(topic=topic.slug)) == ({}, tallied(MapFilters())[1], {})
    assert_tallies_match(other)


def test_a_topics_practices_cleared_from_the_topics_side_are_recounted(flow, topic):
    topic.practices.clear()

    assert tallied(MapFilters(topic=topic.slug))[0] == {}
    assert_tallies_match(topic)


def test_a_request_is_not_a_flow_until_accepted(yakutia_ngo, chelyabinsk_ngo, topic):
    practice = PracticeFactory(organization=yakutia_ngo, topics=[topic])
    requester = member_of(chelyabinsk_ngo)
    replication = services.request_replication(
        practice=practice, user=requester, adopter=chelyabinsk_ngo
    )
    assert tallied(MapFilters())[2] == {}

    services.accept_replication(replication=replication, user=member_of(yakutia_ngo))

    pair = (region("RU-SA").pk, region("RU-CHE").pk)
    assert tallied(MapFilters())[2] == {pair: (1, 1)}
    assert_tallies_match(topic)


def test_results_told_count_as_a_story(flow, topic):
    flow.status = ReplicationStatus.IMPLEMENTED
    flow.results = "Открыли два центра."
    flow.save()

    assert _count(MapFilters())[Measure.STORIES] == {region("RU-CHE").pk: 1}
    assert_tallies_match(topic)


def test_a_dropped_or_deleted_replication_leaves_the_flows(flow, topic, yakutia_ngo):
    second = ReplicationFactory(
        practice=PracticeFactory(organization=yakutia_ngo),
        adopter=flow.adopter,
        status=ReplicationStatus.IMPLEMENTED,
    )
    pair = (region("RU-SA").pk, region("RU-CHE").pk)
    assert tallied(MapFilters())[2] == {pair: (2, 2)}

    flow.status = ReplicationStatus.DROPPED
    flow.save()
    second.delete()

    assert tallied(MapFilters())[2] == {}
    assert_tallies_match(topic)


def test_an_organisation_is_counted_where_it_is_and_moves_with_its_region(yakutia_ngo):
    yakutia = region("RU-SA").pk
    assert tallied(MapFilters())[1] == {yakutia: 1}

    yakutia_ngo.region = region("RU-CHE")
    yakutia_ngo.save()

    assert tallied(MapFilters())[1] == {region("RU-CHE").pk: 1}
    assert_tallies_match()


def test_an_adopters_move_moves_the_flows_it_adopted(flow, topic, chelyabinsk_ngo):
    chelyabinsk_ngo.region = region("RU-MOW")
    chelyabinsk_ngo.save()

    assert set(tallied(MapFilters())[2]) == {(region("RU-SA").pk, region("RU-MOW").pk)}
    assert_tallies_match(topic)


def test_a_change_of_kind_recounts_its_practices_and_their_flows(flow, topic, yakutia_ngo):
    yakutia_ngo.kind = OrganizationKind.RESOURCE_CENTRE
    yakutia_ngo.save()

    assert tallied(MapFilters(kind=OrganizationKind.NGO))[0] == {}
    assert tallied(MapFilters(kind=OrganizationKind.RESOURCE_CENTRE))[0] == {region("RU-SA").pk: 1}
    assert_tallies_match(topic)


def test_a_region_that_gave_practices_of_two_kinds_to_one_region_is_one_flow(
    flow, topic, chelyabinsk_ngo
):
    centre = OrganizationFactory(region=region("RU-SA"), kind=OrganizationKind.RESOURCE_CENTRE)
    ReplicationFactory(
        practice=PracticeFactory(organization=centre, topics=[topic]),
        adopter=chelyabinsk_ngo,
        status=ReplicationStatus.IMPLEMENTED,
    )

    assert _count(MapFilters())["flow_total"] == 1
    assert _count(MapFilters(kind=OrganizationKind.RESOURCE_CENTRE))["flow_total"] == 1
    assert_tallies_match(topic)


def test_a_deleted_organisation_is_no_longer_counted():
    organization = OrganizationFactory(region=region("RU-SA"))
    organization.delete()

    assert tallied(MapFilters())[1] == {}


def test_editing_a_practices_text_recounts_nothing(flow, django_assert_max_num_queries):
    practice = Practice.objects.get(pk=flow.practice_id)
    practice.title = "Новое название"

    # The save itself, history, and the one query reading what it was counted by.
    with django_assert_max_num_queries(4) as captured:
        practice.save()

    assert not any("tally" in query["sql"] for query in captured.captured_queries)


def test_editing_a_replications_notes_recounts_nothing(flow, django_assert_max_num_queries):
    flow.notes = "Адаптируем под сельские поселения."

    with django_assert_max_num_queries(4) as captured:
        flow.save()

    assert not any("tally" in query["sql"] for query in captured.captured_queries)


def test_refresh_all_rebuilds_tallies_lost_to_bulk_writes(flow, topic, yakutia_ngo):
    PracticeTally.objects.all().delete()
    FlowTally.objects.all().delete()
    Practice.objects.bulk_create(
        [
            Practice(
                title="Массовая",
                slug="bulk-one",
                summary="Кратко.",
                organization=yakutia_ngo,
                region=yakutia_ngo.region,
                status=PracticeStatus.PUBLISHED,
                published_at=flow.practice.published_at,
            )
        ]
    )

    tallies.refresh_all()

    assert tallied(MapFilters())[0] == {region("RU-SA").pk: 2}
    assert_tallies_match(topic)


def test_seed_bulk_leaves_the_tallies_matching_the_data():
    call_command("seed_bulk", practices=40, organizations=10, events=5, verbosity=0)

    assert Practice.objects.published().exists()
    assert_tallies_match()


def test_a_replication_keeps_its_adopters_region(flow, chelyabinsk_ngo):
    assert flow.adopter_region == region("RU-CHE")


def test_an_adopters_move_carries_its_replications_region(flow, chelyabinsk_ngo):
    chelyabinsk_ngo.region = region("RU-MOW")
    chelyabinsk_ngo.save()

    flow.refresh_from_db()
    assert flow.adopter_region == region("RU-MOW")


def test_a_region_page_lists_what_its_organisations_took_after_a_move(
    client, flow, chelyabinsk_ngo
):
    chelyabinsk_ngo.region = region("RU-MOW")
    chelyabinsk_ngo.save()

    moscow = client.get("/regions/RU-MOW/")
    chelyabinsk = client.get("/regions/RU-CHE/")

    assert flow.practice.title in moscow.content.decode()
    assert flow.practice.title not in chelyabinsk.content.decode()


def test_the_recount_map_command_rebuilds_the_tallies(flow, topic):
    PracticeTally.objects.all().delete()
    FlowTally.objects.all().delete()
    out = io.StringIO()

    call_command("recount_map", stdout=out)

    assert "recounted" in out.getvalue()
    assert_tallies_match(topic)


def test_clearing_a_practices_topics_takes_it_off_each_topic(flow, topic):
    flow.practice.topics.clear()

    assert tallied(MapFilters(topic=topic.slug))[0] == {}
    assert tallied(MapFilters())[0] == {region("RU-SA").pk: 1}
    assert_tallies_match(topic)


def test_a_practice_moved_to_an_organisation_of_another_kind_changes_kind(flow, topic):
    centre = OrganizationFactory(region=region("RU-SA"), kind=OrganizationKind.RESOURCE_CENTRE)
    practice = flow.practice
    practice.organization = centre
    practice.save()

    assert tallied(MapFilters(kind=OrganizationKind.RESOURCE_CENTRE))[0] == {region("RU-SA").pk: 1}
    assert_tallies_match(topic)


def test_publishing_counts_the_practice_in_without_recounting_its_region(
    yakutia_ngo, topic, moderator
):
    PracticeFactory.create_batch(3, organization=yakutia_ngo, topics=[topic])
    practice = PracticeFactory(
        organization=yakutia_ngo, topics=[topic], status=PracticeStatus.ON_REVIEW
    )

    with CaptureQueriesContext(connection) as captured:
        services.publish_practice(practice=practice, user=moderator)

    recounts = [
        q["sql"] for q in captured.captured_queries if 'COUNT("practices_practice' in q["sql"]
    ]
    assert recounts == []
    assert tallied(MapFilters(topic=topic.slug))[0] == {region("RU-SA").pk: 4}
    assert_tallies_match(topic)


def test_the_tallies_follow_a_random_run_of_writes(topic, moderator):
    """Two hundred writes of every kind, drawn with a fixed seed, then the direct count."""
    rng = random.Random(20261129)
    regions = [region(code) for code in ("RU-SA", "RU-CHE", "RU-MOW", "RU-TA")]
    kinds = [OrganizationKind.NGO, OrganizationKind.RESOURCE_CENTRE]
    topics = [topic, TopicFactory(), TopicFactory()]
    organizations = [
        OrganizationFactory(region=rng.choice(regions), kind=rng.choice(kinds)) for _ in range(6)
    ]
    practices = []
    for _ in range(200):
        action = rng.randrange(8)
        if action == 0 or not practices:
            practices.append(
                PracticeFactory(
                    organization=rng.choice(organizations),
                    region=rng.choice(regions),
                    topics=rng.sample(topics, rng.randint(0, 2)),
                    status=rng.choice([PracticeStatus.PUBLISHED, PracticeStatus.DRAFT]),
                    published_at=timezone.now(),
                )
            )
        elif action == 1:
            practice = rng.choice(practices)
            practice.status = rng.choice(list(PracticeStatus))
            practice.published_at = timezone.now()
            practice.save()
        elif action == 2:
            practice = rng.choice(practices)
            practice.region = rng.choice(regions)
            practice.save()
        elif action == 3:
            rng.choice(practices).topics.set(rng.sample(topics, rng.randint(0, 3)))
        elif action == 4:
            practice, adopter = rng.choice(practices), rng.choice(organizations)
            if adopter != practice.organization:
                Replication.objects.update_or_create(
                    practice=practice,
                    adopter=adopter,
                    defaults={
                        "status": rng.choice(list(ReplicationStatus)),
                        "results": rng.choice(["", "Итоги"]),
                    },
                )
        elif action == 5 and Replication.objects.exists():
            Replication.objects.order_by("?").first().delete()
        elif action == 6:
            organization = rng.choice(organizations)
            organization.region, organization.kind = rng.choice(regions), rng.choice(kinds)
            organization.save()
        else:
            practice = rng.choice(practices)
            practice.organization = rng.choice(organizations)
            practice.save()

    for chosen in topics:
        assert_tallies_match(chosen)
