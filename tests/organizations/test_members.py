import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from organizations.models import Invitation, Membership, MembershipRole
from organizations.services import MembershipError, change_role, remove_member
from tests.factories import UserFactory, member_of

pytestmark = pytest.mark.django_db


def _members_url(org):
    return reverse("organizations:members", args=[org.slug])


def _role_url(membership):
    return reverse("organizations:member-role", args=[membership.organization.slug, membership.pk])


def test_anonymous_is_sent_to_sign_in(client, organization):
    assert client.get(_members_url(organization)).status_code == 302


def test_member_of_another_organisation_cannot_invite_members(client, organization, outsider):
    newcomer = UserFactory()
    client.force_login(outsider)

    response = client.post(
        _members_url(organization), {"identifier": newcomer.username, "role": "editor"}
    )

    assert response.status_code == 403
    assert not Membership.objects.filter(user=newcomer).exists()
    assert not Invitation.objects.filter(user=newcomer).exists()


def test_editor_cannot_manage_members(client, organization, member):
    client.force_login(member)

    assert client.get(_members_url(organization)).status_code == 403


def test_adding_with_an_unknown_role_shows_an_error(client, organization, manager):
    client.force_login(manager)

    response = client.post(
        _members_url(organization), {"identifier": manager.username, "role": "boss"}
    )

    assert "role" in response.context["form"].errors


def test_the_members_page_offers_each_member_a_role_form(client, organization, manager, member):
    membership = Membership.objects.get(user=member)
    client.force_login(manager)

    page = client.get(_members_url(organization)).content.decode()

    assert f'action="{_role_url(membership)}"' in page


def test_manager_changes_a_members_role(client, organization, manager, member):
    membership = Membership.objects.get(user=member)
    client.force_login(manager)

    response = client.post(_role_url(membership), {"role": "manager"})

    assert response.status_code == 302
    assert Membership.objects.get(user=member).role == MembershipRole.MANAGER
    assert Membership.objects.filter(organization=organization).count() == 2


def test_moderator_changes_a_role(client, organization, manager, member, moderator):
    membership = Membership.objects.get(user=member)
    client.force_login(moderator)

    client.post(_role_url(membership), {"role": "manager"})

    assert Membership.objects.get(user=member).role == MembershipRole.MANAGER


def test_editor_cannot_change_roles(client, organization, manager, member):
    membership = Membership.objects.get(user=member)
    client.force_login(member)

    response = client.post(_role_url(membership), {"role": "manager"})

    assert response.status_code == 403
    assert Membership.objects.get(user=member).role == MembershipRole.EDITOR


def test_changing_a_role_by_get_is_refused(client, organization, manager, member):
    membership = Membership.objects.get(user=member)
    client.force_login(manager)

    response = client.get(_role_url(membership))

    assert response.status_code == 405


def test_an_unknown_role_changes_nothing(client, organization, manager, member):
    membership = Membership.objects.get(user=member)
    client.force_login(manager)

    response = client.post(_role_url(membership), {"role": "boss"})

    assert response.status_code == 302
    assert Membership.objects.get(user=member).role == MembershipRole.EDITOR


def test_a_role_in_another_organisation_cannot_be_changed_through_mine(
    client, organization, manager, other_organization
):
    stranger = member_of(other_organization)
    membership = Membership.objects.get(user=stranger)
    client.force_login(manager)

    response = client.post(
        reverse("organizations:member-role", args=[organization.slug, membership.pk]),
        {"role": "manager"},
    )

    assert response.status_code == 404
    assert Membership.objects.get(pk=membership.pk).role == MembershipRole.EDITOR


def test_the_services_check_the_actors_right_themselves(organization, manager, member):
    membership = Membership.objects.get(user=member)
    manager_membership = Membership.objects.get(user=manager)

    with pytest.raises(PermissionDenied):
        change_role(membership=membership, role=MembershipRole.MANAGER, actor=member)
    with pytest.raises(PermissionDenied):
        remove_member(membership=manager_membership, actor=member)

    assert Membership.objects.get(user=member).role == MembershipRole.EDITOR
    assert Membership.objects.filter(pk=manager_membership.pk).exists()


def test_the_last_manager_cannot_demote_themselves_through_the_service(organization, manager):
    membership = Membership.objects.get(user=manager)

    with pytest.raises(MembershipError):
        change_role(membership=membership, role=MembershipRole.EDITOR, actor=manager)


def test_manager_removes_a_member_by_post(client, organization, manager, member):
    membership = Membership.objects.get(user=member)
    client.force_login(manager)

    client.post(reverse("organizations:member-remove", args=[organization.slug, membership.pk]))

    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_removing_by_get_is_refused(client, organization, manager, member):
    membership = Membership.objects.get(user=member)
    client.force_login(manager)

    response = client.get(
        reverse("organizations:member-remove", args=[organization.slug, membership.pk])
    )

    assert response.status_code == 405
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_last_manager_cannot_be_removed_or_demoted(client, organization, manager):
    membership = Membership.objects.get(user=manager)
    client.force_login(manager)

    client.post(reverse("organizations:member-remove", args=[organization.slug, membership.pk]))
    client.post(_role_url(membership), {"role": "editor"})

    membership.refresh_from_db()
    assert membership.role == MembershipRole.MANAGER


def test_a_membership_of_another_organisation_cannot_be_removed_through_mine(
    client, organization, manager, other_organization
):
    stranger = member_of(other_organization)
    membership = Membership.objects.get(user=stranger)
    client.force_login(manager)

    response = client.post(
        reverse("organizations:member-remove", args=[organization.slug, membership.pk])
    )

    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()
