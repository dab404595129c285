import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _signup_data(**changes):
    data = {
        "username": "leader",
        "email": "leader@example.org",
        "first_name": "Наталья",
        "last_name": "Луковцева",
        "password1": "A-long-pass-phrase-42",
        "password2": "A-long-pass-phrase-42",
    }
    data.update(changes)
    return data


def test_sign_up_creates_the_account_signs_in_and_lands_on_the_dashboard(client):
    response = client.post(reverse("signup"), _signup_data(), follow=True)

    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert response.context["user"].username == "leader"


@pytest.mark.parametrize(
    "changes",
    [
        {"email": "not-an-email"},
        {"password2": "different"},
        {"password1": "123", "password2": "123"},
        {"username": ""},
        {"first_name": "x" * 1000},
    ],
)
def test_sign_up_with_bad_input_creates_nobody(client, changes):
    response = client.post(reverse("signup"), _signup_data(**changes))

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not get_user_model().objects.filter(username="leader").exists()


def test_sign_up_refuses_an_email_already_in_use(client):
    UserFactory(email="leader@example.org")

    response = client.post(reverse("signup"), _signup_data(email="LEADER@example.org"))

    assert "email" in response.context["form"].errors


def test_sign_in_lands_on_the_dashboard(client):
    UserFactory(username="anna")

    response = client.post(
        reverse("login"), {"username": "anna", "password": "secret-pass-123"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("dashboard")


def test_sign_in_with_a_wrong_password_shows_an_error(client):
    UserFactory(username="anna")

    response = client.post(reverse("login"), {"username": "anna", "password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"].errors


def test_sign_out_is_a_post(client, user):
    client.force_login(user)

    client.post(reverse("logout"))

    assert "_auth_user_id" not in client.session


def test_password_reset_sends_an_email_with_a_link(client):
    UserFactory(email="anna@example.org")

    client.post(reverse("password_reset"), {"email": "anna@example.org"})

    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_a_reset_link_that_no_longer_works_says_so(client):
    response = client.get(
        reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "set-password"})
    )

    assert response.status_code == 200
    assert response.context["validlink"] is False


def test_dashboard_requires_sign_in(client):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_dashboard_lists_the_users_organisations_with_roles(client, organization, manager):
    client.force_login(manager)

    response = client.get(reverse("dashboard"))

    content = response.content.decode()
    assert organization.name in content
    assert "Руководитель" in content


def test_dashboard_invites_a_user_without_organisation_to_register_one(client, user):
    client.force_login(user)

    response = client.get(reverse("dashboard"))

    assert reverse("organizations:new") in response.content.decode()


def test_repeated_failed_sign_ins_lock_the_account_from_that_address(client, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="anna")
    for _ in range(3):
        client.post(reverse("login"), {"username": "anna", "password": "wrong"})

    response = client.post(reverse("login"), {"username": "anna", "password": "secret-pass-123"})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
