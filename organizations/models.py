from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from stdnum.exceptions import ValidationError as NumberError
from stdnum.ru import inn as stdnum_inn
from stdnum.ru import ogrn as stdnum_ogrn

from common.choices import ChoiceLabels
from common.files import image_name
from common.search import matching
from common.slugs import ReservedSlugValidator
from common.text import search_document
from common.uploads import IMAGE_HELP, UploadTo, validate_image
from common.urls import address


class FederalDistrict(models.TextChoices):
    CENTRAL = "central", _("Central")
    NORTHWESTERN = "northwestern", _("Northwestern")
    SOUTHERN = "southern", _("Southern")
    NORTH_CAUCASIAN = "north-caucasian", _("North Caucasian")
    VOLGA = "volga", _("Volga")
    URAL = "ural", _("Ural")
    SIBERIAN = "siberian", _("Siberian")
    FAR_EASTERN = "far-eastern", _("Far Eastern")


class RegionQuerySet(models.QuerySet):
    def in_district(self, district):
        return self.filter(federal_district=district)


class Region(ChoiceLabels, models.Model):
    """A federal subject of the Russian Federation."""

    code = models.CharField(
        _("code"),
        max_length=10,
        unique=True,
        validators=[RegexValidator(r"^RU-[A-Z]{2,3}$", _("Use a code such as RU-SA."))],
        help_text=_("ISO 3166-2:RU code such as RU-SA where ISO assigns one."),
    )
    is_iso_code = models.BooleanField(_("code is from ISO 3166-2:RU"), default=True)
    name_ru = models.CharField(_("name in Russian"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    federal_district = models.CharField(
        _("federal district"), max_length=20, choices=FederalDistrict.choices, db_index=True
    )
    timezone = models.CharField(_("time zone"), max_length=40, help_text=_("IANA name"))
    capital_ru = models.CharField(_("administrative centre"), max_length=100, blank=True)
    capital_en = models.CharField(_("administrative centre in English"), max_length=100, blank=True)
    registered_ngos = models.PositiveIntegerField(
        _("registered NGOs and local communities"), null=True, blank=True
    )
    facts = models.TextField(_("facts"), blank=True)
    # The region's tile on the map of regions (a tile grid, column from the west and row
    # from the north; data migration 0010 places all 89).
    grid_col = models.PositiveSmallIntegerField(_("map column"), null=True, blank=True)
    grid_row = models.PositiveSmallIntegerField(_("map row"), null=True, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["name_ru"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.UniqueConstraint(fields=["grid_col", "grid_row"], name="region_one_per_tile")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("organizations:region-detail", code=self.code)

    @property
    def name(self):
        return self.name_en if (get_language() or "ru").startswith("en") else self.name_ru

    @property
    def capital(self):
        english = (get_language() or "ru").startswith("en")
        return (self.capital_en or self.capital_ru) if english else self.capital_ru

    @property
    def utc_offset(self):
        """The zone's offset from UTC now, such as "+9"."""
        offset = datetime.now(ZoneInfo(self.timezone)).utcoffset()
        return f"{offset.total_seconds() / 3600:+g}"


class OrganizationKind(models.TextChoices):
    NGO = "ngo", _("Socially oriented NGO")
    RESOURCE_CENTRE = "resource-centre", _("Resource centre")
    TOS = "tos", _("Territorial public self-government (TOS)")
    TOS_ASSOCIATION = "tos-association", _("Association of TOS")
    LOCAL_COMMUNITY = "local-community", _("Local community")
    VOLUNTEER_GROUP = "volunteer-group", _("Volunteer group")
    MUNICIPAL = "municipal", _("Municipal body")
    GOVERNMENT = "government", _("Government body")
    FUND = "fund", _("Fund or grant operator")
    BUSINESS = "business", _("Business")


def validate_inn(value):
    """ИНН: 10 digits for an organisation, 12 for a person, with valid check digits."""
    try:
        stdnum_inn.validate(value)
    except NumberError as exc:
        raise ValidationError(_("This is not a valid ИНН (INN)."), code="invalid_inn") from exc


def validate_ogrn(value):
    """ОГРН (13 digits) or ОГРНИП (15 digits), with a valid check digit."""
    try:
        stdnum_ogrn.validate(value)
    except NumberError as exc:
        raise ValidationError(_("This is not a valid ОГРН (OGRN)."), code="invalid_ogrn") from exc


class OrganizationQuerySet(models.QuerySet):
    def in_region(self, region):
        return self.filter(region=region)

    def search(self, text):
        """Rows matching the query (common.search: full text on PostgreSQL, stems on SQLite)."""
        return matching(self, text)

    def with_related(self):
        return self.select_related("region", "parent")

    def verified(self):
        return self.filter(verified_at__isnull=False)

    def unverified(self):
        return self.filter(verified_at__isnull=True)


class Organization(ChoiceLabels, models.Model):
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        validators=[ReservedSlugValidator("organizations.urls", "organizations/")],
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="organizations", verbose_name=_("region")
    )
    locality = models.CharField(
        _("locality"),
        max_length=200,
        blank=True,
        help_text=_("Town, ulus or district, nasleg, microdistrict."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organisation"),
        help_text=_("The network or association this organisation belongs to."),
    )
    requested_parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="membership_requests",
        verbose_name=_("asks to join"),
        help_text=_("Becomes the parent once that organisation's managers accept."),
    )
    description = models.TextField(_("description"), blank=True)
    inn = models.CharField(
        _("ИНН (taxpayer number)"), max_length=12, blank=True, validators=[validate_inn]
    )
    ogrn = models.CharField(
        _("ОГРН (state registration number)"),
        max_length=15,
        blank=True,
        validators=[validate_ogrn],
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to=UploadTo("logos"),
        blank=True,
        validators=[validate_image],
        help_text=IMAGE_HELP,
        width_field="logo_width",
        height_field="logo_height",
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Trusted publisher: set and cleared only by moderators (organizations.services).
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("verified by"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # PostgreSQL: kept current by a trigger (common.search); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_text", "search_vector", "version"])
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["kind", "region"], name="org_kind_region_idx"),
            models.Index(fields=["inn"], name="org_inn_idx"),
            models.Index(fields=["name", "id"], name="org_name_idx"),  # the directory's order
            # The directory of one kind in its order: through the name index alone, a kind
            # whose names sort late (ТОС «…») was found after 155 000 others (0.5 s).
            models.Index(fields=["kind", "name", "id"], name="org_kind_name_idx"),
            # A name in any case: the moderators' duplicate check and a form's typed choice
            # (name__iexact is UPPER(name) = UPPER(%s) on PostgreSQL).
            models.Index(Upper("name"), name="org_name_upper_idx"),
            # The moderators' verification queue, newest first.
            models.Index(
                fields=["-created_at", "-id"],
                condition=Q(verified_at__isnull=True),
                name="org_unverified_new_idx",
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return address("organizations:detail", slug=self.slug)

    def build_search_text(self):
        """The stems search matches against (kept in ``search_text`` on every save)."""
        return search_document(self.name, self.short_name, self.locality)

    @property
    def is_verified(self):
        return self.verified_at is not None

    @property
    def logo_url(self):
        """The logo's address under the organisation (uploads have no public address)."""
        if not self.logo:
            return ""
        name = image_name(self.logo, self.slug)
        return reverse("organizations:logo", kwargs={"slug": self.slug, "name": name})


class VerificationRecord(ChoiceLabels, models.Model):
    """One moderator decision on an organisation's trusted-publisher status (the history)."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="verification_records",
        verbose_name=_("organisation"),
    )
    verified = models.BooleanField(_("verified"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("moderator"),
    )
    decided_at = models.DateTimeField(_("when"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("verification decision")
        verbose_name_plural = _("verification decisions")

    def __str__(self):
        return f"{self.organization}: {self.verified} ({self.decided_at:%Y-%m-%d})"


class PersonQuerySet(models.QuerySet):
    def public(self):
        return self.filter(public_consent=True)


class Person(models.Model):
    """A participant or speaker; shown publicly only with consent (152-FZ)."""

    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=300, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    public_consent = models.BooleanField(
        _("consents to be shown publicly"),
        default=False,
        help_text=_("Required by Federal Law 152-FZ before the name appears on the site."),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return f"{self.full_name}, {self.position}" if self.position else self.full_name

    @property
    def public_name(self):
        return self.full_name if self.public_consent else _("Participant")


class MembershipRole(models.TextChoices):
    EDITOR = "editor", _("Editor")
    MANAGER = "manager", _("Manager")


class Membership(ChoiceLabels, models.Model):
    """Gives a user publishing rights for an organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.EDITOR
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organization__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="membership_unique_user_organization"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.organization} ({self.get_role_display()})"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("invitation", "Awaiting an answer")
    ACCEPTED = "accepted", pgettext_lazy("invitation", "Accepted")
    DECLINED = "declined", pgettext_lazy("invitation", "Declined")
    CANCELLED = "cancelled", pgettext_lazy("invitation", "Withdrawn")


class Invitation(ChoiceLabels, models.Model):
    """A manager's invitation to join an organisation; it becomes a Membership only when
    the invited person accepts it."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    # What the manager typed. An invitation is kept even when no account matches it (then
    # ``user`` is empty and nobody receives it), so the list of invitations tells a manager
    # nothing about which accounts exist.
    identifier = models.CharField(_("user name or e-mail"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("user"),
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.EDITOR
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
        db_index=True,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=Q(status="pending"),
                name="invitation_one_pending_per_user",
            ),
            models.UniqueConstraint(
                fields=["organization", "identifier"],
                condition=Q(status="pending"),
                name="invitation_one_pending_per_identifier",
            ),
        ]

    def __str__(self):
        return f"{self.identifier} → {self.organization} ({self.get_role_display()})"


class GrantProgramme(models.Model):
    title = models.CharField(_("title"), max_length=300)
    funder = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_programmes",
        verbose_name=_("funder"),
    )
    operator = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operated_programmes",
        verbose_name=_("operator"),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("grant programme")
        verbose_name_plural = _("grant programmes")

    def __str__(self):
        return self.title


class GrantProject(ChoiceLabels, models.Model):
    title = models.CharField(_("title"), max_length=500)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    programme = models.ForeignKey(
        GrantProgramme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("grant programme"),
    )
    implementer = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="grant_projects",
        verbose_name=_("implementing organisation"),
    )
    partners = models.ManyToManyField(
        Organization, blank=True, related_name="partner_projects", verbose_name=_("partners")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("grant project")
        verbose_name_plural = _("grant projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="grantproject_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return address("projects:detail", slug=self.slug)

    @property
    def funder(self):
        return self.programme.funder if self.programme else None

    @property
    def operator(self):
        return self.programme.operator if self.programme else None


class IndicatorSource(models.TextChoices):
    """What the portal can count itself for an indicator (portal.projects counts it)."""

    EVENTS_HELD = "events-held", _("Events held")
    SEMINARS_HELD = "seminars-held", _("Seminars and webinars held")
    INTERNSHIPS_HELD = "internships-held", _("Internships held")
    PARTICIPANTS = "participants", _("Participants accepted")
    PRACTICES_PUBLISHED = "practices-published", _("Practices published")
    REPLICATIONS_STARTED = "replications-started", _("Replications in progress or implemented")
    REPLICATIONS_IMPLEMENTED = "replications-implemented", _("Replications implemented")
    REPLICATIONS_WITH_RESULTS = (
        "replications-with-results",
        _("Replications implemented with results recorded"),
    )


class ProjectIndicator(ChoiceLabels, models.Model):
    """A result the grant project promised its funder: planned and achieved values entered
    by the implementing organisation's staff, and beside them what the portal counts."""

    project = models.ForeignKey(
        GrantProject,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("grant project"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(
        _("unit"), max_length=50, blank=True, help_text=_("For example, people.")
    )
    planned = models.PositiveIntegerField(_("planned"), null=True, blank=True)
    achieved = models.PositiveIntegerField(_("achieved"), null=True, blank=True)
    source = models.CharField(
        _("the portal counts"),
        max_length=30,
        choices=IndicatorSource.choices,
        blank=True,
        help_text=_("What the portal can count for this indicator, shown beside your figure."),
    )
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("The figure is an example, not a fact.")
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.title
