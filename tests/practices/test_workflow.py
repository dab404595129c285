"""Every moderation transition, allowed and forbidden, through the POST buttons and services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from practices import services
from practices.models import Practice, PracticeStatus
from tests.factories import DraftPracticeFactory, PracticeFactory

from .conftest import action_url

pytestmark = pytest.mark.django_db

USERS = ["anonymous", "outsider", "member", "moderator"]


def _user(request, kind):
    return None if kind == "anonymous" else request.getfixturevalue(kind)


def _status(practice):
    return Practice.objects.get(pk=practice.pk).status


def _is_login_redirect(response):
    return response.status_code == 302 and reverse("login") in response["Location"]


# submit: draft → on review ------------------------------------------------------------------

SUBMIT_EXPECTED = {
    "anonymous": ("login", PracticeStatus.DRAFT),
    "outsider": (404, PracticeStatus.DRAFT),
    "member": (302, PracticeStatus.ON_REVIEW),
    "moderator": (302, PracticeStatus.ON_REVIEW),
}


@pytest.mark.parametrize("kind", USERS)
def test_submit_for_review_by_each_kind_of_user(request, as_user, draft, kind):
    client = as_user(_user(request, kind))

    response = client.post(action_url(draft, "submit"))

    expected_code, expected_status = SUBMIT_EXPECTED[kind]
    if expected_code == "login":
        assert _is_login_redirect(response)
    else:
        assert response.status_code == expected_code
    assert _status(draft) == expected_status


def test_returned_practice_can_be_submitted_again(member, organization):
    practice = DraftPracticeFactory(organization=organization, status=PracticeStatus.RETURNED)

    services.submit_practice(practice=practice, user=member)

    assert _status(practice) == PracticeStatus.ON_REVIEW


def test_published_practice_cannot_be_submitted(member, published):
    with pytest.raises(services.TransitionNotAllowed):
        services.submit_practice(practice=published, user=member)


# publish: on review → published ---------------------------------------------------------------

PUBLISH_EXPECTED = {
    "anonymous": ("login", PracticeStatus.ON_REVIEW),
    "outsider": (404, PracticeStatus.ON_REVIEW),
    "member": (403, PracticeStatus.ON_REVIEW),
    "moderator": (302, PracticeStatus.PUBLISHED),
}


@pytest.mark.parametrize("kind", USERS)
def test_publish_from_review_by_each_kind_of_user(request, as_user, organization, kind):
    practice = DraftPracticeFactory(organization=organization, status=PracticeStatus.ON_REVIEW)
    client = as_user(_user(request, kind))

    response = client.post(action_url(practice, "publish"))

    expected_code, expected_status = PUBLISH_EXPECTED[kind]
    if expected_code == "login":
        assert _is_login_redirect(response)
    else:
        assert response.status_code == expected_code
    practice.refresh_from_db()
    assert practice.status == expected_status
    assert (practice.published_at is not None) == (expected_status == PracticeStatus.PUBLISHED)


def test_moderator_cannot_publish_a_draft_the_authors_have_not_submitted(moderator, draft):
    with pytest.raises(PermissionDenied):
        services.publish_practice(practice=draft, user=moderator)

    assert _status(draft) == PracticeStatus.DRAFT


def test_resource_centre_editor_publishes_own_draft_directly(as_user, rc_member, resource_centre):
    practice = DraftPracticeFactory(organization=resource_centre)

    response = as_user(rc_member).post(action_url(practice, "publish"))

    assert response.status_code == 302
    assert _status(practice) == PracticeStatus.PUBLISHED


def test_resource_centre_editor_cannot_publish_another_organisations_practice(
    as_user, rc_member, organization
):
    practice = PracticeFactory(organization=organization, status=PracticeStatus.ARCHIVED)

    response = as_user(rc_member).post(action_url(practice, "publish"))

    assert response.status_code == 404
    assert _status(practice) == PracticeStatus.ARCHIVED


def test_publishing_twice_is_refused(moderator, published):
    with pytest.raises(services.TransitionNotAllowed):
        services.publish_practice(practice=published, user=moderator)


# return: on review → returned with a comment ------------------------------------------------

RETURN_EXPECTED = {
    "anonymous": ("login", PracticeStatus.ON_REVIEW),
    "outsider": (404, PracticeStatus.ON_REVIEW),
    "member": (403, PracticeStatus.ON_REVIEW),
    "moderator": (302, PracticeStatus.RETURNED),
}


@pytest.mark.parametrize("kind", USERS)
def test_return_with_comment_by_each_kind_of_user(request, as_user, organization, kind):
    practice = DraftPracticeFactory(organization=organization, status=PracticeStatus.ON_REVIEW)
    client = as_user(_user(request, kind))

    response = client.post(action_url(practice, "return"), {"comment": "Добавьте шаги."})

    expected_code, expected_status = RETURN_EXPECTED[kind]
    if expected_code == "login":
        assert _is_login_redirect(response)
    else:
        assert response.status_code == expected_code
    practice.refresh_from_db()
    assert practice.status == expected_status
    if expected_status == PracticeStatus.RETURNED:
        assert practice.moderator_comment == "Добавьте шаги."


def test_return_without_comment_keeps_the_practice_on_review(as_user, moderator, organization):
    practice = DraftPracticeFactory(organization=organization, status=PracticeStatus.ON_REVIEW)

    response = as_user(moderator).post(action_url(practice, "return"), {"comment": "  "})

    assert response.status_code == 302
    assert _status(practice) == PracticeStatus.ON_REVIEW


def test_return_service_requires_a_comment(moderator, organization):
    practice = DraftPracticeFactory(organization=organization, status=PracticeStatus.ON_REVIEW)

    with pytest.raises(ValidationError):
        services.return_practice(practice=practice, user=moderator, comment="")


def test_members_see_the_moderators_comment_on_a_returned_practice(as_user, member, organization):
    practice = DraftPracticeFactory(
        organization=organization,
        status=PracticeStatus.RETURNED,
        moderator_comment="Уточните бюджет.",
    )

    response = as_user(member).get(practice.get_absolute_url())

    assert "Уточните бюджет." in response.content.decode()


# archive: published → archived ----------------------------------------------------------------

ARCHIVE_EXPECTED = {
    "anonymous": ("login", PracticeStatus.PUBLISHED),
    "outsider": (403, PracticeStatus.PUBLISHED),
    "member": (403, PracticeStatus.PUBLISHED),
    "moderator": (302, PracticeStatus.ARCHIVED),
}


@pytest.mark.parametrize("kind", USERS)
def test_archive_by_each_kind_of_user(request, as_user, published, kind):
    client = as_user(_user(request, kind))

    response = client.post(action_url(published, "archive"))

    expected_code, expected_status = ARCHIVE_EXPECTED[kind]
    if expected_code == "login":
        assert _is_login_redirect(response)
    else:
        assert response.status_code == expected_code
    assert _status(published) == expected_status


def test_resource_centre_editor_archives_own_practice(as_user, rc_member, resource_centre):
    practice = PracticeFactory(organization=resource_centre)

    as_user(rc_member).post(action_url(practice, "archive"))

    assert _status(practice) == PracticeStatus.ARCHIVED


def test_archived_practice_disappears_from_the_public(client, moderator, published):
    services.archive_practice(practice=published, user=moderator)

    assert client.get(published.get_absolute_url()).status_code == 404
    assert list(client.get(reverse("practices:list")).context["object_list"]) == []


# the POST rule and unknown actions -------------------------------------------------------------


def test_actions_refuse_get(as_user, member, draft):
    response = as_user(member).get(action_url(draft, "submit"))

    assert response.status_code == 405
    assert _status(draft) == PracticeStatus.DRAFT


def test_unknown_action_is_404(as_user, moderator, published):
    response = as_user(moderator).post(action_url(published, "explode"))

    assert response.status_code == 404


# history ---------------------------------------------------------------------------------------


def test_every_transition_is_kept_in_history_with_who_made_it(member, moderator, draft):
    services.submit_practice(practice=draft, user=member)
    services.return_practice(practice=draft, user=moderator, comment="Мало данных")
    services.submit_practice(practice=draft, user=member)
    services.publish_practice(practice=draft, user=moderator)

    records = list(draft.history.order_by("history_date", "history_id"))

    assert [r.status for r in records] == [
        "draft", "on_review", "returned", "on_review", "published",
    ]  # fmt: skip
    assert [r.history_user for r in records[1:]] == [member, moderator, member, moderator]


def test_history_is_shown_to_moderators_only(as_user, client, moderator, member, published):
    published.title = "Новое название"
    published.save()

    member_page = as_user(member).get(published.get_absolute_url())
    client.logout()
    moderator_page = as_user(moderator).get(published.get_absolute_url())

    assert "history" not in member_page.context
    assert len(moderator_page.context["history"]) == 2
    assert "История изменений" in moderator_page.content.decode()
