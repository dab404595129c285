"""The outbox: every e-mail is stored, then sent by a task once the transaction commits.

``queue(message)`` stores an ``EmailMessage`` as an ``OutgoingMail`` row and enqueues the
``send_mail`` task after the commit (a message of a rolled-back transaction is never sent).
The task sends it through ``settings.EMAIL_DELIVERY_BACKEND`` (SMTP in production, the
console on a laptop, locmem in tests). A failure is retried after 1, 5, 25 and 125 minutes;
after the fifth the message is ``failed``, listed in admin, where "Send again" queues it anew.
Backends that cannot run a task later (the immediate one) leave a retry to the
``send_queued_mail`` command, which also picks up a message whose task was lost.
"""

import functools
import logging

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import MAX_ATTEMPTS, RETRY_DELAYS, MailStatus, OutgoingMail

logger = logging.getLogger(__name__)


def queue(message):
    """Store ``message`` (an EmailMessage or EmailMultiAlternatives) and send it after the
    commit. Returns the OutgoingMail. Attachments are not kept (no mail of ours has one)."""
    html = ""
    for content, mimetype in getattr(message, "alternatives", ()):
        if mimetype == "text/html":
            html = content
    mail = OutgoingMail.objects.create(
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        reply_to=list(message.reply_to),
        subject=str(message.subject),
        text=str(message.body),
        html=str(html),
        headers={str(k): str(v) for k, v in message.extra_headers.items()},
    )
    transaction.on_commit(functools.partial(enqueue, mail.pk), robust=True)
    return mail


def enqueue(mail_id, run_after=None):
    """Enqueue the task that sends ``mail_id``; one to run after ``run_after`` when the task
    backend can defer (otherwise ``send_queued_mail`` sends it when it is due)."""
    sender = send_mail
    if run_after is not None:
        if not sender.get_backend().supports_defer:
            return
        sender = sender.using(run_after=run_after)
    sender.enqueue(mail_id)


@task()
def send_mail(mail_id):
    """The task: send one stored message (see ``deliver``)."""
    return deliver(mail_id)


def deliver(mail_id):
    """Send the message if it is still queued and due; returns its status afterwards.

    The row is locked while it is sent, so two workers never send it twice; a message
    already sent (a task enqueued twice) is left alone.
    """
    now = timezone.now()
    with transaction.atomic():
        mail = (
            OutgoingMail.objects.select_for_update()
            .filter(pk=mail_id, status=MailStatus.QUEUED, next_attempt_at__lte=now)
            .first()
        )
        if mail is None:
            return None
        mail.attempts += 1
        try:
            connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
            mail.message(connection=connection).send()
        except Exception as exc:  # any failure of the relay is retried, then shown in admin
            mail.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if mail.attempts >= MAX_ATTEMPTS:
                mail.status = MailStatus.FAILED
                logger.error("Mail #%s failed for good: %s", mail.pk, mail.last_error)
            else:
                mail.next_attempt_at = now + RETRY_DELAYS[mail.attempts - 1]
                logger.warning(
                    "Mail #%s failed (attempt %s), retrying at %s: %s",
                    mail.pk,
                    mail.attempts,
                    mail.next_attempt_at,
                    mail.last_error,
                )
                transaction.on_commit(
                    functools.partial(enqueue, mail.pk, run_after=mail.next_attempt_at),
                    robust=True,
                )
        else:
            mail.status = MailStatus.SENT
            mail.sent_at = timezone.now()
            mail.last_error = ""
        mail.save(update_fields=["attempts", "status", "sent_at", "last_error", "next_attempt_at"])
    return mail.status


def send_again(mail):
    """Queue a failed (or stuck) message anew with a fresh set of attempts (admin's action).
    A message already sent is left alone; returns whether it was queued."""
    if mail.status == MailStatus.SENT:
        return False
    mail.status = MailStatus.QUEUED
    mail.attempts = 0
    mail.next_attempt_at = timezone.now()
    mail.save(update_fields=["status", "attempts", "next_attempt_at"])
    transaction.on_commit(functools.partial(enqueue, mail.pk), robust=True)
    return True


def due(limit=500):
    """Queued messages whose time has come (at most ``limit``, the oldest first)."""
    return (
        OutgoingMail.objects.filter(status=MailStatus.QUEUED, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
