"""The organisations section of /dashboard/: a fixed number of queries whatever the rows.

Everyone: invitations to answer. Managers: organisations asking to join theirs.
Moderators: the verification queue (unverified organisations, newest first, with
possible duplicates by name or ИНН)."""

from common.together import read_together

from .models import Invitation, InvitationStatus, MembershipRole, Organization
from .rules import is_moderator, membership_roles
from .services import possible_duplicates

LIMIT = 50


def dashboard_context(user):
    if not user.is_authenticated:
        return {}
    managed = [pk for pk, role in membership_roles(user).items() if role == MembershipRole.MANAGER]
    organizations = Organization.objects.select_related("region", "requested_parent")
    lists = {}
    if managed:
        lists["link_requests"] = organizations.filter(requested_parent_id__in=managed).order_by(
            "name", "pk"
        )[:LIMIT]
    if is_moderator(user):
        lists["verification_queue"] = organizations.unverified().order_by("-created_at", "-pk")[
            :LIMIT
        ]
    found = {"link_requests": [], "verification_queue": []} | read_together(**lists)
    queue = found["verification_queue"]
    duplicates = possible_duplicates(queue) if queue else {}
    return {
        "link_requests": found["link_requests"],
        "verification_queue": [(org, duplicates[org.pk]) for org in queue],
        "pending_invitations": list(
            Invitation.objects.filter(user=user, status=InvitationStatus.PENDING)
            .select_related("organization__region", "invited_by")
            .order_by("-created_at", "-pk")[:LIMIT]
        ),
    }
