"""Browsing: visibility, the list's filters and sorting, topic pages, feed, CSV, query counts."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.lists import CappedPaginator
from organizations.models import OrganizationKind
from practices.models import PracticeStatus, ReplicationStatus, Topic
from practices.views import PracticeExportView
from tests.factories import (
    DraftPracticeFactory,
    KeyFigureFactory,
    OrganizationFactory,
    PersonFactory,
    PracticeAttachmentFactory,
    PracticeFactory,
    PracticeStepFactory,
    ReplicationFactory,
    TargetGroupFactory,
    TopicFactory,
    UserFactory,
    region,
)

pytestmark = pytest.mark.django_db

LIST = reverse("practices:list")


def titles(response):
    return sorted(p.title for p in response.context["object_list"])


# Visibility ---------------------------------------------------------------------------------

HIDDEN_STATUSES = [
    PracticeStatus.DRAFT,
    PracticeStatus.ON_REVIEW,
    PracticeStatus.RETURNED,
    PracticeStatus.ARCHIVED,
]


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_unpublished_practice_is_404_for_anonymous_and_other_organisations(
    client, organization, outsider, status
):
    practice = DraftPracticeFactory(organization=organization, status=status)

    anonymous = client.get(practice.get_absolute_url())
    client.force_login(outsider)
    other = client.get(practice.get_absolute_url())

    assert (anonymous.status_code, other.status_code) == (404, 404)


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_unpublished_practice_is_visible_to_members_and_moderators(
    client, organization, member, moderator, status
):
    practice = DraftPracticeFactory(organization=organization, status=status)

    client.force_login(member)
    as_member = client.get(practice.get_absolute_url())
    client.force_login(moderator)
    as_moderator = client.get(practice.get_absolute_url())

    assert (as_member.status_code, as_moderator.status_code) == (200, 200)
    assert practice.title in as_member.content.decode()


def test_author_without_membership_sees_own_draft(client, organization):
    author = UserFactory()
    practice = DraftPracticeFactory(organization=organization, created_by=author)
    client.force_login(author)

    assert client.get(practice.get_absolute_url()).status_code == 200


def test_drafts_never_appear_in_lists_feed_csv_topics_or_search(client, organization):
    topic = TopicFactory()
    DraftPracticeFactory(organization=organization, title="Секретный черновик", topics=[topic])
    PracticeFactory(organization=organization, title="Открытая практика", topics=[topic])

    pages = [
        client.get(LIST),
        client.get(reverse("practices:feed")),
        client.get(reverse("practices:export-csv")),
        client.get(topic.get_absolute_url()),
        client.get(reverse("search"), {"q": "практика черновик"}),
    ]

    for page in pages:
        body = b"".join(page.streaming_content) if page.streaming else page.content
        assert "Секретный черновик" not in body.decode("utf-8-sig")
    assert titles(pages[0]) == ["Открытая практика"]


def test_unknown_practice_is_404(client):
    assert client.get("/practices/no-such-practice/").status_code == 404


# Filters ------------------------------------------------------------------------------------


@pytest.fixture
def catalogue(db):
    """Four published practices in two regions, with topics, target groups and replications."""
    families = TopicFactory(slug="families")
    centres = TopicFactory(slug="centres")
    elders = TargetGroupFactory(slug="elders")
    yakutia_rc = OrganizationFactory(kind=OrganizationKind.RESOURCE_CENTRE)
    chelyabinsk_tos = OrganizationFactory(
        kind=OrganizationKind.TOS_ASSOCIATION, region=region("RU-CHE")
    )
    practices = {
        "tech": PracticeFactory(
            title="Технология сопровождения семей",
            organization=yakutia_rc,
            topics=[families],
            target_groups=[elders],
        ),
        "centres": PracticeFactory(
            title="Соседские центры", organization=chelyabinsk_tos, topics=[centres]
        ),
        "appeals": PracticeFactory(title="Цифровые обращения", organization=chelyabinsk_tos),
        "research": PracticeFactory(
            title="Исследование потенциала", organization=yakutia_rc, topics=[families]
        ),
    }
    ReplicationFactory(practice=practices["centres"], status=ReplicationStatus.IMPLEMENTED)
    ReplicationFactory(practice=practices["centres"], status=ReplicationStatus.REQUESTED)
    ReplicationFactory(practice=practices["research"], status=ReplicationStatus.IN_PROGRESS)
    ReplicationFactory(practice=practices["appeals"], status=ReplicationStatus.DECLINED)
    DraftPracticeFactory(title="Технология черновика", organization=yakutia_rc)
    return practices


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Исследование потенциала", "Соседские центры", "Технология сопровождения семей", "Цифровые обращения"]),
        ({"q": "технологии"}, ["Технология сопровождения семей"]),
        ({"q": "семьи сопровождение"}, ["Технология сопровождения семей"]),
        ({"q": "центр"}, ["Соседские центры"]),
        ({"region": "RU-CHE"}, ["Соседские центры", "Цифровые обращения"]),
        ({"region": "ru-che"}, []),
        ({"district": "far-eastern"}, ["Исследование потенциала", "Технология сопровождения семей"]),
        ({"district": "ural"}, ["Соседские центры", "Цифровые обращения"]),
        ({"topic": "families"}, ["Исследование потенциала", "Технология сопровождения семей"]),
        ({"topic": "centres", "region": "RU-SA"}, []),
        ({"target_group": "elders"}, ["Технология сопровождения семей"]),
        ({"kind": "resource-centre"}, ["Исследование потенциала", "Технология сопровождения семей"]),
        ({"kind": "tos-association"}, ["Соседские центры", "Цифровые обращения"]),
        ({"replicated": "yes"}, ["Исследование потенциала", "Соседские центры"]),
        ({"replicated": "no"}, ["Технология сопровождения семей", "Цифровые обращения"]),
    ],
)  # fmt: skip
def test_list_filters_give_exact_results(client, catalogue, params, expected):
    response = client.get(LIST, params)

    assert response.status_code == 200
    assert titles(response) == expected


def test_sort_by_most_replicated_counts_only_replications_under_way_or_done(client, catalogue):
    ReplicationFactory(practice=catalogue["centres"], status=ReplicationStatus.IN_PROGRESS)

    response = client.get(LIST, {"sort": "replicated"})

    ordered = [p.title for p in response.context["object_list"]]
    assert ordered[:2] == ["Соседские центры", "Исследование потенциала"]
    # centres: implemented + in progress (its request does not count); research: in progress
    assert [p.replication_count for p in response.context["object_list"]] == [2, 1, 0, 0]


def test_sort_by_title(client, catalogue):
    response = client.get(LIST, {"sort": "title"})

    assert [p.title for p in response.context["object_list"]] == [
        "Исследование потенциала",
        "Соседские центры",
        "Технология сопровождения семей",
        "Цифровые обращения",
    ]


def test_sort_newest_first_by_default(client, organization):
    older = PracticeFactory(organization=organization)
    newer = PracticeFactory(organization=organization)
    older.published_at = newer.published_at.replace(year=2020)
    older.save()

    response = client.get(LIST)

    assert list(response.context["object_list"]) == [newer, older]


@pytest.mark.parametrize(
    "params",
    [
        {"region": "XX-YY"},
        {"region": "<script>"},
        {"topic": "no-such-topic"},
        {"target_group": "nobody"},
        {"district": "atlantis"},
        {"kind": "pirates"},
        {"replicated": "maybe"},
        {"sort": "random"},
        {"q": "технология " * 5000},
        {"q": "\x00\x01 '; DROP TABLE practices_practice; --"},
        {"page": "abc"},
        {"page": "99999"},
        {"page": "-1"},
        {"page": "1.5"},
    ],
)
def test_bad_list_input_never_gives_a_500(client, catalogue, params):
    list_page = client.get(LIST, params)
    export = client.get(reverse("practices:export-csv"), params)
    topic = client.get(reverse("practices:topic", args=["families"]), params)

    assert (list_page.status_code, export.status_code, topic.status_code) == (200, 200, 200)


def test_unknown_filter_value_shows_an_error_and_no_results(client, catalogue):
    response = client.get(LIST, {"region": "XX-YY"})

    assert list(response.context["object_list"]) == []
    assert response.context["filter"].form.errors


def test_bad_page_falls_back_to_a_real_page(client, catalogue):
    response = client.get(LIST, {"page": "99999"})

    assert response.context["page_obj"].number == 1


# Topic pages -----------------------------------------------------------------------------------


def test_topic_page_lists_its_published_practices(client, catalogue):
    response = client.get(reverse("practices:topic", args=["families"]))

    assert response.status_code == 200
    assert titles(response) == ["Исследование потенциала", "Технология сопровождения семей"]


@pytest.mark.parametrize("query", [{}, {"sort": "title"}, {"page": "1"}])
def test_a_topic_page_counts_its_practices_from_the_tallies(client, catalogue, query):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("practices:topic", args=["families"]), query)

    assert response.context["paginator"].count == 2
    assert not [q for q in captured if "COUNT(*)" in q["sql"].upper()]


def test_a_filtered_topic_page_counts_the_rows_it_lists(client, catalogue):
    response = client.get(reverse("practices:topic", args=["families"]), {"q": "семей"})

    assert response.context["paginator"].count == len(titles(response)) == 1


def test_unknown_topic_page_is_404(client):
    assert client.get(reverse("practices:topic", args=["nope"])).status_code == 404


def test_topic_index_counts_published_practices(client, catalogue):
    response = client.get(reverse("practices:topics"))

    counts = {t.slug: t.practice_count for t in response.context["topics"]}
    assert counts["families"] == 2
    assert counts["centres"] == 1


def test_initial_topics_exist_from_the_data_migration():
    assert {
        "attracting-resources",
        "social-support-of-families",
        "neighbourhood-centres",
        "digital-citizen-appeals",
        "ngo-business-partnership",
        "small-towns-and-rural-development",
        "ngo-potential-research",
        "resident-involvement",
        "tos-development",
    } <= set(Topic.objects.values_list("slug", flat=True))


# Feed and CSV ----------------------------------------------------------------------------------


def test_the_feed_runs_the_same_queries_for_one_practice_or_thirty(
    client, organization, django_assert_max_num_queries
):
    PracticeFactory(organization=organization)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("practices:feed"))
    PracticeFactory.create_batch(29, organization=organization)

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("practices:feed"))

    assert response.content.decode().count("<entry>") == 30


def test_atom_feed_lists_published_practices(client, catalogue):
    response = client.get(reverse("practices:feed"))

    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert body.count("<entry>") == 4
    assert "Технология сопровождения семей" in body
    assert "Технология черновика" not in body


def _csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_csv_export_honours_the_filters(client, catalogue):
    response = client.get(reverse("practices:export-csv"), {"region": "RU-CHE", "sort": "title"})

    rows = _csv_rows(response)
    assert response["Content-Type"].startswith("text/csv")
    assert [row[0] for row in rows[1:]] == ["Соседские центры", "Цифровые обращения"]
    assert rows[1][4] == "RU-CHE"
    assert rows[1][9] == "1"  # the implemented replication; the request does not count


def test_csv_export_lists_each_practices_topics_while_streaming_in_chunks(client, organization):
    # Rows are read in chunks with their topics prefetched per chunk (not the whole list in
    # memory: 700 MB at 100 000 practices).
    for n in range(3):
        PracticeFactory(
            organization=organization,
            topics=[TopicFactory(name_ru=f"Тема {n}"), TopicFactory(name_ru=f"Тема {n}б")],
        )

    rows = _csv_rows(client.get(reverse("practices:export-csv"), {"sort": "title"}))

    assert sorted(row[6] for row in rows[1:]) == [
        "Тема 0; Тема 0б",
        "Тема 1; Тема 1б",
        "Тема 2; Тема 2б",
    ]


def test_csv_export_neutralises_formulas(client, organization):
    PracticeFactory(organization=organization, title="=HYPERLINK(1)")

    rows = _csv_rows(client.get(reverse("practices:export-csv")))

    assert rows[1][0] == "'=HYPERLINK(1)"


# Markdown ------------------------------------------------------------------------------------


def test_markdown_is_rendered_and_sanitised(client, organization):
    practice = PracticeFactory(
        organization=organization,
        problem=(
            "**Важно**\n\n<script>alert('x')</script>\n\n"
            '<img src="x" onerror="alert(1)">\n\n'
            '<a href="#" onclick="alert(2)">клик</a>\n\n'
            "[ссылка](javascript:alert(3))"
        ),
        solution='<p onmouseover="alert(4)">Решение</p>',
    )

    body = client.get(practice.get_absolute_url()).content.decode()
    tags = " ".join(re.findall(r"<[^>]*>", body))

    assert "<strong>Важно</strong>" in body
    assert "<script>alert" not in body
    assert '<img src="x"' not in tags
    assert "onerror" not in tags
    assert "onclick" not in tags
    assert "onmouseover" not in tags
    assert "javascript:" not in tags
    assert "Решение" in body


def test_markup_in_plain_fields_is_escaped(client, organization):
    practice = PracticeFactory(organization=organization, summary="<b>жирный</b>")

    body = client.get(practice.get_absolute_url()).content.decode()

    assert "&lt;b&gt;жирный&lt;/b&gt;" in body


# The passport ---------------------------------------------------------------------------------


def test_passport_shows_steps_in_order_figures_and_attachments(client, organization):
    practice = PracticeFactory(organization=organization)
    PracticeStepFactory(practice=practice, order=2, title="Второй шаг")
    PracticeStepFactory(practice=practice, order=1, title="Первый шаг")
    KeyFigureFactory(practice=practice, value="120", label="семей", illustrative=True)
    PracticeAttachmentFactory(practice=practice, title="Методичка")

    response = client.get(practice.get_absolute_url())

    assert [s.title for s in response.context["steps"]] == ["Первый шаг", "Второй шаг"]
    body = response.content.decode()
    assert "120" in body and "Методичка" in body
    assert "passport-print.css" in body


def test_related_practices_share_a_topic(client, organization):
    topic, other = TopicFactory(), TopicFactory()
    practice = PracticeFactory(organization=organization, topics=[topic])
    related = PracticeFactory(topics=[topic, other])
    PracticeFactory(topics=[other])
    DraftPracticeFactory(topics=[topic])

    response = client.get(practice.get_absolute_url())

    assert response.context["related"] == [related]


def test_contact_person_without_consent_is_not_named(client, organization):
    person = PersonFactory(full_name="Тайный Контакт", public_consent=False)
    practice = PracticeFactory(organization=organization, contact_person=person)

    body = client.get(practice.get_absolute_url()).content.decode()

    assert "Тайный Контакт" not in body


# Query counts ----------------------------------------------------------------------------------


def _queries(django_assert_max_num_queries, client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("signed_in", ["anonymous", "member", "moderator"])
def test_list_queries_do_not_grow_with_rows(client, request, organization, signed_in):
    if signed_in != "anonymous":
        client.force_login(request.getfixturevalue(signed_in))
    topic = TopicFactory()

    def make(count):
        for _ in range(count):
            practice = PracticeFactory(topics=[topic, TopicFactory()])
            ReplicationFactory(practice=practice)

    make(1)
    _queries(None, client, LIST)  # the filters' options are read once a minute: warm them
    one = _queries(None, client, LIST)
    topic_one = _queries(None, client, topic.get_absolute_url())
    make(19)
    twenty = _queries(None, client, LIST)
    topic_twenty = _queries(None, client, topic.get_absolute_url())

    assert one == twenty
    assert topic_one == topic_twenty


@pytest.mark.parametrize("signed_in", ["anonymous", "member", "moderator"])
def test_detail_queries_do_not_grow_with_rows(client, request, organization, signed_in):
    if signed_in != "anonymous":
        client.force_login(request.getfixturevalue(signed_in))
    topic = TopicFactory()
    practice = PracticeFactory(organization=organization, topics=[topic])

    def make(count):
        for _ in range(count):
            PracticeStepFactory(practice=practice)
            KeyFigureFactory(practice=practice)
            PracticeAttachmentFactory(practice=practice)
            ReplicationFactory(practice=practice, status=ReplicationStatus.IN_PROGRESS)
            PracticeFactory(topics=[topic])
            practice.topics.add(TopicFactory())
            practice.target_groups.add(TargetGroupFactory())
            practice.title += "!"
            practice.save()

    make(1)
    one = _queries(None, client, practice.get_absolute_url())
    make(19)
    twenty = _queries(None, client, practice.get_absolute_url())

    assert one == twenty


def test_export_queries_do_not_grow_with_rows(client):
    PracticeFactory(topics=[TopicFactory()])
    one = _queries(None, client, reverse("practices:export-csv"))
    for _ in range(19):
        PracticeFactory(topics=[TopicFactory()])

    assert _queries(None, client, reverse("practices:export-csv")) == one


def test_sitemap_lists_published_practices_and_topics_only(read_sitemap, organization):
    topic = TopicFactory(slug="sitemap-topic")
    published = PracticeFactory(organization=organization, slug="in-sitemap")
    DraftPracticeFactory(organization=organization, slug="draft-not-in-sitemap")

    body = read_sitemap()

    assert published.get_absolute_url() in body
    assert topic.get_absolute_url() in body
    assert "draft-not-in-sitemap" not in body


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"region": "RU-CHE"},
        {"district": "ural"},
        {"kind": "tos"},
        {"topic": "dvory"},
        {"region": "RU-SA", "topic": "dvory", "kind": "ngo", "sort": "title"},
        {"target_group": "elderly"},  # not in the tallies: counted
        {"topic": "dvory", "replicated": "no"},
    ],
    ids=lambda params: "&".join(f"{k}={v}" for k, v in params.items()) or "none",
)
def test_the_lists_count_from_the_tallies_equals_the_practices_shown(client, params):
    dvory = TopicFactory(slug="dvory")
    elderly = TargetGroupFactory(slug="elderly")
    for code, kind in [("RU-CHE", "tos"), ("RU-SA", "ngo"), ("RU-SA", "tos"), ("RU-CHE", "ngo")]:
        org = OrganizationFactory(region=region(code), kind=kind)
        PracticeFactory(organization=org, region=org.region, topics=[dvory])
        PracticeFactory(organization=org, region=org.region, target_groups=[elderly])
        DraftPracticeFactory(organization=org, region=org.region, topics=[dvory])

    response = client.get(reverse("practices:list"), params)

    shown = response.context["paginator"].count
    assert shown == len(response.context["object_list"]) > 0


def test_a_topics_page_counts_from_the_tallies_its_practices_only(client):
    dvory, parks = TopicFactory(slug="dvory"), TopicFactory(slug="parki")
    PracticeFactory(topics=[dvory])
    PracticeFactory(topics=[dvory, parks])
    PracticeFactory(topics=[parks])

    alone = client.get(reverse("practices:topic", args=["dvory"]))
    with_another = client.get(reverse("practices:topic", args=["dvory"]), {"topic": "parki"})

    assert alone.context["paginator"].count == 2
    assert with_another.context["paginator"].count == 1


def test_a_passport_lists_its_topics_and_target_groups_by_name(client):
    """Both come from one query; a target group never shows among the topics."""
    practice = PracticeFactory(
        topics=[TopicFactory(name_ru="Экология"), TopicFactory(name_ru="Активное долголетие")]
    )
    practice.target_groups.add(
        TargetGroupFactory(name_ru="Пожилые люди"), TargetGroupFactory(name_ru="Волонтёры")
    )
    PracticeFactory(topics=[TopicFactory(name_ru="Чужая тема")])

    response = client.get(practice.get_absolute_url())

    topics = [topic.name_ru for topic in response.context["topics"]]
    groups = [group.name_ru for group in response.context["target_groups"]]
    assert topics == ["Активное долголетие", "Экология"]
    assert groups == ["Волонтёры", "Пожилые люди"]
    assert 'href="/practices/topics/' in response.content.decode()


def test_csv_export_writes_at_most_its_row_limit_the_first_in_the_lists_order(
    client, organization, monkeypatch
):
    monkeypatch.setattr(PracticeExportView, "max_rows", 2)
    for title in ("Б", "А", "В"):
        PracticeFactory(organization=organization, title=title)

    response = client.get(reverse("practices:export-csv"), {"sort": "title"})

    assert [row[0] for row in _csv_rows(response)[1:]] == ["А", "Б"]
    assert response["X-Rows-Limit"] == "2"


def test_csv_export_is_limited_to_the_rows_a_list_offers():
    assert PracticeExportView.max_rows == CappedPaginator.cap == 10_000
