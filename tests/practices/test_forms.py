"""Creating and editing practices: who may, formsets, attachments, and bad input."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from practices.models import Practice, PracticeAttachment, PracticeStatus
from tests.factories import (
    DraftPracticeFactory,
    OrganizationFactory,
    PersonFactory,
    PracticeFactory,
    PracticeStepFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

NEW = reverse("practices:new")


def edit_url(practice):
    return reverse("practices:edit", args=[practice.slug])


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def form_data(org, **overrides):
    data = {
        "title": "Школа соседей",
        "slug": "shkola-sosedey",
        "summary": "Жители учатся вместе решать вопросы двора.",
        "organization": org.pk,
        "region": "",
        "locality": "Якутск",
        "format": "in_person",
        "year_started": "2022",
        "problem": "Соседи **не знакомы**.",
        **management("steps", total=2),
        "steps-0-order": "1",
        "steps-0-title": "Собрать жителей",
        "steps-0-duration": "1 неделя",
        "steps-1-order": "2",
        "steps-1-title": "Провести встречу",
        **management("figures"),
        **management("attachments"),
    }
    data.update(overrides)
    return data


def test_member_creates_a_draft_with_steps(client, member, organization):
    topic = TopicFactory()
    client.force_login(member)

    response = client.post(NEW, form_data(organization, topics=[topic.pk]))

    practice = Practice.objects.get(slug="shkola-sosedey")
    assert response.status_code == 302
    assert response["Location"] == practice.get_absolute_url()
    assert practice.status == PracticeStatus.DRAFT
    assert practice.region == organization.region
    assert practice.created_by == member
    assert [s.title for s in practice.steps.all()] == ["Собрать жителей", "Провести встречу"]
    assert list(practice.topics.all()) == [topic]


def test_new_practice_form_renders_for_members(client, member):
    client.force_login(member)

    response = client.get(NEW)

    assert response.status_code == 200
    assert list(response.context["form"].fields["organization"].queryset) == [
        member.memberships.get().organization
    ]


def test_an_empty_address_is_made_from_the_russian_title(client, member, organization):
    PracticeFactory(slug="shkola-sosedey")
    client.force_login(member)

    client.post(NEW, form_data(organization, slug=""))

    assert Practice.objects.filter(slug="shkola-sosedey-2", organization=organization).exists()


def test_new_step_rows_continue_the_numbering(client, member, organization):
    practice = DraftPracticeFactory(organization=organization)
    PracticeStepFactory(practice=practice, order=1, title="Первый")
    PracticeStepFactory(practice=practice, order=5, title="Пятый")
    client.force_login(member)

    new = client.get(NEW).context["formsets"]["steps"]
    edit = client.get(reverse("practices:edit", args=[practice.slug])).context["formsets"]["steps"]

    assert [f["order"].value() for f in new.forms] == [1, 2]
    assert [f["order"].value() for f in edit.forms] == [1, 5, 3, 4]


def test_anonymous_is_sent_to_login_from_the_editor(client, published):
    assert reverse("login") in client.get(NEW)["Location"]
    assert reverse("login") in client.post(NEW, {})["Location"]
    assert reverse("login") in client.get(edit_url(published))["Location"]


def test_user_without_organisation_cannot_create(client, user, organization):
    client.force_login(user)

    response = client.post(NEW, form_data(organization))

    assert response.status_code == 403
    assert not Practice.objects.exists()


def test_member_cannot_create_for_another_organisation(client, member, other_organization):
    client.force_login(member)

    response = client.post(NEW, form_data(other_organization))

    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not Practice.objects.exists()


def test_moderator_may_create_for_any_organisation(client, moderator, other_organization):
    client.force_login(moderator)

    client.post(NEW, form_data(other_organization))

    assert Practice.objects.get().organization == other_organization


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "Т" * 301}, "title"),
        ({"slug": "не латиница"}, "slug"),
        ({"slug": "new"}, "slug"),
        ({"summary": ""}, "summary"),
        ({"summary": "я" * 700}, "summary"),
        ({"year_started": "3000"}, "year_started"),
        ({"year_started": "год"}, "year_started"),
        ({"format": "telepathy"}, "format"),
        ({"organization": "999999"}, "organization"),
        ({"organization": "abc"}, "organization"),
        ({"region": "999999"}, "region"),
        ({"budget_range": "billions"}, "budget_range"),
        ({"reach": "-5"}, "reach"),
        ({"topics": ["999999"]}, "topics"),
    ],
)
def test_bad_input_on_the_form_shows_errors_and_saves_nothing(
    client, member, organization, overrides, field
):
    client.force_login(member)

    response = client.post(NEW, form_data(organization, **overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Practice.objects.exists()


def test_duplicate_slug_is_a_form_error(client, member, organization):
    PracticeFactory(slug="shkola-sosedey")
    client.force_login(member)

    response = client.post(NEW, form_data(organization))

    assert "slug" in response.context["form"].errors


def test_bad_step_rows_are_formset_errors(client, member, organization):
    client.force_login(member)

    response = client.post(
        NEW, form_data(organization, **{"steps-0-title": "", "steps-0-duration": "x" * 200})
    )

    assert response.status_code == 200
    assert response.context["formsets"]["steps"].errors[0]
    assert not Practice.objects.exists()


def test_broken_management_form_does_not_give_a_500(client, member, organization):
    client.force_login(member)
    data = form_data(organization)
    del data["steps-TOTAL_FORMS"]

    response = client.post(NEW, data)

    assert response.status_code == 200
    assert not Practice.objects.exists()


def test_markup_in_fields_is_kept_as_text_and_rendered_safely(client, member, organization):
    client.force_login(member)

    client.post(
        NEW,
        form_data(
            organization, title="<script>alert(1)</script>Практика", problem="<script>x</script>"
        ),
    )
    practice = Practice.objects.get()
    body = client.get(practice.get_absolute_url()).content.decode()

    assert practice.title == "<script>alert(1)</script>Практика"
    assert "<script>alert(1)" not in body
    assert "<script>x" not in body


# Editing ---------------------------------------------------------------------------------------


def _edit_data(practice, **overrides):
    data = form_data(practice.organization, slug=practice.slug, title="Исправлено")
    data.update(management("steps"), version=practice.version)
    data.update(overrides)
    return data


EDIT_DRAFT_EXPECTED = {"anonymous": "login", "outsider": 404, "member": 302, "moderator": 302}


@pytest.mark.parametrize("kind", list(EDIT_DRAFT_EXPECTED))
def test_edit_draft_by_each_kind_of_user(client, request, draft, kind):
    if kind != "anonymous":
        client.force_login(request.getfixturevalue(kind))

    response = client.post(edit_url(draft), _edit_data(draft))

    expected = EDIT_DRAFT_EXPECTED[kind]
    if expected == "login":
        assert reverse("login") in response["Location"]
    else:
        assert response.status_code == expected
    draft.refresh_from_db()
    assert (draft.title == "Исправлено") == (expected == 302)


EDIT_PUBLISHED_EXPECTED = {"anonymous": "login", "outsider": 403, "member": 403, "moderator": 302}


@pytest.mark.parametrize("kind", list(EDIT_PUBLISHED_EXPECTED))
def test_edit_published_practice_of_an_ngo_by_each_kind_of_user(client, request, published, kind):
    if kind != "anonymous":
        client.force_login(request.getfixturevalue(kind))

    response = client.post(edit_url(published), _edit_data(published))

    expected = EDIT_PUBLISHED_EXPECTED[kind]
    if expected == "login":
        assert reverse("login") in response["Location"]
    else:
        assert response.status_code == expected
    published.refresh_from_db()
    assert (published.title == "Исправлено") == (expected == 302)


def test_resource_centre_editor_edits_a_published_practice(client, rc_member, resource_centre):
    practice = PracticeFactory(organization=resource_centre)
    client.force_login(rc_member)

    client.post(edit_url(practice), _edit_data(practice))

    practice.refresh_from_db()
    assert practice.title == "Исправлено"
    assert practice.status == PracticeStatus.PUBLISHED


def test_editing_keeps_existing_steps_and_deletes_marked_ones(client, member, draft):
    keep = PracticeStepFactory(practice=draft, order=1, title="Оставить")
    drop = PracticeStepFactory(practice=draft, order=2, title="Удалить")
    client.force_login(member)
    data = _edit_data(draft)
    data.update(management("steps", total=2, initial=2))
    data.update(
        {
            "steps-0-id": keep.pk, "steps-0-order": "1", "steps-0-title": "Оставить",
            "steps-1-id": drop.pk, "steps-1-order": "2", "steps-1-title": "Удалить",
            "steps-1-DELETE": "on",
        }
    )  # fmt: skip

    client.post(edit_url(draft), data)

    assert [s.title for s in draft.steps.all()] == ["Оставить"]


def test_edit_records_who_changed_it(client, member, draft):
    client.force_login(member)

    client.post(edit_url(draft), _edit_data(draft))

    draft.refresh_from_db()
    assert draft.updated_by == member
    assert draft.history.first().history_user == member


def test_edit_form_of_archived_practice_is_refused_to_resource_centre(
    client, rc_member, resource_centre
):
    practice = PracticeFactory(organization=resource_centre, status=PracticeStatus.ARCHIVED)
    client.force_login(rc_member)

    assert client.get(edit_url(practice)).status_code == 403


# Attachments and the cover ------------------------------------------------------------------


def _with_attachment(organization, upload, title="Методичка"):
    data = form_data(organization)
    data.update(management("attachments", total=1))
    data.update({"attachments-0-title": title, "attachments-0-file": upload})
    return data


def test_pdf_attachment_is_saved(client, member, organization):
    client.force_login(member)
    upload = SimpleUploadedFile("guide.pdf", b"%PDF-1.4 test", content_type="application/pdf")

    client.post(NEW, _with_attachment(organization, upload))

    attachment = PracticeAttachment.objects.get()
    assert attachment.title == "Методичка"
    assert attachment.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("page.html", b"<!doctype html><script>alert(1)</script>"),
        ("script.js", b"WScript.Echo('hi')"),
        ("setup.bat", b"del /q C:\\*"),
        ("noextension", b"<svg onload=alert(1)>"),
    ],
)
def test_attachment_of_a_forbidden_type_is_refused(client, member, organization, name, content):
    client.force_login(member)
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")

    response = client.post(NEW, _with_attachment(organization, upload))

    assert response.status_code == 200
    assert "file" in response.context["formsets"]["attachments"].errors[0]
    assert not Practice.objects.exists()


def test_attachment_over_the_size_limit_is_refused(client, member, organization, settings):
    settings.MAX_ATTACHMENT_SIZE = 1024
    client.force_login(member)
    upload = SimpleUploadedFile("big.pdf", b"x" * 2048, content_type="application/pdf")

    response = client.post(NEW, _with_attachment(organization, upload))

    errors = response.context["formsets"]["attachments"].errors[0]["file"]
    assert "0 МБ" in errors[0] or "MB" in errors[0] or "МБ" in errors[0]
    assert not PracticeAttachment.objects.exists()


def _png(size=(10, 10)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_cover_image_needs_a_description(client, member, organization):
    client.force_login(member)
    cover = SimpleUploadedFile("cover.png", _png(), content_type="image/png")

    response = client.post(NEW, form_data(organization, cover=cover))

    assert "cover_alt" in response.context["form"].errors


def test_cover_image_over_the_size_limit_is_refused(client, member, organization, settings):
    settings.MAX_IMAGE_SIZE = 100
    client.force_login(member)
    cover = SimpleUploadedFile("cover.png", _png((200, 200)), content_type="image/png")

    response = client.post(NEW, form_data(organization, cover=cover, cover_alt="Двор"))

    assert "cover" in response.context["form"].errors


def test_fake_image_is_refused(client, member, organization):
    client.force_login(member)
    cover = SimpleUploadedFile("cover.png", b"not an image", content_type="image/png")

    response = client.post(NEW, form_data(organization, cover=cover, cover_alt="Двор"))

    assert "cover" in response.context["form"].errors


def test_valid_cover_is_saved(client, member, organization):
    client.force_login(member)
    cover = SimpleUploadedFile("cover.png", _png(), content_type="image/png")

    client.post(NEW, form_data(organization, cover=cover, cover_alt="Двор"))

    assert Practice.objects.get().cover.name.startswith("practices/covers/")


def test_other_organisations_contact_people_are_not_offered(client, member, organization):
    own = PersonFactory(organization=organization)
    PersonFactory(organization=OrganizationFactory())
    client.force_login(member)

    response = client.get(NEW)

    assert list(response.context["form"].fields["contact_person"].queryset) == [own]


def test_draft_by_editor_then_submitted_is_invisible_until_published(
    client, member, moderator, organization
):
    client.force_login(member)
    client.post(NEW, form_data(organization))
    practice = Practice.objects.get()
    client.post(reverse("practices:action", args=[practice.slug, "submit"]))
    client.logout()
    assert client.get(practice.get_absolute_url()).status_code == 404

    client.force_login(moderator)
    client.post(reverse("practices:action", args=[practice.slug, "publish"]))
    client.logout()

    assert client.get(practice.get_absolute_url()).status_code == 200


def test_draft_factory_is_a_draft():
    assert DraftPracticeFactory().status == PracticeStatus.DRAFT
