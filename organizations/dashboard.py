"""The organisations section of /dashboard/: a fixed number of queries whatever the rows.

Everyone: invitations to answer. Managers: organisations asking to join theirs.
Moderators: the verification queue (unverified organisations, newest first, with
possible duplicates by name or ИНН)."""

from .models import Invitation, InvitationStatus, MembershipRole, Organization
from .rules import is_moderator, membership_roles
from .services import possible_duplicates

LIMIT = 50


def dashboard_context(user):
    if not user.is_authenticated:
        return {}
    managed = [pk for pk, role in membership_roles(user).items() if role == MembershipRole.MANAGER]
    context = {
        "link_requests": list(
            Organization.objects.filter(requested_parent_id__in=managed)
            .select_related("region", "requested_parent")
            .order_by("name")[:LIMIT]
        )
        if managed
        else [],
        "verification_queue": [],
    }
    if is_moderator(user):
        queue = list(
            Organization.objects.unverified()
            .select_related("region")
            .order_by("-created_at", "-pk")[:LIMIT]
        )
        duplicates = possible_duplicates(queue)
        context["verification_queue"] = [(org, duplicates[org.pk]) for org in queue]
    return context | {
        "pending_invitations": list(
            Invitation.objects.filter(user=user, status=InvitationStatus.PENDING)
            .select_related("organization__region", "invited_by")
            .order_by("-created_at", "-pk")[:LIMIT]
        ),
    }
