"""Grant projects as pages (issue #11, part 4): the list and a project's page with its
events, participants (counted, never named), practices, replications and indicators; the
indicators' editor (implementing organisation's staff and moderators only); the funder's
report as .docx and .csv."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from events.models import ApplicationStatus, EventStatus
from organizations.models import IndicatorSource, ProjectIndicator
from practices.models import PracticeStatus, ReplicationStatus
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    GrantProjectFactory,
    InternshipFactory,
    OrganizationFactory,
    PracticeFactory,
    ReplicationFactory,
    UserFactory,
    member_of,
    region,
)

pytestmark = pytest.mark.django_db


def _past(days=10):
    start = timezone.now() - datetime.timedelta(days=days)
    return {"start": start, "end": start + datetime.timedelta(hours=3)}


@pytest.fixture
def project(db):
    implementer = OrganizationFactory(name="Центр гражданских инициатив", region=region("RU-CHE"))
    project = GrantProjectFactory(
        title="Стажировка в Якутии",
        slug="yakutia",
        implementer=implementer,
        start_date=timezone.localdate() - datetime.timedelta(days=100),
        end_date=timezone.localdate() + datetime.timedelta(days=100),
    )
    seminar = EventFactory(grant_project=project, kind="seminar", title="Семинар", **_past())
    for status in (ApplicationStatus.ACCEPTED, ApplicationStatus.ACCEPTED):
        ApplicationFactory(event=seminar, status=status, user=UserFactory(first_name="Секрет"))
    ApplicationFactory(event=seminar, status=ApplicationStatus.DECLINED)
    InternshipFactory(grant_project=project, title="Стажировка")
    EventFactory(grant_project=project, title="Черновик события", status=EventStatus.DRAFT)
    PracticeFactory(grant_project=project, title="Практика проекта")
    PracticeFactory(grant_project=project, title="Черновик практики", status=PracticeStatus.DRAFT)
    yakutia = PracticeFactory(organization=OrganizationFactory(region=region("RU-SA")))
    ReplicationFactory(practice=yakutia, adopter=implementer, status=ReplicationStatus.IMPLEMENTED)
    ReplicationFactory(
        practice=PracticeFactory(), adopter=implementer, status=ReplicationStatus.REQUESTED
    )
    ProjectIndicator.objects.create(
        project=project, order=1, title="Семинары", planned=4, achieved=1,
        source=IndicatorSource.SEMINARS_HELD, illustrative=True,
    )  # fmt: skip
    ProjectIndicator.objects.create(
        project=project, order=2, title="Обучено руководителей НКО", unit="человек",
        planned=15, achieved=2, source=IndicatorSource.PARTICIPANTS,
    )  # fmt: skip
    return project


def _detail(client, project):
    return client.get(reverse("projects:detail", kwargs={"slug": project.slug}))


def test_the_list_shows_every_project(client, project):
    other = GrantProjectFactory(title="Другой проект")

    response = client.get(reverse("projects:list"))

    assert {p.pk for p in response.context["projects"]} == {project.pk, other.pk}


def test_a_bad_page_number_shows_the_list(client, project):
    assert client.get(reverse("projects:list"), {"page": "x" * 500}).status_code == 200


def test_the_project_page_lists_public_events_and_published_practices(client, project):
    response = _detail(client, project)

    html = response.content.decode()
    assert "Семинар" in html and "Стажировка" in html and "Практика проекта" in html
    assert "Черновик события" not in html and "Черновик практики" not in html


def test_participants_are_counted_never_named(client, project):
    response = _detail(client, project)

    report = response.context["report"]
    assert report.counts[IndicatorSource.PARTICIPANTS] == 2
    assert "Секрет" not in response.content.decode()


def test_replications_started_are_those_in_progress_or_implemented(client, project):
    report = _detail(client, project).context["report"]

    assert [r.status for r in report.replications] == [ReplicationStatus.IMPLEMENTED]


def test_indicators_show_the_portals_count_beside_the_entered_values(client, project):
    indicators = _detail(client, project).context["report"].indicators

    assert [(i.planned, i.achieved, i.computed) for i in indicators] == [(4, 1, 1), (15, 2, 2)]


def test_an_unknown_project_is_404(client):
    assert client.get(reverse("projects:detail", kwargs={"slug": "nope"})).status_code == 404


def test_the_project_page_runs_the_same_queries_whatever_its_size(
    client, project, django_assert_max_num_queries
):
    for _ in range(10):
        event = EventFactory(grant_project=project, **_past())
        ApplicationFactory(event=event, status=ApplicationStatus.ACCEPTED)
        PracticeFactory(grant_project=project)

    with django_assert_max_num_queries(12):
        _detail(client, project)


# The report ---------------------------------------------------------------------------------


def test_the_docx_report_opens_and_holds_the_headings_and_figures(client, project):
    response = client.get(reverse("projects:report-docx", kwargs={"slug": project.slug}))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings == [
        "Отчёт о грантовом проекте",
        "Показатели",
        "Мероприятия",
        "Практики",
        "Тиражирование",
    ]
    indicators = document.tables[1]
    assert [c.text for c in indicators.rows[1].cells] == ["Семинары *", "4", "1", "1"]
    assert [c.text for c in indicators.rows[2].cells] == [
        "Обучено руководителей НКО (человек)",
        "15",
        "2",
        "2",
    ]
    events = {row.cells[0].text: row.cells[4].text for row in document.tables[2].rows[1:]}
    assert events["Семинар"] == "2"
    assert "Секрет" not in "".join(c.text for t in document.tables for r in t.rows for c in r.cells)


def test_the_csv_report_parses_with_every_section(client, project):
    response = client.get(reverse("projects:report-csv", kwargs={"slug": project.slug}))

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    sections = {row["section"] for row in rows}
    assert sections == {"project", "summary", "indicator", "event", "practice", "replication"}
    seminars = next(
        r for r in rows if r["section"] == "indicator" and r["title"].startswith("Семинары")
    )
    assert (seminars["planned"], seminars["achieved"], seminars["counted"]) == ("4", "1", "1")


def test_the_report_in_english_has_english_headings(client, project):
    url = "/en" + reverse("projects:report-docx", kwargs={"slug": project.slug})

    document = Document(io.BytesIO(client.get(url).content))

    assert document.paragraphs[0].text == "Report on the grant project"


# The indicators' editor ---------------------------------------------------------------------


def _indicators_url(project):
    return reverse("projects:indicators", kwargs={"slug": project.slug})


def _post(project, rows, existing=()):
    data = {
        "indicators-TOTAL_FORMS": str(len(existing) + len(rows)),
        "indicators-INITIAL_FORMS": str(len(existing)),
    }
    for i, (pk, values) in enumerate([*existing, *[(None, r) for r in rows]]):
        if pk:
            data[f"indicators-{i}-id"] = str(pk)
        for key, value in values.items():
            data[f"indicators-{i}-{key}"] = value
    return data


NEW_ROW = {"order": "3", "title": "Практик внедрено", "planned": "5", "achieved": "3", "source": ""}


def test_anonymous_is_sent_to_sign_in(client, project):
    response = client.get(_indicators_url(project))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_another_organisations_member_may_not_edit_indicators(client, project):
    client.force_login(member_of(OrganizationFactory()))

    response = client.post(_indicators_url(project), _post(project, [NEW_ROW]))

    assert response.status_code == 403
    assert project.indicators.count() == 2


def test_a_member_of_the_implementer_adds_an_indicator(client, project):
    client.force_login(member_of(project.implementer))
    existing = [(i.pk, {"order": i.order, "title": i.title}) for i in project.indicators.all()]

    response = client.post(_indicators_url(project), _post(project, [NEW_ROW], existing))

    assert response.status_code == 302
    assert project.indicators.get(title="Практик внедрено").planned == 5


def test_a_moderator_edits_and_deletes_indicators(client, project, moderator):
    client.force_login(moderator)
    first, second = project.indicators.all()
    rows = [
        (first.pk, {"order": "1", "title": "Семинары", "planned": "6", "achieved": "2"}),
        (second.pk, {"order": "2", "title": second.title, "DELETE": "on"}),
    ]

    client.post(_indicators_url(project), _post(project, [], rows))

    assert list(project.indicators.values_list("title", "planned")) == [("Семинары", 6)]


@pytest.mark.parametrize(
    "bad",
    [
        {"planned": "-1"},
        {"planned": "много"},
        {"title": ""},
        {"title": "x" * 1000},
        {"source": "everything"},
    ],
)
def test_bad_indicator_values_are_refused_with_nothing_saved(client, project, bad):
    client.force_login(member_of(project.implementer))

    response = client.post(_indicators_url(project), _post(project, [{**NEW_ROW, **bad}]))

    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert project.indicators.count() == 2


def test_a_forged_form_count_is_refused_not_a_500(client, project):
    client.force_login(member_of(project.implementer))
    data = _post(project, [NEW_ROW])
    data["indicators-TOTAL_FORMS"] = "100000"

    response = client.post(_indicators_url(project), data)

    assert response.status_code == 200
    assert project.indicators.count() == 2
