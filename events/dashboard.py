"""The events section of /dashboard/: a fixed number of queries whatever the user has."""

from organizations.rules import is_moderator, membership_roles

from .models import ACTIVE, Application, ApplicationStatus, CalendarFeed, Event, EventStatus


def dashboard_context(user):
    """My applications and my calendar's address; applications my organisations must decide
    on; their draft events."""
    org_ids = list(membership_roles(user))
    return {
        "my_event_applications": list(
            Application.objects.filter(user=user)
            .select_related("event__region", "organization")
            .order_by("-created_at")[:50]
        ),
        "applications_to_decide": list(
            Application.objects.filter(
                event__organizer_id__in=org_ids,
                event__status=EventStatus.PUBLISHED,
                status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED],
            )
            .select_related("event", "user", "organization")
            .order_by("event__start", "created_at")[:100]
        )
        if org_ids
        else [],
        "draft_events": list(
            Event.objects.filter(
                organizer_id__in=org_ids, status__in=[EventStatus.DRAFT, EventStatus.ON_REVIEW]
            )
            .select_related("region", "organizer")
            .order_by("start")[:50]
        )
        if org_ids
        else [],
        "events_to_review": list(
            Event.objects.filter(status=EventStatus.ON_REVIEW)
            .select_related("region", "organizer")
            .order_by("updated_at", "pk")[:50]
        )
        if is_moderator(user)
        else [],
        "calendar_feed": CalendarFeed.objects.filter(user=user).first(),
        "can_add_event": bool(org_ids) or user.has_perm("events.add_event"),
        "active_application_statuses": ACTIVE,
    }
