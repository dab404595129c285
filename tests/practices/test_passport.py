"""The passport to take away (issue #11, part 5): /practices/<slug>/passport.docx."""

import io

import pytest
from django.urls import reverse
from docx import Document

from practices.models import PracticeStatus, ReplicationStatus
from tests.factories import (
    KeyFigureFactory,
    OrganizationFactory,
    PersonFactory,
    PracticeFactory,
    PracticeStepFactory,
    ReplicationFactory,
    region,
)

pytestmark = pytest.mark.django_db


def _url(practice):
    return reverse("practices:passport-docx", kwargs={"slug": practice.slug})


def _document(client, practice, prefix=""):
    response = client.get(prefix + _url(practice))
    assert response.status_code == 200
    return Document(io.BytesIO(response.content))


def _text(document):
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def practice(db):
    practice = PracticeFactory(
        title="Соседские центры",
        problem="Жители **не знают** друг друга.\n\n- нет места\n- нет повода",
        solution="Открыть [центр](https://example.org) во дворе.",
        resources_staff="Координатор",
        reach=120,
        organization=OrganizationFactory(region=region("RU-CHE"), email="tos@example.org"),
    )
    PracticeStepFactory(practice=practice, order=1, title="Найти помещение", duration="2 недели")
    PracticeStepFactory(practice=practice, order=2, title="Собрать жителей")
    KeyFigureFactory(practice=practice, value="4", label="центра открыто", illustrative=True)
    ReplicationFactory(
        practice=practice,
        adopter=OrganizationFactory(name="ЕРЦ Якутии", region=region("RU-SA")),
        status=ReplicationStatus.IN_PROGRESS,
    )
    return practice


def test_the_passport_opens_with_its_sections_in_order(client, practice):
    document = _document(client, practice)

    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "Проблема и контекст", "Решение", "Шаги", "Результаты", "Необходимые ресурсы",
        "Где работает",
    ]  # fmt: skip
    assert document.paragraphs[1].text == "Соседские центры"


def test_the_passport_holds_steps_figures_and_where_it_works(client, practice):
    text = _text(_document(client, practice))

    assert "Найти помещение (2 недели)" in text
    assert "4 центра открыто (иллюстративно)" in text
    assert "ЕРЦ Якутии (Республика Саха (Якутия))" in text
    assert "tos@example.org" in text


def test_markdown_becomes_plain_paragraphs_and_list_items(client, practice):
    document = _document(client, practice)

    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "нет места" in bullets
    text = _text(document)
    assert "Жители не знают друг друга." in text
    assert "центр (https://example.org)" in text
    assert "**" not in text


def test_a_contact_who_did_not_consent_is_not_named(client, practice):
    practice.contact_person = PersonFactory(
        full_name="Иван Скрытный", email="hidden@example.org", public_consent=False
    )
    practice.save()

    text = _text(_document(client, practice))

    assert "Иван Скрытный" not in text and "hidden@example.org" not in text


def test_a_contact_who_consented_is_given_with_position_and_email(client, practice):
    practice.contact_person = PersonFactory(full_name="Анна Открытая", email="anna@example.org")
    practice.save()

    text = _text(_document(client, practice))

    assert "Анна Открытая, Руководитель, anna@example.org" in text


def test_the_passport_in_english(client, practice):
    document = _document(client, practice, prefix="/en")

    assert document.paragraphs[0].text == "Practice passport"
    assert "Steps" in [p.text for p in document.paragraphs]


def test_a_drafts_passport_is_404_to_others(client, practice):
    draft = PracticeFactory(status=PracticeStatus.DRAFT)

    assert client.get(_url(draft)).status_code == 404


def test_the_practice_page_links_its_passport(client, practice):
    html = client.get(practice.get_absolute_url()).content.decode()

    assert _url(practice) in html


def test_the_passport_runs_the_same_queries_whatever_its_length(
    client, practice, django_assert_max_num_queries
):
    for order in range(3, 30):
        PracticeStepFactory(practice=practice, order=order)
        KeyFigureFactory(practice=practice, order=order)

    with django_assert_max_num_queries(8):
        client.get(_url(practice))
