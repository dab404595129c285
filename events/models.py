"""Events of the network: conferences, internships, seminars, webinars and round tables.

Times are stored in UTC and shown in the venue's IANA time zone (``Event.timezone``).
Applications go through ``events.services``, which keeps capacity with a row lock.
"""

import datetime
import re
import secrets
from pathlib import PurePath
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.choices import ChoiceLabels
from common.search import matching
from common.slugs import ReservedSlugValidator
from common.text import search_document
from common.uploads import ATTACHMENT_HELP, UploadTo, describe, validate_attachment
from common.urls import address

from .timezones import ZONE_CITIES, utc_offset_label, validate_timezone


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    INTERNSHIP = "internship", _("Internship")
    SEMINAR = "seminar", _("Seminar")
    WEBINAR = "webinar", _("Webinar")
    ROUND_TABLE = "round-table", _("Round table")


class EventFormat(models.TextChoices):
    IN_PERSON = "in-person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class EventStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("event", "Draft")
    ON_REVIEW = "on_review", pgettext_lazy("event", "On review")
    PUBLISHED = "published", pgettext_lazy("event", "Published")
    CANCELLED = "cancelled", pgettext_lazy("event", "Cancelled")


class PartnerRole(models.TextChoices):
    CO_ORGANISER = "co-organiser", _("Co-organiser")
    SUPPORTER = "supporter", _("Supporter")
    FUNDER = "funder", _("Funder")
    INFORMATION_PARTNER = "information-partner", _("Information partner")


class ProgrammeItemKind(models.TextChoices):
    WELCOME = "welcome", _("Welcome speech")
    TALK = "talk", _("Talk")
    PANEL = "panel", _("Panel discussion")
    WORKSHOP = "workshop", _("Workshop")
    SITE_VISIT = "site-visit", _("Site visit")
    BREAK = "break", _("Break")
    OTHER = "other", _("Other")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Applications that hold a place: capacity counts these.
PLACE_HOLDING = (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED)
# Applications still in play: the applicant may withdraw, the organiser may decide.
ACTIVE = (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED)


# What a card, a feed entry or a search hit shows; the description and venue details stay in
# the table (sorting upcoming events with them spills to disk at network size).
CARD_FIELDS = [
    "kind", "title", "slug", "summary", "status", "start", "end", "timezone", "format",
    "published_at", "created_at", "updated_at", "organizer__name", "organizer__short_name",
    "organizer__slug", "region__code", "region__name_ru", "region__name_en", "region__timezone",
    "region__capital_ru", "region__capital_en",
]  # fmt: skip


# Published and cancelled events are public: a cancelled event stays visible, marked.
PUBLIC = [EventStatus.PUBLISHED, EventStatus.CANCELLED]
# The longest an event may last (Event.clean): a longer programme is published as several
# events. It bounds "upcoming" by start, so the list reads a short stretch of the start index
# instead of every event that ever ended (events/models.py, event_public_start_idx).
MAX_DURATION = datetime.timedelta(days=31)


class EventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status__in=PUBLIC)

    def upcoming(self):
        """Not yet ended, soonest first (one that has started and not ended included)."""
        now = timezone.now()
        return self.filter(end__gte=now, start__gte=now - MAX_DURATION).order_by("start", "pk")

    def past(self):
        """Ended, latest first (an ended event also started before now)."""
        now = timezone.now()
        return self.filter(end__lt=now, start__lt=now).order_by("-start", "-pk")

    def search(self, text):
        """Rows matching the query (common.search: full text on PostgreSQL, stems on SQLite)."""
        return matching(self, text)

    def for_cards(self):
        """What a card shows, and only that."""
        return self.select_related("organizer", "region").only(*CARD_FIELDS)

    def for_export(self):
        """Every column, for the CSV and the calendar."""
        return self.select_related("organizer", "region", "grant_project")


class Event(ChoiceLabels, models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("The last part of the page's address: Latin letters, digits and hyphens."),
        validators=[ReservedSlugValidator("events.urls", "events/")],
    )
    summary = models.TextField(_("summary"), max_length=600, help_text=_("One or two sentences."))
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown: **bold**, lists, links.")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    timezone = models.CharField(
        _("time zone"),
        max_length=40,
        blank=True,
        validators=[validate_timezone],
        help_text=_("The venue's IANA time zone; empty means the region's."),
    )
    format = models.CharField(
        _("format"), max_length=20, choices=EventFormat.choices, default=EventFormat.IN_PERSON
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    region = models.ForeignKey(
        "organizations.Region",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("region"),
    )
    organizer = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="organized_events",
        verbose_name=_("organiser"),
    )
    partners = models.ManyToManyField(
        "organizations.Organization",
        through="EventPartner",
        related_name="partner_events",
        blank=True,
        verbose_name=_("partners"),
    )
    grant_project = models.ForeignKey(
        "organizations.GrantProject",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("grant project"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    registration_opens = models.DateTimeField(_("applications open"), null=True, blank=True)
    registration_closes = models.DateTimeField(
        _("applications close"),
        null=True,
        blank=True,
        help_text=_("Empty: applications are accepted until the event starts."),
    )
    accepts_applications = models.BooleanField(
        _("accepts applications on the portal"), default=True
    )
    capacity = models.IntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    waitlist_enabled = models.BooleanField(
        _("waitlist"),
        default=True,
        help_text=_("When the event is full, new applications join a waiting list."),
    )
    # Internship specifics.
    host_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("host organisation"),
    )
    delegation_region = models.ForeignKey(
        "organizations.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegation_events",
        verbose_name=_("visiting delegation's region"),
    )
    practices = models.ManyToManyField(
        "practices.Practice",
        blank=True,
        related_name="events",
        verbose_name=_("practices to study"),
    )
    # Outcomes, filled in after the event.
    outcome_summary = models.TextField(
        _("outcomes"), blank=True, help_text=_("After the event: what happened, in Markdown.")
    )
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    review_comment = models.TextField(
        _("moderator's comment"),
        blank=True,
        help_text=_("Why a moderator returned the event to its organiser."),
    )
    search_text = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("event", "created by"),
    )
    created_at = models.DateTimeField(pgettext_lazy("event", "created"), auto_now_add=True)
    updated_at = models.DateTimeField(pgettext_lazy("event", "updated"), auto_now=True)
    published_at = models.DateTimeField(pgettext_lazy("event", "published"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    # PostgreSQL: kept current by a trigger (common.search); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_text", "search_vector", "version"])
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=0),
                name="event_capacity_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(registration_closes__isnull=True)
                | Q(registration_opens__isnull=True)
                | Q(registration_closes__gt=F("registration_opens")),
                name="event_registration_closes_after_opens",
            ),
        ]
        indexes = [
            # Public events by start, with their end in the key so that "not yet ended" and
            # "already ended" are checked in the index, not in the table (upcoming, past).
            models.Index(
                fields=["start", "id", "end"],
                condition=Q(status__in=PUBLIC),
                name="event_public_start_idx",
            ),
            # The feed: newest published first.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status__in=PUBLIC),
                name="event_public_published_idx",
            ),
            # Public events of one kind or one region by start, the end in the key as above
            # (the list's kind and region filters count and page from the index alone).
            models.Index(
                fields=["kind", "start", "id", "end"],
                condition=Q(status__in=PUBLIC),
                name="event_public_kind_start_idx",
            ),
            models.Index(
                fields=["region", "start", "id", "end"],
                condition=Q(status__in=PUBLIC),
                name="event_public_region_start_idx",
            ),
            models.Index(fields=["start", "id"], name="event_start_id_idx"),  # the admin's list
            # The moderators' review queue (status on_review, oldest change first).
            models.Index(fields=["status", "updated_at", "id"], name="event_status_updated_idx"),
            models.Index(fields=["kind", "start"], name="event_kind_start_idx"),
            models.Index(fields=["region", "start"], name="event_region_start_idx"),
            models.Index(fields=["organizer", "start"], name="event_organizer_start_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.timezone and self.region_id:
            self.timezone = self.region.timezone
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return address("events:detail", slug=self.slug)

    def build_search_text(self):
        """The stems search matches against (kept in ``search_text`` on every save)."""
        return search_document(self.title, self.summary, self.description, self.venue, self.address)

    def clean(self):
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The event must end after it starts.")
        elif self.start and self.end and self.end - self.start > MAX_DURATION:
            errors["end"] = _(
                "An event lasts at most %(days)d days; publish a longer programme as several events."
            ) % {"days": MAX_DURATION.days}
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            errors["registration_closes"] = _("Applications must close after they open.")
        if self.capacity is not None and self.capacity < 0:
            errors["capacity"] = _("Capacity cannot be negative.")
        if self.format in (EventFormat.ONLINE, EventFormat.HYBRID) and not self.online_url:
            errors["online_url"] = _("An online or hybrid event needs its online link.")
        if errors:
            raise ValidationError(errors)

    # Time in the venue's zone.

    @cached_property
    def zone(self):
        return ZoneInfo(self.timezone or (self.region.timezone if self.region_id else "UTC"))

    @property
    def local_start(self):
        return timezone.localtime(self.start, self.zone)

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.zone)

    @property
    def zone_city(self):
        """The city that names the zone: the region's centre when the event uses its zone."""
        name = self.timezone or self.region.timezone
        if self.region_id and name == self.region.timezone and self.region.capital:
            return self.region.capital
        return ZONE_CITIES.get(name, name)

    @property
    def zone_label(self):
        """ "Якутск (UTC+9)": the zone's city and its offset at the event's start."""
        return f"{self.zone_city} ({utc_offset_label(self.local_start)})"

    @property
    def month(self):
        """The first day of the month the event starts in, in the venue's zone (for grouping)."""
        return self.local_start.date().replace(day=1)

    @property
    def is_cancelled(self):
        return self.status == EventStatus.CANCELLED

    @property
    def is_published(self):
        return self.status == EventStatus.PUBLISHED

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def is_internship(self):
        return self.kind == EventKind.INTERNSHIP

    def registration_is_open(self, now=None):
        now = now or timezone.now()
        return (
            self.status == EventStatus.PUBLISHED
            and self.accepts_applications
            and (self.registration_opens is None or self.registration_opens <= now)
            and now < (self.registration_closes or self.start)
        )


class EventPartner(ChoiceLabels, models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("event")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="event_partnerships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=30, choices=PartnerRole.choices, default=PartnerRole.SUPPORTER
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization", "role"], name="eventpartner_unique_role"
            )
        ]

    def __str__(self):
        return f"{self.organization} — {self.get_role_display()}"


class ProgrammeItem(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="programme", verbose_name=_("event")
    )
    start = models.DateTimeField(_("time"))
    end = models.DateTimeField(_("until"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ProgrammeItemKind.choices, default=ProgrammeItemKind.TALK
    )
    speakers = models.ManyToManyField(
        "organizations.Person",
        blank=True,
        related_name="programme_items",
        verbose_name=_("speakers"),
    )

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=F("start")),
                name="programmeitem_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title


class SiteVisit(models.Model):
    """An internship's visit to a local organisation."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="visits", verbose_name=_("event")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="site_visits",
        verbose_name=_("organisation"),
    )
    day = models.DateField(_("day"))
    purpose = models.TextField(_("purpose"), blank=True)

    class Meta:
        ordering = ["day", "pk"]
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.organization}"


class EventMaterial(models.Model):
    """An outcome of the event: a file (presentation, resolution) or a link (press release, video)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="materials", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"),
        upload_to=UploadTo("events/materials"),
        blank=True,
        validators=[validate_attachment],
        help_text=ATTACHMENT_HELP,
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    content_type = models.CharField(max_length=120, blank=True, editable=False)
    url = models.URLField(_("link"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""), name="eventmaterial_has_file_or_link"
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            self.original_name, self.content_type = describe(self.file)
        super().save(*args, **kwargs)

    def clean(self):
        if not self.file and not self.url:
            raise ValidationError(_("Attach a file or give a link."))

    @property
    def download_name(self):
        return self.original_name or PurePath(self.file.name).name

    @property
    def href(self):
        """The file's address under the event (served with the event's visibility), or the link."""
        if not self.file:
            return self.url
        return reverse(
            "events:file",
            kwargs={"slug": self.event.slug, "pk": self.pk, "name": self.download_name},
        )


class Application(ChoiceLabels, models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="applications", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_applications",
        verbose_name=_("applicant"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_applications",
        verbose_name=_("organisation"),
    )
    organization_name = models.CharField(
        _("organisation (if not in the directory)"), max_length=300, blank=True
    )
    motivation = models.TextField(_("motivation"), max_length=3000)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="application_one_per_user")
        ]
        indexes = [models.Index(fields=["event", "status"], name="application_event_status_idx")]

    def __str__(self):
        return f"{self.applicant_name} — {self.event}"

    @property
    def applicant_name(self):
        return self.user.get_full_name() or self.user.get_username()

    @property
    def organization_label(self):
        return self.organization.name if self.organization_id else self.organization_name

    @property
    def is_active(self):
        return self.status in ACTIVE


class CalendarFeedQuerySet(models.QuerySet):
    @transaction.atomic
    def issue(self, user):
        """A new secret address for ``user``, their first or one replacing the old (which
        then answers 404); the row is locked, so two requests at once leave one address."""
        feed = self.select_for_update().filter(user=user).first() or self.model(user=user)
        feed.new_token()
        feed.full_clean(validate_unique=False)
        feed.save()
        return feed

    def for_token(self, token):
        """The feed whose secret address ends in ``token``, with its user; None for a
        malformed or unknown token, or a deactivated user (one query, none when malformed).

        The selector finds the row through its unique index; the verifier is compared in
        constant time, so how long a guess takes says nothing about how close it was."""
        if not isinstance(token, str) or not CalendarFeed.TOKEN_RE.fullmatch(token):
            return None
        selector, verifier = (
            token[: CalendarFeed.SELECTOR_LENGTH],
            token[CalendarFeed.SELECTOR_LENGTH :],
        )
        feed = self.select_related("user").filter(selector=selector, user__is_active=True).first()
        if feed is None or not constant_time_compare(feed.verifier, verifier):
            return None
        return feed


class CalendarFeed(models.Model):
    """A person's secret calendar address: the events they applied for, readable without
    signing in, because calendar programs cannot sign in. The address carries the token
    (selector + verifier); issuing a new one (``CalendarFeed.objects.issue``) replaces both,
    so the old address answers 404."""

    SELECTOR_LENGTH = 12  # secrets.token_urlsafe(9)
    VERIFIER_LENGTH = 43  # secrets.token_urlsafe(32): 256 random bits
    TOKEN_RE = re.compile(rf"[A-Za-z0-9_-]{{{SELECTOR_LENGTH + VERIFIER_LENGTH}}}")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    selector = models.CharField(max_length=SELECTOR_LENGTH, unique=True, editable=False)
    verifier = models.CharField(max_length=VERIFIER_LENGTH, editable=False)
    issued_at = models.DateTimeField(_("address issued"), default=timezone.now, editable=False)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal calendar")
        verbose_name_plural = _("personal calendars")

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("events:personal-calendar", kwargs={"token": self.token})

    @property
    def token(self):
        return self.selector + self.verifier

    def new_token(self):
        """Replaces the token (not saved): the old address stops working once saved."""
        self.selector = secrets.token_urlsafe(9)
        self.verifier = secrets.token_urlsafe(32)
        self.issued_at = timezone.now()
