import csv
import datetime
import io
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from events.calendar import _vtimezone
from events.models import EventFormat, EventKind, EventPartner, EventStatus, PartnerRole
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    EventPartnerFactory,
    InternshipFactory,
    OrganizationFactory,
    PersonFactory,
    PracticeFactory,
    ProgrammeItemFactory,
    SiteVisitFactory,
    member_of,
    region,
)

pytestmark = pytest.mark.django_db

LIST = reverse("events:list")


def _text(html):
    return " ".join(strip_tags(html).split())


def _titles(response):
    return [e.title for e in response.context["object_list"]]


def _days(days, hour=10, zone="Europe/Moscow"):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZoneInfo(zone))


# Time zones and calendars.


def test_detail_shows_times_in_the_venue_zone_with_the_zone_named(client):
    start = datetime.datetime(2030, 6, 3, 5, 0, tzinfo=datetime.UTC)
    che = EventFactory(
        region=region("RU-CHE"), start=start, end=start + datetime.timedelta(hours=2)
    )
    sa = EventFactory(region=region("RU-SA"), start=start, end=start + datetime.timedelta(hours=2))
    ProgrammeItemFactory(event=sa, start=start, title="Открытие")

    che_page = client.get(che.get_absolute_url()).content.decode()
    sa_page = client.get(sa.get_absolute_url()).content.decode()

    assert "3 июня 2030, 10:00–12:00, Челябинск (UTC+5)" in _text(che_page)
    assert "3 июня 2030, 14:00–16:00, Якутск (UTC+9)" in _text(sa_page)
    assert ">14:00</time>" in sa_page


def test_english_pages_name_the_zone_by_the_regions_centre_in_english(client):
    start = datetime.datetime(2030, 6, 3, 5, 0, tzinfo=datetime.UTC)
    che = EventFactory(
        region=region("RU-CHE"), start=start, end=start + datetime.timedelta(hours=2)
    )

    page = client.get("/en" + che.get_absolute_url()).content.decode()

    assert "Chelyabinsk (UTC+5)" in _text(page)


def test_list_cards_show_each_venue_zone(client):
    start = datetime.datetime(2030, 6, 3, 5, 0, tzinfo=datetime.UTC)
    EventFactory(region=region("RU-CHE"), start=start, title="Челябинск")
    EventFactory(region=region("RU-SA"), start=start, title="Якутск")

    page = client.get(LIST).content.decode()

    assert "3 июня 2030, 10:00</time>, Челябинск (UTC+5)" in page
    assert "3 июня 2030, 14:00</time>, Якутск (UTC+9)" in page


def test_event_ics_parses_back_with_the_venue_zone(client):
    start = datetime.datetime(2030, 6, 3, 10, 0, tzinfo=ZoneInfo("Asia/Yakutsk"))
    event = EventFactory(
        region=region("RU-SA"),
        start=start,
        end=start + datetime.timedelta(hours=3),
        title="Стажировка",
    )

    response = client.get(reverse("events:ics", args=[event.slug]))

    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Стажировка"
    assert vevent.decoded("DTSTART") == start
    assert str(vevent.decoded("DTSTART").tzinfo) == "Asia/Yakutsk"
    assert vevent["DTSTART"].params["TZID"] == "Asia/Yakutsk"
    assert vevent.decoded("DTEND") - vevent.decoded("DTSTART") == datetime.timedelta(hours=3)
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["URL"]).endswith(event.get_absolute_url())
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Yakutsk"]


def test_calendar_applies_the_list_filters_and_marks_cancelled(client):
    EventFactory(
        kind=EventKind.WEBINAR,
        title="Вебинар",
        format=EventFormat.ONLINE,
        online_url="https://e.org",
    )
    EventFactory(kind=EventKind.INTERNSHIP, title="Стажировка", region=region("RU-CHE"))
    EventFactory(kind=EventKind.INTERNSHIP, title="Отменена", status=EventStatus.CANCELLED)
    EventFactory(kind=EventKind.INTERNSHIP, title="Черновик", status=EventStatus.DRAFT)

    response = client.get(reverse("events:calendar-ics"), {"kind": "internship"})

    calendar = icalendar.Calendar.from_ical(response.content)
    found = {str(e["SUMMARY"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}
    assert found == {"Стажировка": "CONFIRMED", "Отменена": "CANCELLED"}
    assert {tz["TZID"] for tz in calendar.walk("VTIMEZONE")} == {
        "Asia/Yekaterinburg",
        "Asia/Yakutsk",
    }


def test_calendar_puts_each_zone_once_before_the_events_and_builds_it_once(client):
    _vtimezone.cache_clear()
    start = datetime.datetime(2090, 6, 3, 5, 0, tzinfo=datetime.UTC)
    for n in range(3):
        EventFactory(
            region=region("RU-SA"), start=start, end=start + datetime.timedelta(hours=n + 1)
        )
    EventFactory(region=region("RU-CHE"))

    for _ in range(2):
        response = client.get(reverse("events:calendar-ics"))

    calendar = icalendar.Calendar.from_ical(response.content)
    kinds = [component.name for component in calendar.subcomponents]
    assert kinds == ["VTIMEZONE", "VTIMEZONE", "VEVENT", "VEVENT", "VEVENT", "VEVENT"]
    assert {tz["TZID"] for tz in calendar.walk("VTIMEZONE")} == {
        "Asia/Yakutsk",
        "Asia/Yekaterinburg",
    }
    # The zone's rules are built once per process, not per request.
    assert _vtimezone.cache_info().misses == 2
    yakutsk = next(e for e in calendar.walk("VEVENT") if e.decoded("DTSTART").year == 2090)
    assert yakutsk.decoded("DTSTART").hour == 14  # Yakutsk is UTC+9 in 2090 too


def test_draft_ics_is_hidden(client):
    draft = EventFactory(status=EventStatus.DRAFT)

    assert client.get(reverse("events:ics", args=[draft.slug])).status_code == 404


# The list: default, archive, filters, grouping.


def test_list_shows_upcoming_public_events_by_default_in_order(client):
    EventFactory(title="Позже", start=_days(20), end=_days(21))
    EventFactory(title="Скоро", start=_days(2), end=_days(3))
    EventFactory(title="Идёт сейчас", start=_days(-1), end=_days(1))
    EventFactory(title="Прошло", start=_days(-10), end=_days(-9))
    EventFactory(title="Черновик", status=EventStatus.DRAFT)
    EventFactory(title="Отменено", status=EventStatus.CANCELLED, start=_days(5), end=_days(6))

    response = client.get(LIST)

    assert _titles(response) == ["Идёт сейчас", "Скоро", "Отменено", "Позже"]
    assert "Отменено" in response.content.decode()


def test_list_keeps_an_event_that_started_weeks_ago_and_has_not_ended(client):
    EventFactory(title="Месячная школа", start=_days(-30), end=_days(1))
    EventFactory(title="Закончилась", start=_days(-30), end=_days(-1))

    assert _titles(client.get(LIST)) == ["Месячная школа"]
    assert _titles(client.get(LIST, {"past": "1"})) == ["Закончилась"]


def test_past_parameter_shows_the_archive_newest_first(client):
    EventFactory(title="Давно", start=_days(-100), end=_days(-99))
    EventFactory(title="Недавно", start=_days(-10), end=_days(-9))
    EventFactory(title="Будет", start=_days(10), end=_days(11))

    response = client.get(LIST, {"past": "1"})

    assert _titles(response) == ["Недавно", "Давно"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "internship"}, ["Стажировка в Якутии"]),
        ({"region": "RU-CHE"}, ["Вебинар в Челябинске"]),
        ({"district": "far-eastern"}, ["Стажировка в Якутии"]),
        ({"format": "online"}, ["Вебинар в Челябинске"]),
        ({"organizer": "erc"}, ["Стажировка в Якутии"]),
        ({"q": "стажировки"}, ["Стажировка в Якутии"]),
        ({"from": "FROM15"}, ["Вебинар в Челябинске"]),
        ({"to": "TO15"}, ["Стажировка в Якутии"]),
        ({"from": "FROM5", "to": "TO5"}, ["Стажировка в Якутии"]),
        ({"kind": "seminar"}, []),
    ],
)
def test_filters_give_exact_results(client, params, expected):
    erc = OrganizationFactory(slug="erc")
    EventFactory(
        title="Стажировка в Якутии",
        kind=EventKind.INTERNSHIP,
        organizer=erc,
        start=_days(5),
        end=_days(7),
    )
    EventFactory(
        title="Вебинар в Челябинске",
        kind=EventKind.WEBINAR,
        region=region("RU-CHE"),
        format=EventFormat.ONLINE,
        online_url="https://example.org/w",
        start=_days(20),
        end=_days(20, 12),
    )
    iso = {
        "FROM15": (timezone.localdate() + datetime.timedelta(days=15)).isoformat(),
        "TO15": (timezone.localdate() + datetime.timedelta(days=15)).isoformat(),
        "FROM5": (timezone.localdate() + datetime.timedelta(days=6)).isoformat(),
        "TO5": (timezone.localdate() + datetime.timedelta(days=6)).isoformat(),
    }
    params = {k: iso.get(v, v) for k, v in params.items()}

    response = client.get(LIST, params)

    assert response.status_code == 200
    assert _titles(response) == expected


def test_an_organisations_slug_means_that_organisation_only(client):
    """The organisation page's calendar links filter by its slug: an organisation whose name
    holds the same word is not in them."""
    fund = OrganizationFactory(slug="razvitie", name="Фонд «Развитие»")
    namesake = OrganizationFactory(slug="drugoi", name="Razvitie Group: развитие территорий")
    EventFactory(title="Семинар фонда", organizer=fund, start=_days(3), end=_days(3, 12))
    EventFactory(title="Семинар тёзки", organizer=namesake, start=_days(4), end=_days(4, 12))

    by_slug = client.get(LIST, {"organizer": "razvitie"})
    by_name = client.get(LIST, {"organizer": "Развитие"})

    assert _titles(by_slug) == ["Семинар фонда"]
    assert _titles(by_name) == ["Семинар фонда", "Семинар тёзки"]


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2030-13-45"},
        {"to": "yesterday"},
        {"from": "0001-01-01"},
        {"to": "9999-12-31"},
        {"kind": "party"},
        {"region": "RU-XX"},
        {"format": "<script>"},
        {"organizer": "nobody"},
        {"page": "abc"},
        {"page": "999999"},
        {"page": "-1"},
        {"q": "х" * 5000},
        {"past": "maybe"},
    ],
)
def test_bad_filter_values_never_give_a_500(client, params):
    EventFactory()

    for url in (LIST, reverse("events:calendar-ics"), reverse("events:export-csv")):
        response = client.get(url, params)
        assert response.status_code == 200, url


def test_bad_date_shows_a_message_and_no_events(client):
    EventFactory()

    response = client.get(LIST, {"from": "2030-13-45"})

    assert _titles(response) == []
    assert set(response.context["filter"].errors) == {"from"}
    assert 'role="alert"' in response.content.decode()


def test_list_groups_events_by_month(client):
    EventFactory(
        title="Июньский",
        start=datetime.datetime(2030, 6, 3, 5, tzinfo=datetime.UTC),
        end=datetime.datetime(2030, 6, 3, 9, tzinfo=datetime.UTC),
    )
    EventFactory(
        title="Июльский",
        start=datetime.datetime(2030, 7, 3, 5, tzinfo=datetime.UTC),
        end=datetime.datetime(2030, 7, 3, 9, tzinfo=datetime.UTC),
    )

    page = client.get(LIST).content.decode()

    assert (
        page.index("Июнь 2030")
        < page.index("Июньский")
        < page.index("Июль 2030")
        < page.index("Июльский")
    )


def test_pagination_beyond_the_end_shows_the_last_page(client):
    for n in range(25):
        EventFactory(title=f"Событие {n:02d}", start=_days(n + 1), end=_days(n + 2))

    response = client.get(LIST, {"page": "99"})

    assert response.status_code == 200
    assert _titles(response) == [
        "Событие 20",
        "Событие 21",
        "Событие 22",
        "Событие 23",
        "Событие 24",
    ]


# Query counts: the same for 1 and 20 rows.


def _count_queries(client, url, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    EventFactory()
    client.get(LIST)  # the filter's lists are read once a minute per process (RememberedChoices)
    one = _count_queries(client, LIST, django_assert_max_num_queries)
    for _ in range(19):
        EventFactory(organizer=OrganizationFactory(), region=region("RU-CHE"))

    twenty = _count_queries(client, LIST, django_assert_max_num_queries)

    assert one == twenty


def _rich_event(rows, organization):
    event = InternshipFactory(organizer=organization, capacity=100)
    for _ in range(rows):
        item = ProgrammeItemFactory(event=event)
        item.speakers.set([PersonFactory(), PersonFactory(public_consent=False)])
        EventPartner.objects.create(
            event=event, organization=OrganizationFactory(), role=PartnerRole.SUPPORTER
        )
        SiteVisitFactory(event=event)
        ApplicationFactory(event=event)
    return event


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_detail_query_count_does_not_grow_with_rows(client, organization, who):
    if who == "member":
        client.force_login(member_of(organization))
    small, large = _rich_event(1, organization), _rich_event(20, organization)

    one = _count_queries(client, small.get_absolute_url(), None)
    twenty = _count_queries(client, large.get_absolute_url(), None)

    assert one == twenty


def test_detail_shows_only_speakers_who_consented(client, event):
    item = ProgrammeItemFactory(event=event)
    item.speakers.set(
        [
            PersonFactory(full_name="Ольга Публичная"),
            PersonFactory(full_name="Иван Скрытный", public_consent=False),
        ]
    )

    page = client.get(event.get_absolute_url()).content.decode()

    assert "Ольга Публичная" in page
    assert "Иван Скрытный" not in page


def test_internship_page_shows_visits_practices_and_zone(client, internship):
    practice = PracticeFactory(title="Соседские центры")
    draft = PracticeFactory(title="Черновая практика", status="draft")
    internship.practices.set([practice, draft])
    SiteVisitFactory(
        event=internship, organization=OrganizationFactory(name="Администрация наслега")
    )

    page = client.get(internship.get_absolute_url()).content.decode()

    assert "Администрация наслега" in page
    assert "Соседские центры" in page
    assert "Черновая практика" not in page
    assert "Якутск (UTC+9)" in page
    assert "Челябинская область" in page  # the visiting delegation


def test_cancelled_event_stays_visible_and_marked(client):
    event = EventFactory(status=EventStatus.CANCELLED, cancellation_reason="Паводок")

    page = client.get(event.get_absolute_url()).content.decode()

    assert "Мероприятие отменено" in page
    assert "Паводок" in page


def test_export_csv_has_the_filtered_rows(client):
    EventFactory(
        title="=HYPERLINK()",
        kind=EventKind.WEBINAR,
        format=EventFormat.ONLINE,
        online_url="https://e.org",
    )
    EventFactory(title="Семинар", kind=EventKind.SEMINAR)

    response = client.get(reverse("events:export-csv"), {"kind": "webinar"})

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2
    assert rows[1][0] == "'=HYPERLINK()"


def test_feed_lists_public_events(client, event):
    EventFactory(title="Секретный черновик", status=EventStatus.DRAFT)

    response = client.get(reverse("events:feed"))

    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert event.title in body
    assert "Секретный черновик" not in body


def test_sitemap_lists_public_events_only(read_sitemap, event):
    draft = EventFactory(status=EventStatus.DRAFT)

    body = read_sitemap()

    assert event.get_absolute_url() in body
    assert draft.get_absolute_url() not in body


def test_a_filter_value_not_understood_is_shown_at_its_field(client):
    page = client.get(LIST, {"kind": "party", "from": "soon"}).content.decode()

    assert "Некоторые фильтры мы не поняли" in page
    for name in ("kind", "from"):
        assert f'aria-describedby="id_{name}_error"' in page
        assert f'<div id="id_{name}_error" class="invalid-feedback">' in page
    assert 'aria-invalid="true"' in page and "is-invalid" in page
    assert '<label for="id_region" class="form-label">Регион</label>' in page


# Queries of the event form -----------------------------------------------------------------


def _edit_queries(client, event):
    url = reverse("events:edit", args=[event.slug])
    client.get(url)  # the regions' list is read once a minute per process (RememberedChoices)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return queries


def _event_with_rows(organization, rows):
    event = InternshipFactory(organizer=organization)
    event.practices.add(PracticeFactory())
    for _ in range(rows):
        item = ProgrammeItemFactory(event=event)
        item.speakers.add(PersonFactory(public_consent=False, organization=OrganizationFactory()))
        EventPartnerFactory(event=event)
        SiteVisitFactory(event=event)
    return event


def test_the_event_forms_queries_do_not_grow_with_its_rows(client, member, organization):
    """Each row of the programme, partners and visits offers the same lists: read once, and
    the items' speakers in one query for all. Twelve with every part filled: the user, the
    event and its practices, three lists (organisations: the organiser's and any one's read
    together; grant projects; practices), the four parts, the speakers and their choices."""
    client.force_login(member)

    one = _edit_queries(client, _event_with_rows(organization, 1))
    eight = _edit_queries(client, _event_with_rows(organization, 8))

    assert len(one) == len(eight) <= 12, "\n".join(q["sql"][:100] for q in eight)


def test_a_new_events_form_runs_at_most_twelve_queries(client, member, organization):
    client.force_login(member)
    client.get(reverse("events:new"))

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("events:new"))

    assert response.status_code == 200
    assert len(queries) <= 12


def test_every_item_offers_the_speakers_of_the_whole_event(client, member, organization):
    """A speaker without consent, from another organisation, stays choosable on every item
    of the event where they speak (and nowhere else)."""
    event = EventFactory(organizer=organization)
    hidden = PersonFactory(
        full_name="Скрытый Докладчик", public_consent=False, organization=OrganizationFactory()
    )
    ProgrammeItemFactory(event=event).speakers.add(hidden)
    ProgrammeItemFactory(event=event)
    client.force_login(member)

    page = client.get(reverse("events:edit", args=[event.slug])).content.decode()
    elsewhere = client.get(reverse("events:new")).content.decode()

    assert page.count("Скрытый Докладчик") == 2 + 3  # two items and three empty rows
    assert "Скрытый Докладчик" not in elsewhere
