"""The map of regions (issue #11): tiles, flows between regions, filters, tables, queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import Region
from practices.exchange import MapFilters, _count, map_figures, region_map
from practices.models import PracticeStatus, ReplicationStatus
from tests.factories import (
    OrganizationFactory,
    PracticeFactory,
    ReplicationFactory,
    TopicFactory,
    region,
)

pytestmark = pytest.mark.django_db

IN_PROGRESS = ReplicationStatus.IN_PROGRESS
IMPLEMENTED = ReplicationStatus.IMPLEMENTED


def _org(code, **kwargs):
    return OrganizationFactory(region=region(code), **kwargs)


def _replicate(practice, code, status=IN_PROGRESS, **kwargs):
    return ReplicationFactory(practice=practice, adopter=_org(code, **kwargs), status=status)


def _flows(filters=None):
    codes = dict(Region.objects.values_list("pk", "code"))
    return {
        (codes[s], codes[t]): n for s, t, n, _d in map_figures(filters or MapFilters())["flows"]
    }


def _tiles(html):
    return re.findall(r'<a href="(/regions/RU-[A-Z]+/)" class="s\d', html)


def test_every_region_has_its_own_tile():
    coordinates = list(Region.objects.values_list("grid_col", "grid_row"))

    assert len(coordinates) == 89
    assert None not in {c for pair in coordinates for c in pair}
    assert len(set(coordinates)) == 89


def test_the_map_page_draws_one_tile_per_region_linking_to_its_page(client):
    response = client.get(reverse("organizations:region-list"))

    links = _tiles(response.content.decode())
    assert sorted(links) == sorted(r.get_absolute_url() for r in Region.objects.all())


def test_flows_count_replications_in_progress_or_implemented_between_regions():
    practice = PracticeFactory(organization=_org("RU-SA"))
    _replicate(practice, "RU-CHE", IN_PROGRESS)
    _replicate(practice, "RU-CHE", IMPLEMENTED)
    _replicate(practice, "RU-CHE", ReplicationStatus.REQUESTED)
    _replicate(practice, "RU-CHE", ReplicationStatus.DECLINED)
    _replicate(practice, "RU-CHE", ReplicationStatus.DROPPED)
    _replicate(practice, "RU-SA", IMPLEMENTED)  # within the region: no arrow
    _replicate(PracticeFactory(organization=_org("RU-CHE")), "RU-SA", IMPLEMENTED)

    assert _flows() == {("RU-SA", "RU-CHE"): 2, ("RU-CHE", "RU-SA"): 1}


def test_a_draft_practices_replications_draw_no_flow():
    draft = PracticeFactory(organization=_org("RU-SA"), status=PracticeStatus.DRAFT)
    _replicate(draft, "RU-CHE", IMPLEMENTED)

    assert _flows() == {}


def test_flows_take_the_topic_kind_and_district_filters():
    topic = TopicFactory(slug="tos")
    on_topic = PracticeFactory(organization=_org("RU-SA", kind="resource-centre"))
    on_topic.topics.add(topic)
    _replicate(on_topic, "RU-CHE")
    off_topic = PracticeFactory(organization=_org("RU-MOW", kind="ngo"))
    _replicate(off_topic, "RU-CHE")

    assert _flows(MapFilters(topic="tos")) == {("RU-SA", "RU-CHE"): 1}
    assert _flows(MapFilters(kind="ngo")) == {("RU-MOW", "RU-CHE"): 1}
    assert _flows(MapFilters(district="far-eastern")) == {("RU-SA", "RU-CHE"): 1}


def test_taken_and_given_count_each_practice_once_per_taking_region():
    sa = _org("RU-SA")
    first, second = PracticeFactory(organization=sa), PracticeFactory(organization=sa)
    _replicate(first, "RU-CHE")
    _replicate(first, "RU-CHE")  # a second adopter in the same region: still one practice
    _replicate(first, "RU-MOW")
    _replicate(second, "RU-CHE")

    figures = map_figures()

    sa_id, che_id, mow_id = (region(c).pk for c in ("RU-SA", "RU-CHE", "RU-MOW"))
    assert figures["given"] == {sa_id: 3}  # first to two regions, second to one
    assert figures["taken"] == {che_id: 2, mow_id: 1}
    assert figures["practices"] == {sa_id: 2}


def test_tiles_are_shaded_by_the_chosen_measure():
    PracticeFactory(organization=_org("RU-SA"))
    _org("RU-CHE")
    _org("RU-CHE")

    by_practices = {t.code: t.value for t in region_map(measure="practices").tiles}
    by_organizations = {t.code: t.value for t in region_map(measure="organizations").tiles}

    assert by_practices["RU-SA"] == 1 and by_practices["RU-CHE"] == 0
    assert by_organizations["RU-CHE"] == 2


def test_the_hidden_table_holds_the_figures_of_the_map(client):
    practice = PracticeFactory(organization=_org("RU-SA"))
    _replicate(practice, "RU-CHE")

    html = client.get(reverse("organizations:region-list")).content.decode()

    rows = re.findall(r"<tr><th scope=\"row\">([^<]+)</th>((?:<td>\d+</td>)+)</tr>", html)
    table = {name: [int(v) for v in re.findall(r"\d+", cells)] for name, cells in rows}
    # practices, organisations, taken, given, implemented with results
    assert table["Республика Саха (Якутия)"] == [1, 1, 0, 1, 0]
    assert table["Челябинская область"] == [0, 1, 1, 0, 0]
    assert "<td>Республика Саха (Якутия)</td><td>Челябинская область</td><td>1</td>" in html


def test_the_map_page_understands_its_filters(client):
    practice = PracticeFactory(organization=_org("RU-SA"))
    _replicate(practice, "RU-CHE")

    response = client.get(reverse("organizations:region-list"), {"district": "central"})

    assert response.context["map"].flows == []


@pytest.mark.parametrize(
    "query",
    [
        {"measure": "nonsense"},
        {"topic": "no-such-topic"},
        {"kind": "<script>"},
        {"district": "x" * 5000},
        {"measure": "given", "topic": "\x00"},
    ],
)
def test_unknown_map_choices_are_ignored_with_a_warning(client, query):
    response = client.get(reverse("organizations:region-list"), query)

    assert response.status_code == 200
    assert "alert-warning" in response.content.decode()
    assert len(_tiles(response.content.decode())) == 89


def test_a_region_page_highlights_its_own_flows(client):
    practice = PracticeFactory(organization=_org("RU-SA"))
    _replicate(practice, "RU-CHE")
    _replicate(PracticeFactory(organization=_org("RU-MOW")), "RU-SPE")

    response = client.get(reverse("organizations:region-detail", kwargs={"code": "RU-CHE"}))

    html = response.content.decode()
    assert html.count('class="hl"') == 1
    assert 'class="s0 here"' in html or re.search(r'class="s\d here"', html)


def test_the_home_page_shows_the_small_map_linking_to_the_full_one(client):
    _replicate(PracticeFactory(organization=_org("RU-SA")), "RU-CHE")

    html = client.get(reverse("home")).content.decode()

    assert html.count('<use href="#t"') == 89
    assert 'href="/regions/" class="d-block"' in html


def _world(replications):
    sa = _org("RU-SA")
    practices = [PracticeFactory(organization=sa) for _ in range(3)]
    codes = ["RU-CHE", "RU-MOW", "RU-SPE", "RU-KDA", "RU-TA"]
    for i in range(replications):
        _replicate(practices[i % 3], codes[i % len(codes)])


@pytest.mark.parametrize("url", ["/", "/regions/", "/regions/RU-CHE/"])
def test_map_pages_run_the_same_queries_whatever_the_replications(
    client, django_assert_num_queries, url
):
    _world(1)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    _world(15)

    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)
    assert len(one.captured_queries) <= 12


def test_the_figures_are_counted_once_until_something_is_written(
    settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 300
    PracticeFactory(organization=_org("RU-SA"))
    map_figures()

    with django_assert_num_queries(0):
        cached = map_figures()
    PracticeFactory(organization=_org("RU-SA"))
    fresh = map_figures()

    assert sum(cached["practices"].values()) == 1
    assert sum(fresh["practices"].values()) == 2


@pytest.mark.skipif(
    not connection.features.supports_slicing_ordering_in_compound,
    reason="the two-part read of a region's flows needs ordered parts of a UNION",
)
def test_a_regions_flows_read_in_two_parts_equal_the_one_ordered_query(monkeypatch):
    _world(12)
    che = region("RU-CHE")
    in_parts = _count(MapFilters(), che.pk, max_flows=3)
    monkeypatch.setattr(connection.features, "supports_slicing_ordering_in_compound", False)
    in_one = _count(MapFilters(), che.pk, max_flows=3)

    assert in_parts["flows"] == in_one["flows"]
    assert in_parts["flow_total"] == in_one["flow_total"] > 3
