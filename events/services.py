"""Writes on events that carry a rule: publishing, cancelling and the application workflow.

Every function takes keyword arguments, checks the actor's permission, runs in one
transaction and raises ``EventError`` (or ``PermissionDenied``) with a message the view
shows. Capacity is kept by locking the event's row (``select_for_update``) before counting,
so two people applying at the same moment cannot both take the last place. A change the
applicant or the organiser hears of sends a signal (``events.signals``); the notifications app
mails them after the transaction commits.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.locking import claim_version
from organizations.rules import is_member

from . import signals
from .models import (
    ACTIVE,
    PLACE_HOLDING,
    Application,
    ApplicationStatus,
    Event,
    EventStatus,
)


class EventError(Exception):
    """A rule of the event workflow refused the action; ``str()`` is a message for people."""


class RegistrationClosed(EventError):
    pass


class EventFull(EventError):
    pass


class AlreadyApplied(EventError):
    pass


def _require(user, perm, obj):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _locked_event(event):
    """The event's row, locked until the transaction ends (a no-op lock on SQLite)."""
    return Event.objects.select_for_update().get(pk=event.pk)


# Publishing.


@transaction.atomic
def save_event(*, user, form, formsets=()):
    """Save an event form and its inline formsets together; a new event records its author.
    Raises PermissionDenied unless ``user`` may edit the event for the chosen organiser, and
    EditConflict (nothing saved) when someone saved the event since the form was loaded."""
    event = form.save(commit=False)
    _require(user, "events.change_event", event)
    claim_version(event, form.cleaned_data.get("version"))
    if event.pk is None:
        event.created_by = user
    event.save()
    form.save_m2m()
    for formset in formsets:
        formset.instance = event
        formset.save()
    return event


def _validated(event):
    try:
        event.full_clean()
    except ValidationError as exc:
        raise EventError(" ".join(exc.messages)) from exc


@transaction.atomic
def publish_event(*, event, user):
    """Draft → published by a verified organiser's member; draft or on review → published
    by a moderator. Raises EventError from any other status."""
    event = _locked_event(event)
    if event.status not in (EventStatus.DRAFT, EventStatus.ON_REVIEW):
        raise EventError(_("Only a draft or an event on review can be published."))
    _require(user, "events.publish_event", event)
    _validated(event)
    event.status = EventStatus.PUBLISHED
    event.published_at = timezone.now()
    event.review_comment = ""
    event._history_user = user
    event.save(update_fields=["status", "published_at", "review_comment", "updated_at"])
    return event


@transaction.atomic
def submit_event(*, event, user):
    """Draft → on review: an unverified organisation asks a moderator to publish its event."""
    event = _locked_event(event)
    if event.status != EventStatus.DRAFT:
        raise EventError(_("Only a draft can be submitted for review."))
    _require(user, "events.submit_event", event)
    _validated(event)
    event.status = EventStatus.ON_REVIEW
    event._history_user = user
    event.save(update_fields=["status", "updated_at"])
    return event


@transaction.atomic
def return_event(*, event, user, comment):
    """On review → draft, with the moderator's comment (required)."""
    event = _locked_event(event)
    if event.status != EventStatus.ON_REVIEW:
        raise EventError(_("Only an event on review can be returned."))
    _require(user, "events.return_event", event)
    comment = (comment or "").strip()
    if not comment:
        raise EventError(_("Say what the organiser should change."))
    event.status = EventStatus.DRAFT
    event.review_comment = comment
    event._history_user = user
    event.save(update_fields=["status", "review_comment", "updated_at"])
    return event


@transaction.atomic
def cancel_event(*, event, user, reason=""):
    """Mark the event cancelled (it stays visible) and e-mail everyone with an active application."""
    _require(user, "events.cancel_event", event)
    event = _locked_event(event)
    if event.status == EventStatus.CANCELLED:
        raise EventError(_("The event is already cancelled."))
    event.status = EventStatus.CANCELLED
    event.cancellation_reason = reason.strip()
    event.save(update_fields=["status", "cancellation_reason", "updated_at"])
    applications = event.applications.filter(status__in=ACTIVE).select_related("user", "event")
    for application in applications:
        _notify(application, "cancelled", user)
    return event


# Applications.


@transaction.atomic
def apply(*, event, user, motivation, organization=None, organization_name=""):
    """Apply for the event; returns the application, submitted or waitlisted.

    Raises RegistrationClosed, AlreadyApplied, or EventFull when every place is taken and
    the event keeps no waiting list. One withdrawn or declined application may be renewed.
    """
    _require(user, "events.apply_event", event)
    event = _locked_event(event)
    if not event.registration_is_open():
        raise RegistrationClosed(_("Applications for this event are not open."))
    if organization is not None and not is_member(user, organization):
        raise PermissionDenied
    application = Application.objects.filter(event=event, user=user).first()
    if application is not None and application.status in ACTIVE:
        raise AlreadyApplied(_("You have already applied for this event."))
    if _has_free_place(event):
        status = ApplicationStatus.SUBMITTED
    elif event.waitlist_enabled:
        status = ApplicationStatus.WAITLISTED
    else:
        raise EventFull(_("All places are taken and this event keeps no waiting list."))
    if application is None:
        application = Application(event=event, user=user)
    application.organization = organization
    application.organization_name = "" if organization else organization_name.strip()
    application.motivation = motivation
    application.status = status
    application.decided_by = None
    application.full_clean(validate_unique=False)
    application.save()
    signals.application_submitted.send(sender=Application, application=application, actor=user)
    return application


@transaction.atomic
def withdraw(*, application, user):
    """The applicant withdraws; a place they held goes to the first on the waiting list."""
    _require(user, "events.withdraw_application", application)
    event = _locked_event(application.event)
    application = _reload(application)
    if application.status not in ACTIVE:
        raise EventError(_("This application can no longer be withdrawn."))
    held_place = application.status in PLACE_HOLDING
    _set_status(application, ApplicationStatus.WITHDRAWN, None)
    if held_place:
        promote_waitlisted(event=event)
    return application


@transaction.atomic
def accept(*, application, user):
    """Accept a submitted application, or a waitlisted one when a place is free."""
    _require(user, "events.decide_application", application)
    event = _locked_event(application.event)
    application = _reload(application)
    if application.status == ApplicationStatus.WAITLISTED:
        if not _has_free_place(event):
            raise EventFull(_("All places are taken: decline someone first."))
    elif application.status != ApplicationStatus.SUBMITTED:
        raise EventError(_("Only a submitted or waitlisted application can be accepted."))
    _set_status(application, ApplicationStatus.ACCEPTED, user)
    return application


@transaction.atomic
def decline(*, application, user):
    """Decline an application; a place it held goes to the first on the waiting list."""
    _require(user, "events.decide_application", application)
    event = _locked_event(application.event)
    application = _reload(application)
    if application.status not in ACTIVE:
        raise EventError(_("Only an active application can be declined."))
    held_place = application.status in PLACE_HOLDING
    _set_status(application, ApplicationStatus.DECLINED, user)
    if held_place:
        promote_waitlisted(event=event)
    return application


def promote_waitlisted(*, event):
    """Move the earliest waitlisted applications up while places are free (caller holds the lock).

    Promoted applications become "submitted": they hold a place and await the organiser's decision.
    """
    promoted = []
    if event.is_cancelled:
        return promoted
    waiting = event.applications.filter(status=ApplicationStatus.WAITLISTED).order_by(
        "created_at", "pk"
    )
    for application in waiting.select_related("user", "event"):
        if not _has_free_place(event):
            break
        _set_status(application, ApplicationStatus.SUBMITTED, None, notice="promoted")
        promoted.append(application)
    return promoted


def places_taken(event):
    return event.applications.filter(status__in=PLACE_HOLDING).count()


def _has_free_place(event):
    return event.capacity is None or places_taken(event) < event.capacity


def _reload(application):
    return Application.objects.select_related("user", "event").get(pk=application.pk)


def _set_status(application, status, actor, notice=None):
    application.status = status
    application.decided_by = actor
    try:
        application.full_clean(validate_unique=False)
    except ValidationError as exc:  # pragma: no cover - statuses come from this module
        raise EventError("; ".join(exc.messages)) from exc
    application.save(update_fields=["status", "decided_by", "updated_at"])
    _notify(application, notice or status, actor)


def _notify(application, notice, actor):
    signals.application_status_changed.send(
        sender=Application, application=application, notice=str(notice), actor=actor
    )
