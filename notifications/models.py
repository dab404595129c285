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


class Kind(models.TextChoices):
    """What a notification is about; each kind's e-mail can be switched off in preferences."""

    REPLICATION_REQUESTED = (
        "replication_requested",
        _("Requests to implement my organisation's practices"),
    )
    REPLICATION_STATUS = "replication_status", _("Progress of replications I take part in")
    APPLICATION_RECEIVED = "application_received", _("Applications to my organisation's events")
    APPLICATION_STATUS = "application_status", _("Decisions on my applications")
    PRACTICE_REVIEWED = "practice_reviewed", _("My practices returned or published")
    INVITATION = "invitation", _("Invitations to organisations")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something that happened to the recipient, stored once in their language; listed on
    their dashboard and at /notifications/, and e-mailed unless they switched its kind off."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    mail = models.ForeignKey(
        OutgoingMail,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-mail"),
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The recipient's list, newest first, and their unread count.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_list_idx"),
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    OFF = "off", _("Never")


DIGEST_PERIODS = {
    DigestFrequency.DAILY: datetime.timedelta(days=1),
    DigestFrequency.WEEKLY: datetime.timedelta(days=7),
}


class Preferences(models.Model):
    """A person's choices about mail; a person without a row has the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language of e-mails"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    digest = models.CharField(
        _("digest of what I follow"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
    )
    # Kinds whose e-mail is off (the notification is still listed on the dashboard).
    muted_kinds = models.JSONField(_("e-mails switched off"), default=list, blank=True)
    # The end of the last digest's period: the next one holds what is new since then.
    last_digest_at = models.DateTimeField(_("last digest"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")
        indexes = [
            models.Index(fields=["digest", "last_digest_at"], name="preferences_digest_due_idx")
        ]

    def __str__(self):
        return str(self.user)

    def mails(self, kind):
        return kind not in self.muted_kinds


FOLLOW_TARGETS = ("topic", "region", "organization", "practice")


class Follow(models.Model):
    """A signed-in person follows one topic, region, organisation or practice; the digest
    tells them what is new there."""

    TARGETS = FOLLOW_TARGETS

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("user"),
    )
    topic = models.ForeignKey(
        "practices.Topic",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic"),
    )
    region = models.ForeignKey(
        "organizations.Region",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    practice = models.ForeignKey(
        "practices.Practice",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("practice"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            # Exactly one target.
            models.CheckConstraint(
                condition=(
                    models.Q(topic__isnull=False, region=None, organization=None, practice=None)
                    | models.Q(topic=None, region__isnull=False, organization=None, practice=None)
                    | models.Q(topic=None, region=None, organization__isnull=False, practice=None)
                    | models.Q(topic=None, region=None, organization=None, practice__isnull=False)
                ),
                name="follow_one_target",
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", target],
                    condition=models.Q(**{f"{target}__isnull": False}),
                    name=f"follow_unique_{target}",
                )
                for target in FOLLOW_TARGETS
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.target}"

    @property
    def target_name(self):
        return next(name for name in self.TARGETS if getattr(self, f"{name}_id"))

    @property
    def target(self):
        return getattr(self, self.target_name)
