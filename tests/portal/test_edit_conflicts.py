"""Edits are never silently lost: of two people editing the same practice, event or
organisation profile, the first save wins and the second gets a conflict (common/locking.py)."""

from types import SimpleNamespace

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from common.locking import BAD_VERSION_MESSAGE, CONFLICT_MESSAGE, SAME_MOMENT_MESSAGE
from events.models import Event, EventStatus, ProgrammeItem
from organizations.models import Organization
from practices.models import Practice, PracticeAttachment, PracticeStep
from tests.factories import DraftPracticeFactory, EventFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


def _submitted(form):
    """What a browser sends for ``form`` as rendered, files aside."""
    data = {}
    for field in form:
        widget, value = field.field.widget, field.value()
        if isinstance(widget, forms.FileInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[field.html_name] = "on"
            continue
        shown = widget.format_value(value)
        if isinstance(shown, list):
            data[field.html_name] = shown
        else:
            data[field.html_name] = "" if shown is None else str(shown)
    return data


def open_form(client, url):
    """Opens an edit page and returns what saving it unchanged would send."""
    response = client.get(url)
    assert response.status_code == 200
    data = _submitted(response.context["form"])
    formsets = response.context.get("formsets", [])
    formsets = formsets.values() if isinstance(formsets, dict) else [fs for _, fs in formsets]
    for formset in formsets:
        data.update(_submitted(formset.management_form))
        for form in formset:
            data.update(_submitted(form))
    return data


def _add_row(data, prefix, **values):
    """Fills the first empty row of a formset (the page always offers one)."""
    index = int(data[f"{prefix}-INITIAL_FORMS"])
    data.update({f"{prefix}-{index}-{name}": value for name, value in values.items()})


def _practice(organization):
    practice = DraftPracticeFactory(organization=organization, problem="Исходная проблема.")

    def add_rows(data):
        _add_row(data, "steps", order="1", title="Шаг второго редактора")
        _add_row(data, "attachments", title="Файл второго редактора")
        return {
            "attachments-0-file": SimpleUploadedFile(
                "guide.pdf", b"%PDF-1.4 test", content_type="application/pdf"
            )
        }

    return SimpleNamespace(
        model=Practice,
        obj=practice,
        url=reverse("practices:edit", args=[practice.slug]),
        field="problem",
        original="Исходная проблема.",
        add_rows=add_rows,
        rows_saved=lambda: (
            PracticeStep.objects.filter(title="Шаг второго редактора").exists()
            or PracticeAttachment.objects.filter(title="Файл второго редактора").exists()
        ),
    )


def _event(organization):
    event = EventFactory(
        organizer=organization,
        description="Исходное описание.",
        status=EventStatus.DRAFT,
        published_at=None,
    )
    day = event.start.date().isoformat()

    def add_rows(data):
        _add_row(data, "programme", start=f"{day}T12:00", kind="talk", title="Доклад второго")
        return {}

    return SimpleNamespace(
        model=Event,
        obj=event,
        url=reverse("events:edit", args=[event.slug]),
        field="description",
        original="Исходное описание.",
        add_rows=add_rows,
        rows_saved=lambda: ProgrammeItem.objects.filter(title="Доклад второго").exists(),
    )


def _organisation(organization):
    organization.description = "Исходное описание."
    organization.save()
    return SimpleNamespace(
        model=Organization,
        obj=organization,
        url=reverse("organizations:edit", args=[organization.slug]),
        field="description",
        original="Исходное описание.",
        add_rows=lambda data: {},
        rows_saved=lambda: False,
    )


@pytest.fixture(params=["practice", "event", "organisation"])
def edited(request, organization):
    """The object two editors of ``organization`` open at once."""
    return {"practice": _practice, "event": _event, "organisation": _organisation}[request.param](
        organization
    )


@pytest.fixture
def editors(organization):
    """Two signed-in editors of ``organization``, each with their own browser."""
    first, second = Client(), Client()
    first.force_login(member_of(organization))
    second.force_login(member_of(organization))
    return first, second


def _stored(edited):
    return edited.model.objects.values_list(edited.field, "version").get(pk=edited.obj.pk)


def test_the_first_save_wins_and_the_second_editor_keeps_their_text(edited, editors):
    first, second = editors
    mine, theirs = open_form(first, edited.url), open_form(second, edited.url)
    mine[edited.field] = "Текст первого редактора."
    theirs[edited.field] = "Текст второго редактора."
    files = edited.add_rows(theirs)

    saved = first.post(edited.url, mine)
    conflict = second.post(edited.url, {**theirs, **files})

    assert saved.status_code == 302
    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert str(CONFLICT_MESSAGE) in page
    assert "Текст второго редактора." in page
    assert conflict.context["form"][edited.field].value() == "Текст второго редактора."
    assert _stored(edited) == ("Текст первого редактора.", 2)
    assert not edited.rows_saved()


def test_after_a_conflict_the_form_carries_the_new_version_and_saving_again_goes_through(
    edited, editors
):
    first, second = editors
    mine, theirs = open_form(first, edited.url), open_form(second, edited.url)
    first.post(edited.url, {**mine, edited.field: "Текст первого редактора."})
    theirs[edited.field] = "Текст второго редактора."
    conflict = second.post(edited.url, theirs)

    again = second.post(edited.url, {**theirs, "version": "2"})

    assert 'name="version" value="2"' in conflict.content.decode()
    assert again.status_code == 302
    assert _stored(edited) == ("Текст второго редактора.", 3)


def test_an_editor_who_opens_the_page_after_a_save_saves_normally(edited, editors):
    first, second = editors
    first.post(edited.url, {**open_form(first, edited.url), edited.field: "Первая правка."})

    response = second.post(
        edited.url, {**open_form(second, edited.url), edited.field: "Вторая правка."}
    )

    assert response.status_code == 302
    assert _stored(edited) == ("Вторая правка.", 3)


def test_each_save_moves_the_version_on_by_one(edited, editors):
    first, _ = editors

    for number in (1, 2, 3):
        first.post(edited.url, {**open_form(first, edited.url), edited.field: f"Правка {number}"})

    assert _stored(edited) == ("Правка 3", 4)


@pytest.mark.parametrize("version", [None, "", "abc", "0", "-1", "1.5", "99999999999999999999999"])
def test_a_missing_or_damaged_version_is_a_form_error(edited, editors, version):
    first, _ = editors
    data = {**open_form(first, edited.url), edited.field: "Моя правка."}
    data.pop("version")
    if version is not None:
        data["version"] = version

    response = first.post(edited.url, data)

    assert response.status_code == 200
    assert str(BAD_VERSION_MESSAGE) in response.content.decode()
    assert "Моя правка." in response.content.decode()
    assert 'name="version" value="1"' in response.content.decode()
    assert _stored(edited) == (edited.original, 1)


def test_a_version_from_the_future_saves_nothing(edited, editors):
    first, _ = editors
    data = {**open_form(first, edited.url), edited.field: "Моя правка.", "version": "7"}

    response = first.post(edited.url, data)

    assert response.status_code == 409
    assert _stored(edited)[1] == 1


def test_new_objects_carry_no_version_and_never_conflict(client, member, organization):
    client.force_login(member)

    page = client.get(reverse("practices:new")).content.decode()
    response = client.get(reverse("organizations:new"))

    assert 'name="version"' not in page
    assert "version" not in response.context["form"].fields


# The admin takes part too ------------------------------------------------------------------


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def _admin_data(response):
    data = _submitted(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data.update(_submitted(inline.formset.management_form))
        for form in inline.formset:
            data.update(_submitted(form))
    return data


@pytest.mark.parametrize(
    ("url_name", "make"),
    [
        ("admin:practices_practice_change", lambda org: DraftPracticeFactory(organization=org)),
        ("admin:events_event_change", lambda org: EventFactory(organizer=org)),
        ("admin:organizations_organization_change", lambda org: org),
    ],
)
def test_admin_change_forms_carry_the_stored_version(admin_client, organization, url_name, make):
    obj = make(organization)
    type(obj).objects.filter(pk=obj.pk).update(version=5)

    response = admin_client.get(reverse(url_name, args=[obj.pk]))

    assert response.status_code == 200
    assert 'name="version" value="5"' in response.content.decode()


def test_an_admin_save_makes_a_portal_editors_old_form_conflict(
    admin_client, editors, organization
):
    url = reverse("admin:organizations_organization_change", args=[organization.pk])
    portal_url = reverse("organizations:edit", args=[organization.slug])
    portal_form = open_form(editors[0], portal_url)
    admin_form = _admin_data(admin_client.get(url))

    saved = admin_client.post(url, {**admin_form, "description": "Правка модератора."})
    conflict = editors[0].post(portal_url, {**portal_form, "description": "Правка редактора."})

    assert saved.status_code == 302
    assert conflict.status_code == 409
    organization.refresh_from_db()
    assert (organization.description, organization.version) == ("Правка модератора.", 2)


def test_a_stale_admin_form_is_refused_with_the_typed_text_kept(
    admin_client, editors, organization
):
    url = reverse("admin:organizations_organization_change", args=[organization.pk])
    portal_url = reverse("organizations:edit", args=[organization.slug])
    admin_form = _admin_data(admin_client.get(url))
    editors[0].post(portal_url, {**open_form(editors[0], portal_url), "description": "Сайт."})

    response = admin_client.post(url, {**admin_form, "description": "Правка модератора."})

    assert response.status_code == 200
    page = response.content.decode()
    assert str(CONFLICT_MESSAGE) in page
    assert "Правка модератора." in page
    assert 'name="version" value="2"' in page
    organization.refresh_from_db()
    assert (organization.description, organization.version) == ("Сайт.", 2)


def test_an_admin_save_landing_between_check_and_claim_is_refused(
    admin_client, organization, monkeypatch
):
    url = reverse("admin:organizations_organization_change", args=[organization.pk])
    admin_form = _admin_data(admin_client.get(url))
    # Another save lands after the form's check has passed.
    monkeypatch.setattr("common.locking.stored_version", lambda instance: 1)
    Organization.objects.filter(pk=organization.pk).update(version=2)

    response = admin_client.post(url, {**admin_form, "description": "Правка модератора."})

    assert response.status_code == 302
    assert str(SAME_MOMENT_MESSAGE) in admin_client.get(response["Location"]).content.decode()
    organization.refresh_from_db()
    assert (organization.description, organization.version) == ("", 2)


def test_the_admin_history_form_carries_the_stored_version_not_the_records(
    admin_client, organization
):
    # Historical records keep no version: a revert is checked against today's.
    Organization.objects.filter(pk=organization.pk).update(version=5)
    record = organization.history.latest()

    response = admin_client.get(
        reverse(
            "admin:organizations_organization_simple_history",
            args=[organization.pk, record.history_id],
        )
    )

    assert response.status_code == 200
    assert 'name="version" value="5"' in response.content.decode()
