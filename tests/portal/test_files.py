"""Uploaded files: served only through their object's address with its visibility
(common/files.py), and checked by content on every way in (site forms and admin)."""

import re
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from events.forms import EventMaterialForm
from events.models import Event, EventMaterial, EventStatus
from organizations.models import Organization
from practices.models import Practice, PracticeAttachment, PracticeStatus
from tests.common import samples
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    PracticeAttachmentFactory,
    PracticeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SANDBOX = "sandbox"
UUID_NAME = r"[0-9a-f]{32}"
REPORT = "Отчёт о практике.pdf"


def _attachment(practice, name=REPORT, data=samples.PDF):
    return PracticeAttachmentFactory(practice=practice, file=ContentFile(data, name=name))


def _material(event, name=REPORT, data=samples.PDF):
    material = EventMaterial(event=event, title="Презентация", file=ContentFile(data, name=name))
    material.save()
    return material


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def as_user(client, request):
    """``as_user("member")``: the client signed in as that fixture's user (None: anonymous)."""

    def sign_in(name):
        if name is not None:
            client.force_login(request.getfixturevalue(name))
        return client

    return sign_in


# Serving -----------------------------------------------------------------------------------


def test_a_published_practices_attachment_is_served_to_anyone_as_a_download(client, organization):
    attachment = _attachment(PracticeFactory(organization=organization))

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert _body(response) == samples.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (f"attachment; filename*=utf-8''{quote(REPORT)}")
    assert response["Content-Security-Policy"].startswith(SANDBOX)
    assert "public" in response["Cache-Control"]


def test_the_practice_page_links_to_the_served_address(client, organization):
    practice = PracticeFactory(organization=organization)
    attachment = _attachment(practice)

    page = client.get(practice.get_absolute_url()).content.decode()

    assert attachment.get_absolute_url() in page
    assert attachment.file.name not in page


@pytest.mark.parametrize(
    ("who", "status"),
    [("member", 200), ("moderator", 200), (None, 404), ("user", 404), ("outsider", 404)],
)
def test_a_draft_practices_attachment_is_served_only_to_those_who_see_the_draft(
    as_user, organization, who, status
):
    practice = PracticeFactory(organization=organization, status=PracticeStatus.DRAFT)
    attachment = _attachment(practice)

    response = as_user(who).get(attachment.get_absolute_url())

    assert response.status_code == status
    if status == 200:
        assert _body(response) == samples.PDF
        assert "no-store" in response["Cache-Control"]
    else:
        assert samples.PDF not in response.content


@pytest.mark.parametrize(
    ("event_status", "who", "status"),
    [
        (EventStatus.PUBLISHED, None, 200),
        (EventStatus.DRAFT, "member", 200),
        (EventStatus.DRAFT, "moderator", 200),
        (EventStatus.DRAFT, None, 404),
        (EventStatus.DRAFT, "user", 404),
        (EventStatus.DRAFT, "outsider", 404),
    ],
)
def test_an_event_material_is_served_with_the_events_visibility(
    as_user, organization, event_status, who, status
):
    event = EventFactory(organizer=organization, status=event_status)
    material = _material(event)

    response = as_user(who).get(material.href)

    assert response.status_code == status
    if status == 200:
        assert _body(response) == samples.PDF
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Security-Policy"].startswith(SANDBOX)


def test_the_event_page_links_materials_to_the_served_address(client, organization):
    event = EventFactory(organizer=organization)
    material = _material(event)

    page = client.get(event.get_absolute_url()).content.decode()

    assert material.href.startswith(f"/events/{event.slug}/files/{material.pk}/")
    assert material.href in page
    assert material.file.name not in page


def test_a_cover_is_served_inline_as_an_image(client, organization):
    practice = PracticeFactory(organization=organization, cover_alt="Двор")
    practice.cover.save("cover.png", ContentFile(samples.image("PNG")))

    page = client.get(practice.get_absolute_url()).content.decode()
    response = client.get(practice.cover_url)

    assert practice.cover_url in page
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _body(response) == samples.image("PNG")


def test_a_draft_practices_cover_is_hidden_from_anonymous(client, organization):
    practice = PracticeFactory(organization=organization, status=PracticeStatus.DRAFT)
    practice.cover.save("cover.png", ContentFile(samples.image("PNG")))

    response = client.get(practice.cover_url)

    assert response.status_code == 404


def test_a_logo_is_served_on_the_organisations_address(client, organization):
    organization.logo.save("logo.webp", ContentFile(samples.image("WEBP")))

    page = client.get(organization.get_absolute_url()).content.decode()
    response = client.get(organization.logo_url)

    assert organization.logo_url in page
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _body(response) == samples.image("WEBP")


def test_an_unknown_file_or_another_practices_file_is_not_found(client, organization):
    practice = PracticeFactory(organization=organization)
    other = _attachment(PracticeFactory(organization=organization))

    unknown = client.get(reverse("practices:file", args=[practice.slug, 999999, "x.pdf"]))
    foreign = client.get(reverse("practices:file", args=[practice.slug, other.pk, "x.pdf"]))
    no_cover = client.get(reverse("practices:cover", args=[practice.slug, "x.png"]))
    no_logo = client.get(reverse("organizations:logo", args=[organization.slug, "x.png"]))

    assert [unknown.status_code, foreign.status_code, no_cover.status_code] == [404, 404, 404]
    assert no_logo.status_code == 404


def test_a_draft_events_material_is_not_reached_through_a_published_event(client, organization):
    published = EventFactory(organizer=organization)
    draft_material = _material(EventFactory(organizer=organization, status=EventStatus.DRAFT))

    response = client.get(reverse("events:file", args=[published.slug, draft_material.pk, "x"]))

    assert response.status_code == 404


def test_the_old_media_address_serves_nothing(client, organization):
    attachment = _attachment(PracticeFactory(organization=organization))

    response = client.get(f"/media/{attachment.file.name}")

    assert response.status_code == 404
    assert samples.PDF not in response.content


def test_behind_nginx_the_response_hands_the_file_over_without_a_body(
    client, organization, settings
):
    settings.FILES_X_ACCEL_REDIRECT = "/protected-media/"
    attachment = _attachment(PracticeFactory(organization=organization))

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{attachment.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")


def test_behind_nginx_a_hidden_file_is_still_not_handed_over(client, organization, settings):
    settings.FILES_X_ACCEL_REDIRECT = "/protected-media/"
    practice = PracticeFactory(organization=organization, status=PracticeStatus.DRAFT)
    attachment = _attachment(practice)

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 404
    assert not response.has_header("X-Accel-Redirect")


# Uploading through the site's forms ------------------------------------------------------


def _management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _practice_data(organization, **extra):
    return {
        "title": "Школа соседей",
        "slug": "shkola-sosedey",
        "summary": "Жители учатся вместе решать вопросы двора.",
        "organization": organization.pk,
        "format": "in_person",
        **_management("steps"),
        **_management("figures"),
        **_management("attachments"),
        **extra,
    }


def _with_attachment(organization, name, data):
    return _practice_data(
        organization,
        **_management("attachments", total=1),
        **{
            "attachments-0-title": "Методичка",
            "attachments-0-file": SimpleUploadedFile(name, data, "application/pdf"),
        },
    )


def test_an_html_page_named_pdf_is_refused_by_the_practice_form(client, member, organization):
    client.force_login(member)

    response = client.post(
        reverse("practices:new"), _with_attachment(organization, "report.pdf", samples.HTML)
    )

    assert response.status_code == 200
    errors = response.context["formsets"]["attachments"].errors[0]["file"]
    assert "HTML" in errors[0]
    assert "HTML" in response.content.decode()
    assert not Practice.objects.exists()
    assert not PracticeAttachment.objects.exists()


def test_a_good_pdf_is_saved_under_a_uuid_with_its_original_name(client, member, organization):
    client.force_login(member)

    client.post(reverse("practices:new"), _with_attachment(organization, REPORT, samples.PDF))

    attachment = PracticeAttachment.objects.get()
    assert re.fullmatch(rf"practices/attachments/{UUID_NAME}\.pdf", attachment.file.name)
    assert attachment.original_name == REPORT
    assert attachment.content_type == "application/pdf"


def test_an_svg_cover_is_refused(client, member, organization):
    client.force_login(member)
    cover = SimpleUploadedFile("cover.svg", samples.SVG, content_type="image/svg+xml")

    response = client.post(
        reverse("practices:new"), _practice_data(organization, cover=cover, cover_alt="Двор")
    )

    assert response.status_code == 200
    assert "cover" in response.context["form"].errors
    assert not Practice.objects.exists()


def test_a_doctored_png_cover_is_refused(client, member, organization):
    client.force_login(member)
    cover = SimpleUploadedFile("cover.png", samples.image("PNG") + samples.HTML)

    response = client.post(
        reverse("practices:new"), _practice_data(organization, cover=cover, cover_alt="Двор")
    )

    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["cover"][0]
        .startswith("Изображение содержит что-то кроме картинки")
    )
    assert not Practice.objects.exists()


def test_a_png_with_html_appended_is_refused_as_a_logo(client, member, organization):
    client.force_login(member)
    logo = SimpleUploadedFile("logo.png", samples.image("PNG") + samples.HTML, "image/png")

    response = client.post(
        reverse("organizations:edit", args=[organization.slug]),
        {
            "name": organization.name,
            "kind": organization.kind,
            "region": organization.region_id,
            "version": organization.version,
            "logo": logo,
        },
    )

    organization.refresh_from_db()
    assert response.status_code == 200
    assert "logo" in response.context["form"].errors
    assert not organization.logo


def test_an_html_event_material_is_refused_by_the_event_form():
    form = EventMaterialForm(
        data={"title": "Программа"},
        files={"file": SimpleUploadedFile("programme.pdf", samples.HTML)},
    )

    assert not form.is_valid()
    assert "file" in form.errors


# Uploading through the admin -------------------------------------------------------------


@pytest.fixture
def admin_request():
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(username="root", is_staff=True, is_superuser=True)
    return request


def _inline_formset(parent_model, inline_model, request, parent):
    model_admin = admin.site._registry[parent_model]
    inline = next(
        i for i in model_admin.get_inline_instances(request, parent) if i.model is inline_model
    )
    return inline.get_formset(request, parent)


@pytest.mark.parametrize(
    ("parent_model", "inline_model", "make_parent"),
    [
        (Practice, PracticeAttachment, lambda org: PracticeFactory(organization=org)),
        (Event, EventMaterial, lambda org: EventFactory(organizer=org)),
    ],
    ids=["practice-attachment", "event-material"],
)
def test_an_html_file_is_refused_by_the_admin_inline(
    admin_request, organization, parent_model, inline_model, make_parent
):
    parent = make_parent(organization)
    formset_class = _inline_formset(parent_model, inline_model, admin_request, parent)
    prefix = formset_class.get_default_prefix()
    data = {**_management(prefix, total=1), f"{prefix}-0-title": "Страница"}
    files = {f"{prefix}-0-file": SimpleUploadedFile("page.pdf", samples.HTML)}

    formset = formset_class(data, files, instance=parent, prefix=prefix)

    assert not formset.is_valid()
    assert "file" in formset.errors[0]
    assert not inline_model.objects.exists()


def test_a_doctored_logo_is_refused_by_the_admin_form(admin_request):
    organization = OrganizationFactory()
    form_class = admin.site._registry[Organization].get_form(admin_request, organization)
    logo = SimpleUploadedFile("logo.png", samples.image("PNG") + samples.HTML)

    form = form_class(data={}, files={"logo": logo}, instance=organization)

    assert not form.is_valid()
    assert "logo" in form.errors
    assert form.errors["logo"].as_data()[0].code == "image_doctored"


# /files/<stored name>: what admin and form widgets link to -----------------------------------


def test_a_stored_name_redirects_to_the_published_practices_file_address(client):
    practice = PracticeFactory(slug="open")
    attachment = PracticeAttachment(practice=practice, title="Памятка")
    attachment.file.save("памятка.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))

    response = client.get(f"/files/{attachment.file.name}")

    assert response.status_code == 302
    assert response["Location"] == attachment.get_absolute_url()


def test_a_stored_name_of_a_drafts_file_is_404_to_strangers(client, user):
    practice = PracticeFactory(slug="secret", status=PracticeStatus.DRAFT)
    attachment = PracticeAttachment(practice=practice, title="Памятка")
    attachment.file.save("памятка.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    client.force_login(user)

    assert client.get(f"/files/{attachment.file.name}").status_code == 404


def test_an_unknown_stored_name_is_404(client):
    assert client.get("/files/practices/attachments/nothing.pdf").status_code == 404
