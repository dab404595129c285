"""Replication stories (issue #11, part 6): the adopting organisation records what came of
an implemented replication (text, figures, files); the passport's "where it works", the
adopter's region page, the map and the grant project's indicators show them."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from organizations.models import IndicatorSource, ProjectIndicator
from practices import services
from practices.exchange import Measure, map_figures
from practices.models import (
    PracticeStatus,
    Replication,
    ReplicationAttachment,
    ReplicationFigure,
    ReplicationStatus,
)
from tests.factories import (
    GrantProjectFactory,
    OrganizationFactory,
    PracticeFactory,
    ReplicationFactory,
    member_of,
    region,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def adopter(db):
    return OrganizationFactory(name="Центр гражданских инициатив", region=region("RU-CHE"))


@pytest.fixture
def adopter_member(adopter):
    return member_of(adopter)


@pytest.fixture
def practice(organization):
    return PracticeFactory(organization=organization, title="Семейный клуб")


@pytest.fixture
def implemented(practice, adopter):
    return ReplicationFactory(
        practice=practice,
        adopter=adopter,
        status=ReplicationStatus.IMPLEMENTED,
        implemented_on=timezone.localdate(),
        results="Открыли клуб в Копейске.",
    )


def results_url(replication):
    return reverse("practices:replication-results", args=[replication.pk])


def management(prefix, total=0, initial=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial)}


def form_data(results="Клуб посещают 40 семей.", figures=(), files=()):
    data = {"results": results}
    data.update(management("figures", total=len(figures)))
    for i, (value, label) in enumerate(figures):
        data.update(
            {f"figures-{i}-order": i + 1, f"figures-{i}-value": value, f"figures-{i}-label": label}
        )
    data.update(management("attachments", total=len(files)))
    for i, upload in enumerate(files):
        data.update({f"attachments-{i}-title": "Отчёт", f"attachments-{i}-file": upload})
    return data


def pdf(name="report.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


# Who may record them ----------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, implemented):
    response = client.post(results_url(implemented), form_data())

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    implemented.refresh_from_db()
    assert implemented.results == "Открыли клуб в Копейске."


def test_member_of_another_organisation_may_not_record_results(client, implemented):
    client.force_login(member_of(OrganizationFactory()))

    response = client.post(results_url(implemented), form_data())

    assert response.status_code == 403
    implemented.refresh_from_db()
    assert implemented.results == "Открыли клуб в Копейске."


def test_member_of_the_practices_organisation_may_not_record_the_adopters_results(
    client, member, implemented
):
    client.force_login(member)

    response = client.post(results_url(implemented), form_data(figures=[("40", "семей")]))

    assert response.status_code == 403
    assert not ReplicationFigure.objects.exists()


def test_adopters_member_records_text_figures_and_a_file(client, adopter_member, implemented):
    client.force_login(adopter_member)

    response = client.post(
        results_url(implemented), form_data(figures=[("40", "семей")], files=[pdf()])
    )

    assert response.status_code == 302
    implemented.refresh_from_db()
    assert implemented.results == "Клуб посещают 40 семей."
    assert [(f.value, f.label) for f in implemented.figures.all()] == [("40", "семей")]
    attachment = implemented.attachments.get()
    assert attachment.original_name == "report.pdf"
    assert attachment.file.name.startswith("practices/replications/")


def test_moderator_records_results(client, moderator, implemented):
    client.force_login(moderator)

    response = client.post(results_url(implemented), form_data(results="Уточнено модератором."))

    assert response.status_code == 302
    implemented.refresh_from_db()
    assert implemented.results == "Уточнено модератором."


def test_results_wait_until_the_replication_is_implemented(client, adopter_member, implemented):
    Replication.objects.filter(pk=implemented.pk).update(status=ReplicationStatus.IN_PROGRESS)
    client.force_login(adopter_member)

    response = client.post(results_url(implemented), form_data())

    assert response.status_code == 403


def test_service_refuses_a_replication_not_implemented(adopter_member, implemented):
    Replication.objects.filter(pk=implemented.pk).update(status=ReplicationStatus.IN_PROGRESS)

    with pytest.raises(services.TransitionNotAllowed):
        services.record_replication_results(
            replication=implemented, user=adopter_member, results="Готово"
        )


# Bad input ---------------------------------------------------------------------------------


def test_an_html_page_named_pdf_is_refused_by_its_content(client, adopter_member, implemented):
    client.force_login(adopter_member)
    upload = SimpleUploadedFile(
        "report.pdf", b"<!doctype html><script>alert(1)</script>", content_type="application/pdf"
    )

    response = client.post(results_url(implemented), form_data(files=[upload]))

    assert response.status_code == 200
    assert "file" in response.context["formsets"]["attachments"].errors[0]
    assert not ReplicationAttachment.objects.exists()
    implemented.refresh_from_db()
    assert implemented.results == "Открыли клуб в Копейске."


def test_a_too_long_figure_is_refused(client, adopter_member, implemented):
    client.force_login(adopter_member)

    response = client.post(results_url(implemented), form_data(figures=[("4" * 51, "семей")]))

    assert response.status_code == 200
    assert "value" in response.context["formsets"]["figures"].errors[0]
    assert not ReplicationFigure.objects.exists()


def test_results_text_is_required(client, adopter_member, implemented):
    client.force_login(adopter_member)

    response = client.post(results_url(implemented), form_data(results="  "))

    assert response.status_code == 200
    assert "results" in response.context["form"].errors
    implemented.refresh_from_db()
    assert implemented.results == "Открыли клуб в Копейске."


# Where they show ---------------------------------------------------------------------------


def _story(replication):
    ReplicationFigure.objects.create(replication=replication, value="40", label="семей")
    attachment = ReplicationAttachment(
        replication=replication, title="Отчёт о клубе", file=ContentFile(PDF, name="club.pdf")
    )
    attachment.save()
    return attachment


def test_passport_shows_the_story_in_where_it_works(client, practice, implemented):
    attachment = _story(implemented)

    body = client.get(practice.get_absolute_url()).content.decode()

    assert "Открыли клуб в Копейске." in body
    assert "семей" in body
    assert attachment.get_absolute_url() in body
    assert results_url(implemented) not in body


def test_passport_offers_the_adopter_to_edit_the_results(
    client, adopter_member, practice, implemented
):
    client.force_login(adopter_member)

    body = client.get(practice.get_absolute_url()).content.decode()

    assert results_url(implemented) in body


def test_passport_with_a_story_runs_at_most_twelve_queries(
    client, practice, implemented, django_assert_max_num_queries
):
    _story(implemented)

    with django_assert_max_num_queries(12):
        response = client.get(practice.get_absolute_url())

    assert response.status_code == 200


def test_dashboard_links_the_adopter_to_the_results_form(client, adopter_member, implemented):
    client.force_login(adopter_member)

    body = client.get(reverse("dashboard")).content.decode()

    assert results_url(implemented) in body


def test_file_of_the_results_is_served_as_a_download(client, implemented):
    attachment = _story(implemented)

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_file_of_a_draft_practices_replication_is_hidden(client, practice, implemented):
    attachment = _story(implemented)
    practice.status = PracticeStatus.DRAFT
    practice.save()

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 404


def test_adopters_region_page_shows_the_story(client, implemented):
    response = client.get(region("RU-CHE").get_absolute_url())

    assert "Открыли клуб в Копейске." in response.content.decode()


def test_practices_region_page_does_not_show_the_story(client, implemented):
    response = client.get(region("RU-SA").get_absolute_url())

    assert "Открыли клуб в Копейске." not in response.content.decode()


def test_region_page_with_stories_runs_at_most_twelve_queries(
    client, implemented, django_assert_max_num_queries
):
    for _ in range(3):
        ReplicationFactory(
            practice=PracticeFactory(),
            adopter=implemented.adopter,
            status=ReplicationStatus.IMPLEMENTED,
            results="Работает.",
        )

    with django_assert_max_num_queries(12):
        response = client.get(region("RU-CHE").get_absolute_url())

    assert [r.has_results for r in response.context["taken_practices"]] == [True] * 4


def test_map_counts_stories_in_the_adopters_region(implemented):
    ReplicationFactory(
        practice=PracticeFactory(),
        adopter=implemented.adopter,
        status=ReplicationStatus.IN_PROGRESS,
    )

    stories = map_figures()[Measure.STORIES]

    assert stories == {region("RU-CHE").pk: 1}


def test_grant_project_counts_replications_implemented_with_results(client, adopter, implemented):
    project = GrantProjectFactory(implementer=adopter, slug="club")
    ReplicationFactory(
        practice=PracticeFactory(), adopter=adopter, status=ReplicationStatus.IMPLEMENTED
    )
    ProjectIndicator.objects.create(
        project=project,
        title="Истории внедрения",
        source=IndicatorSource.REPLICATIONS_WITH_RESULTS,
    )

    response = client.get(project.get_absolute_url())

    assert [i.computed for i in response.context["report"].indicators] == [1]
