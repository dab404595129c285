"""The read API's resources: one read-only ViewSet each, list and detail.

Every queryset starts from the app's own visibility rule (``Practice.objects.published()``,
``Event.objects.public()``, ``Replication.objects.active()`` of published practices), and
every nested list is narrowed the same way (published practices to study, speakers and
people who agreed to be shown), so what no page shows to an anonymous visitor the API does
not show either, in lists, details, nested records or counts. Nobody is signed in here:
the API has no authentication, and a signed-in visitor sees the same public data.

Lists and details load what they show in a fixed number of queries, whatever the rows.
"""

import re

from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from events import sections as event_sections
from events.filters import EventFilter
from events.models import CARD_FIELDS as EVENT_CARD_FIELDS
from events.models import Event, EventPartner, ProgrammeItem, SiteVisit
from events.projects import project_report, projects
from events.services import places_taken
from organizations.filters import OrganizationFilter
from organizations.models import Organization, Person, Region
from practices import sections as practice_sections
from practices import tallies
from practices.models import Practice, PracticeStatus, Replication, Topic

from . import serializers
from .conditional import ConditionalGetMixin
from .filters import PracticeFilter, ReplicationFilter
from .pagination import CursorPagination
from .schema import RootSerializer, read_only_schema


class ReadOnlyViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail, with conditional GET. The detail ignores the list's filters (a past
    event has its address whatever ``past`` says); each action has its own queryset
    (``list_queryset`` / ``detail_queryset``) and serializer."""

    lookup_field = "slug"
    # Any one path segment reaches the view, which answers 404 in JSON for an unknown one.
    lookup_value_regex = "[^/]+"
    filter_backends = [DjangoFilterBackend]
    pagination_class = CursorPagination
    list_serializer_class = None

    def get_queryset(self):
        return self.list_queryset() if self.action == "list" else self.detail_queryset()

    def list_queryset(self):
        raise NotImplementedError

    def detail_queryset(self):
        return self.list_queryset()

    def get_serializer_class(self):
        if self.action == "list" and self.list_serializer_class:
            return self.list_serializer_class
        return self.serializer_class

    def get_object(self):
        lookup = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        try:
            obj = get_object_or_404(self.get_queryset(), **{self.lookup_field: lookup})
        except Http404:
            raise NotFound from None  # the same answer for any hidden or unknown record
        self.check_object_permissions(self.request, obj)
        return obj


@read_only_schema(serializers.RegionSerializer, lookup="code", tag="regions")
class RegionViewSet(ReadOnlyViewSet):
    """The 89 federal subjects with their ISO 3166-2:RU codes (``RU-SA``)."""

    serializer_class = serializers.RegionSerializer
    lookup_field = "code"
    ordering = ("code",)

    def list_queryset(self):
        return tallies.with_organization_counts(Region.objects.all())

    def get_object(self):
        self.kwargs["code"] = self.kwargs["code"].upper()  # the page takes either case too
        return super().get_object()


@read_only_schema(serializers.TopicSerializer, tag="topics")
class TopicViewSet(ReadOnlyViewSet):
    serializer_class = serializers.TopicSerializer
    ordering = ("slug",)

    def list_queryset(self):
        return tallies.with_practice_counts(Topic.objects.all())


@read_only_schema(
    serializers.OrganizationSerializer,
    serializers.OrganizationSummarySerializer,
    filters=True,
    tag="organizations",
)
class OrganizationViewSet(ReadOnlyViewSet):
    """The directory: every registered organisation is public, as on its page."""

    serializer_class = serializers.OrganizationSerializer
    list_serializer_class = serializers.OrganizationSummarySerializer
    filterset_class = OrganizationFilter
    ordering = ("name", "id")

    def list_queryset(self):
        return Organization.objects.with_related()

    def detail_queryset(self):
        return Organization.objects.with_related().prefetch_related(
            Prefetch("people", queryset=Person.objects.public(), to_attr="public_people")
        )

    def get_object(self):
        organization = super().get_object()
        # The page's own sections: its newest published practices and latest public events.
        organization.section_practices = practice_sections.organization_section(organization)[
            "practices"
        ]
        organization.section_events = event_sections.organization_section(organization)["events"]
        return organization


@read_only_schema(
    serializers.PracticeSerializer,
    serializers.PracticeSummarySerializer,
    filters=True,
    tag="practices",
)
class PracticeViewSet(ReadOnlyViewSet):
    """Published practices, newest first. A draft, a practice on review, returned or
    archived is in no list and its address answers 404, as its page does for a visitor."""

    serializer_class = serializers.PracticeSerializer
    list_serializer_class = serializers.PracticeSummarySerializer
    filterset_class = PracticeFilter
    ordering = ("-published_at", "-id")

    def list_queryset(self):
        return Practice.objects.published().for_list()

    def detail_queryset(self):
        public_replications = Prefetch(
            "replications",
            queryset=Replication.objects.active()
            .select_related("adopter__region")
            .prefetch_related("figures", "attachments")
            .order_by("adopter__name", "pk"),
            to_attr="public_replications",
        )
        return (
            Practice.objects.published()
            .select_related("organization", "region", "grant_project", "contact_person")
            .prefetch_related(
                Prefetch("topics", queryset=Topic.objects.order_by("name_ru")),
                "target_groups",
                "steps",
                "key_figures",
                "attachments",
                public_replications,
            )
        )


@read_only_schema(serializers.ReplicationSerializer, lookup="id", filters=True, tag="replications")
class ReplicationViewSet(ReadOnlyViewSet):
    """Practices taken up elsewhere: the requests, replications in progress and implemented
    ones of published practices, as the passport's "where it works" lists them (declined
    and dropped requests are not shown anywhere). Newest first."""

    serializer_class = serializers.ReplicationSerializer
    filterset_class = ReplicationFilter
    lookup_field = "id"
    ordering = ("-id",)

    def list_queryset(self):
        return (
            Replication.objects.active()
            .filter(practice__status=PracticeStatus.PUBLISHED)
            .select_related("practice__organization", "practice__region", "adopter__region")
            .prefetch_related("figures", "attachments")
        )

    def get_object(self):
        # A number a database column can hold (SQLite raises OverflowError past 2**63).
        if not re.fullmatch(r"[0-9]{1,18}", self.kwargs["id"]):
            raise NotFound
        return super().get_object()


@read_only_schema(
    serializers.EventSerializer, serializers.EventSummarySerializer, filters=True, tag="events"
)
class EventViewSet(ReadOnlyViewSet):
    """Public events (published, and cancelled ones, marked): upcoming ones soonest first,
    or with ``past=1`` the archive, latest first, as the list shows them."""

    serializer_class = serializers.EventSerializer
    list_serializer_class = serializers.EventSummarySerializer
    filterset_class = EventFilter
    ordering = None  # the FilterSet's: upcoming or past

    def list_queryset(self):
        return (
            Event.objects.public()
            .select_related("organizer", "region")
            .only(*EVENT_CARD_FIELDS, "organizer__kind")
        )

    def detail_queryset(self):
        speakers = Prefetch(
            "speakers",
            queryset=Person.objects.public().select_related("organization"),
            to_attr="public_speakers",
        )
        return (
            Event.objects.public()
            .select_related(
                "organizer",
                "region",
                "grant_project",
                "host_organization",
                "delegation_region",
            )
            .prefetch_related(
                Prefetch("programme", queryset=ProgrammeItem.objects.prefetch_related(speakers)),
                Prefetch(
                    "partnerships", queryset=EventPartner.objects.select_related("organization")
                ),
                Prefetch("visits", queryset=SiteVisit.objects.select_related("organization")),
                Prefetch(
                    "practices",
                    queryset=Practice.objects.published().only("title", "slug").order_by("title"),
                    to_attr="published_practices",
                ),
                "materials",
            )
        )

    def get_object(self):
        event = super().get_object()
        event.places_taken = places_taken(event) if event.capacity is not None else None
        return event


@read_only_schema(
    serializers.GrantProjectSerializer,
    serializers.GrantProjectSummarySerializer,
    tag="projects",
)
class GrantProjectViewSet(ReadOnlyViewSet):
    """Grant projects, as /projects/ shows them: the detail has the page's figures (the
    participants of its events are counted, never named)."""

    serializer_class = serializers.GrantProjectSerializer
    list_serializer_class = serializers.GrantProjectSummarySerializer
    ordering = ("-id",)

    def list_queryset(self):
        return projects()

    def get_object(self):
        project = super().get_object()
        project.report = project_report(project)
        return project


class RootView(ConditionalGetMixin, APIView):
    """``/api/v1/``: the resources, the schema and the docs."""

    resources = ("regions", "topics", "organizations", "practices", "replications", "events")

    @extend_schema(responses=RootSerializer, tags=["root"], summary="The API's resources")
    def get(self, request):
        links = {name: reverse(f"api:{name[:-1]}-list", request=request) for name in self.resources}
        links["projects"] = reverse("api:project-list", request=request)
        links["schema"] = reverse("api:schema", request=request)
        links["docs"] = reverse("api:docs", request=request)
        return Response(links)


def not_found(request, path):
    """Any other address under /api/ that ends in a slash: 404 in JSON, as the API's own."""
    return JsonResponse(
        {"detail": str(NotFound.default_detail)},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )
