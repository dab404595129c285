"""What the events app contributes to pages other apps own (composed in portal.pages)."""

from .models import Event

LIMIT = 20


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
    return {
        "events": list(
            Event.objects.public().upcoming().filter(region=region).only("title", "slug")[:LIMIT]
        )
    }
