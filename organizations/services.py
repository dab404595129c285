from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber, Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from common.slugs import unique_slug

from . import signals
from .models import (
    Invitation,
    InvitationStatus,
    Membership,
    MembershipRole,
    Organization,
    VerificationRecord,
)


@transaction.atomic
def register_organization(*, form, user):
    """Save a new organisation from a valid form and make ``user`` its manager."""
    organization = form.save(commit=False)
    organization.slug = unique_slug(Organization, organization.short_name or organization.name)
    organization.full_clean()
    organization.save()
    form.save_m2m()
    Membership.objects.create(user=user, organization=organization, role=MembershipRole.MANAGER)
    return organization


class MembershipError(Exception):
    """A membership change that the rules forbid; the message is shown to the user."""


@transaction.atomic
def change_role(*, membership, role, actor):
    """Give an existing member another role; MembershipError when it is the last manager."""
    _require(actor, "organizations.manage_members", membership.organization)
    if role not in MembershipRole.values:
        raise ValueError(f"Unknown role {role!r}")
    membership = (
        Membership.objects.select_for_update().select_related("organization").get(pk=membership.pk)
    )
    if membership.role != role:
        _keep_a_manager(membership.organization, leaving=membership, new_role=role)
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(*, membership, actor):
    """Remove a membership; raises MembershipError when it is the last manager."""
    _require(actor, "organizations.manage_members", membership.organization)
    _keep_a_manager(membership.organization, leaving=membership, new_role=None)
    membership.delete()


def _keep_a_manager(organization, *, leaving, new_role):
    if leaving.role != MembershipRole.MANAGER or new_role == MembershipRole.MANAGER:
        return
    managers = Membership.objects.select_for_update().filter(
        organization=organization, role=MembershipRole.MANAGER
    )
    if not managers.exclude(pk=leaving.pk).exists():
        raise MembershipError(_("An organisation keeps at least one manager."))


# Invitations: nobody becomes a member without saying yes ---------------------------------


def _find_account(identifier):
    """The active account with this user name, or else with this e-mail (any case)."""
    users = get_user_model().objects.filter(is_active=True)
    user = users.filter(username=identifier).first()
    if user is None and "@" in identifier:
        user = users.filter(email__iexact=identifier).order_by("pk").first()
    return user


@transaction.atomic
def invite_member(*, organization, actor, identifier, role):
    """Invite the account ``identifier`` (user name or e-mail) to join with ``role``.

    Returns None whatever happens (no such account, already a member, already invited) so
    that no caller can tell people which accounts exist. Every recorded invitation sends
    ``signals.invitation_created``, an account or not; the notifications app tells the invited
    person (by a task, after the commit) and they answer on their dashboard.
    """
    _require(actor, "organizations.manage_members", organization)
    if role not in MembershipRole.values:
        raise ValueError(f"Unknown role {role!r}")
    identifier = (identifier or "").strip()
    if "@" in identifier:
        identifier = identifier.lower()
    user = _find_account(identifier)
    if (
        user is not None
        and Membership.objects.filter(organization=organization, user=user).exists()
    ):
        return None
    pending = Invitation.objects.filter(organization=organization, status=InvitationStatus.PENDING)
    if pending.filter(Q(identifier=identifier) | Q(user=user, user__isnull=False)).exists():
        return None  # no second e-mail either
    # An unknown identifier is recorded like any other (and reaches nobody).
    invitation = Invitation(
        organization=organization, identifier=identifier, user=user, role=role, invited_by=actor
    )
    invitation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # a concurrent invitation of the same person got there first
            invitation.save()
    except IntegrityError:
        return None
    signals.invitation_created.send(sender=Invitation, invitation=invitation)
    return None


def _pending_for_update(invitation):
    """The invitation re-read under a row lock; MembershipError unless it still waits."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organization", "user")
        .get(pk=invitation.pk)
    )
    if invitation.status != InvitationStatus.PENDING:
        raise MembershipError(_("This invitation has already been answered or withdrawn."))
    return invitation


def _close(invitation, status):
    invitation.status = status
    invitation.decided_at = timezone.now()
    # invited_by is empty once the inviter's account is gone (SET_NULL; the field lacks blank).
    invitation.full_clean(exclude=["invited_by"])
    invitation.save(update_fields=["status", "decided_at"])


@transaction.atomic
def accept_invitation(*, invitation, user):
    """The invited person joins: a new membership with the invited role, or an existing
    editor raised to manager (accepting an invitation never lowers a role)."""
    if invitation.user_id != user.pk:
        raise PermissionDenied
    invitation = _pending_for_update(invitation)
    membership, created = Membership.objects.select_for_update().get_or_create(
        organization=invitation.organization, user=user, defaults={"role": invitation.role}
    )
    if not created and invitation.role == MembershipRole.MANAGER:
        membership.role = MembershipRole.MANAGER
        membership.save(update_fields=["role"])
    _close(invitation, InvitationStatus.ACCEPTED)
    user.__dict__.pop("_membership_roles", None)  # the rules' per-request cache is stale now
    return membership


@transaction.atomic
def decline_invitation(*, invitation, user):
    if invitation.user_id != user.pk:
        raise PermissionDenied
    invitation = _pending_for_update(invitation)
    _close(invitation, InvitationStatus.DECLINED)
    return invitation


@transaction.atomic
def cancel_invitation(*, invitation, actor):
    """A manager of the organisation (or a moderator) withdraws a pending invitation."""
    _require(actor, "organizations.manage_members", invitation.organization)
    invitation = _pending_for_update(invitation)
    _close(invitation, InvitationStatus.CANCELLED)
    return invitation


# Verification and parent links: moderators' decisions -----------------------------------


class VerificationError(Exception):
    """A verification or parent-link change the current state does not allow."""


def _require(actor, perm, organization):
    if not actor.has_perm(perm, organization):
        raise PermissionDenied


@transaction.atomic
def set_verified(*, organization, actor, verified, comment=""):
    """Grant (``verified=True``) or revoke the trusted-publisher status; the decision is
    logged with who and when. Raises PermissionDenied for anyone but a moderator."""
    _require(actor, "organizations.verify_organization", organization)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.is_verified == verified:
        raise VerificationError(
            _("The organisation is already verified.")
            if verified
            else _("The organisation is not verified.")
        )
    organization.verified_at = timezone.now() if verified else None
    organization.verified_by = actor if verified else None
    organization._history_user = actor
    organization._change_reason = "verified" if verified else "verification revoked"
    organization.save(update_fields=["verified_at", "verified_by", "updated_at"])
    VerificationRecord.objects.create(
        organization=organization, verified=verified, decided_by=actor, comment=comment.strip()
    )
    return organization


@transaction.atomic
def decide_parent_link(*, organization, actor, accept):
    """The requested parent's managers (or a moderator) accept or refuse the link that
    ``organization`` asked for; accepting makes it a member organisation of the parent."""
    _require(actor, "organizations.decide_parent_link", organization)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    parent = organization.requested_parent
    if parent is None:
        raise VerificationError(_("There is no request to decide."))
    if accept:
        if creates_parent_loop(organization, parent):
            raise VerificationError(
                _("An organisation cannot belong to itself or to one of its members.")
            )
        organization.parent = parent
    organization.requested_parent = None
    organization._history_user = actor
    organization.save(update_fields=["parent", "requested_parent", "updated_at"])
    return organization


def creates_parent_loop(organization, parent):
    """True when ``parent`` is ``organization`` itself or one of its descendants."""
    seen = set()
    node = parent
    while node is not None and node.pk not in seen:
        if organization.pk and node.pk == organization.pk:
            return True
        seen.add(node.pk)
        node = node.parent
    return False


# Duplicates named per organisation: a common name ("АНО «Искра»") may be held by hundreds of
# organisations in a federal network, and a moderator needs a few to compare, not a page of them.
DUPLICATES_SHOWN = 5


def possible_duplicates(organizations):
    """For each organisation, others with the same name (case-insensitive) or the same ИНН,
    those with the ИНН first, then the verified, at most DUPLICATES_SHOWN: a dict id -> list of
    organisations. One query whatever the number of organisations (an index on UPPER(name))."""
    organizations = list(organizations)
    # iexact folds Cyrillic case on PostgreSQL; SQLite folds only ASCII, exact copies match.
    names = {o.name.strip() for o in organizations}
    inns = {o.inn for o in organizations if o.inn}
    query = Q(inn__in=inns) if inns else Q(pk__in=[])
    for name in names:
        query |= Q(name__iexact=name)
    # A few of each name, the verified first (a common name matched 9 000 rows of 200 000):
    # the organisation itself may be one of them, and those sharing its ИНН come on top.
    nth = Window(
        RowNumber(),
        partition_by=[Upper("name")],
        order_by=[F("verified_at").desc(nulls_last=True), F("pk").asc()],
    )
    candidates = (
        list(
            Organization.objects.filter(query)
            .annotate(nth=nth)
            .filter(Q(nth__lte=DUPLICATES_SHOWN + 1) | Q(inn__in=inns))
            .select_related("region")
            .defer("description", "search_text", "search_vector")
        )
        if names
        else []
    )
    # The candidates by name and by ИНН (positions, to keep their order): a queue of fifty
    # compared every organisation with every candidate, 10 ms for 400 of them.
    by_name, by_inn = {}, {}
    for n, other in enumerate(candidates):
        by_name.setdefault(other.name.strip().lower(), []).append(n)
        if other.inn:
            by_inn.setdefault(other.inn, []).append(n)
    duplicates = {}
    for organization in organizations:
        found = set(by_name.get(organization.name.strip().lower(), ()))
        if organization.inn:
            found.update(by_inn.get(organization.inn, ()))
        same = [candidates[n] for n in sorted(found) if candidates[n].pk != organization.pk]
        same.sort(
            key=lambda other: (
                not (organization.inn and other.inn == organization.inn),
                not other.is_verified,
            )
        )
        duplicates[organization.pk] = same[:DUPLICATES_SHOWN]
    return duplicates
