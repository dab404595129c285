"""Practices: structured passports, their topics and target groups, and replications.

A practice moves through moderation (see ``services.py`` for every transition) and is
visible to everyone only once published. A replication records that another
organisation wants to implement it ("Хочу внедрить") and how that went.
"""

import datetime
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.choices import ChoiceLabels
from common.files import image_name
from common.search import matching
from common.slugs import ReservedSlugValidator
from common.text import search_document
from common.uploads import (
    ATTACHMENT_HELP,
    IMAGE_HELP,
    UploadTo,
    describe,
    validate_attachment,
    validate_image,
)
from common.urls import address


def validate_year_not_in_future(value):
    if value and value > datetime.date.today().year + 1:
        raise ValidationError(_("The year cannot be in the future."), code="future_year")


class _Bilingual(models.Model):
    """A small dictionary row with a Russian and an English name."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_ru = models.CharField(_("name in Russian"), max_length=150)
    name_en = models.CharField(_("name in English"), max_length=150)

    class Meta:
        abstract = True
        ordering = ["name_ru"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_en if (get_language() or "ru").startswith("en") else self.name_ru


class Topic(_Bilingual):
    description = models.TextField(_("description"), blank=True)

    class Meta(_Bilingual.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def get_absolute_url(self):
        return address("practices:topic", slug=self.slug)


class TargetGroup(_Bilingual):
    class Meta(_Bilingual.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("practice status", "Draft")
    ON_REVIEW = "on_review", pgettext_lazy("practice status", "On review")
    RETURNED = "returned", pgettext_lazy("practice status", "Returned for changes")
    PUBLISHED = "published", pgettext_lazy("practice status", "Published")
    ARCHIVED = "archived", pgettext_lazy("practice status", "Archived")


class PracticeFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    MIXED = "mixed", _("Mixed")


class BudgetRange(models.TextChoices):
    NONE = "none", _("No money needed")
    UP_TO_100K = "up_to_100k", _("Up to 100,000 roubles")
    UP_TO_500K = "up_to_500k", _("100,000 – 500,000 roubles")
    UP_TO_1M = "up_to_1m", _("500,000 – 1,000,000 roubles")
    OVER_1M = "over_1m", _("Over 1,000,000 roubles")


class ReplicationStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("replication status", "Requested")
    IN_PROGRESS = "in_progress", pgettext_lazy("replication status", "In progress")
    IMPLEMENTED = "implemented", pgettext_lazy("replication status", "Implemented")
    DECLINED = "declined", pgettext_lazy("replication status", "Declined")
    DROPPED = "dropped", pgettext_lazy("replication status", "Dropped")


REPLICATION_BADGES = {
    ReplicationStatus.REQUESTED: "text-bg-primary",
    ReplicationStatus.IN_PROGRESS: "text-bg-warning",
    ReplicationStatus.IMPLEMENTED: "text-bg-success",
    ReplicationStatus.DECLINED: "text-bg-secondary",
    ReplicationStatus.DROPPED: "text-bg-secondary",
}

# Replications that show the practice spreading (a declined or dropped one does not).
ACTIVE_REPLICATION_STATUSES = [
    ReplicationStatus.REQUESTED,
    ReplicationStatus.IN_PROGRESS,
    ReplicationStatus.IMPLEMENTED,
]


CARD_FIELDS = [
    "title", "slug", "summary", "status", "published_at", "replication_count", "format",
    "year_started", "locality", "organization__name", "organization__short_name",
    "organization__slug", "organization__kind", "region__code", "region__name_ru", "region__name_en",
]  # fmt: skip


class PracticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PracticeStatus.PUBLISHED)

    def in_region(self, region):
        return self.filter(region=region)

    def search(self, text):
        """Rows matching the query (common.search: full text on PostgreSQL, stems on SQLite)."""
        return matching(self, text)

    def for_cards(self, *more):
        """What a card shows, and only that (a passport's long texts stay in the table);
        ``more``: fields a list shows besides (a field not loaded costs a query a row)."""
        return self.select_related("organization", "region").only(*CARD_FIELDS, *more)

    def for_list(self):
        return (
            self.for_cards()
            .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name_ru")))
            .order_by("-published_at", "-pk")
        )


class Practice(ChoiceLabels, models.Model):
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("The practice's address on the site: latin letters, digits and hyphens."),
        validators=[ReservedSlugValidator("practices.urls", "practices/")],
    )
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("Two or three sentences for the list and feed.")
    )
    problem = models.TextField(
        _("problem and context"), blank=True, help_text=_("Markdown is allowed.")
    )
    goal = models.TextField(_("goal"), blank=True)
    solution = models.TextField(_("solution"), blank=True, help_text=_("Markdown is allowed."))
    results = models.TextField(
        _("results"), blank=True, help_text=_("What changed, with evidence. Markdown is allowed.")
    )
    reach = models.PositiveIntegerField(
        _("people reached"), null=True, blank=True, help_text=_("How many people took part.")
    )
    results_period = models.CharField(
        _("period of the results"),
        max_length=100,
        blank=True,
        help_text=_("For example, 2022–2024."),
    )
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("How the results are confirmed: reports, surveys, publications."),
    )
    resources_staff = models.CharField(_("staff needed"), max_length=300, blank=True)
    resources_volunteers = models.CharField(_("volunteers needed"), max_length=300, blank=True)
    budget_range = models.CharField(
        _("budget"), max_length=20, choices=BudgetRange.choices, blank=True
    )
    resources_partners = models.TextField(_("partners needed"), blank=True)
    conditions = models.TextField(
        _("conditions for success"), blank=True, help_text=_("Markdown is allowed.")
    )
    risks = models.TextField(_("risks"), blank=True, help_text=_("Markdown is allowed."))
    replicability = models.TextField(
        _("notes on replication"),
        blank=True,
        help_text=_("What to adapt when implementing it elsewhere. Markdown is allowed."),
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="practices", verbose_name=_("target groups")
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="practices", verbose_name=_("topics")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("organisation"),
    )
    region = models.ForeignKey(
        "organizations.Region",
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("region of origin"),
    )
    locality = models.CharField(
        _("locality"),
        max_length=200,
        blank=True,
        help_text=_("Town, ulus or district, nasleg, microdistrict."),
    )
    grant_project = models.ForeignKey(
        "organizations.GrantProject",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("grant project"),
    )
    contact_person = models.ForeignKey(
        "organizations.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("contact person"),
    )
    year_started = models.PositiveSmallIntegerField(
        _("year started"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), validate_year_not_in_future],
    )
    format = models.CharField(
        _("format"), max_length=20, choices=PracticeFormat.choices, default=PracticeFormat.IN_PERSON
    )
    cover = models.ImageField(
        _("cover image"),
        upload_to=UploadTo("practices/covers"),
        blank=True,
        validators=[validate_image],
        help_text=IMAGE_HELP,
        width_field="cover_width",
        height_field="cover_height",
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_alt = models.CharField(
        _("cover image description"),
        max_length=200,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PracticeStatus.choices,
        default=PracticeStatus.DRAFT,
        db_index=True,
    )
    moderator_comment = models.TextField(_("moderator's comment"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # Replications in progress or implemented, kept by practices.services (the list sorts
    # and filters by it without counting).
    replication_count = models.PositiveIntegerField(_("replications"), default=0, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    # PostgreSQL: kept current by a trigger (common.search); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=[
            "search_text",
            "search_vector",
            "updated_at",
            "version",
            "replication_count",
        ]
    )
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        indexes = [
            # The lists' newest-first order, ties by id: an index scan that stops at 20 rows.
            models.Index(
                fields=["status", "-published_at", "-id"], name="practice_status_pub_id_idx"
            ),
            # A region's list in the same order, and its capped count from the index alone.
            models.Index(
                fields=["region", "status", "-published_at", "-id"],
                name="practice_region_pub_id_idx",
            ),
            models.Index(
                fields=["status", "-replication_count", "-published_at"],
                name="practice_status_replicated_idx",
            ),
            # The list sorted by title (sort=title): without it, a sort of every published
            # practice (3.5 s at a million).
            models.Index(fields=["status", "title", "id"], name="practice_status_title_idx"),
            # A region's list, most replicated first (sort=replicated&region=…).
            models.Index(
                fields=["region", "status", "-replication_count", "-published_at", "-id"],
                name="practice_region_replicated_idx",
            ),
            # Every practice in the model's order (the admin's list): drafts, whose date is
            # empty, come first, and without the id in the key they were sorted whole.
            models.Index(fields=["-published_at", "-id"], name="practice_pub_id_idx"),
            # A title in any case (an internship's practices typed in the event form).
            models.Index(Upper("title"), name="practice_title_upper_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=PracticeStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="practice_published_has_date",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return address("practices:detail", slug=self.slug)

    def build_search_text(self):
        """The stems search matches against (kept in ``search_text`` on every save)."""
        return search_document(
            self.title, self.summary, self.problem, self.goal, self.solution, self.locality
        )

    @property
    def is_published(self):
        return self.status == PracticeStatus.PUBLISHED

    @property
    def cover_url(self):
        """The cover's address under the practice, served with the practice's visibility."""
        if not self.cover:
            return ""
        name = image_name(self.cover, self.slug)
        return reverse("practices:cover", kwargs={"slug": self.slug, "name": name})


class PracticeStep(models.Model):
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="steps", verbose_name=_("practice")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("step"), max_length=300)
    description = models.TextField(_("what is done"), blank=True)
    duration = models.CharField(
        _("duration"), max_length=100, blank=True, help_text=_("For example, 2 weeks.")
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self):
        return f"{self.order}. {self.title}"


class KeyFigure(models.Model):
    """A result in numbers: "120 families", "4 neighbourhood centres"."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="key_figures", verbose_name=_("practice")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    value = models.CharField(_("figure"), max_length=50)
    label = models.CharField(_("what it counts"), max_length=200)
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("The figure is an example, not a fact.")
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")

    def __str__(self):
        return f"{self.value} {self.label}"


class PracticeAttachment(models.Model):
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("practice")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to=UploadTo("practices/attachments"),
        validators=[validate_attachment],
        help_text=ATTACHMENT_HELP,
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    content_type = models.CharField(max_length=120, blank=True, editable=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            self.original_name, self.content_type = describe(self.file)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "practices:file",
            kwargs={"slug": self.practice.slug, "pk": self.pk, "name": self.download_name},
        )

    @property
    def download_name(self):
        return self.original_name or PurePath(self.file.name).name

    @property
    def extension(self):
        return self.file.name.rsplit(".", 1)[-1].upper() if "." in self.file.name else ""


class ReplicationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_REPLICATION_STATUSES)

    def with_results(self):
        """Implemented, with the adopter's account of the results (a replication story)."""
        return self.filter(status=ReplicationStatus.IMPLEMENTED).exclude(results="")

    def with_related(self):
        return self.select_related(
            "practice__organization", "practice__region", "adopter__region", "requested_by"
        )


class Replication(ChoiceLabels, models.Model):
    """A practice implemented (or to be implemented) by another organisation."""

    practice = models.ForeignKey(
        Practice,
        on_delete=models.CASCADE,
        related_name="replications",
        verbose_name=_("practice"),
    )
    adopter = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="replications",
        verbose_name=_("adopting organisation"),
    )
    # The adopter's region, kept in step by save() and by the adopter's moves
    # (practices.tallies): a region's page finds the practices taken there by this index.
    adopter_region = models.ForeignKey(
        "organizations.Region",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("adopter's region"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReplicationStatus.choices,
        default=ReplicationStatus.REQUESTED,
        db_index=True,
    )
    notes = models.TextField(
        _("adaptation notes"),
        blank=True,
        help_text=_("Why the organisation wants it and what it will adapt."),
    )
    decision_comment = models.TextField(_("comment on the decision"), blank=True)
    results = models.TextField(_("results of the replication"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    started_on = models.DateField(_("started"), null=True, blank=True)
    implemented_on = models.DateField(_("implemented"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "adopter_region"])
    objects = ReplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("replication")
        verbose_name_plural = _("replications")
        indexes = [
            # A region's page: the practices its organisations took, newest first.
            models.Index(
                fields=["adopter_region", "-requested_at", "-id"],
                name="replication_adopter_region_idx",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "adopter"], name="replication_unique_practice_adopter"
            ),
            models.CheckConstraint(
                condition=Q(implemented_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(implemented_on__gte=models.F("started_on")),
                name="replication_implemented_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.practice} → {self.adopter}"

    def save(self, *args, **kwargs):
        if self.adopter_id is not None:
            self.adopter_region_id = self.adopter.region_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.practice.get_absolute_url() + f"#replication-{self.pk}"

    def clean(self):
        if (
            self.practice_id
            and self.adopter_id
            and self.practice.organization_id == self.adopter_id
        ):
            raise ValidationError(
                {"adopter": _("An organisation cannot replicate its own practice.")}
            )

    @property
    def region(self):
        return self.adopter.region

    @property
    def badge_class(self):
        """Bootstrap classes for the status badge (contrast-safe on every page)."""
        return REPLICATION_BADGES.get(self.status, "text-bg-secondary")

    @property
    def has_results(self):
        return self.status == ReplicationStatus.IMPLEMENTED and bool(self.results.strip())

    def get_results_url(self):
        return reverse("practices:replication-results", kwargs={"pk": self.pk})


class ReplicationFigure(models.Model):
    """A result of a replication in numbers, recorded by the adopting organisation."""

    replication = models.ForeignKey(
        Replication,
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name=_("replication"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    value = models.CharField(_("figure"), max_length=50)
    label = models.CharField(_("what it counts"), max_length=200)
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("The figure is an example, not a fact.")
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("figure of a replication")
        verbose_name_plural = _("figures of replications")

    def __str__(self):
        return f"{self.value} {self.label}"


class ReplicationAttachment(models.Model):
    """A file the adopting organisation adds to its results: checked by content like a
    practice's attachments and served only through the replication's address."""

    replication = models.ForeignKey(
        Replication,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("replication"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to=UploadTo("practices/replications"),
        validators=[validate_attachment],
        help_text=ATTACHMENT_HELP,
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    content_type = models.CharField(max_length=120, blank=True, editable=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment of a replication")
        verbose_name_plural = _("attachments of replications")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            self.original_name, self.content_type = describe(self.file)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "practices:replication-file",
            kwargs={"pk": self.replication_id, "file_pk": self.pk, "name": self.download_name},
        )

    @property
    def download_name(self):
        return self.original_name or PurePath(self.file.name).name

    @property
    def extension(self):
        return self.file.name.rsplit(".", 1)[-1].upper() if "." in self.file.name else ""


class PracticeTally(models.Model):
    """Published practices of one region and one kind of organisation, on one topic (or on
    any, ``topic`` null): the map's figures, read without counting the practices
    (``practices.tallies`` keeps them current on every write)."""

    region = models.ForeignKey("organizations.Region", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    topic = models.ForeignKey(Topic, null=True, on_delete=models.CASCADE, related_name="+")
    practices = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["region", "kind"], name="practice_tally_region_idx")]

    def __str__(self):
        return f"{self.region_id}/{self.kind}/{self.topic_id}: {self.practices}"


class OrganizationTally(models.Model):
    """Organisations of one region and one kind (``practices.tallies``)."""

    region = models.ForeignKey("organizations.Region", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    organizations = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["region", "kind"], name="organization_tally_region_idx")]

    def __str__(self):
        return f"{self.region_id}/{self.kind}: {self.organizations}"


class FlowTally(models.Model):
    """Replications in progress or implemented of the published practices of one region
    (``source``) by organisations of a region (``target``; the same one for replications
    within a region, which are not arrows but count as implemented), for one kind of the
    practice's organisation and one topic (or any, ``topic`` null) (``practices.tallies``)."""

    source = models.ForeignKey("organizations.Region", on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey("organizations.Region", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    topic = models.ForeignKey(Topic, null=True, on_delete=models.CASCADE, related_name="+")
    replications = models.PositiveIntegerField()
    practices = models.PositiveIntegerField()  # distinct practices replicated
    implemented = models.PositiveIntegerField()
    stories = models.PositiveIntegerField()  # implemented, with results told

    class Meta:
        indexes = [
            # A region's own flows under the map's filters (its page), and the recounts.
            models.Index(fields=["source", "kind", "topic"], name="flow_tally_source_kind_idx"),
            models.Index(fields=["target", "kind", "topic"], name="flow_tally_target_kind_idx"),
            # The map's strongest flows under its filters, one row per pair, in the map's
            # order: read from the index's start. Without a topic it is a partial index:
            # PostgreSQL reads an index in order after "= value" but not after "IS NULL".
            models.Index(
                fields=["kind", "topic", "-replications", "source", "target"],
                name="flow_tally_strongest_idx",
            ),
            models.Index(
                fields=["kind", "-replications", "source", "target"],
                condition=models.Q(topic__isnull=True),
                name="flow_tally_strongest_any_idx",
            ),
        ]

    def __str__(self):
        return f"{self.source_id}→{self.target_id}/{self.kind}/{self.topic_id}: {self.replications}"


class RegionFlowTally(models.Model):
    """A region's side of the flows between regions, summed from ``FlowTally`` for one kind
    of the practice's organisation, one topic (or any) and one federal district of the
    practice's region: the practices it took from other regions (``taken``) and the stories
    among them, the practices it gave to other regions (``given``, where ``district`` is its
    own) and the regions it gave them to (``partners``), and the replications of its
    practices implemented anywhere (``practices.tallies``)."""

    region = models.ForeignKey("organizations.Region", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    topic = models.ForeignKey(Topic, null=True, on_delete=models.CASCADE, related_name="+")
    district = models.CharField(max_length=20)
    taken = models.PositiveIntegerField(default=0)
    given = models.PositiveIntegerField(default=0)
    stories = models.PositiveIntegerField(default=0)
    implemented = models.PositiveIntegerField(default=0)
    # The other regions that took its practices: its arrows on the map (where ``district``
    # is its own); their sum is the map's count of flows, drawn or not.
    partners = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["region"], name="region_flow_tally_region_idx"),
            # The map's read: one row per region for a kind (or all), district (or all), topic.
            models.Index(fields=["kind", "district", "topic"], name="region_flow_tally_map_idx"),
        ]

    def __str__(self):
        return f"{self.region_id}/{self.kind}/{self.topic_id}/{self.district}"
