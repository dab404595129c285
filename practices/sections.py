"""What the practices app contributes to pages other apps own (composed in portal.pages)."""

from .models import Practice

LIMIT = 20


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


def region_section(region):
    return {
        "practices": list(
            Practice.objects.published()
            .in_region(region)
            .only("title", "slug")
            .order_by("-published_at", "-pk")[:LIMIT]
        )
    }
