"""The practices section of /dashboard/: a fixed number of queries whatever the row count."""

from django.db.models import Q

from organizations.rules import is_moderator, membership_roles

from .models import Practice, PracticeStatus, Replication, ReplicationStatus

LIMIT = 50


def dashboard_context(user):
    if not user.is_authenticated:
        return {}
    org_ids = list(membership_roles(user))
    replications = Replication.objects.with_related()
    context = {
        # Requests the user's organisations (or the user) made to implement others' practices.
        "my_replication_requests": list(
            replications.filter(Q(adopter_id__in=org_ids) | Q(requested_by=user)).order_by(
                "-requested_at", "-pk"
            )[:LIMIT]
        ),
        # Requests to implement the user's organisations' practices that wait or run.
        "incoming_replications": list(
            replications.filter(
                practice__organization_id__in=org_ids,
                status__in=[ReplicationStatus.REQUESTED, ReplicationStatus.IN_PROGRESS],
            ).order_by("status", "-requested_at", "-pk")[:LIMIT]
        ),
        "my_practice_drafts": list(
            Practice.objects.for_cards()
            .filter(
                Q(organization_id__in=org_ids) | Q(created_by=user),
                status__in=[
                    PracticeStatus.DRAFT,
                    PracticeStatus.RETURNED,
                    PracticeStatus.ON_REVIEW,
                ],
            )
            .order_by("-updated_at", "-pk")[:LIMIT]
        ),
        # The user's organisations: they record the results of what they implemented.
        "replication_adopter_ids": set(org_ids),
        "practices_is_moderator": is_moderator(user),
        "can_add_practice": bool(org_ids) or is_moderator(user),
    }
    if context["practices_is_moderator"]:
        context["moderation_queue"] = list(
            Practice.objects.for_cards("updated_at")  # the queue shows it
            .filter(status=PracticeStatus.ON_REVIEW)
            .order_by("updated_at", "pk")[:LIMIT]
        )
    return context
