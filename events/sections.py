"""What the events app contributes to pages other apps own (composed in portal.pages)."""

from django.db.models import Q

from .models import Event, EventKind

LIMIT = 20
# A region's page is an overview, with links to the whole lists.
REGION_LIMIT = 10


def organization_section(organization):
    """The organisation's public events, the latest first (one query)."""
    return {
        "events": list(
            Event.objects.public()
            .filter(organizer=organization)
            .only("title", "slug")
            .order_by("-start", "-pk")[:LIMIT]
        )
    }


def region_section(region):
    """Upcoming events held in the region, and upcoming internships hosted there or with a
    delegation from there (one query)."""
    rows = list(
        Event.objects.public()
        .upcoming()
        .filter(Q(region=region) | Q(kind=EventKind.INTERNSHIP, delegation_region=region))
        .select_related("region", "delegation_region")
        .only(
            "title", "slug", "kind", "start", "end", "timezone", "status", "region__code",
            "region__name_ru", "region__name_en", "region__timezone", "region__capital_ru",
            "region__capital_en", "delegation_region__code", "delegation_region__name_ru",
            "delegation_region__name_en",
        )[: REGION_LIMIT * 2]
    )  # fmt: skip
    return {
        "events": [e for e in rows if e.region_id == region.pk][:REGION_LIMIT],
        "internships": [e for e in rows if e.kind == EventKind.INTERNSHIP][:REGION_LIMIT],
    }
