"""The notification list, marking read, the preferences page and unsubscribing."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications import tokens
from notifications.models import DigestFrequency, Kind, Notification, Preferences
from tests.factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")
READ_ALL = reverse("notifications:read-all")
PREFERENCES = reverse("notifications:preferences")


def read_url(notification):
    return reverse("notifications:read", args=[notification.pk])


def unsubscribe_url(token):
    return reverse("notifications:unsubscribe", args=[token])


# The list and the dashboard -------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_list_shows_only_my_notifications_newest_first(client, member, outsider):
    older = NotificationFactory(recipient=member, title="Старое")
    newer = NotificationFactory(recipient=member, title="Новое")
    NotificationFactory(recipient=outsider, title="Чужое")
    client.force_login(member)

    response = client.get(LIST)

    assert list(response.context["notifications"]) == [newer, older]
    assert response.context["unread_count"] == 2
    assert "Чужое" not in response.content.decode()


def test_the_dashboard_shows_the_latest_and_the_unread_count(client, member):
    NotificationFactory(recipient=member, title="Заявка на внедрение")
    NotificationFactory(recipient=member, read_at=timezone.now())
    client.force_login(member)

    response = client.get(reverse("dashboard"))

    assert response.context["unread_notifications"] == 1
    page = response.content.decode()
    assert "Заявка на внедрение" in page
    assert "1 непрочитанное" in page


def test_the_dashboards_unread_count_counts_beyond_the_latest_five(client, member, outsider):
    NotificationFactory.create_batch(7, recipient=member)
    NotificationFactory.create_batch(3, recipient=member, read_at=timezone.now())
    NotificationFactory.create_batch(2, recipient=outsider)
    client.force_login(member)

    response = client.get(reverse("dashboard"))

    assert len(response.context["latest_notifications"]) == 5
    assert response.context["unread_notifications"] == 7


@pytest.mark.parametrize("read", [0, 2])
def test_the_dashboards_unread_count_is_zero_when_all_are_read(client, member, read):
    NotificationFactory.create_batch(read, recipient=member, read_at=timezone.now())
    client.force_login(member)

    response = client.get(reverse("dashboard"))

    assert response.context["unread_notifications"] == 0


@pytest.mark.parametrize("rows", [1, 25])
def test_the_list_runs_the_same_queries_for_one_and_many(
    client, member, rows, django_assert_max_num_queries
):
    NotificationFactory.create_batch(rows, recipient=member)
    client.force_login(member)

    with django_assert_max_num_queries(7):
        response = client.get(LIST)

    assert response.status_code == 200


def test_a_wrong_page_is_a_404(client, member):
    client.force_login(member)

    assert client.get(LIST, {"page": "много"}).status_code == 404


# Marking read ----------------------------------------------------------------------------


def test_anonymous_cannot_mark_read(client, member):
    notification = NotificationFactory(recipient=member)

    response = client.post(read_url(notification))

    assert response["Location"].startswith(reverse("login"))
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize("who", ["outsider", "moderator"])
def test_nobody_marks_another_persons_notification(client, member, who, request):
    notification = NotificationFactory(recipient=member)
    client.force_login(request.getfixturevalue(who))

    client.post(read_url(notification))

    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_recipient_marks_one_read(client, member):
    notification = NotificationFactory(recipient=member)
    other = NotificationFactory(recipient=member)
    client.force_login(member)

    response = client.post(read_url(notification), {"next": reverse("dashboard")})

    assert response["Location"] == reverse("dashboard")
    notification.refresh_from_db()
    other.refresh_from_db()
    assert notification.read_at is not None
    assert other.read_at is None


def test_mark_read_does_not_redirect_off_site(client, member):
    notification = NotificationFactory(recipient=member)
    client.force_login(member)

    response = client.post(read_url(notification), {"next": "https://evil.example/"})

    assert response["Location"] == LIST


def test_mark_all_read_touches_only_mine(client, member, outsider):
    mine = NotificationFactory.create_batch(2, recipient=member)
    theirs = NotificationFactory(recipient=outsider)
    client.force_login(member)

    client.post(READ_ALL)

    assert not Notification.objects.filter(pk__in=[n.pk for n in mine], read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_is_post_only(client, member):
    notification = NotificationFactory(recipient=member)
    client.force_login(member)

    assert client.get(read_url(notification)).status_code == 405
    assert client.get(READ_ALL).status_code == 405


# Preferences -------------------------------------------------------------------------------


def preferences_data(**changes):
    return {
        "language": "ru",
        "digest": "weekly",
        "mailed_kinds": [Kind.INVITATION, Kind.APPLICATION_STATUS],
        **changes,
    }


def test_anonymous_cannot_see_or_save_preferences(client):
    assert client.get(PREFERENCES)["Location"].startswith(reverse("login"))
    assert client.post(PREFERENCES, preferences_data())["Location"].startswith(reverse("login"))
    assert not Preferences.objects.exists()


def test_the_preferences_page_shows_the_defaults_and_writes_nothing(client, user):
    client.force_login(user)

    response = client.get(PREFERENCES)

    form = response.context["form"]
    assert form.initial["language"] == "ru"
    assert form.initial["digest"] == DigestFrequency.WEEKLY
    assert set(form.initial["mailed_kinds"]) == set(Kind.values)
    assert not Preferences.objects.exists()


@pytest.mark.parametrize("who", ["user", "member", "outsider", "moderator"])
def test_everyone_signed_in_saves_their_own_preferences(client, who, request):
    person = request.getfixturevalue(who)
    client.force_login(person)

    response = client.post(PREFERENCES, preferences_data(language="en", digest="daily"))

    assert response.status_code == 302
    saved = Preferences.objects.get()
    assert saved.user == person
    assert (saved.language, saved.digest) == ("en", "daily")
    assert set(saved.muted_kinds) == set(Kind.values) - {Kind.INVITATION, Kind.APPLICATION_STATUS}


@pytest.mark.parametrize(
    "bad",
    [
        {"language": "xx"},
        {"digest": "hourly"},
        {"mailed_kinds": ["everything"]},
        {"language": "<script>", "digest": "\x00"},
    ],
)
def test_bad_preferences_are_refused_with_a_message(client, member, bad):
    client.force_login(member)

    response = client.post(PREFERENCES, preferences_data(**bad))

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Preferences.objects.exists()


def test_turning_the_digest_back_on_starts_its_period_now(client, member):
    long_ago = timezone.now() - timezone.timedelta(days=300)
    Preferences.objects.create(user=member, digest="off", last_digest_at=long_ago)
    client.force_login(member)

    client.post(PREFERENCES, preferences_data(digest="weekly"))

    assert Preferences.objects.get().last_digest_at > long_ago


def test_preferences_page_queries_are_bounded(client, member, django_assert_max_num_queries):
    client.force_login(member)

    with django_assert_max_num_queries(8):
        response = client.get(PREFERENCES)

    assert response.status_code == 200


# Unsubscribe -------------------------------------------------------------------------------


def test_the_link_asks_to_confirm_and_changes_nothing(client, member):
    token = tokens.make(member, Kind.REPLICATION_REQUESTED)

    response = client.get(unsubscribe_url(token))

    assert response.status_code == 200
    assert '<form method="post">' in response.content.decode()
    assert not Preferences.objects.exists()


def test_unsubscribing_works_without_signing_in(client, member):
    token = tokens.make(member, Kind.REPLICATION_REQUESTED)

    response = client.post(unsubscribe_url(token), follow=True)

    assert response.redirect_chain == [(unsubscribe_url(token), 302)]
    assert Preferences.objects.get(user=member).muted_kinds == [Kind.REPLICATION_REQUESTED]
    assert response.context["done"] is True
    assert '<form method="post">' not in response.content.decode()


def test_one_click_post_needs_no_csrf_token_and_stops_the_digest(member):
    mail_program = Client(enforce_csrf_checks=True)
    token = tokens.make(member, tokens.DIGEST)

    response = mail_program.post(
        unsubscribe_url(token),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert Preferences.objects.get(user=member).digest == DigestFrequency.OFF


def test_unsubscribing_twice_is_harmless(client, member):
    token = tokens.make(member, Kind.INVITATION)

    client.post(unsubscribe_url(token))
    client.post(unsubscribe_url(token))

    assert Preferences.objects.get(user=member).muted_kinds == [Kind.INVITATION]


def test_unsubscribing_keeps_the_other_choices(client, member):
    Preferences.objects.create(user=member, language="en", muted_kinds=[Kind.INVITATION])
    token = tokens.make(member, Kind.APPLICATION_STATUS)

    client.post(unsubscribe_url(token))

    saved = Preferences.objects.get(user=member)
    assert saved.language == "en"
    assert saved.muted_kinds == [Kind.INVITATION, Kind.APPLICATION_STATUS]


def tampered(token):
    payload, rest = token.split(":", 1)
    return ("x" if payload[0] != "x" else "y") + payload[1:] + ":" + rest


def forged_for(user, scope):
    """A token signed with another key: what an attacker without our secret can make."""
    return signing.dumps({"u": user.pk, "s": scope}, salt=tokens.SALT, key="attacker's key")


@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_and_forged_tokens_are_refused(client, member, method):
    victim = UserFactory()
    good = tokens.make(member, tokens.DIGEST)
    bad_tokens = [
        tampered(good),
        forged_for(victim, tokens.DIGEST),
        good.replace(
            good.split(":")[0], signing.b64_encode(b'{"u":%d,"s":"digest"}' % victim.pk).decode()
        ),
        "nonsense",
        "a" * 500,
    ]

    for token in bad_tokens:
        response = getattr(client, method)(unsubscribe_url(token))
        assert response.status_code == 400, token

    assert not Preferences.objects.exists()


def test_a_token_with_another_salt_is_refused(client, member):
    token = signing.dumps({"u": member.pk, "s": "digest"}, salt="another.purpose")

    assert client.post(unsubscribe_url(token)).status_code == 400


def test_a_token_of_a_deleted_account_is_refused(client):
    gone = UserFactory()
    token = tokens.make(gone, tokens.DIGEST)
    gone.delete()

    assert client.post(unsubscribe_url(token)).status_code == 400


def test_a_token_for_an_unknown_scope_is_refused(client, member):
    token = signing.dumps({"u": member.pk, "s": "everything"}, salt=tokens.SALT)

    assert client.post(unsubscribe_url(token)).status_code == 400
