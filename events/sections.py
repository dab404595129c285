"""What the events app contributes to pages other apps own (composed in portal.pages)."""

import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

from common.urls import Link, address
from organizations.filters import region_named, region_rows

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


class Internship(NamedTuple):
    """An upcoming internship as a region's page lists it."""

    pk: int
    link: Link
    start: datetime.datetime  # in the venue's zone
    hosted_here: bool
    other: str  # hosted here: the delegation's region (or ""); else: the host region


def region_section(region):
    """Upcoming events held in the region, and upcoming internships hosted there or with a
    delegation from there (two queries: one list does not hold the other's rows, since the
    region's first events may all be of other kinds). Rows, not models; regions' names and
    zones from the list read once per process."""
    upcoming = Event.objects.public().upcoming()
    internships = []
    for pk, title, slug, start, zone, host_id, delegation_id in upcoming.filter(
        Q(region=region) | Q(delegation_region=region), kind=EventKind.INTERNSHIP
    ).values_list("pk", "title", "slug", "start", "timezone", "region_id", "delegation_region_id")[
        :REGION_LIMIT
    ]:
        zone = zone or region_rows().get(host_id, ("", "", "", "UTC"))[3] or "UTC"
        hosted_here = host_id == region.pk
        internships.append(
            Internship(
                pk,
                Link(title, address("events:detail", slug=slug)),
                timezone.localtime(start, ZoneInfo(zone)),
                hosted_here,
                region_named(delegation_id if hosted_here else host_id)[1],
            )
        )
    return {
        "events": [
            Link(title, address("events:detail", slug=slug))
            for title, slug in upcoming.filter(region=region).values_list("title", "slug")[
                :REGION_LIMIT
            ]
        ],
        "internships": internships,
    }
