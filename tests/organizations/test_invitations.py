"""Members with consent: managers invite, and only the invited person's yes makes a member."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from organizations.models import Invitation, InvitationStatus, Membership, MembershipRole
from organizations.services import accept_invitation, invite_member
from tests.factories import InvitationFactory, OrganizationFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db

SAME_ANSWER = "Если на портале есть такая учётная запись"


def _members_url(org):
    return reverse("organizations:members", args=[org.slug])


def _accept_url(invitation):
    return reverse("organizations:invitation-accept", args=[invitation.pk])


def _decline_url(invitation):
    return reverse("organizations:invitation-decline", args=[invitation.pk])


def _cancel_url(invitation):
    return reverse(
        "organizations:invitation-cancel", args=[invitation.organization.slug, invitation.pk]
    )


def _without_csrf(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def _invite(client, organization, identifier, role="editor"):
    return client.post(_members_url(organization), {"identifier": identifier, "role": role})


# --- the members form tells nobody which accounts exist ---


def test_the_answer_is_the_same_for_a_user_an_unknown_name_and_a_member(
    organization, manager, member
):
    UserFactory(username="existing", email="existing@example.org")

    answers = []
    for identifier in ["existing@example.org", "ghost@example.org", member.username, "ghost"]:
        client = Client()  # a fresh session each time, so earlier messages do not pile up
        client.force_login(manager)
        response = _invite(client, organization, identifier)
        answers.append(
            (
                response.status_code,
                response["Location"],
                _without_csrf(response.content.decode()),
                [str(m) for m in get_messages(response.wsgi_request)],
            )
        )

    assert answers[0][0] == 302
    assert answers[0][1] == _members_url(organization)
    assert SAME_ANSWER in answers[0][3][0]
    assert all(answer == answers[0] for answer in answers)
    invited = dict(Invitation.objects.values_list("identifier", "user__username"))
    # Every identifier is recorded alike; only the existing account can ever receive it.
    assert invited == {"existing@example.org": "existing", "ghost@example.org": None, "ghost": None}


def test_the_pending_list_does_not_tell_which_accounts_exist(client, organization, manager):
    UserFactory(username="existing", email="existing@example.org")
    client.force_login(manager)
    _invite(client, organization, "existing@example.org")
    _invite(client, organization, "ghost@example.org")

    page = client.get(_members_url(organization)).content.decode()

    assert "existing@example.org" in page
    assert "ghost@example.org" in page
    assert 'value="existing"' not in page and ">existing<" not in page


def test_the_form_page_rerendered_after_an_error_does_not_depend_on_the_account(
    client, organization, manager
):
    UserFactory(username="existing")
    client.force_login(manager)

    known = _invite(client, organization, "existing", role="boss")
    unknown = _invite(client, organization, "nobody-here", role="boss")

    assert known.status_code == unknown.status_code == 200
    assert _without_csrf(known.content.decode()).replace("existing", "X") == _without_csrf(
        unknown.content.decode()
    ).replace("nobody-here", "X")


def test_inviting_an_existing_member_changes_nothing_and_sends_nothing(
    client, organization, manager, member, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, organization, member.username, role="manager")

    assert Membership.objects.get(user=member).role == MembershipRole.EDITOR
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_inviting_twice_keeps_one_pending_invitation_and_one_mail(
    client, organization, manager, mailoutbox, django_capture_on_commit_callbacks
):
    newcomer = UserFactory()
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, organization, newcomer.username)
        _invite(client, organization, newcomer.username, role="manager")

    assert list(Invitation.objects.values_list("user", "role", "status")) == [
        (newcomer.pk, "editor", InvitationStatus.PENDING)
    ]
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    "identifier",
    ["", "   ", "x" * 10_000, "<script>alert(1)</script>", "<b>a</b>@example.org", "a\x00b"],
)
def test_bad_identifiers_get_a_form_error_not_a_500(client, organization, manager, identifier):
    client.force_login(manager)

    response = _invite(client, organization, identifier)

    assert response.status_code == 200
    assert "identifier" in response.context["form"].errors
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Invitation.objects.exists()


# --- inviting: who may ---


def test_manager_invites_by_email_in_any_case_and_nobody_joins_yet(client, organization, manager):
    newcomer = UserFactory(email="new@example.org")
    client.force_login(manager)

    _invite(client, organization, "NEW@example.org")

    invitation = Invitation.objects.get()
    assert (invitation.user, invitation.organization, invitation.role, invitation.status) == (
        newcomer,
        organization,
        MembershipRole.EDITOR,
        InvitationStatus.PENDING,
    )
    assert invitation.invited_by == manager
    assert not Membership.objects.filter(user=newcomer).exists()


def test_moderator_invites(client, organization, moderator):
    newcomer = UserFactory()
    client.force_login(moderator)

    _invite(client, organization, newcomer.username, role="manager")

    assert Invitation.objects.get(user=newcomer).role == MembershipRole.MANAGER


def test_editor_cannot_invite(client, organization, member):
    newcomer = UserFactory()
    client.force_login(member)

    response = _invite(client, organization, newcomer.username)

    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_member_of_another_organisation_cannot_invite(client, organization, outsider):
    newcomer = UserFactory()
    client.force_login(outsider)

    response = _invite(client, organization, newcomer.username)

    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_anonymous_cannot_invite(client, organization):
    newcomer = UserFactory()

    response = _invite(client, organization, newcomer.username)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Invitation.objects.exists()


def test_the_service_checks_the_actors_right_itself(organization, member):
    newcomer = UserFactory()

    with pytest.raises(PermissionDenied):
        invite_member(
            organization=organization, actor=member, identifier=newcomer.username, role="editor"
        )

    assert not Invitation.objects.exists()


def test_the_service_returns_nothing_that_tells_accounts_apart(organization, manager, member):
    UserFactory(username="existing")

    results = [
        invite_member(organization=organization, actor=manager, identifier=name, role="editor")
        for name in ["existing", "ghost", member.username, "existing"]
    ]

    assert results == [None, None, None, None]


# --- the e-mail ---


def test_the_invited_person_gets_an_email_after_commit(
    client, organization, manager, mailoutbox, django_capture_on_commit_callbacks
):
    newcomer = UserFactory(email="new@example.org")
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, organization, newcomer.username)
        assert mailoutbox == []  # nothing before the commit

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["new@example.org"]
    assert organization.name in mail.subject
    assert reverse("dashboard") in mail.body
    assert organization.name in mail.body


def test_no_email_goes_out_for_an_unknown_account(
    client, organization, manager, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _invite(client, organization, "ghost@example.org")

    # The same task is enqueued as for an account (no difference to time), and finds nobody.
    assert len(callbacks) == 1
    assert mailoutbox == []


# --- answering ---


def test_accepting_creates_the_membership_with_the_invited_role(client, organization):
    invitation = InvitationFactory(organization=organization, role=MembershipRole.MANAGER)
    client.force_login(invitation.user)

    response = client.post(_accept_url(invitation))

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    membership = Membership.objects.get(user=invitation.user, organization=organization)
    assert membership.role == MembershipRole.MANAGER
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.decided_at is not None


def test_accepting_raises_an_editor_to_manager_but_never_lowers_a_role(organization):
    editor = member_of(organization)
    boss = member_of(organization, role=MembershipRole.MANAGER)
    promote = InvitationFactory(organization=organization, user=editor, role="manager")
    demote = InvitationFactory(organization=organization, user=boss, role="editor")

    accept_invitation(invitation=promote, user=editor)
    accept_invitation(invitation=demote, user=boss)

    assert Membership.objects.get(user=editor).role == MembershipRole.MANAGER
    assert Membership.objects.get(user=boss).role == MembershipRole.MANAGER


def test_an_invitation_can_be_accepted_after_the_inviters_account_is_gone(client, organization):
    invitation = InvitationFactory(organization=organization)
    invitation.invited_by.delete()
    client.force_login(invitation.user)

    client.post(_accept_url(invitation))

    assert Membership.objects.filter(user=invitation.user, organization=organization).exists()


def test_declining_creates_no_membership(client, organization):
    invitation = InvitationFactory(organization=organization)
    client.force_login(invitation.user)

    response = client.post(_decline_url(invitation))

    assert response["Location"] == reverse("dashboard")
    assert not Membership.objects.filter(user=invitation.user).exists()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert invitation.decided_at is not None


def test_an_answered_invitation_cannot_be_accepted_again(client, organization):
    invitation = InvitationFactory(organization=organization)
    client.force_login(invitation.user)
    client.post(_decline_url(invitation))

    client.post(_accept_url(invitation))

    assert not Membership.objects.filter(user=invitation.user).exists()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED


@pytest.mark.parametrize("url", [_accept_url, _decline_url])
def test_someone_else_cannot_answer_an_invitation(client, organization, manager, url):
    invitation = InvitationFactory(organization=organization)
    client.force_login(manager)  # even a manager of the inviting organisation

    response = client.post(url(invitation))

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    assert not Membership.objects.filter(user=invitation.user).exists()


@pytest.mark.parametrize("url", [_accept_url, _decline_url])
def test_anonymous_is_sent_to_sign_in_to_answer(client, organization, url):
    invitation = InvitationFactory(organization=organization)

    response = client.post(url(invitation))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_answering_by_get_is_refused(client, organization):
    invitation = InvitationFactory(organization=organization)
    client.force_login(invitation.user)

    response = client.get(_accept_url(invitation))

    assert response.status_code == 405
    assert not Membership.objects.exists()


def test_the_service_refuses_someone_elses_answer(organization, manager):
    invitation = InvitationFactory(organization=organization)

    with pytest.raises(PermissionDenied):
        accept_invitation(invitation=invitation, user=manager)

    assert not Membership.objects.filter(user=invitation.user).exists()


# --- withdrawing ---


def test_the_members_page_lists_pending_invitations_with_a_withdraw_button(
    client, organization, manager
):
    pending = InvitationFactory(organization=organization)
    answered = InvitationFactory(organization=organization, status=InvitationStatus.DECLINED)
    elsewhere = InvitationFactory(organization=OrganizationFactory())
    client.force_login(manager)

    page = client.get(_members_url(organization)).content.decode()

    assert f'action="{_cancel_url(pending)}"' in page
    assert pending.user.username in page
    assert answered.user.username not in page
    assert elsewhere.user.username not in page


@pytest.mark.parametrize("who", ["manager", "moderator"])
def test_manager_and_moderator_withdraw_an_invitation(client, organization, request, who):
    invitation = InvitationFactory(organization=organization)
    client.force_login(request.getfixturevalue(who))

    response = client.post(_cancel_url(invitation))

    assert response["Location"] == _members_url(organization)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.CANCELLED
    assert invitation.decided_at is not None


def test_a_withdrawn_invitation_cannot_be_accepted(client, organization, manager):
    invitation = InvitationFactory(organization=organization)
    client.force_login(manager)
    client.post(_cancel_url(invitation))
    client.force_login(invitation.user)

    client.post(_accept_url(invitation))

    assert not Membership.objects.filter(user=invitation.user).exists()


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_editors_and_outsiders_cannot_withdraw(client, organization, request, who):
    invitation = InvitationFactory(organization=organization)
    client.force_login(request.getfixturevalue(who))

    response = client.post(_cancel_url(invitation))

    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_an_invitation_of_another_organisation_cannot_be_withdrawn_through_mine(
    client, organization, manager
):
    invitation = InvitationFactory(organization=OrganizationFactory())
    client.force_login(manager)

    response = client.post(
        reverse("organizations:invitation-cancel", args=[organization.slug, invitation.pk])
    )

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


# --- the dashboard ---


def test_the_dashboard_shows_pending_invitations_with_accept_and_decline(client, organization):
    invitation = InvitationFactory(organization=organization)
    declined = InvitationFactory(
        user=invitation.user, status=InvitationStatus.DECLINED, organization=OrganizationFactory()
    )
    someone_elses = InvitationFactory(organization=OrganizationFactory())
    client.force_login(invitation.user)

    response = client.get(reverse("dashboard"))

    page = response.content.decode()
    assert response.context["pending_invitations"] == [invitation]
    assert "Приглашения в организации" in page
    assert f'action="{_accept_url(invitation)}"' in page
    assert f'action="{_decline_url(invitation)}"' in page
    assert declined.organization.name not in page
    assert someone_elses.organization.name not in page


def test_the_dashboard_makes_as_many_queries_for_one_invitation_as_for_twenty(
    client, django_assert_max_num_queries, count_queries
):
    user = UserFactory()
    InvitationFactory(user=user)
    client.force_login(user)
    with_one = count_queries(lambda: client.get(reverse("dashboard")))
    for _ in range(19):
        InvitationFactory(user=user)

    with django_assert_max_num_queries(with_one):
        response = client.get(reverse("dashboard"))

    assert len(response.context["pending_invitations"]) == 20
