from django.db import transaction
from django.utils.translation import gettext as _

from portal.text import unique_slug

from .models import Membership, MembershipRole, Organization


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
def add_member(*, organization, user, role):
    """Add ``user`` to ``organization`` or change their role. Returns the membership."""
    membership, created = Membership.objects.select_for_update().get_or_create(
        organization=organization, user=user, defaults={"role": role}
    )
    if not created and membership.role != role:
        _keep_a_manager(organization, leaving=membership, new_role=role)
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(*, membership):
    """Remove a membership; raises MembershipError when it is the last manager."""
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
