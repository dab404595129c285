"""The events section of /dashboard/: three queries whatever the user has (applications,
events, the calendar's address; each kind's lists read together)."""

from common.together import read_together
from organizations.rules import is_moderator, membership_roles

from .models import ACTIVE, Application, ApplicationStatus, CalendarFeed, Event, EventStatus


def dashboard_context(user):
    """My applications and my calendar's address; applications my organisations must decide
    on; their draft events; for moderators, the events waiting for review."""
    org_ids = list(membership_roles(user))
    applications = Application.objects.select_related("event__region", "user", "organization")
    events = Event.objects.select_related("region", "organizer")
    application_lists = {
        "my_event_applications": applications.filter(user=user).order_by("-created_at", "-pk")[:50],
    }
    event_lists = {}
    if org_ids:
        application_lists["applications_to_decide"] = applications.filter(
            event__organizer_id__in=org_ids,
            event__status=EventStatus.PUBLISHED,
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED],
        ).order_by("event__start", "created_at", "pk")[:100]
        event_lists["draft_events"] = events.filter(
            organizer_id__in=org_ids, status__in=[EventStatus.DRAFT, EventStatus.ON_REVIEW]
        ).order_by("start", "pk")[:50]
    if is_moderator(user):
        event_lists["events_to_review"] = events.filter(status=EventStatus.ON_REVIEW).order_by(
            "updated_at", "pk"
        )[:50]
    return {
        "applications_to_decide": [],
        "draft_events": [],
        "events_to_review": [],
        **read_together(**application_lists),
        **read_together(**event_lists),
        "calendar_feed": CalendarFeed.objects.filter(user=user).first(),
        "can_add_event": bool(org_ids) or user.has_perm("events.add_event"),
        "active_application_statuses": ACTIVE,
    }
