"""Response headers and cookies that keep pages private, and our own 403 and CSRF pages."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import permission_denied

from portal.middleware import PrivateCacheMiddleware
from portal.views import csrf_failure
from tests.factories import DraftPracticeFactory

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def _cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def _assert_csp_clean(html):
    assert INLINE_SCRIPT.findall(html) == []
    assert "style=" not in html


# --- Permissions-Policy ---


def test_pages_deny_browser_features_the_portal_does_not_use(client):
    response = client.get("/")

    policy = {part.strip() for part in response["Permissions-Policy"].split(",")}
    assert {
        "camera=()",
        "microphone=()",
        "geolocation=()",
        "payment=()",
        "usb=()",
        "browsing-topics=()",
    } <= policy


def test_machine_endpoints_carry_the_permissions_policy_too(client):
    response = client.get("/robots.txt")

    assert "camera=()" in response["Permissions-Policy"]


# --- the language cookie ---


def test_language_cookie_follows_the_session_cookie_switch(settings):
    assert settings.LANGUAGE_COOKIE_SECURE == settings.SESSION_COOKIE_SECURE


def test_language_cookie_is_secure_lax_and_hidden_from_scripts(client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] is True


# --- Cache-Control ---


def test_dashboard_is_never_stored(client, user):
    client.force_login(user)

    response = client.get("/dashboard/")

    assert response.status_code == 200
    assert {"private", "no-store"} <= _cache_control(response)


def test_a_members_draft_form_is_never_stored(client, member):
    client.force_login(member)

    response = client.get("/practices/new/")

    assert response.status_code == 200
    assert {"private", "no-store"} <= _cache_control(response)


def test_a_draft_practice_page_is_never_stored_for_its_member(client, organization, member):
    draft = DraftPracticeFactory(organization=organization, title="Черновик для своих")
    client.force_login(member)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 200
    assert "Черновик для своих" in response.content.decode()
    assert {"private", "no-store"} <= _cache_control(response)


def test_public_pages_are_private_for_a_signed_in_user(client, user):
    client.force_login(user)

    response = client.get("/")

    assert {"private", "no-store"} <= _cache_control(response)


def test_home_page_for_anonymous_is_left_cacheable(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "no-store" not in _cache_control(response)
    assert "private" not in _cache_control(response)


def test_anonymous_request_without_a_session_is_not_made_to_vary_on_cookies(client):
    response = client.get("/robots.txt")

    assert "Cookie" not in response.get("Vary", "")
    assert "Cache-Control" not in response


def test_a_views_own_cache_control_is_kept_for_a_signed_in_user(user):
    def download(request):
        response = HttpResponse(b"file")
        response["Cache-Control"] = "private, max-age=60"
        return response

    request = RequestFactory().get("/file")
    request.COOKIES["sessionid"] = "x"
    request.user = user

    response = PrivateCacheMiddleware(download)(request)

    assert response["Cache-Control"] == "private, max-age=60"


# --- our 403 page ---


def _forbidden_edit(client, organization, outsider, prefix=""):
    client.force_login(outsider)
    url = prefix + reverse("organizations:edit", args=[organization.slug])
    return client.post(url, {"name": "Захват"})


def test_forbidden_page_in_russian(client, organization, outsider):
    response = _forbidden_edit(client, organization, outsider)

    html = response.content.decode()
    assert response.status_code == 403
    assert "У вас нет прав на это" in html
    assert '<main id="main"' in html
    assert 'href="/"' in html
    _assert_csp_clean(html)


def test_forbidden_page_in_english(client, organization, outsider):
    response = _forbidden_edit(client, organization, outsider, prefix="/en")

    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="en">' in html
    assert "You may not do this" in html
    assert 'href="/en/"' in html
    _assert_csp_clean(html)


def test_forbidden_page_offers_sign_in_to_anonymous():
    request = RequestFactory().get("/practices/new/")
    request.user = AnonymousUser()

    response = permission_denied(request, PermissionDenied())

    html = response.content.decode()
    assert response.status_code == 403
    assert 'href="/accounts/login/?next=/practices/new/"' in html
    _assert_csp_clean(html)


# --- the CSRF failure page ---


def test_csrf_failure_page_in_russian():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"username": "a", "password": "b"})

    html = response.content.decode()
    assert response.status_code == 403
    assert "Форма устарела" in html
    assert "cookie" in html
    assert '<main id="main"' in html
    _assert_csp_clean(html)


def test_csrf_failure_page_in_english():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/en/accounts/login/", {"username": "a", "password": "b"})

    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="en">' in html
    assert "The form has expired" in html
    _assert_csp_clean(html)


def test_csrf_failure_links_back_to_the_form_on_this_site_only():
    client = Client(enforce_csrf_checks=True)

    ours = client.post("/accounts/login/", headers={"referer": "http://testserver/accounts/login/"})
    theirs = client.post("/accounts/login/", headers={"referer": "https://evil.example/form"})

    assert 'href="http://testserver/accounts/login/"' in ours.content.decode()
    assert "evil.example" not in theirs.content.decode()


def test_csrf_failure_for_a_signed_in_user_keeps_the_user_menu(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(reverse("logout"))

    assert response.status_code == 403
    assert reverse("dashboard") in response.content.decode()


@pytest.mark.parametrize("reason", ["", "\x00", "я" * 10_000, "<script>alert(1)</script>"])
@pytest.mark.parametrize("referer", ["", "http://[::1", "javascript:alert(1)", "//evil.example"])
def test_csrf_failure_never_breaks_on_odd_input(reason, referer):
    request = RequestFactory().post("/accounts/login/", headers={"referer": referer})
    request.user = AnonymousUser()

    response = csrf_failure(request, reason=reason)

    html = response.content.decode()
    assert response.status_code == 403
    assert "<script>alert" not in html
    assert "evil.example" not in html
