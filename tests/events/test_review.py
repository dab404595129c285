"""Events of unverified organisations go through a moderator's review before they are public."""

import pytest
from django.urls import reverse

from events import services
from events.models import Event, EventStatus
from tests.factories import EventFactory, OrganizationFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def unverified():
    return OrganizationFactory()


@pytest.fixture
def draft(unverified):
    return EventFactory(organizer=unverified, status=EventStatus.DRAFT, slug="new-seminar")


def _status(event):
    return Event.objects.get(pk=event.pk).status


def _post(client, user, event, action, data=None):
    if user is not None:
        client.force_login(user)
    return client.post(reverse(f"events:{action}", args=[event.slug]), data or {})


def test_an_unverified_organisations_member_cannot_publish(client, unverified, draft):
    response = _post(client, member_of(unverified), draft, "publish")

    assert response.status_code == 403
    assert _status(draft) == EventStatus.DRAFT


def test_an_unverified_organisations_member_submits_for_review(client, unverified, draft):
    _post(client, member_of(unverified), draft, "submit")

    assert _status(draft) == EventStatus.ON_REVIEW


def test_an_event_on_review_is_hidden_from_everyone_else(client, draft, outsider, user):
    draft.status = EventStatus.ON_REVIEW
    draft.save()

    for who in (None, user, outsider):
        if who:
            client.force_login(who)
        assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft.title not in client.get(reverse("events:list")).content.decode()


def test_a_moderator_publishes_an_event_on_review(client, draft, moderator):
    draft.status = EventStatus.ON_REVIEW
    draft.save()

    _post(client, moderator, draft, "publish")

    assert _status(draft) == EventStatus.PUBLISHED


def test_a_moderator_returns_an_event_with_a_comment(client, draft, moderator):
    draft.status = EventStatus.ON_REVIEW
    draft.save()

    _post(client, moderator, draft, "return", {"comment": "Уточните программу"})

    draft.refresh_from_db()
    assert (draft.status, draft.review_comment) == (EventStatus.DRAFT, "Уточните программу")


def test_returning_without_a_comment_is_refused(client, draft, moderator):
    draft.status = EventStatus.ON_REVIEW
    draft.save()

    _post(client, moderator, draft, "return", {"comment": "   "})

    assert _status(draft) == EventStatus.ON_REVIEW


@pytest.mark.parametrize("who", ["anonymous", "user", "outsider", "member"])
def test_only_moderators_return(client, request, unverified, draft, who):
    draft.status = EventStatus.ON_REVIEW
    draft.save()
    users = {
        "anonymous": None,
        "user": request.getfixturevalue("user"),
        "outsider": request.getfixturevalue("outsider"),
        "member": member_of(unverified),
    }

    response = _post(client, users[who], draft, "return", {"comment": "x"})

    assert response.status_code in (302, 403, 404)
    if who == "anonymous":
        assert reverse("login") in response["Location"]
    assert _status(draft) == EventStatus.ON_REVIEW


def test_a_verified_organisations_member_publishes_directly(client):
    org = OrganizationFactory(verified=True)
    event = EventFactory(organizer=org, status=EventStatus.DRAFT)

    _post(client, member_of(org), event, "publish")

    assert _status(event) == EventStatus.PUBLISHED


def test_an_unverified_organisation_cannot_edit_its_published_event(client, unverified):
    event = EventFactory(organizer=unverified)
    client.force_login(member_of(unverified))

    assert client.get(reverse("events:edit", args=[event.slug])).status_code == 403


def test_the_moderators_dashboard_lists_events_on_review(client, draft, moderator):
    draft.status = EventStatus.ON_REVIEW
    draft.save()
    client.force_login(moderator)

    response = client.get(reverse("dashboard"))

    assert response.context["events_to_review"] == [draft]


def test_publishing_an_invalid_event_gives_a_message_not_a_500(client, moderator):
    org = OrganizationFactory(verified=True)
    event = EventFactory(organizer=org, status=EventStatus.DRAFT, title="")
    editor = member_of(org)

    with pytest.raises(services.EventError):
        services.publish_event(event=event, user=editor)

    response = _post(client, editor, event, "publish")
    assert response.status_code == 302
    assert _status(event) == EventStatus.DRAFT
