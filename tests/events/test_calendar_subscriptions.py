"""Calendar subscriptions: webcal:// links beside every .ics, feeds calendar apps can follow
(stable UIDs, growing SEQUENCE, a bounded number of events), and each person's own calendar
at a secret address they can replace."""

import datetime
import re
from html import unescape

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events import calendar as ics
from events.models import ApplicationStatus, CalendarFeed, EventKind, EventStatus
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    InternshipFactory,
    UserFactory,
    region,
)

pytestmark = pytest.mark.django_db

CALENDAR = reverse("events:calendar-ics")
RESET = reverse("events:personal-calendar-reset")
DASHBOARD = reverse("dashboard")


def _parse(response):
    return icalendar.Calendar.from_ical(response.content)


def _events(response):
    return {str(e["SUMMARY"]): e for e in _parse(response).walk("VEVENT")}


def _hrefs(response):
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', response.content.decode())]


def _days(days):
    return timezone.now() + datetime.timedelta(days=days)


def _feed_for(user):
    client = Client()
    client.force_login(user)
    client.post(RESET)
    return CalendarFeed.objects.get(user=user)


def _edit(client, event, **changes):
    data = {
        "kind": event.kind,
        "title": event.title,
        "slug": event.slug,
        "summary": event.summary,
        "description": "",
        "organizer": event.organizer_id,
        "region": event.region_id,
        "timezone": "",
        "start": "2030-06-03T10:00",
        "end": "2030-06-03T12:00",
        "format": "in-person",
        "accepts_applications": "on",
        "waitlist_enabled": "on",
        "version": event.version,
        **changes,
    }
    for prefix in ("programme", "partners", "visits", "materials"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(reverse("events:edit", args=[event.slug]), data)
    assert response.status_code == 302, response.context["form"].errors
    event.refresh_from_db()
    return event


# The webcal:// links.


def test_list_offers_a_subscribe_link_with_the_same_filters_as_the_download(client):
    EventFactory(kind=EventKind.INTERNSHIP)

    response = client.get(reverse("events:list"), {"kind": "internship", "region": "RU-SA"})

    hrefs = _hrefs(response)
    assert f"{CALENDAR}?kind=internship&region=RU-SA" in hrefs
    assert f"webcal://testserver{CALENDAR}?kind=internship&region=RU-SA" in hrefs


def test_list_subscribe_link_leaves_out_the_page_number_like_the_download(client):
    response = client.get(reverse("events:list"), {"kind": "seminar", "page": "2"})

    hrefs = _hrefs(response)
    assert f"{CALENDAR}?kind=seminar" in hrefs
    assert f"webcal://testserver{CALENDAR}?kind=seminar" in hrefs


def test_event_page_offers_a_subscribe_link_beside_its_ics(client, event):
    response = client.get(event.get_absolute_url())

    ics_path = reverse("events:ics", args=[event.slug])
    hrefs = _hrefs(response)
    assert ics_path in hrefs
    assert f"webcal://testserver{ics_path}" in hrefs


def test_organisation_page_offers_its_events_calendar_and_subscription(client, event):
    response = client.get(event.organizer.get_absolute_url())

    hrefs = _hrefs(response)
    assert f"{CALENDAR}?organizer={event.organizer.slug}" in hrefs
    assert f"webcal://testserver{CALENDAR}?organizer={event.organizer.slug}" in hrefs


def test_region_page_offers_the_regions_events_calendar_and_subscription(client, event):
    response = client.get(reverse("organizations:region-detail", args=["RU-SA"]))

    hrefs = _hrefs(response)
    assert f"{CALENDAR}?region=RU-SA" in hrefs
    assert f"webcal://testserver{CALENDAR}?region=RU-SA" in hrefs


def test_footer_offers_the_whole_calendar_and_its_subscription(client):
    response = client.get(reverse("events:list"))

    assert f"webcal://testserver{CALENDAR}" in _hrefs(response)


def test_subscribe_links_use_the_sites_host_and_https_behind_a_tls_proxy(client, settings, user):
    settings.ALLOWED_HOSTS = ["practices.example.org"]
    client.force_login(user)
    client.post(RESET, HTTP_HOST="practices.example.org", HTTP_X_FORWARDED_PROTO="https")
    token = CalendarFeed.objects.get(user=user).token
    feed_path = reverse("events:personal-calendar", args=[token])

    page = client.get(
        DASHBOARD, HTTP_HOST="practices.example.org", HTTP_X_FORWARDED_PROTO="https"
    ).content.decode()

    assert f'href="webcal://practices.example.org{feed_path}"' in page
    assert f'value="https://practices.example.org{feed_path}"' in page


def test_a_huge_query_string_on_the_list_gives_no_500(client):
    response = client.get(reverse("events:list"), {"q": "х" * 5000, "junk": "<" * 5000})

    assert response.status_code == 200
    webcal = [h for h in _hrefs(response) if h.startswith("webcal://testserver/events/calendar")]
    assert webcal and all("<" not in h and "junk=%3C%3C" in h for h in webcal[:1])


# What the feed itself says to calendar apps.


def test_feed_is_text_calendar_in_utf8(client, event):
    response = client.get(CALENDAR)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"


def test_feed_names_itself_and_asks_to_be_refreshed_every_six_hours(client, event):
    calendar = _parse(client.get(CALENDAR))

    assert str(calendar["X-WR-CALNAME"]) == "Мероприятия сети НКО"
    assert calendar["REFRESH-INTERVAL"].to_ical() == b"PT6H"
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert calendar["X-PUBLISHED-TTL"] == "PT6H"


def test_an_unchanged_feed_answers_its_etag_with_304(client, event):
    first = client.get(CALENDAR)

    again = client.get(CALENDAR, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""


def test_an_edited_event_changes_the_feeds_etag(client, event, member):
    first = client.get(CALENDAR)
    member_client = Client()
    member_client.force_login(member)
    _edit(member_client, event, venue="Другой зал")

    again = client.get(CALENDAR, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200


def test_feed_holds_upcoming_and_lately_ended_events_but_not_older_ones(client):
    EventFactory(title="Скоро", start=_days(3), end=_days(4))
    EventFactory(title="На прошлой неделе", start=_days(-8), end=_days(-7))
    EventFactory(title="Полгода назад", start=_days(-180), end=_days(-179))

    found = set(_events(client.get(CALENDAR)))

    assert found == {"Скоро", "На прошлой неделе"}


def test_archive_feed_holds_the_past_events_only(client):
    EventFactory(title="Скоро", start=_days(3), end=_days(4))
    EventFactory(title="Полгода назад", start=_days(-180), end=_days(-179))

    found = set(_events(client.get(CALENDAR, {"past": "1"})))

    assert found == {"Полгода назад"}


def test_feed_keeps_the_list_filters_for_the_lately_ended_events_too(client):
    EventFactory(title="Семинар прошёл", start=_days(-8), end=_days(-7))
    EventFactory(
        title="Стажировка прошла", kind=EventKind.INTERNSHIP, start=_days(-8), end=_days(-7)
    )

    found = set(_events(client.get(CALENDAR, {"kind": "internship"})))

    assert found == {"Стажировка прошла"}


def test_feed_is_capped_whatever_the_number_of_events(client, monkeypatch):
    monkeypatch.setattr(ics, "UPCOMING_LIMIT", 3)
    monkeypatch.setattr(ics, "RECENT_LIMIT", 2)
    for n in range(5):
        EventFactory(title=f"Будет {n}", start=_days(n + 1), end=_days(n + 2))
        EventFactory(title=f"Было {n}", start=_days(-n - 3), end=_days(-n - 2))

    found = set(_events(client.get(CALENDAR)))

    assert found == {"Будет 0", "Будет 1", "Будет 2", "Было 0", "Было 1"}


def test_feed_queries_are_the_same_for_one_and_many_events(client, django_assert_max_num_queries):
    EventFactory(start=_days(3), end=_days(4))
    EventFactory(start=_days(-3), end=_days(-2))
    with django_assert_max_num_queries(3):
        client.get(CALENDAR, {"region": "RU-SA", "kind": "seminar"})
    for n in range(20):
        EventFactory(
            start=_days(n + 3), end=_days(n + 4), region=region("RU-CHE" if n % 2 else "RU-SA")
        )
        EventFactory(start=_days(-n - 3), end=_days(-n - 2))

    with django_assert_max_num_queries(3):
        response = client.get(CALENDAR, {"region": "RU-SA", "kind": "seminar"})

    assert len(_events(response)) == 32


def test_cancelled_event_stays_in_the_feed_marked_cancelled(client):
    EventFactory(title="Отменён", status=EventStatus.CANCELLED)

    vevent = _events(client.get(CALENDAR))["Отменён"]

    assert str(vevent["STATUS"]) == "CANCELLED"


# UID and SEQUENCE: calendar apps update an event instead of adding a copy.


def test_uid_stays_when_the_event_is_edited_and_its_address_changes(
    client, event, member, settings
):
    settings.SITE_URL = "https://practices.example.org"
    client.force_login(member)
    before = _events(client.get(reverse("events:ics", args=[event.slug])))[event.title]

    _edit(client, event, slug="new-address", venue="Другой зал")
    after = _events(client.get(reverse("events:ics", args=["new-address"])))[event.title]

    assert str(after["UID"]) == str(before["UID"]) == f"event-{event.pk}@practices.example.org"
    assert str(after["LOCATION"]) == "Другой зал"


def test_sequence_grows_after_an_edit(client, event, member):
    client.force_login(member)
    before = _events(client.get(CALENDAR))[event.title]

    _edit(client, event, venue="Другой зал")
    after = _events(client.get(CALENDAR))[event.title]

    assert after["SEQUENCE"] > before["SEQUENCE"]


def test_sequence_grows_with_each_of_two_edits_in_the_same_minute(client, event, member):
    client.force_login(member)
    _edit(client, event, venue="Первый зал")
    first = _events(client.get(CALENDAR))[event.title]

    _edit(client, event, venue="Второй зал")
    second = _events(client.get(CALENDAR))[event.title]

    assert second["SEQUENCE"] > first["SEQUENCE"]


def test_sequence_grows_when_the_event_is_cancelled(client, event, member):
    client.force_login(member)
    before = _events(client.get(CALENDAR))[event.title]

    client.post(reverse("events:cancel", args=[event.slug]), {"reason": "Паводок"})
    after = _events(client.get(CALENDAR))[event.title]

    assert str(after["STATUS"]) == "CANCELLED"
    assert after["SEQUENCE"] > before["SEQUENCE"]


def test_sequence_never_falls_below_the_minutes_based_one_sent_before(event):
    minutes = int(event.updated_at.timestamp() // 60)

    assert ics.sequence(event) > minutes


def test_uid_is_the_same_whichever_host_the_feed_was_fetched_through(client, event, settings):
    settings.ALLOWED_HOSTS = ["testserver", "www.example.org"]

    one = _events(client.get(CALENDAR))[event.title]
    other = _events(client.get(CALENDAR, HTTP_HOST="www.example.org"))[event.title]

    assert str(one["UID"]) == str(other["UID"])


def test_dtstamp_and_last_modified_are_the_events_last_change(client, event):
    vevent = _events(client.get(CALENDAR))[event.title]

    updated = event.updated_at.replace(microsecond=0)
    assert vevent.decoded("LAST-MODIFIED") == updated
    assert vevent.decoded("DTSTAMP") == updated


# The personal calendar.


@pytest.fixture
def applicant(db):
    return UserFactory()


@pytest.fixture
def feed(applicant):
    return _feed_for(applicant)


def _personal(client, feed_or_token):
    token = feed_or_token if isinstance(feed_or_token, str) else feed_or_token.token
    return client.get(reverse("events:personal-calendar", args=[token]))


def test_personal_feed_shows_accepted_as_confirmed_and_waiting_as_tentative(
    client, applicant, feed
):
    ApplicationFactory(
        user=applicant, event=InternshipFactory(title="Принят"), status=ApplicationStatus.ACCEPTED
    )
    ApplicationFactory(user=applicant, event=InternshipFactory(title="Ждёт решения"))
    ApplicationFactory(
        user=applicant,
        event=InternshipFactory(title="В листе ожидания"),
        status=ApplicationStatus.WAITLISTED,
    )

    found = {title: str(e["STATUS"]) for title, e in _events(_personal(client, feed)).items()}

    assert found == {
        "Принят": "CONFIRMED",
        "Ждёт решения": "TENTATIVE",
        "В листе ожидания": "TENTATIVE",
    }


def test_personal_feed_leaves_out_declined_and_withdrawn_applications(client, applicant, feed):
    ApplicationFactory(
        user=applicant, event=InternshipFactory(title="Отказ"), status=ApplicationStatus.DECLINED
    )
    ApplicationFactory(
        user=applicant,
        event=InternshipFactory(title="Отозвана"),
        status=ApplicationStatus.WITHDRAWN,
    )
    ApplicationFactory(
        user=applicant, event=InternshipFactory(title="Принят"), status=ApplicationStatus.ACCEPTED
    )

    assert set(_events(_personal(client, feed))) == {"Принят"}


def test_personal_feed_holds_nothing_of_other_peoples_applications(client, applicant, feed):
    mine = InternshipFactory(title="Моя")
    ApplicationFactory(user=applicant, event=mine, status=ApplicationStatus.ACCEPTED)
    stranger = UserFactory(first_name="Чужой", last_name="Заявитель")
    ApplicationFactory(
        user=stranger,
        event=mine,
        motivation="Секретная мотивация",
        organization_name="Чужое НКО",
        status=ApplicationStatus.ACCEPTED,
    )
    ApplicationFactory(user=stranger, event=InternshipFactory(title="Чужая"))

    response = _personal(client, feed)

    assert set(_events(response)) == {"Моя"}
    body = response.content.decode()
    for secret in ("Чужой", "Заявитель", "Секретная мотивация", "Чужое НКО", stranger.email):
        assert secret not in body


def test_personal_feed_shows_the_persons_own_status_in_the_description(client, applicant, feed):
    ApplicationFactory(
        user=applicant, event=InternshipFactory(title="Принят"), status=ApplicationStatus.ACCEPTED
    )

    vevent = _events(_personal(client, feed))["Принят"]

    assert "Ваша заявка: Принята" in str(vevent["DESCRIPTION"])


def test_personal_feed_drops_an_event_taken_back_from_publication(client, applicant, feed):
    event = InternshipFactory(title="Снято")
    ApplicationFactory(user=applicant, event=event, status=ApplicationStatus.ACCEPTED)
    event.status = EventStatus.DRAFT
    event.save()

    assert _events(_personal(client, feed)) == {}


def test_personal_feed_marks_a_cancelled_event_cancelled(client, applicant, feed):
    event = InternshipFactory(title="Отменена", status=EventStatus.CANCELLED)
    ApplicationFactory(user=applicant, event=event, status=ApplicationStatus.ACCEPTED)

    vevent = _events(_personal(client, feed))["Отменена"]

    assert str(vevent["STATUS"]) == "CANCELLED"


def test_personal_feed_sequence_grows_when_the_application_is_accepted(
    client, applicant, feed, internship, member
):
    application = ApplicationFactory(user=applicant, event=internship)
    before = _events(_personal(client, feed))[internship.title]
    member_client = Client()
    member_client.force_login(member)

    member_client.post(reverse("events:application-accept", args=[application.pk]))
    after = _events(_personal(client, feed))[internship.title]

    assert str(after["STATUS"]) == "CONFIRMED"
    assert str(after["UID"]) == str(before["UID"])
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after.decoded("LAST-MODIFIED") >= before.decoded("LAST-MODIFIED")


def test_personal_feed_opens_without_signing_in(client, applicant, feed):
    ApplicationFactory(user=applicant, status=ApplicationStatus.ACCEPTED)

    response = _personal(client, feed)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert len(_events(response)) == 1


def test_personal_feed_is_private_unindexed_and_sends_no_referrer(client, feed):
    response = _personal(client, feed)

    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_page_cache_never_keeps_the_personal_feed_even_if_listed(client, settings, feed):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_URL_NAMES = {*settings.PAGE_CACHE_URL_NAMES, "events:personal-calendar"}

    first = _personal(client, feed)
    second = _personal(client, feed)

    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second


def test_personal_feed_names_itself_and_refreshes_hourly(client, feed):
    calendar = _parse(_personal(client, feed))

    assert str(calendar["X-WR-CALNAME"]) == "Мои мероприятия в сети НКО"
    assert calendar["X-PUBLISHED-TTL"] == "PT1H"


def test_personal_feed_queries_are_the_same_for_one_and_many_events(
    client, applicant, feed, django_assert_max_num_queries
):
    ApplicationFactory(user=applicant, status=ApplicationStatus.ACCEPTED)
    with django_assert_max_num_queries(2):
        _personal(client, feed)
    for _ in range(20):
        ApplicationFactory(user=applicant, status=ApplicationStatus.ACCEPTED)

    with django_assert_max_num_queries(2):
        response = _personal(client, feed)

    assert len(_events(response)) == 21


def test_an_unknown_token_is_a_plain_404(client, feed):
    unknown = "A" * len(feed.token)

    response = _personal(client, unknown)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "token",
    ["x", "short-token", "!" * 55, "A" * 56, "A" * 54, "a" * 5000, "%00" * 20, "..", "A b"],
)
def test_a_malformed_token_is_a_404_not_an_error(client, token, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = client.get(f"/events/calendar/{token}.ics")

    assert response.status_code == 404


def test_a_right_selector_with_a_wrong_verifier_is_a_404(client, feed):
    guess = feed.selector + "B" * CalendarFeed.VERIFIER_LENGTH

    assert _personal(client, guess).status_code == 404


def test_a_404_says_the_same_for_an_unknown_an_old_and_a_malformed_token(client, applicant):
    old = _feed_for(applicant).token
    _feed_for(applicant)

    # The page repeats the address asked for (its language links); nothing else differs.
    bodies = {
        _personal(client, token).content.decode().replace(token, "TOKEN")
        for token in (old, "A" * len(old), "not-a-token")
    }

    assert len(bodies) == 1


def test_a_deactivated_users_feed_is_a_404(client, applicant, feed):
    applicant.is_active = False
    applicant.save()

    assert _personal(client, feed).status_code == 404


def test_a_deleted_users_feed_is_gone(client, applicant, feed):
    token = feed.token
    applicant.delete()

    assert _personal(client, token).status_code == 404


def test_tokens_are_long_random_and_different_for_everyone(applicant):
    tokens = {_feed_for(applicant).token for _ in range(3)} | {_feed_for(UserFactory()).token}

    assert len(tokens) == 4
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{55}", token) for token in tokens)


# Getting and replacing the address.


def test_dashboard_offers_to_get_the_address_when_there_is_none(client, user):
    client.force_login(user)

    page = client.get(DASHBOARD).content.decode()

    assert f'action="{RESET}"' in page
    assert "webcal://testserver/events/calendar/" not in page


def test_dashboard_shows_the_https_and_webcal_addresses_once_issued(client, user):
    client.force_login(user)
    client.post(RESET)
    feed_path = reverse(
        "events:personal-calendar", args=[CalendarFeed.objects.get(user=user).token]
    )

    page = client.get(DASHBOARD).content.decode()

    assert f'href="webcal://testserver{feed_path}"' in page
    assert f'value="http://testserver{feed_path}"' in page


def test_dashboard_never_shows_another_persons_address(client, user, applicant, feed):
    client.force_login(user)

    page = client.get(DASHBOARD).content.decode()

    assert feed.token not in page


def test_reset_gives_a_new_address_and_the_old_one_stops_working(client, user):
    client.force_login(user)
    client.post(RESET)
    old = CalendarFeed.objects.get(user=user).token

    response = client.post(RESET)

    new = CalendarFeed.objects.get(user=user).token
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    assert new != old
    assert _personal(client, old).status_code == 404
    assert _personal(client, new).status_code == 200


def test_reset_tells_that_the_old_address_no_longer_works(client, user):
    client.force_login(user)
    client.post(RESET)

    response = client.post(RESET, follow=True)

    assert "Старый больше не работает" in response.content.decode()


def test_reset_is_post_only(client, user):
    client.force_login(user)

    response = client.get(RESET)

    assert response.status_code == 405
    assert not CalendarFeed.objects.filter(user=user).exists()


def test_reset_needs_the_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(RESET)

    assert response.status_code == 403
    assert not CalendarFeed.objects.filter(user=user).exists()


def test_reset_by_an_anonymous_visitor_leads_to_sign_in_and_changes_nothing(client, feed):
    before = feed.token

    response = client.post(RESET)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    feed.refresh_from_db()
    assert feed.token == before
    assert CalendarFeed.objects.count() == 1


@pytest.mark.parametrize("who", ["user", "outsider", "member", "moderator"])
def test_reset_replaces_only_the_persons_own_address(client, request, who, applicant, feed):
    actor = request.getfixturevalue(who)
    before = feed.token
    client.force_login(actor)
    client.post(RESET)
    first = CalendarFeed.objects.get(user=actor).token

    client.post(RESET, {"user": applicant.pk, "token": before})

    feed.refresh_from_db()
    assert feed.token == before
    assert CalendarFeed.objects.get(user=actor).token != first
    assert _personal(client, before).status_code == 200
