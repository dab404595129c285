"""iCalendar files (RFC 5545, with RFC 7986's refresh interval), built with icalendar.

Three kinds: one event (``/events/<slug>/ics``), the list's events with the list's filters
(``/events/calendar.ics``) and a person's own events (``/events/calendar/<token>.ics``,
``events.models.CalendarFeed``). Calendar apps subscribe to them through ``webcal://``
links and fetch them again every few hours, replacing what they hold: so an event keeps its
UID for good (its primary key and the site's host, never the slug, which an editor may
change) and its SEQUENCE only grows (``sequence``), and the apps update the event instead of
adding a copy. A cancelled event stays in the feed, marked CANCELLED, so the apps strike it
out rather than silently losing it.
"""

import datetime
from functools import lru_cache
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ACTIVE, MAX_DURATION, PUBLIC, ApplicationStatus, EventFormat

PRODID = "-//NGO practices portal//Events//RU"
# How often a subscribed calendar app should fetch the feed again (REFRESH-INTERVAL and
# Microsoft's X-PUBLISHED-TTL); a person's own calendar changes with each decision.
REFRESH = datetime.timedelta(hours=6)
PERSONAL_REFRESH = datetime.timedelta(hours=1)
# A subscribed list holds its upcoming events and those that ended in the last RECENT (a
# calendar app drops what the feed no longer holds, so last week's seminar stays there),
# at most UPCOMING_LIMIT + RECENT_LIMIT of them whatever the network's size.
RECENT = datetime.timedelta(days=30)
UPCOMING_LIMIT = 500
RECENT_LIMIT = 100
# A person's own calendar: their latest applications.
PERSONAL_LIMIT = 500


def list_calendar(upcoming, recent_past, request, *, name=None):
    """The list's calendar: ``upcoming`` and ``recent_past`` are the filtered querysets
    (two queries, each a stretch of the public events' start index)."""
    events = [*upcoming[:UPCOMING_LIMIT], *recent_events(recent_past)[:RECENT_LIMIT]]
    return calendar_for(events, request, name=name)


def recent_events(past):
    """Of the (already filtered) past events, those that ended within RECENT. The start
    bound follows from the end's (no event lasts longer than MAX_DURATION) and keeps the
    query on a short stretch of the start index."""
    since = timezone.now() - RECENT
    return past.filter(end__gte=since, start__gte=since - MAX_DURATION)


def personal_applications(user):
    """The applications ``user``'s own calendar shows (one query): active ones (accepted,
    or still waiting for a decision) for events that are public; a withdrawn or declined
    application, or an event taken back from publication, drops out."""
    return (
        user.event_applications.filter(status__in=ACTIVE, event__status__in=PUBLIC)
        .select_related("event__organizer", "event__region")
        .order_by("-event__start", "-pk")[:PERSONAL_LIMIT]
    )


def personal_calendar(applications, request):
    """A person's calendar: accepted applications CONFIRMED, those still waiting TENTATIVE,
    cancelled events CANCELLED. Nothing about anyone else: only the events' public facts and
    the person's own application status."""
    calendar = _calendar(_("My events in the NGO network"), PERSONAL_REFRESH)
    host = _uid_host()
    for application in applications:
        calendar.add_component(_vevent(application.event, request, host, application))
    return _with_zones(calendar)


def calendar_for(events, request, *, name=None):
    """A VCALENDAR with one VEVENT per event, times in each venue's zone (VTIMEZONE included)."""
    calendar = _calendar(name or _("Events of the NGO network"), REFRESH)
    host = _uid_host()
    for event in events:
        calendar.add_component(_vevent(event, request, host))
    return _with_zones(calendar)


def sequence(event, application=None):
    """The event's SEQUENCE, which must grow with every change calendar apps should take.

    Minutes since the epoch at the last change (what earlier versions of the portal sent,
    so no subscriber sees it fall), plus twice the edit version (``common.locking`` raises
    it on every edit on the site and in admin, so two edits in one minute still count), plus
    one once cancelled (cancelling does not raise the version; a revert in admin that
    un-cancels does, by one, so the sum still grows). In a person's own calendar their
    application counts too: its last change, and one more once accepted."""
    changed_at = _last_change(event, application)
    value = int(changed_at.timestamp() // 60) + 2 * event.version + int(event.is_cancelled)
    if application is not None and application.status == ApplicationStatus.ACCEPTED:
        value += 1
    return value


def _last_change(event, application=None):
    if application is None:
        return event.updated_at
    return max(event.updated_at, application.updated_at)


def _calendar(name, refresh):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(refresh))
    return calendar


def _with_zones(calendar):
    # VTIMEZONEs first (RFC 5545 readers expect them before the events that use them).
    zones = [_vtimezone(tzid) for tzid in sorted(calendar.get_missing_tzids())]
    calendar.subcomponents[:0] = [zone for zone in zones if zone is not None]
    return calendar


def _uid_host():
    """The host in every UID: the site's public address (SITE_URL), not the request's, so an
    event has one UID whichever name or proxy the feed was fetched through."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


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


def _vevent(event, request, host, application=None):
    url = request.build_absolute_uri(event.get_absolute_url())
    modified = _last_change(event, application).astimezone(datetime.UTC)
    vevent = icalendar.Event()
    vevent.add("uid", f"event-{event.pk}@{host}")
    # The time of the last change, not of the request: an unchanged event reads the same
    # at every fetch.
    vevent.add("dtstamp", modified)
    vevent.add("last-modified", modified)
    vevent.add("sequence", sequence(event, application))
    vevent.add("summary", event.title)
    vevent.add("dtstart", event.local_start)
    vevent.add("dtend", event.local_end)
    description = [event.summary]
    if application is not None:
        description.append(
            _("Your application: %(status)s") % {"status": application.get_status_display()}
        )
    description.append(url)
    vevent.add("description", "\n\n".join(part for part in description if part).strip())
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
    vevent.add("status", _status(event, application))
    return vevent


def _status(event, application):
    if event.is_cancelled:
        return "CANCELLED"
    if application is not None and application.status != ApplicationStatus.ACCEPTED:
        return "TENTATIVE"
    return "CONFIRMED"
