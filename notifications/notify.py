"""Who hears of what: each kind of notification, its recipients and its words.

The receivers (``notifications.receivers``) enqueue the ``notify`` task once the
transaction that made the change commits. The task finds the people concerned, stores one
``Notification`` for each in their language and, unless they switched that kind off, queues
one e-mail (``notifications.mails``). The request that made the change only enqueues the
task: the same work whoever is concerned, and no mail is rendered while it waits.
"""

import logging

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from events.models import Application, ApplicationStatus
from organizations.models import Invitation, InvitationStatus
from practices.models import Practice, Replication, ReplicationStatus

from . import mails
from .models import Kind, Notification
from .preferences import preferences_for

logger = logging.getLogger(__name__)


@task()
def notify(kind, object_id, notice="", actor_id=None):
    """The task: tell the people concerned by ``kind`` about object ``object_id``."""
    try:
        BUILDERS[kind](object_id, notice, actor_id)
    except Exception:
        logger.exception("Could not notify %s #%s (%s)", kind, object_id, notice)
        raise


def deliver(kind, recipients, render):
    """Store a notification for each recipient and queue its e-mail.

    ``render()`` returns (title, text, path) and is called once per language, with that
    language active. Returns the notifications.
    """
    recipients = [user for user in recipients if user.is_active]
    preferences = preferences_for(recipients)
    rendered = {}
    created = []
    for user in recipients:
        choice = preferences[user.pk]
        language = choice.language
        if language not in rendered:
            with translation.override(language):
                rendered[language] = render()
        title, text, path = rendered[language]
        notification = Notification.objects.create(
            recipient=user, kind=kind, title=str(title)[:300], text=text, url=path
        )
        if user.email and choice.mails(kind):
            notification.mail = mails.queue(
                user=user,
                language=language,
                subject=notification.title,
                scope=kind,
                template="notifications/email/notification",
                context={"text": text, "url": mails.absolute(path) if path else ""},
            )
            notification.save(update_fields=["mail"])
        created.append(notification)
    return created


def members(organization_id):
    """The active members of an organisation (every role: editors and managers alike)."""
    return list(
        get_user_model()
        .objects.filter(memberships__organization_id=organization_id, is_active=True)
        .distinct()
        .order_by("pk")
    )


def _but(users, actor_id, extra=()):
    """``users`` and ``extra`` without duplicates and without the person who acted."""
    seen, result = set(), []
    for user in [*users, *extra]:
        if user is None or user.pk in seen or user.pk == actor_id:
            continue
        seen.add(user.pk)
        result.append(user)
    return result


def _urls(**paths):
    return {name: mails.absolute(path) for name, path in paths.items()}


# Replications ---------------------------------------------------------------------------

REPLICATION_SUBJECTS = {
    "requested": gettext_lazy("%(org)s wants to implement your practice “%(practice)s”"),
    ReplicationStatus.IN_PROGRESS: gettext_lazy(
        "Your request to implement “%(practice)s” is accepted"
    ),
    ReplicationStatus.DECLINED: gettext_lazy(
        "Your request to implement “%(practice)s” is declined"
    ),
    ReplicationStatus.IMPLEMENTED: gettext_lazy(
        "%(org)s has implemented your practice “%(practice)s”"
    ),
    ReplicationStatus.DROPPED: gettext_lazy(
        "%(org)s has dropped the replication of your practice “%(practice)s”"
    ),
}


def _replication(object_id):
    return Replication.objects.with_related().filter(pk=object_id).first()


def _replication_render(replication, kind):
    def render():
        params = {"org": replication.adopter, "practice": replication.practice.title}
        dashboard = reverse("dashboard")
        text = render_to_string(
            "notifications/email/replication.txt",
            {
                "kind": kind,
                "replication": replication,
                **_urls(
                    practice_url=replication.practice.get_absolute_url(), dashboard_url=dashboard
                ),
            },
        )
        return str(REPLICATION_SUBJECTS[kind]) % params, text.strip(), dashboard

    return render


def replication_requested(object_id, notice, actor_id):
    """To the members of the practice's organisation."""
    replication = _replication(object_id)
    if replication is None:
        return []
    recipients = _but(members(replication.practice.organization_id), actor_id)
    return deliver(
        Kind.REPLICATION_REQUESTED, recipients, _replication_render(replication, "requested")
    )


def replication_status(object_id, notice, actor_id):
    """A decision (accepted, declined) to the adopter's members and the person who asked;
    implemented or dropped to the practice's organisation."""
    replication = _replication(object_id)
    if replication is None or notice not in REPLICATION_SUBJECTS:
        return []
    if notice in (ReplicationStatus.IN_PROGRESS, ReplicationStatus.DECLINED):
        recipients = _but(members(replication.adopter_id), actor_id, [replication.requested_by])
    else:
        recipients = _but(members(replication.practice.organization_id), actor_id)
    return deliver(Kind.REPLICATION_STATUS, recipients, _replication_render(replication, notice))


# Practices ------------------------------------------------------------------------------

PRACTICE_SUBJECTS = {
    "returned": gettext_lazy("Your practice “%(practice)s” is returned for changes"),
    "published": gettext_lazy("Your practice “%(practice)s” is published"),
}


def practice_reviewed(object_id, notice, actor_id):
    """Returned or published: to the author and the organisation's members."""
    practice = Practice.objects.select_related("created_by").filter(pk=object_id).first()
    if practice is None or notice not in PRACTICE_SUBJECTS:
        return []
    recipients = _but(members(practice.organization_id), actor_id, [practice.created_by])

    def render():
        path = practice.get_absolute_url()
        text = render_to_string(
            "notifications/email/practice_reviewed.txt",
            {"notice": notice, "practice": practice, **_urls(practice_url=path)},
        )
        return str(PRACTICE_SUBJECTS[notice]) % {"practice": practice.title}, text.strip(), path

    return deliver(Kind.PRACTICE_REVIEWED, recipients, render)


# Applications ---------------------------------------------------------------------------


def application_subject(notice, event):
    subjects = {
        ApplicationStatus.SUBMITTED: _("Your application for «%(event)s» is received"),
        ApplicationStatus.WAITLISTED: _("You are on the waiting list for «%(event)s»"),
        ApplicationStatus.ACCEPTED: _("Your application for «%(event)s» is accepted"),
        ApplicationStatus.DECLINED: _("Your application for «%(event)s» is declined"),
        ApplicationStatus.WITHDRAWN: _("You have withdrawn your application for «%(event)s»"),
        "promoted": _("A place is free for you at «%(event)s»"),
        "cancelled": _("«%(event)s» is cancelled"),
    }
    return subjects[notice] % {"event": event.title}


APPLICATION_NOTICES = {*ApplicationStatus.values, "promoted", "cancelled"} - {"draft"}


def _application(object_id):
    return (
        Application.objects.select_related("event__region", "user", "organization")
        .filter(pk=object_id)
        .first()
    )


def application_status(object_id, notice, actor_id):
    """To the applicant: received, waitlisted, accepted, declined, withdrawn, promoted from
    the waiting list, or the event cancelled."""
    application = _application(object_id)
    if application is None or notice not in APPLICATION_NOTICES:
        return []
    event = application.event

    def render():
        dashboard = reverse("dashboard")
        text = render_to_string(
            "notifications/email/application_notice.txt",
            {
                "application": application,
                "event": event,
                "notice": notice,
                **_urls(event_url=event.get_absolute_url(), dashboard_url=dashboard),
            },
        )
        return application_subject(notice, event), text.strip(), dashboard

    return deliver(Kind.APPLICATION_STATUS, [application.user], render)


def application_received(object_id, notice, actor_id):
    """To the organiser's members: someone applied for their event."""
    application = _application(object_id)
    if application is None:
        return []
    event = application.event
    recipients = _but(members(event.organizer_id), application.user_id)

    def render():
        dashboard = reverse("dashboard")
        text = render_to_string(
            "notifications/email/application_received.txt",
            {"application": application, "event": event, **_urls(dashboard_url=dashboard)},
        )
        title = _("New application for «%(event)s»") % {"event": event.title}
        return title, text.strip(), dashboard

    return deliver(Kind.APPLICATION_RECEIVED, recipients, render)


# Invitations ----------------------------------------------------------------------------


def invitation(object_id, notice, actor_id):
    """To the invited person, when the identifier named an account (otherwise nobody: the
    manager's form answered the same either way)."""
    found = (
        Invitation.objects.select_related("organization", "user", "invited_by")
        .filter(pk=object_id, status=InvitationStatus.PENDING, user__isnull=False)
        .first()
    )
    if found is None:
        return []
    inviter = found.invited_by

    def render():
        dashboard = reverse("dashboard")
        text = render_to_string(
            "notifications/email/invitation.txt",
            {
                "invitation": found,
                "inviter": (inviter.get_full_name() or inviter.username) if inviter else "",
                **_urls(
                    organization_url=found.organization.get_absolute_url(),
                    dashboard_url=dashboard,
                ),
            },
        )
        return (
            _("Invitation to join %(org)s") % {"org": found.organization},
            text.strip(),
            dashboard,
        )

    return deliver(Kind.INVITATION, [found.user], render)


BUILDERS = {
    Kind.REPLICATION_REQUESTED: replication_requested,
    Kind.REPLICATION_STATUS: replication_status,
    Kind.PRACTICE_REVIEWED: practice_reviewed,
    Kind.APPLICATION_STATUS: application_status,
    Kind.APPLICATION_RECEIVED: application_received,
    Kind.INVITATION: invitation,
}
