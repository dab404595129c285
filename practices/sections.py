"""What the practices app contributes to pages other apps own (composed in portal.pages)."""

from typing import NamedTuple

from common.urls import Link, address
from organizations.filters import region_named

from .exchange import FLOW_STATUSES
from .models import (
    REPLICATION_BADGES,
    Practice,
    PracticeStatus,
    Replication,
    ReplicationStatus,
)

LIMIT = 20
# A region's page is an overview of each list, with a link to the whole list.
REGION_LIMIT = 10
# Rows read for "given": a practice taken by several regions is one row each.
GIVEN_ROWS = 3 * REGION_LIMIT


class Place(NamedTuple):
    """A region as a link."""

    code: str
    name: str
    url: str


def organization_section(organization):
    """The organisation's published practices, newest first (one query)."""
    return {
        "practices": list(
            Practice.objects.published()
            .filter(organization=organization)
            .only("title", "slug")
            .order_by("-published_at", "-pk")[:LIMIT]
        )
    }


def _flows():
    return Replication.objects.filter(
        status__in=FLOW_STATUSES, practice__status=PracticeStatus.PUBLISHED
    )


class Taken(NamedTuple):
    """A practice a region took from another, as its page shows it."""

    practice: Link  # the practice's title and address
    source: str  # the region it came from
    adopter: str  # the organisation that took it
    status: str
    status_label: str
    badge_class: str
    results: str  # the adopter's story once implemented, else ""

    @property
    def has_results(self):
        return bool(self.results)


def region_section(region):
    """The region's newest practices and its exchange with other regions: the practices its
    organisations took from elsewhere (with the source region) and its practices taken
    elsewhere (with the adopting regions). A practice taken carries the adopter's results
    once implemented (its story; the figures and files are in the passport's "where it
    works"). Three queries, each bounded; rows read as values, not models (a practice taken
    by three regions is three rows of three objects)."""
    # Regions are named from the list read once per process (no join for them).
    statuses = dict(ReplicationStatus.choices)
    taken = []
    for status, results, title, slug, source_id, short_name, name in (
        _flows()
        .filter(adopter_region=region)
        .exclude(practice__region=region)
        .order_by("-requested_at", "-pk")
        .values_list(
            "status", "results", "practice__title", "practice__slug", "practice__region_id",
            "adopter__short_name", "adopter__name",
        )[:REGION_LIMIT]
    ):  # fmt: skip
        implemented = status == ReplicationStatus.IMPLEMENTED
        taken.append(
            Taken(
                Link(title, address("practices:detail", slug=slug)),
                region_named(source_id)[1],
                short_name or name,
                status,
                str(statuses.get(status, status)),
                REPLICATION_BADGES.get(status, "text-bg-secondary"),
                results.strip() if implemented else "",
            )
        )
    given = {}
    for practice_id, title, slug, adopter_region_id in (
        _flows()
        .filter(practice__region=region)
        .exclude(adopter_region=region)
        .order_by("-practice__published_at", "practice_id", "adopter_region_id")
        .values_list("practice_id", "practice__title", "practice__slug", "adopter_region_id")[
            :GIVEN_ROWS
        ]
    ):
        if practice_id not in given:
            if len(given) == REGION_LIMIT:
                continue  # the rest of the rows are for practices not shown
            given[practice_id] = (Link(title, address("practices:detail", slug=slug)), [])
        regions = given[practice_id][1]
        code, name = region_named(adopter_region_id)
        if code and all(place.code != code for place in regions):
            url = address("organizations:region-detail", code=code)
            regions.append(Place(code, name, url))
    for _link, regions in given.values():
        regions.sort(key=lambda place: place.code)
    return {
        "practices": list(
            Practice.objects.published()
            .in_region(region)
            .only("title", "slug")
            .order_by("-published_at", "-pk")[:REGION_LIMIT]
        ),
        "taken_practices": taken,
        "given_practices": list(given.values()),
    }
