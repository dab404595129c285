"""Who may do what: the permission predicates, defined once (django-rules).

Every "may this user act for this organisation / see / edit / decide" question in the
project is answered here or in another app's ``rules.py``, built on the predicates below.
Use them in views (``user.has_perm("organizations.change_organization", org)``), in
templates (``{% has_perm ... %}``), in admin and in services (which re-check them).

Moderators are the members of the ``moderators`` group, and superusers. ``is_staff`` only
opens Django admin; it grants no moderation rights.
"""

import rules

from .models import MembershipRole, Organization

MODERATORS_GROUP = "moderators"


def membership_roles(user):
    """A dict organisation id -> role for the user, cached on the user object (one query)."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_membership_roles", None)
    if cached is None:
        cached = dict(user.memberships.values_list("organization_id", "role"))
        user._membership_roles = cached
    return cached


def memberships_of(user):
    """The user's memberships with their organisations and regions, as a page lists them;
    reading them also fills ``membership_roles``'s cache (no second query for the roles)."""
    memberships = list(user.memberships.select_related("organization__region"))
    user._membership_roles = {m.organization_id: m.role for m in memberships}
    return memberships


def acting_organizations(user, *, all_for_moderators=True):
    """The organisations ``user`` may act for: their own, and every one for a moderator
    (unless ``all_for_moderators`` is False: applying or asking to implement a practice is
    done on behalf of one's own organisation only).

    A queryset, evaluated lazily; the member's ids come from ``membership_roles`` (cached)."""
    if all_for_moderators and is_moderator(user):
        return Organization.objects.all()
    return Organization.objects.filter(pk__in=list(membership_roles(user)))


@rules.predicate
def is_moderator(user):
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_moderator", None)
    if cached is None:
        cached = user.groups.filter(name=MODERATORS_GROUP).exists()
        user._is_moderator = cached
    return cached


@rules.predicate
def is_member(user, organization):
    return organization is not None and organization.pk in membership_roles(user)


@rules.predicate
def is_manager(user, organization):
    return (
        organization is not None
        and membership_roles(user).get(organization.pk) == MembershipRole.MANAGER
    )


@rules.predicate
def has_any_membership(user):
    return bool(membership_roles(user))


@rules.predicate
def is_verified(user, organization):
    """A trusted publisher: verified by a moderator (nothing a member edits sets it)."""
    return organization is not None and organization.verified_at is not None


@rules.predicate
def manages_requested_parent(user, organization):
    """The user manages the organisation that ``organization`` asks to join."""
    return (
        organization is not None
        and organization.requested_parent_id is not None
        and membership_roles(user).get(organization.requested_parent_id) == MembershipRole.MANAGER
    )


# Members of a verified organisation, and moderators, publish without review.
publishes_without_review = is_moderator | (is_member & is_verified)


# Staff of an organisation (editors and managers) keep its profile up to date (PRODUCT.md:
# "resource-centre staff ... edit their organisation's profile"); only managers decide who
# belongs to it. Being verified and belonging to a parent are moderators' decisions.
rules.add_perm("organizations.add_organization", rules.is_authenticated)
rules.add_perm("organizations.change_organization", is_member | is_moderator)
rules.add_perm("organizations.manage_members", is_manager | is_moderator)
rules.add_perm("organizations.act_for_organization", is_member | is_moderator)
rules.add_perm("organizations.verify_organization", is_moderator)
rules.add_perm("organizations.set_parent", is_moderator)
rules.add_perm("organizations.decide_parent_link", manages_requested_parent | is_moderator)


@rules.predicate
def is_project_staff(user, project):
    """A member (editor or manager) of the organisation that implements the grant project."""
    return project is not None and project.implementer_id in membership_roles(user)


# The implementing organisation's staff keep the project's indicators (planned, achieved).
rules.add_perm("organizations.change_grantproject", is_project_staff | is_moderator)
# A project's page and report hold public facts only (counts, public events, published
# practices): everyone sees them.
rules.add_perm("organizations.view_grantproject", rules.always_allow)
