"""organizations.backends: the signed-in user comes with their moderator flag and roles."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.backends import MemberBackend
from organizations.models import Membership, MembershipRole
from organizations.rules import MODERATORS_GROUP, is_moderator, membership_roles
from tests.factories import ModeratorFactory, OrganizationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


def test_the_user_comes_with_roles_and_the_moderator_flag_in_one_query(
    django_assert_num_queries,
):
    first, second = OrganizationFactory(), OrganizationFactory()
    user = member_of(first, role=MembershipRole.MANAGER)
    Membership.objects.create(user=user, organization=second, role=MembershipRole.EDITOR)

    with django_assert_num_queries(1):
        loaded = MemberBackend().get_user(user.pk)
        roles, moderator = membership_roles(loaded), is_moderator(loaded)

    assert roles == {first.pk: MembershipRole.MANAGER, second.pk: MembershipRole.EDITOR}
    assert moderator is False


def test_a_moderator_without_memberships_is_loaded_as_one(django_assert_num_queries):
    moderator = ModeratorFactory()

    with django_assert_num_queries(1):
        loaded = MemberBackend().get_user(moderator.pk)
        assert is_moderator(loaded)
        assert membership_roles(loaded) == {}


@pytest.mark.parametrize("who", ["unknown", "inactive"])
def test_an_unknown_or_inactive_user_is_not_loaded(who):
    user_id = 987654 if who == "unknown" else UserFactory(is_active=False).pk

    assert MemberBackend().get_user(user_id) is None


def test_a_membership_taken_away_counts_from_the_next_page(client, organization, manager):
    members = reverse("organizations:members", args=[organization.slug])
    client.force_login(manager)
    assert client.get(members).status_code == 200

    Membership.objects.filter(user=manager).delete()

    assert client.get(members).status_code == 403


def test_a_moderator_taken_out_of_the_group_counts_from_the_next_page(client, organization):
    moderator = ModeratorFactory()
    members = reverse("organizations:members", args=[organization.slug])
    client.force_login(moderator)
    assert client.get(members).status_code == 200

    moderator.groups.remove(Group.objects.get(name=MODERATORS_GROUP))

    assert client.get(members).status_code == 403


def test_a_signed_in_page_reads_neither_the_session_nor_the_roles_apart(client, manager):
    client.force_login(manager)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard"))

    assert response.status_code == 200
    tables = " ".join(q["sql"] for q in queries)
    assert "django_session" not in tables  # the session is read from the cache
    assert not any(q["sql"].startswith('SELECT 1 AS "a" FROM "auth_group"') for q in queries)


def test_a_session_missing_from_the_cache_is_read_from_the_database(client, manager):
    client.force_login(manager)
    cache.clear()

    response = client.get(reverse("dashboard"))

    assert response.status_code == 200
    assert response.context["user"] == manager
