"""What the API shows of each record: exactly what its page shows to an anonymous visitor.

Addresses are absolute: ``url`` is the record in the API, ``html_url`` its page on the
site, and files (attachments, covers, logos, materials) are their download addresses, which
apply the record's own visibility. Long texts are Markdown, as typed (render them sanitised).
Codes, not labels: ``kind``, ``status``, ``format`` are the values the lists' filters take;
names that the portal keeps in two languages come in both (``name_ru``, ``name_en``).

People appear only with their consent (152-FZ), as on the pages: a practice's contact
person only if they agreed to be shown (otherwise ``null``), an organisation's people and
an event's speakers only those who agreed, with their name and position.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from events.models import Event, EventMaterial, EventPartner, ProgrammeItem, SiteVisit
from organizations.models import GrantProject, Organization, Person, ProjectIndicator, Region
from practices.models import (
    KeyFigure,
    Practice,
    PracticeAttachment,
    PracticeStep,
    Replication,
    ReplicationAttachment,
    ReplicationFigure,
    TargetGroup,
    Topic,
)

# Fields ----------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.URI)
class AbsoluteURLField(serializers.Field):
    """An address on the site, made absolute: ``attr`` is the object's attribute or method
    that gives the path (``get_absolute_url`` by default); ``null`` when it gives none."""

    def __init__(self, attr="get_absolute_url", **kwargs):
        self.attr = attr
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        path = getattr(obj, self.attr)
        path = path() if callable(path) else path
        return self.context["request"].build_absolute_uri(path) if path else None


@extend_schema_field(OpenApiTypes.URI)
class RouteField(serializers.Field):
    """An absolute address of a named route, built from the object's ``attr``."""

    def __init__(self, view_name, attr="slug", kwarg="slug", **kwargs):
        self.view_name, self.attr, self.kwarg = view_name, attr, kwarg
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return reverse(
            self.view_name,
            kwargs={self.kwarg: getattr(obj, self.attr)},
            request=self.context["request"],
        )


@extend_schema_field(OpenApiTypes.DATETIME)
class VenueTimeField(serializers.Field):
    """An instant in the venue's time zone, with its offset (ISO 8601), as the event's page
    shows it: ``2026-03-12T10:00:00+09:00`` for Yakutsk."""

    def __init__(self, attr, event=lambda obj: obj, **kwargs):
        self.attr, self.event = attr, event
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        value = getattr(obj, self.attr)
        return value.astimezone(self.event(obj).zone).isoformat() if value else None


def api_link(view_name, lookup="slug"):
    return serializers.HyperlinkedIdentityField(
        view_name=view_name, lookup_field=lookup, lookup_url_kwarg=lookup
    )


# References: how one record names another ---------------------------------------------


class RegionRefSerializer(serializers.ModelSerializer):
    url = api_link("api:region-detail", "code")
    html_url = AbsoluteURLField()

    class Meta:
        model = Region
        fields = ["code", "name_ru", "name_en", "url", "html_url"]


class OrganizationRefSerializer(serializers.ModelSerializer):
    url = api_link("api:organization-detail")
    html_url = AbsoluteURLField()

    class Meta:
        model = Organization
        fields = ["slug", "name", "short_name", "kind", "url", "html_url"]


class TopicRefSerializer(serializers.ModelSerializer):
    url = api_link("api:topic-detail")

    class Meta:
        model = Topic
        fields = ["slug", "name_ru", "name_en", "url"]


class TargetGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = TargetGroup
        fields = ["slug", "name_ru", "name_en"]


class PracticeRefSerializer(serializers.ModelSerializer):
    url = api_link("api:practice-detail")
    html_url = AbsoluteURLField()

    class Meta:
        model = Practice
        fields = ["slug", "title", "url", "html_url"]


class EventRefSerializer(serializers.ModelSerializer):
    url = api_link("api:event-detail")
    html_url = AbsoluteURLField()

    class Meta:
        model = Event
        fields = ["slug", "title", "url", "html_url"]


class GrantProjectRefSerializer(serializers.ModelSerializer):
    url = api_link("api:project-detail")
    html_url = AbsoluteURLField()

    class Meta:
        model = GrantProject
        fields = ["slug", "title", "url", "html_url"]


class PublicPersonSerializer(serializers.ModelSerializer):
    """A person who agreed to be shown (152-FZ): name and position, as the pages show them."""

    name = serializers.CharField(source="full_name")

    class Meta:
        model = Person
        fields = ["name", "position"]


# Regions and topics -----------------------------------------------------------------------


class RegionSerializer(serializers.ModelSerializer):
    organization_count = serializers.IntegerField(
        read_only=True, help_text="Organisations registered on the portal in the region."
    )
    url = api_link("api:region-detail", "code")
    html_url = AbsoluteURLField()

    class Meta:
        model = Region
        fields = [
            "code",
            "is_iso_code",
            "name_ru",
            "name_en",
            "federal_district",
            "timezone",
            "capital_ru",
            "capital_en",
            "registered_ngos",
            "facts",
            "organization_count",
            "url",
            "html_url",
        ]


class TopicSerializer(serializers.ModelSerializer):
    practice_count = serializers.IntegerField(read_only=True, help_text="Published practices.")
    url = api_link("api:topic-detail")
    html_url = AbsoluteURLField()
    practices_url = serializers.SerializerMethodField(
        help_text="The topic's practices: the practice list filtered by the topic."
    )

    class Meta:
        model = Topic
        fields = [
            "slug",
            "name_ru",
            "name_en",
            "description",
            "practice_count",
            "url",
            "html_url",
            "practices_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_practices_url(self, topic):
        request = self.context["request"]
        return reverse("api:practice-list", request=request) + f"?topic={topic.slug}"


# Organisations ----------------------------------------------------------------------------


class OrganizationSummarySerializer(serializers.ModelSerializer):
    region = RegionRefSerializer()
    verified = serializers.BooleanField(
        source="is_verified",
        help_text="Verified by a moderator: a trusted publisher (its practices and events "
        "are published without review).",
    )
    url = api_link("api:organization-detail")
    html_url = AbsoluteURLField()

    class Meta:
        model = Organization
        fields = [
            "slug",
            "name",
            "short_name",
            "kind",
            "region",
            "locality",
            "verified",
            "website",
            "url",
            "html_url",
        ]


class OrganizationSerializer(OrganizationSummarySerializer):
    parent = OrganizationRefSerializer(allow_null=True, help_text="The network it belongs to.")
    logo = AbsoluteURLField("logo_url", allow_null=True)
    people = PublicPersonSerializer(
        many=True,
        source="public_people",
        help_text="People who agreed to be shown (152-FZ), with their position.",
    )
    practices = PracticeRefSerializer(
        many=True, source="section_practices", help_text="Its 20 newest published practices."
    )
    events = EventRefSerializer(
        many=True, source="section_events", help_text="Its 20 latest public events."
    )

    class Meta(OrganizationSummarySerializer.Meta):
        fields = [
            *OrganizationSummarySerializer.Meta.fields,
            "description",
            "email",
            "phone",
            "address",
            "parent",
            "logo",
            "people",
            "practices",
            "events",
        ]


# Practices --------------------------------------------------------------------------------


class PracticeStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = PracticeStep
        fields = ["order", "title", "description", "duration"]


class KeyFigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = KeyFigure
        fields = ["order", "value", "label", "illustrative"]


class AttachmentSerializer(serializers.ModelSerializer):
    file_name = serializers.CharField(source="download_name")
    url = AbsoluteURLField(help_text="The download address.")

    class Meta:
        model = PracticeAttachment
        fields = ["title", "file_name", "content_type", "url"]


class ContactPersonSerializer(serializers.ModelSerializer):
    """Shown only when the person agreed (the passport's rule: name, position, e-mail and
    phone with consent, nothing without)."""

    name = serializers.CharField(source="full_name")

    class Meta:
        model = Person
        fields = ["name", "position", "email", "phone"]


class CoverSerializer(serializers.Serializer):
    url = AbsoluteURLField("cover_url")
    alt = serializers.CharField(source="cover_alt")
    width = serializers.IntegerField(source="cover_width", allow_null=True)
    height = serializers.IntegerField(source="cover_height", allow_null=True)


class ReplicationFigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReplicationFigure
        fields = ["order", "value", "label", "illustrative"]


class ReplicationAttachmentSerializer(serializers.ModelSerializer):
    file_name = serializers.CharField(source="download_name")
    url = AbsoluteURLField(help_text="The download address.")

    class Meta:
        model = ReplicationAttachment
        fields = ["title", "file_name", "content_type", "url"]


class ReplicationStorySerializer(serializers.Serializer):
    """The adopter's account of an implemented replication (its results, figures, files)."""

    results = serializers.CharField(help_text="Markdown.")
    figures = ReplicationFigureSerializer(many=True)
    attachments = ReplicationAttachmentSerializer(many=True)


class ReplicationInPracticeSerializer(serializers.ModelSerializer):
    """A replication as the passport's "where it works" shows it."""

    adopter = OrganizationRefSerializer()
    region = RegionRefSerializer(source="adopter.region", help_text="The adopter's region.")
    story = serializers.SerializerMethodField(
        help_text="The adopter's results, once implemented and told; null otherwise."
    )
    url = api_link("api:replication-detail", "id")

    class Meta:
        model = Replication
        fields = ["id", "status", "adopter", "region", "story", "url"]

    @extend_schema_field(ReplicationStorySerializer(allow_null=True))
    def get_story(self, replication):
        if not replication.has_results:
            return None
        return ReplicationStorySerializer(replication, context=self.context).data


class PracticeSummarySerializer(serializers.ModelSerializer):
    """A practice in a list: what its card shows (the list's rows load only that)."""

    organization = OrganizationRefSerializer()
    region = RegionRefSerializer()
    topics = TopicRefSerializer(many=True)
    replication_count = serializers.IntegerField(
        help_text="Replications in progress or implemented elsewhere (requests not counted)."
    )
    url = api_link("api:practice-detail")
    html_url = AbsoluteURLField()

    class Meta:
        model = Practice
        fields = [
            "slug",
            "title",
            "summary",
            "organization",
            "region",
            "locality",
            "topics",
            "format",
            "year_started",
            "replication_count",
            "published_at",
            "url",
            "html_url",
        ]


class PracticeSerializer(PracticeSummarySerializer):
    """The whole passport, as its page and its .docx give it."""

    target_groups = TargetGroupSerializer(many=True)
    grant_project = GrantProjectRefSerializer(allow_null=True)
    contact_person = serializers.SerializerMethodField(
        help_text="Only if the person agreed to be shown (152-FZ); null otherwise."
    )
    cover = serializers.SerializerMethodField(help_text="The cover image; null without one.")
    steps = PracticeStepSerializer(many=True)
    key_figures = KeyFigureSerializer(many=True)
    attachments = AttachmentSerializer(many=True)
    replications = ReplicationInPracticeSerializer(
        many=True,
        source="public_replications",
        help_text='"Where it works": the organisations that asked to implement it, implement '
        "it or have implemented it (declined and dropped requests are not shown).",
    )
    passport_docx = RouteField(
        "practices:passport-docx", help_text="The passport as a Word document."
    )

    class Meta(PracticeSummarySerializer.Meta):
        fields = [
            *PracticeSummarySerializer.Meta.fields,
            "target_groups",
            "grant_project",
            "problem",
            "goal",
            "solution",
            "steps",
            "results",
            "key_figures",
            "reach",
            "results_period",
            "evidence",
            "resources_staff",
            "resources_volunteers",
            "budget_range",
            "resources_partners",
            "conditions",
            "risks",
            "replicability",
            "contact_person",
            "cover",
            "attachments",
            "replications",
            "updated_at",
            "passport_docx",
        ]

    @extend_schema_field(ContactPersonSerializer(allow_null=True))
    def get_contact_person(self, practice):
        person = practice.contact_person
        if person is None or not person.public_consent:
            return None
        return ContactPersonSerializer(person, context=self.context).data

    @extend_schema_field(CoverSerializer(allow_null=True))
    def get_cover(self, practice):
        if not practice.cover:
            return None
        return CoverSerializer(practice, context=self.context).data


# Replications -----------------------------------------------------------------------------


class ReplicationPracticeSerializer(PracticeRefSerializer):
    region = RegionRefSerializer(help_text="The practice's region (where it comes from).")
    organization = OrganizationRefSerializer()

    class Meta(PracticeRefSerializer.Meta):
        fields = ["slug", "title", "organization", "region", "url", "html_url"]


class ReplicationSerializer(ReplicationInPracticeSerializer):
    """A practice taken up by another organisation: requested, in progress or implemented,
    of a published practice (what the passport and the region pages show)."""

    practice = ReplicationPracticeSerializer()

    class Meta(ReplicationInPracticeSerializer.Meta):
        fields = ["id", "status", "practice", "adopter", "region", "story", "url"]


# Events -----------------------------------------------------------------------------------


class EventSummarySerializer(serializers.ModelSerializer):
    """An event in a list: what its card shows."""

    start = VenueTimeField("start")
    end = VenueTimeField("end")
    region = RegionRefSerializer()
    organizer = OrganizationRefSerializer()
    url = api_link("api:event-detail")
    html_url = AbsoluteURLField()

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "kind",
            "status",
            "summary",
            "start",
            "end",
            "timezone",
            "format",
            "region",
            "organizer",
            "url",
            "html_url",
        ]
        extra_kwargs = {
            "status": {"help_text": "published, or cancelled (a cancelled event stays listed)."},
            "timezone": {"help_text": "The venue's IANA time zone; start and end are in it."},
        }


class SpeakerSerializer(PublicPersonSerializer):
    organization = OrganizationRefSerializer(allow_null=True)

    class Meta(PublicPersonSerializer.Meta):
        fields = ["name", "position", "organization"]


class ProgrammeItemSerializer(serializers.ModelSerializer):
    start = VenueTimeField("start", event=lambda item: item.event)
    end = VenueTimeField("end", event=lambda item: item.event, allow_null=True)
    speakers = SpeakerSerializer(
        many=True,
        source="public_speakers",
        help_text="Speakers who agreed to be shown (152-FZ); the others are left out.",
    )

    class Meta:
        model = ProgrammeItem
        fields = ["start", "end", "kind", "title", "description", "speakers"]


class PartnerSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer()

    class Meta:
        model = EventPartner
        fields = ["organization", "role"]


class SiteVisitSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer()

    class Meta:
        model = SiteVisit
        fields = ["day", "organization", "purpose"]


class MaterialSerializer(serializers.ModelSerializer):
    url = AbsoluteURLField("href", help_text="The file's download address, or the link.")

    class Meta:
        model = EventMaterial
        fields = ["title", "url"]


class RegistrationSerializer(serializers.Serializer):
    accepts_applications = serializers.BooleanField(
        help_text="Applications are made on the portal (signed in)."
    )
    open = serializers.BooleanField(help_text="Applications are open now.")
    opens = VenueTimeField("registration_opens", allow_null=True)
    closes = VenueTimeField(
        "registration_closes",
        allow_null=True,
        help_text="null: applications are accepted until the event starts.",
    )
    capacity = serializers.IntegerField(allow_null=True, help_text="null: no limit.")
    places_taken = serializers.IntegerField(
        allow_null=True, help_text="Applications holding a place (counted, never named)."
    )
    waitlist_enabled = serializers.BooleanField()


class EventSerializer(EventSummarySerializer):
    """The event's page: when and where, the programme with its speakers, partners,
    internship details, applications (counted), outcomes and materials."""

    online_url = serializers.SerializerMethodField(
        help_text="The online link; null when there is none or the event is cancelled."
    )
    grant_project = GrantProjectRefSerializer(allow_null=True)
    host_organization = OrganizationRefSerializer(
        allow_null=True, help_text="Internships: the organisation receiving the delegation."
    )
    delegation_region = RegionRefSerializer(
        allow_null=True, help_text="Internships: where the visiting delegation comes from."
    )
    partners = PartnerSerializer(many=True, source="partnerships")
    registration = serializers.SerializerMethodField()
    programme = ProgrammeItemSerializer(many=True)
    site_visits = SiteVisitSerializer(many=True, source="visits")
    practices = PracticeRefSerializer(
        many=True,
        source="published_practices",
        help_text="Practices to study (published ones only).",
    )
    materials = MaterialSerializer(many=True)
    ics = RouteField("events:ics", help_text="The event as an iCalendar file.")

    class Meta(EventSummarySerializer.Meta):
        fields = [
            *EventSummarySerializer.Meta.fields,
            "description",
            "venue",
            "address",
            "online_url",
            "grant_project",
            "host_organization",
            "delegation_region",
            "partners",
            "registration",
            "programme",
            "site_visits",
            "practices",
            "outcome_summary",
            "materials",
            "cancellation_reason",
            "ics",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_online_url(self, event):
        return None if event.is_cancelled or not event.online_url else event.online_url

    @extend_schema_field(RegistrationSerializer)
    def get_registration(self, event):
        data = {
            "accepts_applications": event.accepts_applications,
            "open": event.registration_is_open(),
            "registration_opens": event.registration_opens,
            "registration_closes": event.registration_closes,
            "capacity": event.capacity,
            "places_taken": getattr(event, "places_taken", None),
            "waitlist_enabled": event.waitlist_enabled,
            "zone": event.zone,
        }
        return RegistrationSerializer(_Registration(data), context=self.context).data


class _Registration:
    def __init__(self, data):
        self.__dict__.update(data)


# Grant projects ---------------------------------------------------------------------------


class ProgrammeRefSerializer(serializers.Serializer):
    title = serializers.CharField()
    funder = OrganizationRefSerializer(allow_null=True)
    operator = OrganizationRefSerializer(allow_null=True)


class GrantProjectSummarySerializer(serializers.ModelSerializer):
    programme = ProgrammeRefSerializer(allow_null=True, help_text="The grant programme.")
    implementer = OrganizationRefSerializer()
    url = api_link("api:project-detail")
    html_url = AbsoluteURLField()

    class Meta:
        model = GrantProject
        fields = [
            "slug",
            "title",
            "programme",
            "implementer",
            "start_date",
            "end_date",
            "description",
            "url",
            "html_url",
        ]


class IndicatorSerializer(serializers.ModelSerializer):
    portal_count = serializers.IntegerField(
        source="computed",
        allow_null=True,
        help_text="What the portal counts for it (see source); null when it counts nothing.",
    )

    class Meta:
        model = ProjectIndicator
        fields = [
            "title",
            "unit",
            "planned",
            "achieved",
            "source",
            "portal_count",
            "illustrative",
        ]


class ProjectCountsSerializer(serializers.Serializer):
    """What the portal counts for the project (the page's and the report's figures)."""

    events_held = serializers.IntegerField()
    seminars_held = serializers.IntegerField()
    internships_held = serializers.IntegerField()
    participants = serializers.IntegerField(
        help_text="Accepted applications to its public events: counted, never named."
    )
    practices_published = serializers.IntegerField()
    replications_started = serializers.IntegerField()
    replications_implemented = serializers.IntegerField()
    replications_with_results = serializers.IntegerField()


class ProjectEventSerializer(EventRefSerializer):
    start = VenueTimeField("start")
    end = VenueTimeField("end")
    participants = serializers.IntegerField(
        help_text="Accepted applications: counted, never named."
    )

    class Meta(EventRefSerializer.Meta):
        fields = ["slug", "title", "kind", "status", "start", "end", "participants", "url"]


class ProjectPracticeSerializer(PracticeRefSerializer):
    organization = OrganizationRefSerializer()
    region = RegionRefSerializer()

    class Meta(PracticeRefSerializer.Meta):
        fields = ["slug", "title", "organization", "region", "url", "html_url"]


class ProjectReplicationPracticeSerializer(PracticeRefSerializer):
    region = RegionRefSerializer(help_text="The practice's region (where it comes from).")

    class Meta(PracticeRefSerializer.Meta):
        fields = ["slug", "title", "region", "url", "html_url"]


class ProjectReplicationSerializer(serializers.ModelSerializer):
    """A replication the project started, as the project's page lists it."""

    practice = ProjectReplicationPracticeSerializer()
    adopter = OrganizationRefSerializer()
    region = RegionRefSerializer(source="adopter.region", help_text="The adopter's region.")
    url = api_link("api:replication-detail", "id")

    class Meta:
        model = Replication
        fields = ["id", "status", "practice", "adopter", "region", "url"]


class GrantProjectSerializer(GrantProjectSummarySerializer):
    """The project's page: partners, indicators, what the portal counts, and the events,
    practices and replications behind the counts (up to 200 of each; the counts are whole)."""

    partners = OrganizationRefSerializer(many=True, source="report.partners")
    indicators = IndicatorSerializer(many=True, source="report.indicators")
    counts = serializers.SerializerMethodField()
    events = ProjectEventSerializer(many=True, source="report.events")
    practices = ProjectPracticeSerializer(many=True, source="report.practices")
    replications = ProjectReplicationSerializer(many=True, source="report.replications")
    report_docx = RouteField("projects:report-docx", help_text="The funder's report (Word).")
    report_csv = RouteField("projects:report-csv", help_text="The same figures as CSV.")

    class Meta(GrantProjectSummarySerializer.Meta):
        fields = [
            *GrantProjectSummarySerializer.Meta.fields,
            "partners",
            "indicators",
            "counts",
            "events",
            "practices",
            "replications",
            "report_docx",
            "report_csv",
        ]

    @extend_schema_field(ProjectCountsSerializer)
    def get_counts(self, project):
        counts = {source.replace("-", "_"): n for source, n in project.report.counts.items()}
        return ProjectCountsSerializer(counts).data
