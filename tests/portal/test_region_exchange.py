"""A region's page shows the exchange (issue #11, part 2): practices taken from other regions
with their source, practices given with the adopting regions, partner regions ranked by
replications, and upcoming internships hosted there or with a delegation from there."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import EventStatus
from practices.models import PracticeStatus, ReplicationStatus
from practices.sections import REGION_LIMIT
from tests.factories import (
    EventFactory,
    InternshipFactory,
    OrganizationFactory,
    PracticeFactory,
    ReplicationFactory,
    region,
)

pytestmark = pytest.mark.django_db


def _org(code):
    return OrganizationFactory(region=region(code))


def _address(code):
    return reverse("organizations:region-detail", kwargs={"code": code})


def _page(client, code="RU-CHE"):
    return client.get(_address(code))


def _replicate(practice, code, status=ReplicationStatus.IN_PROGRESS):
    return ReplicationFactory(practice=practice, adopter=_org(code), status=status)


def test_a_region_lists_the_practices_it_took_with_their_source_region(client):
    taken = PracticeFactory(organization=_org("RU-SA"), title="Семьи Модута")
    _replicate(taken, "RU-CHE")
    requested = PracticeFactory(organization=_org("RU-SA"), title="Только заявка")
    _replicate(requested, "RU-CHE", ReplicationStatus.REQUESTED)

    response = _page(client)

    [taken] = response.context["taken_practices"]
    assert taken.practice.name == "Семьи Модута"
    section = response.content.decode().split('id="taken-h"')[1].split("</section>")[0]
    assert "Республика Саха (Якутия)" in section


def test_a_region_lists_the_practices_it_gave_with_the_adopting_regions(client):
    given = PracticeFactory(organization=_org("RU-CHE"), title="Соседские центры")
    _replicate(given, "RU-SA")
    _replicate(given, "RU-MOW", ReplicationStatus.IMPLEMENTED)
    _replicate(given, "RU-CHE")  # within the region: not given

    response = _page(client)

    [(practice, regions)] = response.context["given_practices"]
    assert practice.name == "Соседские центры"
    assert sorted(r.code for r in regions) == ["RU-MOW", "RU-SA"]


def test_a_draft_practice_is_neither_taken_nor_given(client):
    draft = PracticeFactory(organization=_org("RU-SA"), status=PracticeStatus.DRAFT)
    _replicate(draft, "RU-CHE")

    html = _page(client).content.decode()

    assert draft.title not in html


def test_partner_regions_are_ranked_by_replications_both_ways(client):
    for _ in range(2):
        _replicate(PracticeFactory(organization=_org("RU-SA")), "RU-CHE")
    _replicate(PracticeFactory(organization=_org("RU-CHE")), "RU-SA")
    _replicate(PracticeFactory(organization=_org("RU-MOW")), "RU-CHE")

    partners = _page(client).context["partners"]

    assert [(p.code, p.given, p.taken) for p in partners] == [
        ("RU-SA", 1, 2),
        ("RU-MOW", 0, 1),
    ]


def test_internships_hosted_in_or_visited_from_the_region_are_listed(client):
    hosted = InternshipFactory(region=region("RU-CHE"), delegation_region=region("RU-SA"))
    delegation = InternshipFactory(region=region("RU-SA"), delegation_region=region("RU-CHE"))
    elsewhere = InternshipFactory(region=region("RU-SA"), delegation_region=region("RU-MOW"))
    seminar = EventFactory(region=region("RU-CHE"), kind="seminar")
    draft = InternshipFactory(region=region("RU-CHE"), status=EventStatus.DRAFT)

    context = _page(client).context

    assert {e.pk for e in context["internships"]} == {hosted.pk, delegation.pk}
    assert {e.url for e in context["events"]} == {
        hosted.get_absolute_url(),
        seminar.get_absolute_url(),
    }
    assert elsewhere.get_absolute_url() not in {e.url for e in context["events"]}
    assert draft.pk not in {e.pk for e in context["internships"]}


def test_internships_are_listed_after_more_upcoming_events_of_other_kinds(client):
    soon = timezone.now() + timedelta(days=1)
    for day in range(2 * REGION_LIMIT):
        EventFactory(region=region("RU-CHE"), kind="seminar", start=soon + timedelta(days=day))
    later = InternshipFactory(region=region("RU-CHE"), start=soon + timedelta(days=60))

    context = _page(client).context

    assert [e.pk for e in context["internships"]] == [later.pk]
    assert len(context["events"]) == REGION_LIMIT
    assert later.get_absolute_url() not in {e.url for e in context["events"]}


def test_the_region_page_counts_its_organisations_under_any_map_filter(client):
    OrganizationFactory.create_batch(3, region=region("RU-CHE"), kind="ngo")
    OrganizationFactory(region=region("RU-CHE"), kind="tos")
    OrganizationFactory(region=region("RU-SA"))

    shown = '<dd class="col-sm-8">4</dd>'

    assert shown in _page(client).content.decode()
    assert shown in client.get(_address("RU-CHE") + "?kind=tos").content.decode()


def _world(n):
    che = _org("RU-CHE")
    for i in range(n):
        _replicate(PracticeFactory(organization=_org("RU-SA")), "RU-CHE")
        _replicate(PracticeFactory(organization=che), ["RU-SA", "RU-MOW", "RU-TA"][i % 3])
        InternshipFactory(region=region("RU-SA"), delegation_region=region("RU-CHE"))


def test_the_region_page_runs_at_most_twelve_queries_whatever_the_exchange(
    client, django_assert_max_num_queries
):
    _world(1)
    _page(client)
    _world(12)

    with django_assert_max_num_queries(12):
        response = _page(client)

    assert len(response.context["taken_practices"]) == REGION_LIMIT


def test_a_region_lists_ten_practices_it_gave_the_newest_first(client):
    che = _org("RU-CHE")
    now = timezone.now()
    for day in range(REGION_LIMIT + 3):
        practice = PracticeFactory(
            organization=che, title=f"Практика {day:02}", published_at=now - timedelta(days=day)
        )
        _replicate(practice, "RU-SA")
        _replicate(practice, "RU-MOW")

    given = _page(client).context["given_practices"]

    assert [link.name for link, _ in given] == [f"Практика {d:02}" for d in range(REGION_LIMIT)]
    assert all(
        sorted(place.code for place in regions) == ["RU-MOW", "RU-SA"] for _, regions in given
    )


def test_a_practice_taken_shows_its_status_and_a_story_once_implemented(client):
    started = PracticeFactory(organization=_org("RU-SA"), title="Начатая")
    done = PracticeFactory(organization=_org("RU-SA"), title="Внедрённая")
    _replicate(started, "RU-CHE").__class__.objects.filter(practice=started).update(
        results="Ещё рано"
    )
    ReplicationFactory(
        practice=done,
        adopter=_org("RU-CHE"),
        status=ReplicationStatus.IMPLEMENTED,
        results="Открыли три центра",
    )

    english = client.get("/en" + _address("RU-CHE")).content.decode()
    taken = {t.practice.name: t for t in client.get(_address("RU-CHE")).context["taken_practices"]}

    assert taken["Внедрённая"].has_results and not taken["Начатая"].has_results
    assert "Открыли три центра" in english and "Ещё рано" not in english
    assert "In progress" in english and "Implemented" in english
    assert 'href="/en/practices/' in english


def test_an_internship_says_who_hosts_and_who_comes_on_its_local_date(client):
    # 20:00 UTC on 1 March is 05:00 on 2 March in Yakutsk (UTC+9).
    start = timezone.now().replace(month=3, day=1, hour=20, minute=0) + timedelta(days=366)
    InternshipFactory(
        title="Стажировка в Якутске",
        region=region("RU-SA"),
        delegation_region=region("RU-CHE"),
        start=start,
        end=start + timedelta(days=2),
        timezone="",
    )
    InternshipFactory(title="Стажировка без гостей", region=region("RU-SA"), delegation_region=None)

    yakutia = _page(client, "RU-SA").content.decode()
    chelyabinsk = _page(client, "RU-CHE").content.decode()

    assert "Стажировка в Якутске</a>, 2 марта" in yakutia
    assert "принимает этот регион, делегация: Челябинская область" in yakutia
    assert "Стажировка без гостей</a>" in yakutia
    assert "делегация отсюда, принимает Республика Саха (Якутия)" in chelyabinsk
