"""Who may do what with events, defined once (django-rules) for views, templates and admin.

Members of the organiser (editors and managers) and moderators manage an event: edit,
cancel, decide on applications. A verified organisation's members publish its events
directly; an unverified organisation submits them for review, and a moderator publishes
or returns them. Any signed-in user may apply; only the applicant withdraws.
"""

import rules

from organizations.rules import has_any_membership, is_member, is_moderator, is_verified

from .models import EventStatus


@rules.predicate
def is_organizer_member(user, event):
    return event is not None and is_member(user, event.organizer)


@rules.predicate
def is_verified_organizer_member(user, event):
    return is_organizer_member(user, event) and is_verified(user, event.organizer)


def _status_in(*statuses):
    @rules.predicate
    def check(user, event):
        return event is not None and event.status in statuses

    return check


is_public_event = _status_in(EventStatus.PUBLISHED, EventStatus.CANCELLED)
is_draft = _status_in(EventStatus.DRAFT)
is_on_review = _status_in(EventStatus.ON_REVIEW)

can_manage_event = is_organizer_member | is_moderator


@rules.predicate
def is_applicant(user, application):
    return application is not None and application.user_id == user.pk


@rules.predicate
def manages_application_event(user, application):
    return application is not None and can_manage_event(user, application.event)


rules.add_perm("events.add_event", has_any_membership | is_moderator)
rules.add_perm("events.view_event", is_public_event | can_manage_event)
# An unverified organisation edits only its drafts: what a moderator published stays as
# reviewed (a moderator edits it, or the organisation asks to be verified).
rules.add_perm(
    "events.change_event",
    is_moderator | is_verified_organizer_member | (is_organizer_member & is_draft),
)
rules.add_perm(
    "events.publish_event",
    (is_draft & is_verified_organizer_member) | ((is_draft | is_on_review) & is_moderator),
)
rules.add_perm(
    "events.submit_event", is_draft & is_organizer_member & ~is_verified_organizer_member
)
rules.add_perm("events.return_event", is_on_review & is_moderator)
rules.add_perm("events.cancel_event", can_manage_event)
rules.add_perm("events.manage_applications", can_manage_event)
rules.add_perm("events.apply_event", rules.is_authenticated & is_public_event)
rules.add_perm("events.withdraw_application", is_applicant)
rules.add_perm("events.decide_application", manages_application_event)
