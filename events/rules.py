"""Who may do what with events, defined once (django-rules) for views, templates and admin.

Members of the organiser (editors and managers) and moderators manage an event: edit,
publish, cancel, decide on applications. Any signed-in user may apply; only the applicant
withdraws their application.
"""

import rules

from organizations.rules import is_member, is_moderator, membership_roles

from .models import EventStatus


@rules.predicate
def is_organizer_member(user, event):
    return event is not None and is_member(user, event.organizer)


can_manage_event = is_organizer_member | is_moderator


@rules.predicate
def is_public_event(user, event):
    return event is not None and event.status in (EventStatus.PUBLISHED, EventStatus.CANCELLED)


@rules.predicate
def has_any_membership(user):
    return bool(membership_roles(user))


@rules.predicate
def is_applicant(user, application):
    return application is not None and application.user_id == user.pk


@rules.predicate
def manages_application_event(user, application):
    return application is not None and can_manage_event(user, application.event)


rules.add_perm("events.add_event", has_any_membership | is_moderator)
rules.add_perm("events.view_event", is_public_event | can_manage_event)
rules.add_perm("events.change_event", can_manage_event)
rules.add_perm("events.publish_event", can_manage_event)
rules.add_perm("events.cancel_event", can_manage_event)
rules.add_perm("events.manage_applications", can_manage_event)
rules.add_perm("events.apply_event", rules.is_authenticated & is_public_event)
rules.add_perm("events.withdraw_application", is_applicant)
rules.add_perm("events.decide_application", manages_application_event)
