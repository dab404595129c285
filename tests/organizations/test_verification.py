"""Verified organisations: the right to publish without review, granted only by moderators.

Each case the trust issue reports is tried again as a freshly signed-up stranger would.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from organizations import services
from organizations.models import Organization, OrganizationKind, VerificationRecord
from organizations.rules import MODERATORS_GROUP
from organizations.services import DUPLICATES_SHOWN
from practices.models import Practice, PracticeStatus
from tests.factories import (
    DraftPracticeFactory,
    OrganizationFactory,
    UserFactory,
    member_of,
    region,
)

pytestmark = pytest.mark.django_db


def _register(client, **changes):
    data = {
        "name": "Единый ресурсный центр поддержки СО НКО Якутии",
        "kind": OrganizationKind.RESOURCE_CENTRE,
        "region": region("RU-SA").pk,
        "locality": "Якутск",
    }
    data.update(changes)
    return client.post(reverse("organizations:new"), data)


def _verify_url(org, action="verify"):
    return reverse("organizations:verify", args=[org.slug, action])


# A stranger who claims to be a resource centre -------------------------------------------


def test_a_new_organisation_starts_unverified_whatever_kind_it_claims(client, user):
    client.force_login(user)

    _register(client)

    org = Organization.objects.get(memberships__user=user)
    assert org.kind == OrganizationKind.RESOURCE_CENTRE
    assert not org.is_verified
    assert org.verified_by is None


def test_a_stranger_claiming_resource_centre_cannot_publish_their_practice(client, user):
    client.force_login(user)
    _register(client)
    org = Organization.objects.get(memberships__user=user)
    practice = DraftPracticeFactory(organization=org, created_by=user, slug="stranger")

    response = client.post(reverse("practices:action", args=[practice.slug, "publish"]))

    assert response.status_code == 403
    assert Practice.objects.get(pk=practice.pk).status == PracticeStatus.DRAFT


def test_a_strangers_practice_stays_hidden_from_lists_and_csv_until_reviewed(client, user):
    client.force_login(user)
    _register(client)
    org = Organization.objects.get(memberships__user=user)
    DraftPracticeFactory(organization=org, created_by=user, slug="stranger", title="Чужая")
    client.post(reverse("practices:action", args=["stranger", "publish"]))
    client.post(reverse("practices:action", args=["stranger", "submit"]))
    client.logout()

    assert client.get(reverse("practices:detail", args=["stranger"])).status_code == 404
    assert "Чужая" not in client.get(reverse("practices:list")).content.decode()
    csv = b"".join(client.get(reverse("practices:export-csv")).streaming_content)
    assert "Чужая" not in csv.decode("utf-8-sig")
    assert Practice.objects.get(slug="stranger").status == PracticeStatus.ON_REVIEW


def test_changing_the_kind_to_resource_centre_grants_nothing(client, organization, manager):
    client.force_login(manager)
    client.post(
        reverse("organizations:edit", args=[organization.slug]),
        {
            "name": organization.name,
            "kind": OrganizationKind.RESOURCE_CENTRE,
            "region": organization.region_id,
            "version": organization.version,
        },
    )
    practice = DraftPracticeFactory(organization=organization, created_by=manager)

    response = client.post(reverse("practices:action", args=[practice.slug, "publish"]))

    organization.refresh_from_db()
    assert organization.kind == OrganizationKind.RESOURCE_CENTRE
    assert response.status_code == 403
    assert Practice.objects.get(pk=practice.pk).status == PracticeStatus.DRAFT


def test_the_edit_form_offers_no_verification_field(client, organization, manager):
    client.force_login(manager)

    form = client.get(reverse("organizations:edit", args=[organization.slug])).context["form"]

    assert not {"verified_at", "verified_by", "parent"} & set(form.fields)


def test_posting_verification_fields_to_the_edit_form_changes_nothing(
    client, organization, manager
):
    client.force_login(manager)

    client.post(
        reverse("organizations:edit", args=[organization.slug]),
        {
            "name": organization.name,
            "kind": organization.kind,
            "region": organization.region_id,
            "version": organization.version,
            "verified_at": "2026-01-01 00:00",
            "verified_by": manager.pk,
        },
    )

    organization.refresh_from_db()
    assert organization.verified_at is None


def test_a_verified_organisations_member_publishes_directly(client):
    org = OrganizationFactory(verified=True)
    editor = member_of(org)
    practice = DraftPracticeFactory(organization=org, created_by=editor)
    client.force_login(editor)

    client.post(reverse("practices:action", args=[practice.slug, "publish"]))

    assert Practice.objects.get(pk=practice.pk).status == PracticeStatus.PUBLISHED


# Moderators verify and revoke --------------------------------------------------------------


def test_a_moderator_verifies_with_who_and_when_recorded(client, organization, moderator):
    client.force_login(moderator)

    client.post(_verify_url(organization), {"comment": "Проверили по ЕГРЮЛ"})

    organization.refresh_from_db()
    assert organization.is_verified
    assert organization.verified_by == moderator
    record = VerificationRecord.objects.get(organization=organization)
    assert (record.verified, record.decided_by, record.comment) == (
        True,
        moderator,
        "Проверили по ЕГРЮЛ",
    )


def test_a_moderator_revokes_and_the_history_keeps_both_decisions(client, organization, moderator):
    client.force_login(moderator)
    client.post(_verify_url(organization))

    client.post(_verify_url(organization, "unverify"), {"comment": "Жалоба"})

    organization.refresh_from_db()
    assert not organization.is_verified
    assert list(organization.verification_records.values_list("verified", flat=True)) == [
        False,
        True,
    ]


def test_after_revocation_publishing_goes_through_review_again(client, moderator):
    org = OrganizationFactory(verified=True)
    editor = member_of(org)
    services.set_verified(organization=org, actor=moderator, verified=False)
    practice = DraftPracticeFactory(organization=org, created_by=editor)
    client.force_login(editor)

    response = client.post(reverse("practices:action", args=[practice.slug, "publish"]))

    assert response.status_code == 403


@pytest.mark.parametrize("who", ["anonymous", "plain", "member", "manager", "staff", "outsider"])
def test_only_moderators_verify(client, request, organization, who):
    users = {
        "anonymous": None,
        "plain": UserFactory(),
        "member": member_of(organization),
        "manager": member_of(organization, role="manager"),
        "staff": UserFactory(is_staff=True),
        "outsider": request.getfixturevalue("outsider"),
    }
    if users[who]:
        client.force_login(users[who])

    response = client.post(_verify_url(organization))

    assert response.status_code in (302, 403)
    if who == "anonymous":
        assert reverse("login") in response["Location"]
    else:
        assert response.status_code == 403
    organization.refresh_from_db()
    assert not organization.is_verified


def test_is_staff_alone_is_not_a_moderator(client, organization):
    staff = UserFactory(is_staff=True)
    practice = DraftPracticeFactory(organization=organization, status=PracticeStatus.ON_REVIEW)
    client.force_login(staff)

    assert client.get(practice.get_absolute_url()).status_code == 404


def test_moderators_group_and_superusers_are_moderators(client, organization):
    grouped = UserFactory()
    grouped.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    superuser = UserFactory(is_superuser=True)

    for user in (grouped, superuser):
        client.force_login(user)
        client.post(_verify_url(organization))
        client.post(_verify_url(organization, "unverify"))

    assert organization.verification_records.count() == 4


def test_an_unknown_verification_action_is_404(client, organization, moderator):
    client.force_login(moderator)

    assert client.post(_verify_url(organization, "promote")).status_code == 404


def test_verifying_twice_says_so_instead_of_failing(client, organization, moderator):
    client.force_login(moderator)
    client.post(_verify_url(organization))

    response = client.post(_verify_url(organization), follow=True)

    assert "уже" in response.content.decode()
    assert organization.verification_records.count() == 1


def test_the_page_shows_unverified_and_verified(client, organization, moderator):
    page = client.get(organization.get_absolute_url()).content.decode()
    assert "Ещё не проверена" in page

    services.set_verified(organization=organization, actor=moderator, verified=True)

    page = client.get(organization.get_absolute_url()).content.decode()
    assert "Проверенная организация" in page


# Impersonation: duplicate names and ИНН are flagged for moderators --------------------------


def test_moderator_is_warned_about_a_copy_of_another_organisations_name(client, moderator):
    real = OrganizationFactory(name="ЕРЦ Якутии", slug="erc", verified=True)
    copy = OrganizationFactory(name="ЕРЦ Якутии", slug="erc-copy")
    client.force_login(moderator)

    response = client.get(copy.get_absolute_url())

    assert response.context["duplicates"] == [real]
    assert "Возможный дубликат" in response.content.decode()


def test_moderator_is_warned_about_a_duplicate_inn(client, moderator):
    real = OrganizationFactory(name="Фонд", inn="7707083893")
    copy = OrganizationFactory(name="Другой фонд", inn="7707083893")
    client.force_login(moderator)

    assert client.get(copy.get_absolute_url()).context["duplicates"] == [real]


def test_a_common_name_names_a_few_duplicates_the_same_inn_and_the_verified_first(
    client, moderator
):
    copy = OrganizationFactory(name="АНО «Искра»", inn="7707083893")
    namesakes = OrganizationFactory.create_batch(DUPLICATES_SHOWN + 3, name="АНО «Искра»")
    verified = OrganizationFactory(name="АНО «Искра»", verified=True)
    same_inn = OrganizationFactory(name="Искра", inn="7707083893")
    client.force_login(moderator)

    duplicates = client.get(copy.get_absolute_url()).context["duplicates"]

    assert len(duplicates) == DUPLICATES_SHOWN
    assert duplicates[:2] == [same_inn, verified]
    assert set(duplicates[2:]) <= set(namesakes)


def test_each_organisation_of_a_queue_gets_its_own_namesakes_and_inn_matches():
    """Several queued at once: each is matched by its own name and ИНН, never with itself."""
    first = OrganizationFactory(name="ТОС «Заря»", inn="7707083893")
    second = OrganizationFactory(name="Фонд «Рассвет»", inn="7707083893")
    third = OrganizationFactory(name="Совет старост")
    namesake = OrganizationFactory(name="ТОС «Заря»")
    OrganizationFactory(name="Другое имя")

    found = services.possible_duplicates([first, second, third])

    assert set(found[first.pk]) == {second, namesake}
    assert found[second.pk][0] == first
    assert set(found[second.pk]) == {first}
    assert found[third.pk] == []


def test_members_do_not_see_the_moderators_panel(client, organization, manager):
    client.force_login(manager)

    response = client.get(organization.get_absolute_url())

    assert not response.context["can_verify"]
    assert "duplicates" not in response.context


@pytest.mark.parametrize(
    ("field", "value", "valid"),
    [
        ("inn", "7707083893", True),
        ("inn", "7707083894", False),
        ("inn", "12345", False),
        ("inn", "<script>", False),
        ("ogrn", "1027700132195", True),
        ("ogrn", "1027700132196", False),
    ],
)
def test_inn_and_ogrn_are_checked(client, user, field, value, valid):
    client.force_login(user)

    response = _register(client, **{field: value})

    if valid:
        assert response.status_code == 302
        assert getattr(Organization.objects.get(memberships__user=user), field) == value
    else:
        assert field in response.context["form"].errors
        assert not Organization.objects.exists()


# Parent organisations: only moderators set them, or the parent's managers accept -----------


def test_a_stranger_cannot_attach_their_organisation_to_a_real_centre(client, user):
    centre = OrganizationFactory(name="ЕРЦ Якутии", slug="erc", verified=True)
    client.force_login(user)

    _register(client, name="Самозванцы", parent=centre.pk, requested_parent=centre.pk)

    stranger = Organization.objects.get(name="Самозванцы")
    assert stranger.parent is None
    assert stranger.requested_parent == centre
    client.logout()
    assert "Самозванцы" not in client.get(centre.get_absolute_url()).content.decode()


def test_the_parents_manager_accepts_the_link(client):
    centre = OrganizationFactory(slug="erc")
    centre_manager = member_of(centre, role="manager")
    child = OrganizationFactory(requested_parent=centre)
    client.force_login(centre_manager)

    client.post(reverse("organizations:parent-link", args=[child.slug, "accept"]))

    child.refresh_from_db()
    assert (child.parent, child.requested_parent) == (centre, None)
    assert child.name in client.get(centre.get_absolute_url()).content.decode()


def test_the_parents_manager_declines_the_link(client):
    centre = OrganizationFactory(slug="erc")
    child = OrganizationFactory(requested_parent=centre)
    client.force_login(member_of(centre, role="manager"))

    client.post(reverse("organizations:parent-link", args=[child.slug, "decline"]))

    child.refresh_from_db()
    assert (child.parent, child.requested_parent) == (None, None)


@pytest.mark.parametrize("who", ["child_manager", "parent_editor", "outsider"])
def test_others_cannot_accept_the_link(client, request, who):
    centre = OrganizationFactory(slug="erc")
    child = OrganizationFactory(requested_parent=centre)
    users = {
        "child_manager": member_of(child, role="manager"),
        "parent_editor": member_of(centre),
        "outsider": request.getfixturevalue("outsider"),
    }
    client.force_login(users[who])

    response = client.post(reverse("organizations:parent-link", args=[child.slug, "accept"]))

    assert response.status_code == 403
    child.refresh_from_db()
    assert child.parent is None


def test_a_moderator_sets_the_parent_directly(client, organization, moderator):
    network = OrganizationFactory(slug="network")
    client.force_login(moderator)

    client.post(
        reverse("organizations:edit", args=[organization.slug]),
        {
            "name": organization.name,
            "kind": organization.kind,
            "region": organization.region_id,
            "parent": network.pk,
            "version": organization.version,
        },
    )

    organization.refresh_from_db()
    assert organization.parent == network


# Demo data ---------------------------------------------------------------------------------


def test_the_demos_resource_centres_are_verified_and_the_tos_association_is_not():
    call_command("load_demo", verbosity=0)

    centres = Organization.objects.filter(kind=OrganizationKind.RESOURCE_CENTRE)
    assert centres.count() == centres.verified().count() > 0
    tos = Organization.objects.get(kind=OrganizationKind.TOS_ASSOCIATION)
    assert not tos.is_verified


# The moderators' queue on /dashboard/ ------------------------------------------------------


def test_the_moderators_dashboard_lists_unverified_organisations_with_duplicates(client, moderator):
    real = OrganizationFactory(name="ЕРЦ Якутии", slug="erc", verified=True)
    copy = OrganizationFactory(name="ЕРЦ Якутии", slug="erc-copy")
    client.force_login(moderator)

    response = client.get(reverse("dashboard"))

    assert response.context["verification_queue"] == [(copy, [real])]


def test_members_see_no_verification_queue(client, organization, manager):
    OrganizationFactory()
    client.force_login(manager)

    assert client.get(reverse("dashboard")).context["verification_queue"] == []


def test_verifying_from_the_dashboard_returns_there(client, organization, moderator):
    client.force_login(moderator)

    response = client.post(_verify_url(organization), {"next": reverse("dashboard")})

    assert response["Location"] == reverse("dashboard")
    organization.refresh_from_db()
    assert organization.is_verified


def test_the_dashboard_queue_costs_the_same_queries_for_1_and_20_organisations(
    client, moderator, django_assert_max_num_queries, count_queries
):
    client.force_login(moderator)
    OrganizationFactory()
    one = count_queries(lambda: client.get(reverse("dashboard")))
    OrganizationFactory.create_batch(19)

    with django_assert_max_num_queries(one):
        client.get(reverse("dashboard"))


def test_a_parents_manager_sees_link_requests_on_the_dashboard(client):
    centre = OrganizationFactory(slug="erc")
    child = OrganizationFactory(requested_parent=centre)
    client.force_login(member_of(centre, role="manager"))

    assert client.get(reverse("dashboard")).context["link_requests"] == [child]
