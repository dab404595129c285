"""One runner for services (common/actions.py): a refusal of any kind becomes a message on
the page the person is sent back to, never an error page."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import reverse

from common.actions import run_action
from events.models import EventFormat, EventStatus
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    InternshipFactory,
    OrganizationFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


class Refused(Exception):
    pass


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _raise(exc):
    def call():
        raise exc

    return call


def _said(request):
    return [(m.level_tag, str(m)) for m in get_messages(request)]


@pytest.mark.parametrize(
    ("exc", "said"),
    [
        (Refused("Уже опубликовано."), "Уже опубликовано."),
        (ValidationError({"end": ["Конец раньше начала."]}), "Конец раньше начала."),
        (PermissionDenied("Только свои организации."), "Только свои организации."),
        (PermissionDenied(), "У вас нет прав на это действие."),
    ],
)
def test_a_refusal_becomes_an_error_message(exc, said):
    request = _request()

    ok = run_action(request, _raise(exc), "Готово.", refusals=(Refused,))

    assert ok is False
    assert _said(request) == [("error", said)]


def test_an_exception_that_is_no_refusal_is_not_hidden():
    with pytest.raises(ZeroDivisionError):
        run_action(_request(), lambda: 1 / 0, "Готово.")


def test_success_may_depend_on_the_result():
    request = _request()

    ok = run_action(request, lambda: 41, lambda result: f"Номер {result + 1}.")

    assert ok is True
    assert _said(request) == [("success", "Номер 42.")]


def test_publishing_an_event_that_fails_full_clean_is_a_message_not_a_500(client):
    organization = OrganizationFactory(verified=True)
    event = EventFactory(
        organizer=organization, status=EventStatus.DRAFT, format=EventFormat.ONLINE, online_url=""
    )
    client.force_login(member_of(organization))

    response = client.post(reverse("events:publish", args=[event.slug]), follow=True)

    assert response.redirect_chain == [(event.get_absolute_url(), 302)]
    assert "Для онлайн- или смешанного мероприятия нужна ссылка" in response.content.decode()
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT


def test_an_application_on_the_waiting_list_is_told_so(client, user):
    internship = InternshipFactory(capacity=1)
    ApplicationFactory(event=internship)
    client.force_login(user)

    response = client.post(
        reverse("events:apply", args=[internship.slug]),
        {"organization_name": "ТОС «Северный»", "motivation": "Хотим научиться."},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Ваша заявка отправлена. Все места заняты: вы в листе ожидания."
    ]


def test_a_form_error_is_told_and_nothing_runs(client, organization, moderator):
    event = EventFactory(organizer=organization, status=EventStatus.ON_REVIEW)
    client.force_login(moderator)

    response = client.post(reverse("events:return", args=[event.slug]), {"comment": ""})

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.ON_REVIEW
