"""Who may do what: the permission predicates, defined once (django-rules).

Use them in views (``user.has_perm("organizations.change_organization", org)``),
in templates (``{% has_perm ... %}``) and in admin.
"""

import rules

from .models import MembershipRole

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


@rules.predicate
def is_moderator(user):
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
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


# Staff of an organisation (editors and managers) keep its profile up to date (PRODUCT.md:
# "resource-centre staff ... edit their organisation's profile"); only managers decide who
# belongs to it.
rules.add_perm("organizations.change_organization", is_member | is_moderator)
rules.add_perm("organizations.manage_members", is_manager | is_moderator)
rules.add_perm("organizations.publish_for_organization", is_member | is_moderator)
