import pytest
from django.urls import reverse

from organizations.models import Membership, MembershipRole
from tests.factories import UserFactory, member_of

pytestmark = pytest.mark.django_db


def _members_url(org):
    return reverse("organizations:members", args=[org.slug])


def test_anonymous_is_sent_to_sign_in(client, organization):
    assert client.get(_members_url(organization)).status_code == 302


def test_member_of_another_organisation_cannot_add_members(client, organization, outsider):
    newcomer = UserFactory()
    client.force_login(outsider)

    response = client.post(
        _members_url(organization), {"user": newcomer.username, "role": "editor"}
    )

    assert response.status_code == 403
    assert not Membership.objects.filter(user=newcomer).exists()


def test_editor_cannot_manage_members(client, organization, member):
    client.force_login(member)

    assert client.get(_members_url(organization)).status_code == 403


def test_manager_adds_a_member_by_email(client, organization, manager):
    newcomer = UserFactory(email="new@example.org")
    client.force_login(manager)

    client.post(_members_url(organization), {"user": "NEW@example.org", "role": "editor"})

    assert Membership.objects.get(user=newcomer, organization=organization).role == "editor"


def test_moderator_adds_a_member(client, organization, moderator):
    newcomer = UserFactory()
    client.force_login(moderator)

    client.post(_members_url(organization), {"user": newcomer.username, "role": "manager"})

    assert Membership.objects.get(user=newcomer).role == "manager"


def test_adding_an_unknown_account_shows_an_error(client, organization, manager):
    client.force_login(manager)

    response = client.post(_members_url(organization), {"user": "ghost", "role": "editor"})

    assert response.status_code == 200
    assert "user" in response.context["form"].errors


def test_adding_with_an_unknown_role_shows_an_error(client, organization, manager):
    client.force_login(manager)

    response = client.post(_members_url(organization), {"user": manager.username, "role": "boss"})

    assert "role" in response.context["form"].errors


def test_adding_an_existing_member_changes_the_role(client, organization, manager, member):
    client.force_login(manager)

    client.post(_members_url(organization), {"user": member.username, "role": "manager"})

    assert Membership.objects.get(user=member).role == MembershipRole.MANAGER
    assert Membership.objects.filter(organization=organization).count() == 2


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
    client.post(_members_url(organization), {"user": manager.username, "role": "editor"})

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
