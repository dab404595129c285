"""What a grant project did, counted: its public events with their participants (accepted
applications, counted, never named), its published practices, the replications it started
and its indicators beside what the portal counts for each (``IndicatorSource``).

The project's page and the funder's report (``portal.projects``, ``portal.project_reports``)
and the read API (``api``) show the same figures from ``project_report``. It lives here, in
the lowest layer that sees events, practices and projects together.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from organizations.models import GrantProject, IndicatorSource
from practices.exchange import FLOW_STATUSES
from practices.models import Practice, PracticeStatus, Replication, ReplicationStatus

from .models import PUBLIC, ApplicationStatus, Event, EventKind, EventStatus

# Rows listed on the page and in the report; the counts are always whole.
LIMIT = 200


def projects():
    return GrantProject.objects.select_related(
        "programme__funder", "programme__operator", "implementer__region"
    )


@dataclass
class ProjectReport:
    """Everything the page, the .docx and the .csv show (``project_report``)."""

    project: GrantProject
    partners: list
    events: list
    practices: list
    replications: list
    indicators: list
    counts: dict

    @property
    def internships(self):
        return [e for e in self.events if e.kind == EventKind.INTERNSHIP]

    @property
    def has_illustrative(self):
        return any(i.illustrative for i in self.indicators)


def _replications_started(project, partner_ids):
    """Replications in progress or implemented of the project's practices, or taken up by
    its implementer or partners within its period."""
    taken_up = Q(adopter_id__in=[project.implementer_id, *partner_ids])
    if project.start_date:
        taken_up &= Q(requested_at__date__gte=project.start_date)
    if project.end_date:
        taken_up &= Q(requested_at__date__lte=project.end_date)
    # The project's practices as a subquery, so the OR stays within the replications' own
    # columns and each side reads its foreign-key index (not every replication joined).
    own = Q(practice_id__in=Practice.objects.filter(grant_project=project).values("pk"))
    return Replication.objects.filter(
        own | taken_up, status__in=FLOW_STATUSES, practice__status=PracticeStatus.PUBLISHED
    )


def project_report(project):
    """The project's figures and lists: eight queries whatever its size."""
    now = timezone.now()
    partners = list(project.partners.select_related("region").order_by("name"))
    public_events = Event.objects.filter(grant_project=project, status__in=PUBLIC)
    accepted = Q(applications__status=ApplicationStatus.ACCEPTED)
    events = list(
        public_events.select_related("region")
        .annotate(participants=Count("applications", filter=accepted))
        .order_by("start", "pk")[:LIMIT]
    )
    held = Q(status=EventStatus.PUBLISHED, end__lt=now)
    event_counts = public_events.aggregate(
        events_held=Count("pk", filter=held, distinct=True),
        seminars_held=Count(
            "pk",
            filter=held & Q(kind__in=[EventKind.SEMINAR, EventKind.WEBINAR]),
            distinct=True,
        ),
        internships_held=Count("pk", filter=held & Q(kind=EventKind.INTERNSHIP), distinct=True),
        participants=Count("applications", filter=accepted),
    )
    project_practices = Practice.objects.published().filter(grant_project=project)
    practices = list(
        project_practices.select_related("organization", "region").order_by("title")[:LIMIT]
    )
    started = _replications_started(project, [p.pk for p in partners])
    replications = list(
        started.select_related("practice__region", "adopter__region").order_by(
            "-requested_at", "-pk"
        )[:LIMIT]
    )
    replication_counts = started.aggregate(
        started=Count("pk"),
        implemented=Count("pk", filter=Q(status=ReplicationStatus.IMPLEMENTED)),
        with_results=Count("pk", filter=Q(status=ReplicationStatus.IMPLEMENTED) & ~Q(results="")),
    )
    counts = {
        IndicatorSource.EVENTS_HELD: event_counts["events_held"],
        IndicatorSource.SEMINARS_HELD: event_counts["seminars_held"],
        IndicatorSource.INTERNSHIPS_HELD: event_counts["internships_held"],
        IndicatorSource.PARTICIPANTS: event_counts["participants"],
        IndicatorSource.PRACTICES_PUBLISHED: project_practices.count(),
        IndicatorSource.REPLICATIONS_STARTED: replication_counts["started"],
        IndicatorSource.REPLICATIONS_IMPLEMENTED: replication_counts["implemented"],
        IndicatorSource.REPLICATIONS_WITH_RESULTS: replication_counts["with_results"],
    }
    indicators = list(project.indicators.all())
    for indicator in indicators:
        indicator.computed = counts.get(indicator.source) if indicator.source else None
    return ProjectReport(project, partners, events, practices, replications, indicators, counts)
