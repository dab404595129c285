"""Outgoing mail, notifications, follows and each person's preferences.

Every e-mail the portal sends is an ``OutgoingMail`` row first (``notifications.outbox``):
a task sends it after the commit, retries with back-off, and a message that still fails is
kept as ``failed`` for administrators to see and send again.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Waits before the 2nd, 3rd, 4th and 5th attempt; the 5th failure is final.
RETRY_DELAYS = (
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=25),
    datetime.timedelta(minutes=125),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutgoingMail(models.Model):
    """One e-mail message as it will be sent, with its delivery state."""

    from_email = models.CharField(_("from"), max_length=320)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("copy"), default=list, blank=True)
    bcc = models.JSONField(_("blind copy"), default=list, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.TextField(_("subject"))
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            # The sweep (send_queued_mail) reads the queued ones that are due.
            models.Index(fields=["status", "next_attempt_at"], name="outgoingmail_due_idx"),
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"

    def message(self, connection=None):
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.text,
            from_email=self.from_email,
            to=self.to,
            cc=self.cc,
            bcc=self.bcc,
            reply_to=self.reply_to,
            headers=self.headers,
            connection=connection,
        )
        if self.html:
            message.attach_alternative(self.html, "text/html")
        return message

    @property
    def recipients(self):
        return ", ".join(self.to + self.cc + self.bcc)


def default_language():
    return settings.LANGUAGE_CODE
