"""The practices section of /dashboard/: two queries whatever the rows (replications, then
practices: each kind's lists read together)."""

from django.db.models import Q

from common.together import read_together
from organizations.rules import is_moderator, membership_roles

from .models import Practice, PracticeStatus, Replication, ReplicationStatus

LIMIT = 50


def dashboard_context(user):
    if not user.is_authenticated:
        return {}
    org_ids = list(membership_roles(user))
    moderator = is_moderator(user)
    replications = Replication.objects.with_related()
    cards = Practice.objects.for_cards("updated_at")  # the lists show when they changed
    lists = {
        # Requests the user's organisations (or the user) made to implement others' practices.
        "my_replication_requests": replications.filter(
            Q(adopter_id__in=org_ids) | Q(requested_by=user)
        ).order_by("-requested_at", "-pk")[:LIMIT],
        # Requests to implement the user's organisations' practices that wait or run.
        "incoming_replications": replications.filter(
            practice__organization_id__in=org_ids,
            status__in=[ReplicationStatus.REQUESTED, ReplicationStatus.IN_PROGRESS],
        ).order_by("status", "-requested_at", "-pk")[:LIMIT],
    }
    practices = {
        "my_practice_drafts": cards.filter(
            Q(organization_id__in=org_ids) | Q(created_by=user),
            status__in=[PracticeStatus.DRAFT, PracticeStatus.RETURNED, PracticeStatus.ON_REVIEW],
        ).order_by("-updated_at", "-pk")[:LIMIT],
    }
    if moderator:
        practices["moderation_queue"] = cards.filter(status=PracticeStatus.ON_REVIEW).order_by(
            "updated_at", "pk"
        )[:LIMIT]
    context = read_together(**lists) | read_together(**practices)
    return context | {
        # The user's organisations: they record the results of what they implemented.
        "replication_adopter_ids": set(org_ids),
        "practices_is_moderator": moderator,
        "can_add_practice": bool(org_ids) or moderator,
    }
