"""iCalendar files for one event or a filtered list (RFC 5545, built with icalendar)."""

import datetime
from functools import lru_cache

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import EventFormat

PRODID = "-//NGO practices portal//Events//RU"


def calendar_for(events, request):
    """A VCALENDAR with one VEVENT per event, times in each venue's zone (VTIMEZONE included)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Events of the NGO network"))
    host = request.get_host().split(":")[0] or "localhost"
    stamp = timezone.now()
    for event in events:
        calendar.add_component(_vevent(event, request, host, stamp))
    # VTIMEZONEs first (RFC 5545 readers expect them before the events that use them).
    zones = [_vtimezone(tzid) for tzid in sorted(calendar.get_missing_tzids())]
    calendar.subcomponents[:0] = [zone for zone in zones if zone is not None]
    return calendar


@lru_cache(maxsize=64)
def _vtimezone(tzid):
    """The VTIMEZONE of an IANA zone over the years events may take (2000–2100), built once
    per process: icalendar needs tens of milliseconds per zone, whatever the date range.
    None for a zone icalendar does not know (calendar programs then fall back to the TZID)."""
    try:
        return icalendar.Timezone.from_tzid(
            tzid, first_date=datetime.date(2000, 1, 1), last_date=datetime.date(2101, 1, 1)
        )
    except ValueError:
        return None


def _vevent(event, request, host, stamp):
    url = request.build_absolute_uri(event.get_absolute_url())
    vevent = icalendar.Event()
    vevent.add("uid", f"event-{event.pk}@{host}")
    vevent.add("dtstamp", stamp)
    vevent.add("last-modified", event.updated_at)
    # Minutes since the epoch at the last change: grows with every edit, as RFC 5545 wants.
    vevent.add("sequence", int(event.updated_at.timestamp() // 60))
    vevent.add("summary", event.title)
    vevent.add("dtstart", event.local_start)
    vevent.add("dtend", event.local_end)
    vevent.add("description", f"{event.summary}\n\n{url}".strip())
    vevent.add("url", url)
    location = ", ".join(part for part in (event.venue, event.address) if part)
    if event.format == EventFormat.ONLINE and event.online_url:
        location = event.online_url
    if location:
        vevent.add("location", location)
    vevent.add(
        "organizer",
        f"mailto:{event.organizer.email or settings.DEFAULT_FROM_EMAIL}",
        parameters={"cn": event.organizer.name},
    )
    vevent.add("categories", [event.get_kind_display()])
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return vevent
