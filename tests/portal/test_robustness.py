"""Hostile input never gives a 500: every public page, export, feed and form, every action.

Each test walks many addresses or payloads; the first 5xx (or an exception escaping the
view, which the test client re-raises) fails it with the request that caused it.
"""

from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import ApplicationStatus
from practices.models import PracticeStatus, ReplicationStatus
from tests.factories import (
    ApplicationFactory,
    OrganizationFactory,
    PracticeFactory,
)

pytestmark = pytest.mark.django_db

HUGE = "я" * 100_000
SQLISH = "' OR 1=1; DROP TABLE practices_practice; --"
GARBAGE = [
    "zz-unknown",
    "<script>alert(1)</script>",
    SQLISH,
    "%",
    "\x00",
    "RU-SA\x00",
    "\x01\x02\x1b\x7f",
    "  ",
    "😀" * 50,
]
PAGES = ["abc", "-1", "0", str(10**30), "9" * 5000, "1.5", ""]
DATES = [
    "2026-13-45",
    "0001-01-01",
    "9999-12-31",
    "99999-01-01",
    "",
    "<script>",
    "2026-02-30",
    "1999-12-31",
    "2101-01-01",
    "2100-12-31",
    "2000-01-01",
    "\x00",
]
# Raw query strings a browser or a robot may send: broken UTF-8, repeats, bare keys.
RAW_QUERIES = [
    "q=%ff%fe&region=%ff",
    "%ff%fe=%ff%fe",
    "q=%00&page=%00",
    "page=1&page=2&page=abc",
    "region=RU-SA&region=RU-CHE&kind=ngo&kind=tos",
    "q&region&page&from&to&past",
    "from=2026-01-01&to=2025-01-01",
    "past=1&from=0001-01-01",
    "past=maybe&replicated=maybe",
    "q=" + quote(HUGE[:20_000]),
    "%%%%",
    "q=%E0%A4%A",
    "page=1e9",
]

LIST_PARAMS = {
    "practices": [
        "q",
        "region",
        "district",
        "topic",
        "target_group",
        "kind",
        "replicated",
        "sort",
        "page",
    ],
    "events": [
        "q",
        "region",
        "district",
        "kind",
        "format",
        "organizer",
        "from",
        "to",
        "past",
        "page",
    ],
    "organizations": ["q", "region", "district", "kind", "page"],
    "other": ["q", "page", "region"],
}


def _get(client, url):
    response = client.get(url)
    assert response.status_code < 500, url
    return response


def _lists():
    """(address, parameter family) of every public list and its machine-readable twins."""
    return [
        ("/", "other"),
        ("/practices/", "practices"),
        ("/practices/export.csv", "practices"),
        ("/practices/topics/", "other"),
        ("/practices/topics/shared-topic/", "practices"),
        ("/practices/feed/", "other"),
        ("/events/", "events"),
        ("/events/export.csv", "events"),
        ("/events/calendar.ics", "events"),
        ("/events/feed/", "other"),
        ("/organizations/", "organizations"),
        ("/organizations/export.csv", "organizations"),
        ("/regions/", "other"),
        ("/regions/RU-SA/", "other"),
        ("/search/", "other"),
        ("/sitemap.xml", "other"),
        ("/robots.txt", "other"),
        ("/healthz", "other"),
    ]


LIST_IDS = [path for path, _ in _lists()]


@pytest.mark.parametrize(("path", "family"), _lists(), ids=LIST_IDS)
def test_lists_survive_hostile_query_strings(client, world, path, family):
    params = LIST_PARAMS[family]
    urls = []
    for name in params:
        values = PAGES if name == "page" else DATES if name in ("from", "to") else GARBAGE
        for value in [*values, HUGE]:
            urls.append(f"{path}?{quote(name)}={quote(value)}")
    urls += [f"{path}?{raw}" for raw in RAW_QUERIES]
    # Every parameter at once, and a valid filter with a hostile page.
    urls.append(path + "?" + "&".join(f"{name}={quote(GARBAGE[1])}" for name in params))
    urls.append(f"{path}?q=практика&region=RU-SA&page={10**30}")
    for url in urls:
        response = _get(client, url)
        if not path.startswith(("/healthz", "/robots", "/sitemap")):
            assert response.status_code in (200, 404), url


@pytest.mark.parametrize(
    "path",
    [
        "/practices/",
        "/events/",
        "/organizations/",
        "/search/",
        "/regions/ru-sa/",
        "/practices/topics/shared-topic/",
        "/events/calendar.ics",
        "/practices/export.csv",
    ],
)
def test_english_pages_survive_hostile_query_strings(client, world, path):
    for raw in RAW_QUERIES + ["region=%3Cscript%3E&from=9999-12-31&to=0001-01-01"]:
        response = _get(client, f"/en{path}?{raw}")
        assert response.status_code in (200, 404)


def test_event_dates_at_the_edges_of_the_calendar(client, world):
    """The bounds of the date filters (2000 and 2100) give lists, not errors."""
    for path in ("/events/", "/events/export.csv", "/events/calendar.ics", "/en/events/"):
        for query in (
            "from=2000-01-01&to=2000-01-01",
            "from=2100-12-31&to=2100-12-31",
            "from=2100-12-31&past=1",
            "to=2000-01-01&past=1",
        ):
            assert _get(client, f"{path}?{query}").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/practices/open/",
        "/events/open-event/",
        "/events/open-event/ics",
        "/events/internship/",
        "/organizations/owner/",
        "/regions/RU-SA/",
    ],
)
def test_detail_pages_ignore_hostile_query_strings(client, world, path):
    for raw in RAW_QUERIES:
        assert _get(client, f"{path}?{raw}").status_code == 200
        assert _get(client, f"/en{path}?{raw}").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/practices/%ff%fe/",
        "/practices/%00/",
        "/practices/a%00b/",
        "/practices/" + "x" * 5000 + "/",
        "/practices/topics/%00/",
        "/practices/topics/nope/",
        "/events/%ff/",
        "/events/nope/ics",
        "/events/%00/ics",
        "/organizations/%00/",
        "/organizations/nope/",
        "/regions/%00/",
        "/regions/RU-SA%00/",
        "/regions/%ff%fe/",
        "/regions/<script>/",
        "/regions/" + "Z" * 5000 + "/",
        "/regions/RU-XX/",
        "/en/regions/%00/",
        "/en/practices/%00/",
    ],
)
def test_unknown_and_malformed_addresses_are_404(client, world, path):
    assert _get(client, path).status_code == 404


# Actions and forms ------------------------------------------------------------------------


def _post(client, url, data=None):
    response = client.post(url, data or {})
    assert response.status_code < 500, (url, data)
    return response


def _hostile_payloads(extra=()):
    return [
        {},
        {"comment": HUGE, "notes": HUGE, "reason": HUGE, "motivation": HUGE, "results": HUGE},
        {"adopter": "abc", "organization": "abc", "implemented_on": "2026-13-45"},
        {"adopter": "99999999999999999999", "organization": "-1"},
        {"implemented_on": "0001-01-01", "results": "Сделали"},
        {"implemented_on": "9999-12-31", "results": "Сделали"},
        {"comment": "\x00", "notes": "\x00", "motivation": "\x00", "results": "\x00"},
        {"next": "https://evil.example/", "comment": "<script>alert(1)</script>"},
        {"next": "//evil.example/"},
        {"next": "/\\evil.example/"},
        {"next": "\\\\evil.example"},
        {"next": "javascript:alert(1)"},
        {"next": "https:///evil.example"},
        {"next": "dashboard"},
        *extra,
    ]


def _actions(w):
    p, r, e, i = w["practice"], w["replication"], w["event"], w["internship"]
    application = ApplicationFactory(event=i, user=w["outsider"], organization=w["other"])
    draft = PracticeFactory(organization=w["org"], status=PracticeStatus.DRAFT)
    return [
        *(reverse("practices:action", args=[s, a]) for s in (p.slug, draft.slug) for a in (
            "submit", "publish", "archive", "unknown"
        )),
        reverse("practices:return", args=[p.slug]),
        reverse("practices:request", args=[p.slug]),
        reverse("practices:request", args=[draft.slug]),
        *(reverse("practices:replication-action", args=[r.pk, a]) for a in (
            "accept", "decline", "implemented", "drop", "unknown"
        )),
        reverse("events:publish", args=[e.slug]),
        reverse("events:publish", args=[w["draft_event"].slug]),
        reverse("events:cancel", args=[e.slug]),
        reverse("events:apply", args=[i.slug]),
        reverse("events:apply", args=[w["draft_event"].slug]),
        reverse("events:apply", args=[w["past_event"].slug]),
        reverse("events:application-withdraw", args=[application.pk]),
        reverse("events:application-accept", args=[application.pk]),
        reverse("events:application-decline", args=[application.pk]),
        reverse("organizations:member-remove", args=[w["org"].slug, 99999]),
    ]  # fmt: skip


@pytest.mark.parametrize("who", ["anonymous", "user", "outsider", "member", "moderator"])
def test_actions_survive_hostile_posts_and_gets(client, world, who, moderator, user):
    actor = {
        "anonymous": None,
        "user": user,
        "outsider": world["outsider"],
        "member": world["member"],
        "moderator": moderator,
    }[who]
    if actor:
        client.force_login(actor)
    for url in _actions(world):
        # GET on a POST-only action: 405 (or a redirect to sign in), never 500.
        assert _get(client, url).status_code in (302, 404, 405), url
        for data in _hostile_payloads():
            response = _post(client, url, data)
            if response.status_code == 302:
                target = response["Location"]
                assert target.startswith("/") and not target.startswith(("//", "/\\")), (
                    url,
                    data,
                    target,
                )


@pytest.mark.parametrize(
    "path",
    [
        "/practices/replications/99999999999999999999999/accept/",
        "/events/applications/99999999999999999999999/withdraw/",
        "/organizations/owner/members/99999999999999999999999/remove/",
        "/practices/%00/publish/",
        "/events/%00/apply/",
    ],
)
def test_actions_on_unknown_objects_are_404(client, world, moderator, path):
    client.force_login(moderator)
    assert _post(client, path).status_code == 404


def test_replication_implemented_with_extreme_dates(client, world):
    replication = world["replication"]
    replication.status = ReplicationStatus.IN_PROGRESS
    replication.started_on = timezone.localdate()
    replication.save()
    client.force_login(world["outsider"])
    url = reverse("practices:replication-action", args=[replication.pk, "implemented"])
    for day in ("0001-01-01", "9999-12-31", "2026-02-30", "<b>", "\x00"):
        _post(client, url, {"results": "Готово", "implemented_on": day})
    replication.refresh_from_db()
    assert replication.status == ReplicationStatus.IN_PROGRESS
    _post(client, url, {"results": "Готово", "implemented_on": ""})  # empty means today
    replication.refresh_from_db()
    assert replication.implemented_on == timezone.localdate()


def _practice_form(**overrides):
    data = {
        "title": "Практика",
        "slug": "new-practice",
        "summary": "Кратко.",
        "format": "in_person",
        **{f"{p}-TOTAL_FORMS": "0" for p in ("steps", "figures", "attachments")},
        **{f"{p}-INITIAL_FORMS": "0" for p in ("steps", "figures", "attachments")},
    }
    data.update(overrides)
    return data


def _practice_payloads(w):
    org = w["org"].pk
    return [
        {},
        _practice_form(),
        _practice_form(organization=org, title=HUGE, summary=HUGE, slug="x" * 500),
        _practice_form(organization=w["other"].pk),
        _practice_form(organization="abc", region="abc", topics=["abc", "-1"]),
        _practice_form(organization=org, year_started="99999", reach=str(10**30)),
        _practice_form(organization=org, year_started="-5", reach="-1", budget_range="gold"),
        _practice_form(organization=org, slug="new"),
        _practice_form(organization=org, slug="open"),
        _practice_form(organization=org, contact_person="99999", grant_project="abc"),
        _practice_form(organization=org, title="\x00", summary="\x00"),
        _practice_form(
            organization=org,
            **{"steps-TOTAL_FORMS": "abc", "figures-TOTAL_FORMS": "100000"},
        ),
        _practice_form(
            organization=org,
            **{"steps-TOTAL_FORMS": "1", "steps-0-order": "-1", "steps-0-title": HUGE},
        ),
        _practice_form(
            organization=org,
            **{"steps-TOTAL_FORMS": "1", "steps-0-id": "99999", "steps-0-title": "Шаг"},
        ),
    ]


@pytest.mark.parametrize("who", ["outsider", "member", "moderator"])
def test_practice_forms_survive_hostile_posts(client, world, who, moderator):
    actor = {"outsider": world["outsider"], "member": world["member"], "moderator": moderator}[who]
    client.force_login(actor)
    draft = PracticeFactory(organization=world["org"], status=PracticeStatus.DRAFT)
    for url in (
        reverse("practices:new"),
        reverse("practices:edit", args=[draft.slug]),
        reverse("practices:edit", args=[world["practice"].slug]),
    ):
        _get(client, url)
        for data in _practice_payloads(world):
            _post(client, url, data)


def _event_form(w, **overrides):
    data = {
        "kind": "seminar",
        "title": "Семинар",
        "summary": "Кратко.",
        "organizer": w["org"].pk,
        "region": w["org"].region_id,
        "start": "2030-06-01T10:00",
        "end": "2030-06-01T18:00",
        "format": "in-person",
        "accepts_applications": "on",
        **{f"{p}-TOTAL_FORMS": "0" for p in ("programme", "partners", "visits", "materials")},
        **{f"{p}-INITIAL_FORMS": "0" for p in ("programme", "partners", "visits", "materials")},
    }
    data.update(overrides)
    return data


def _event_payloads(w):
    return [
        {},
        _event_form(w),
        _event_form(w, organizer=w["other"].pk),
        _event_form(w, organizer="abc", region="abc", kind="party", format="teleport"),
        _event_form(w, title=HUGE, summary=HUGE, slug="y" * 500),
        _event_form(w, start="0001-01-01T00:00", end="0001-01-01T01:00"),
        _event_form(w, start="9999-12-31T22:00", end="9999-12-31T23:59"),
        _event_form(w, start="2030-06-01T10:00", end="9999-12-31T23:59"),
        _event_form(w, start="2026-13-45T25:61", end="<script>"),
        _event_form(w, timezone="Mars/Olympus", capacity="-5"),
        _event_form(w, capacity=str(10**30)),
        _event_form(
            w, registration_opens="0001-01-01T00:00", registration_closes="9999-12-31T23:59"
        ),
        _event_form(w, slug="open-event"),
        _event_form(w, format="online", online_url="javascript:alert(1)"),
        _event_form(w, practices=["99999", "abc"], host_organization="abc"),
        _event_form(
            w,
            **{
                "programme-TOTAL_FORMS": "1",
                "programme-0-start": "0001-01-01T00:00",
                "programme-0-end": "9999-12-31T23:59",
                "programme-0-title": "Доклад",
                "programme-0-kind": "talk",
                "programme-0-speakers": ["abc"],
            },
        ),
        _event_form(
            w,
            **{
                "visits-TOTAL_FORMS": "1",
                "visits-0-day": "0001-01-01",
                "visits-0-organization": w["org"].pk,
            },
        ),
        _event_form(w, **{"programme-TOTAL_FORMS": "abc", "partners-TOTAL_FORMS": "1000000"}),
    ]


@pytest.mark.parametrize("who", ["outsider", "member", "moderator"])
def test_event_forms_survive_hostile_posts(client, world, who, moderator):
    actor = {"outsider": world["outsider"], "member": world["member"], "moderator": moderator}[who]
    client.force_login(actor)
    for url in (
        reverse("events:new"),
        reverse("events:edit", args=[world["event"].slug]),
        reverse("events:edit", args=[world["draft_event"].slug]),
    ):
        _get(client, url)
        for data in _event_payloads(world):
            _post(client, url, data)
    for page in ("/events/", "/events/calendar.ics", "/events/export.csv", "/events/feed/", "/"):
        assert _get(client, page).status_code == 200


def _organization_form(w, **overrides):
    data = {
        "name": "Новая НКО",
        "kind": "ngo",
        "region": w["org"].region_id,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("who", ["user", "outsider", "member", "moderator"])
def test_organization_forms_survive_hostile_posts(client, world, who, moderator, user):
    actor = {
        "user": user,
        "outsider": world["outsider"],
        "member": world["member"],
        "moderator": moderator,
    }[who]
    client.force_login(actor)
    child = OrganizationFactory(parent=world["org"])
    payloads = [
        {},
        _organization_form(world),
        _organization_form(world, name=HUGE, short_name=HUGE, description=HUGE),
        _organization_form(world, kind="cult", region="abc", parent="abc"),
        _organization_form(world, parent=child.pk),
        _organization_form(world, parent=world["org"].pk),
        _organization_form(world, website="javascript:alert(1)", email="not-an-email"),
        _organization_form(world, name="\x00"),
        _organization_form(world, name="ЁЁЁ", short_name="!!!"),
    ]
    for url in (
        reverse("organizations:new"),
        reverse("organizations:edit", args=[world["org"].slug]),
    ):
        _get(client, url)
        for data in payloads:
            _post(client, url, data)
    members = reverse("organizations:members", args=[world["org"].slug])
    _get(client, members)
    for data in (
        {},
        {"user": HUGE, "role": "manager"},
        {"user": "\x00", "role": "god"},
        {"user": world["outsider"].username, "role": "editor"},
        {"user": world["member"].username, "role": "editor"},
        {"user": "%", "role": "editor"},
        {"user": "@", "role": "editor"},
    ):
        _post(client, members, data)
    for page in ("/organizations/", "/organizations/export.csv", "/regions/RU-SA/"):
        assert _get(client, page).status_code == 200


def test_event_application_with_hostile_fields(client, world, user):
    client.force_login(user)
    url = reverse("events:apply", args=[world["internship"].slug])
    for data in (
        {"organization_name": HUGE, "motivation": "Хотим"},
        {"organization_name": "НКО", "motivation": HUGE},
        {"organization": world["other"].pk, "motivation": "Хотим"},
        {"organization_name": "\x00", "motivation": "\x00"},
        {"organization_name": "НКО", "motivation": "Хотим"},
        {"organization_name": "НКО", "motivation": "Ещё раз"},
    ):
        _post(client, url, data)
    assert world["internship"].applications.filter(status=ApplicationStatus.SUBMITTED).count() == 1


def test_account_forms_survive_hostile_posts(client, world):
    for url, payloads in (
        (
            reverse("login"),
            [
                {},
                {"username": "\x00", "password": "\x00"},
                {"username": HUGE, "password": HUGE},
                {"username": SQLISH, "password": "x", "next": "https://evil.example/"},
            ],
        ),
        (
            reverse("signup"),
            [
                {},
                {"username": "\x00", "email": "\x00", "password1": "x", "password2": "y"},
                {"username": HUGE, "email": HUGE, "password1": HUGE, "password2": HUGE},
                {"username": "a" * 150, "email": "a@b.c", "password1": "Zx9!" * 4,
                 "password2": "Zx9!" * 4},
            ],
        ),
        (reverse("password_reset"), [{}, {"email": "\x00"}, {"email": HUGE}]),
        ("/i18n/setlang/", [{}, {"language": "xx", "next": "https://evil.example/"}]),
    ):  # fmt: skip
        _get(client, url + "?next=https://evil.example/&q=%ff%00")
        for data in payloads:
            response = _post(client, url, data)
            if response.status_code == 302:
                assert not response["Location"].startswith(("http", "//")), (url, data)


@pytest.mark.parametrize("moment", ["0001-01-01T00:30", "9999-12-31T23:30", "1999-12-31T10:00"])
def test_event_times_out_of_range_are_a_form_error(client, world, moment):
    """Year 1 in Yakutsk or 9999 in Kaliningrad cannot be stored or shown: say so."""
    client.force_login(world["member"])
    data = _event_form(world, start=moment, timezone="Asia/Yakutsk")
    data.update(
        {
            "visits-TOTAL_FORMS": "1",
            "visits-0-day": moment[:10],
            "visits-0-organization": world["org"].pk,
        }
    )
    response = _post(client, reverse("events:new"), data)

    assert response.status_code == 200
    assert "start" in response.context["form"].errors
    # At the start field and the visit's day, each also linked from the summary above the form.
    assert response.content.decode().count("Выберите дату между 2000 и 2100 годами.") == 4


def test_application_actions_follow_only_a_local_next(client, world):
    application = ApplicationFactory(event=world["internship"], user=world["outsider"])
    client.force_login(world["member"])
    url = reverse("events:application-accept", args=[application.pk])
    response = _post(client, url, {"next": "/dashboard/"})
    assert response["Location"] == "/dashboard/"
    for target in ("https://evil.example/", "//evil.example", "/\\evil.example", "http:evil"):
        response = _post(client, url, {"next": target})
        assert response["Location"] == world["internship"].get_absolute_url()


def test_deeply_nested_markdown_is_shown_as_text_not_a_500(client, world):
    """Python-Markdown recurses once per level: 2,000 nested list items gave a RecursionError
    on the organisation's public page, which any signed-up user can create."""
    nested = "\n".join(" " * level + "- <script>x</script>" for level in range(2000))
    org = world["org"]
    org.description = nested
    org.save()

    response = _get(client, org.get_absolute_url())

    assert response.status_code == 200
    assert "<script>x" not in response.content.decode()
