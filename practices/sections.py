"""What the practices app contributes to pages other apps own (composed in portal.pages)."""

from typing import NamedTuple

from django.utils.translation import get_language

from common.urls import address

from .exchange import FLOW_STATUSES
from .models import Practice, PracticeStatus, Replication

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


def region_section(region):
    """The region's newest practices and its exchange with other regions: the practices its
    organisations took from elsewhere (with the source region) and its practices taken
    elsewhere (with the adopting regions). A practice taken carries the adopter's results
    once implemented (its story; the figures and files are in the passport's "where it
    works"). Three queries, each bounded."""
    taken = list(
        _flows()
        .filter(adopter_region=region)
        .exclude(practice__region=region)
        .select_related("practice__region", "adopter")
        .only(
            "status", "results", "implemented_on", "practice__title", "practice__slug",
            "practice__region__code", "practice__region__name_ru", "practice__region__name_en", "adopter__name",
            "adopter__short_name", "adopter__slug",
        )
        .order_by("-requested_at", "-pk")[:REGION_LIMIT]
    )  # fmt: skip
    # Rows, not models: a practice taken by three regions is three rows of three objects.
    english = (get_language() or "ru").startswith("en")
    given = {}
    for practice_id, title, slug, code, name_ru, name_en in (
        _flows()
        .filter(practice__region=region)
        .exclude(adopter_region=region)
        .order_by("-practice__published_at", "practice_id", "adopter_region__code")
        .values_list(
            "practice_id", "practice__title", "practice__slug", "adopter_region__code",
            "adopter_region__name_ru", "adopter_region__name_en",
        )[:GIVEN_ROWS]
    ):  # fmt: skip
        if practice_id not in given:
            given[practice_id] = (Practice(pk=practice_id, title=title, slug=slug), [])
        regions = given[practice_id][1]
        if all(place.code != code for place in regions):
            url = address("organizations:region-detail", code=code)
            regions.append(Place(code, name_en if english else name_ru, url))
    return {
        "practices": list(
            Practice.objects.published()
            .in_region(region)
            .only("title", "slug")
            .order_by("-published_at", "-pk")[:REGION_LIMIT]
        ),
        "taken_practices": taken,
        "given_practices": list(given.values())[:REGION_LIMIT],
    }
