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
    delegation from there (two queries: one list does not hold the other's rows, since the
    region's first events may all be of other kinds)."""
    upcoming = Event.objects.public().upcoming()
    return {
        "events": list(upcoming.filter(region=region).only("title", "slug")[:REGION_LIMIT]),
        "internships": list(
            upcoming.filter(Q(region=region) | Q(delegation_region=region), kind=EventKind.INTERNSHIP)
            .select_related("region", "delegation_region")
            .only(
                "title", "slug", "start", "timezone", "region__code", "region__name_ru",
                "region__name_en", "region__timezone", "delegation_region__code",
                "delegation_region__name_ru", "delegation_region__name_en",
            )[:REGION_LIMIT]
        ),
    }  # fmt: skip
