"""Every write path with anonymous, another organisation's member, an organiser's member, a moderator."""

import pytest
from django.urls import reverse

from events.models import ApplicationStatus, Event, EventStatus
from tests.factories import ApplicationFactory, EventFactory, UserFactory

pytestmark = pytest.mark.django_db

WHO = ["anonymous", "outsider", "member", "moderator"]


@pytest.fixture
def actor(request, client, outsider, member, moderator):
    users = {"anonymous": None, "outsider": outsider, "member": member, "moderator": moderator}
    user = users[request.param]
    if user is not None:
        client.force_login(user)
    return request.param


def _is_login_redirect(response):
    return response.status_code == 302 and reverse("login") in response["Location"]


EXPECTED_DENIED = {"anonymous": "login", "outsider": 403}


@pytest.mark.parametrize("actor", WHO, indirect=True)
def test_edit_page(client, actor, event):
    response = client.get(reverse("events:edit", args=[event.slug]))

    if actor == "anonymous":
        assert _is_login_redirect(response)
    elif actor == "outsider":
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert event.title in response.content.decode()


@pytest.mark.parametrize("actor", WHO, indirect=True)
def test_draft_is_visible_only_to_its_organisation_and_moderators(client, actor, organization):
    draft = EventFactory(organizer=organization, status=EventStatus.DRAFT)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == (200 if actor in ("member", "moderator") else 404)


@pytest.mark.parametrize("actor", WHO, indirect=True)
def test_edit_of_a_draft_hides_it_from_outsiders(client, actor, organization):
    draft = EventFactory(organizer=organization, status=EventStatus.DRAFT)

    response = client.get(reverse("events:edit", args=[draft.slug]))

    expected = {"anonymous": 302, "outsider": 404, "member": 200, "moderator": 200}
    assert response.status_code == expected[actor]


@pytest.mark.parametrize("actor", WHO, indirect=True)
def test_new_event_page(client, actor):
    response = client.get(reverse("events:new"))

    expected = {"anonymous": 302, "outsider": 200, "member": 200, "moderator": 200}
    assert response.status_code == expected[actor]


def test_user_without_organisation_cannot_create_events(client, user):
    client.force_login(user)

    assert client.get(reverse("events:new")).status_code == 403


def test_outsider_cannot_create_an_event_for_another_organisation(client, outsider, organization):
    client.force_login(outsider)

    response = client.post(
        reverse("events:new"),
        {**_minimal_event(organization), **_empty_formsets()},
    )

    assert response.status_code == 200
    assert "organizer" in response.context["form"].errors
    assert not Event.objects.filter(title="Новое").exists()


@pytest.mark.parametrize("actor", WHO, indirect=True)
def test_edit_post(client, actor, event, organization):
    response = client.post(
        reverse("events:edit", args=[event.slug]),
        {
            **_minimal_event(organization, title="Изменено"),
            **_empty_formsets(),
            "version": event.version,
        },
    )

    event.refresh_from_db()
    if actor in ("member", "moderator"):
        assert response.status_code == 302
        assert event.title == "Изменено"
    else:
        assert response.status_code == (302 if actor == "anonymous" else 403)
        assert event.title != "Изменено"


@pytest.mark.parametrize("actor", WHO, indirect=True)
def test_publish(client, actor, organization):
    draft = EventFactory(organizer=organization, status=EventStatus.DRAFT)

    response = client.post(reverse("events:publish", args=[draft.slug]))

    draft.refresh_from_db()
    published = draft.status == EventStatus.PUBLISHED
    assert published == (actor in ("member", "moderator"))
    if actor == "anonymous":
        assert _is_login_redirect(response)
    elif actor == "outsider":
        assert response.status_code == 404  # a draft is hidden from outsiders


@pytest.mark.parametrize("actor", WHO, indirect=True)
def test_cancel(client, actor, event):
    response = client.post(reverse("events:cancel", args=[event.slug]), {"reason": "Паводок"})

    event.refresh_from_db()
    assert (event.status == EventStatus.CANCELLED) == (actor in ("member", "moderator"))
    if actor == "outsider":
        assert response.status_code == 403


@pytest.mark.parametrize("action", ["accept", "decline"])
@pytest.mark.parametrize("actor", WHO, indirect=True)
def test_decide_application(client, actor, action, internship):
    application = ApplicationFactory(event=internship)

    response = client.post(reverse(f"events:application-{action}", args=[application.pk]))

    application.refresh_from_db()
    decided = application.status != ApplicationStatus.SUBMITTED
    assert decided == (actor in ("member", "moderator"))
    if actor == "anonymous":
        assert _is_login_redirect(response)
    elif actor == "outsider":
        assert response.status_code == 403


@pytest.mark.parametrize("actor", WHO, indirect=True)
def test_withdraw_only_by_the_applicant(client, actor, internship):
    application = ApplicationFactory(event=internship)

    response = client.post(reverse("events:application-withdraw", args=[application.pk]))

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert response.status_code == (302 if actor == "anonymous" else 403)


def test_applicant_withdraws(client, internship):
    application = ApplicationFactory(event=internship)
    client.force_login(application.user)

    response = client.post(
        reverse("events:application-withdraw", args=[application.pk]), {"next": "/dashboard/"}
    )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert response["Location"] == "/dashboard/"


def test_withdraw_twice_gives_a_message_not_an_error(client, internship):
    application = ApplicationFactory(event=internship, status=ApplicationStatus.WITHDRAWN)
    client.force_login(application.user)

    response = client.post(
        reverse("events:application-withdraw", args=[application.pk]), follow=True
    )

    assert response.status_code == 200
    assert "больше нельзя отозвать" in response.content.decode()


def test_withdraw_ignores_an_outside_next_url(client, internship):
    application = ApplicationFactory(event=internship)
    client.force_login(application.user)

    response = client.post(
        reverse("events:application-withdraw", args=[application.pk]),
        {"next": "https://evil.example/"},
    )

    assert response["Location"] == internship.get_absolute_url()


@pytest.mark.parametrize("actor", WHO, indirect=True)
def test_apply(client, actor, internship):
    response = client.post(
        reverse("events:apply", args=[internship.slug]),
        {"organization_name": "НКО «Рассвет»", "motivation": "Хотим научиться"},
    )

    if actor == "anonymous":
        assert _is_login_redirect(response)
        assert not internship.applications.exists()
    else:
        assert response.status_code == 302
        assert internship.applications.get().status == ApplicationStatus.SUBMITTED


def test_apply_with_bad_input_saves_nothing_and_explains(client, internship):
    client.force_login(UserFactory())

    response = client.post(
        reverse("events:apply", args=[internship.slug]), {"motivation": ""}, follow=True
    )

    assert response.status_code == 200
    assert not internship.applications.exists()
    assert "alert-danger" in response.content.decode()


def test_gets_never_change_state(client, member, organization):
    draft = EventFactory(organizer=organization, status=EventStatus.DRAFT)
    client.force_login(member)

    for name in ("publish", "cancel", "apply"):
        assert client.get(reverse(f"events:{name}", args=[draft.slug])).status_code == 405

    draft.refresh_from_db()
    assert draft.status == EventStatus.DRAFT


def _minimal_event(organization, title="Новое"):
    return {
        "kind": "seminar",
        "title": title,
        "slug": "",
        "summary": "Кратко",
        "description": "",
        "organizer": organization.pk,
        "region": organization.region.pk,
        "timezone": "",
        "start": "2030-06-03T10:00",
        "end": "2030-06-03T12:00",
        "format": "in-person",
        "accepts_applications": "on",
        "waitlist_enabled": "on",
    }


def _empty_formsets():
    data = {}
    for prefix in ("programme", "partners", "visits", "materials"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data
