"""Upload checks (common/uploads.py): files are recognised by their bytes, whatever their name."""

import io
import re
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from common.uploads import validate_attachment, validate_image
from practices.models import PracticeAttachment
from tests.common import samples
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

UUID_NAME = r"[0-9a-f]{32}"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _refusal(validator, name, data):
    with pytest.raises(ValidationError) as caught:
        validator(_upload(name, data))
    return caught.value


ACCEPTED_ATTACHMENTS = {
    "report.pdf": samples.PDF,
    "plan.docx": samples.ooxml("word/", "document.xml"),
    "budget.xlsx": samples.ooxml("xl/", "workbook.xml"),
    "slides.pptx": samples.ooxml("ppt/", "presentation.xml"),
    "plan.odt": samples.opendocument(),
    "budget.ods": samples.opendocument("application/vnd.oasis.opendocument.spreadsheet"),
    "old.doc": samples.OLE,
    "letter.rtf": samples.RTF,
    "notes.txt": "Заметки о практике: 10 семей, 3 встречи.\n".encode(),
    "list.csv": "ФИО;Город\nИванова;Якутск\n".encode("cp1251"),
    "photo.jpg": samples.image("JPEG", noise=True),
    "scheme.png": samples.image("PNG"),
}


@pytest.mark.parametrize("name", ACCEPTED_ATTACHMENTS)
def test_each_document_kind_is_accepted_as_an_attachment(name):
    validate_attachment(_upload(name, ACCEPTED_ATTACHMENTS[name]))


@pytest.mark.parametrize(
    "data",
    [
        samples.image("JPEG", noise=True, size=(64, 48)),
        samples.image("PNG", noise=True),
        samples.image("WEBP", noise=True),
    ],
    ids=["jpeg", "png", "webp"],
)
def test_each_image_kind_is_accepted_as_an_image(data):
    validate_image(_upload("picture", data))


def test_a_photo_with_a_second_picture_after_its_end_is_accepted():
    """Phones store HDR gain maps and depth maps as further JPEGs after the first (MPF)."""
    photo = samples.image("JPEG", noise=True) + samples.image("JPEG", size=(10, 10))

    validate_image(_upload("photo.jpg", photo))


def test_picture_data_that_happens_to_spell_a_tag_is_accepted():
    """Compressed pixels are near-random bytes: a search through them finds "<svg" in about
    one photo of a hundred, so only metadata and the first bytes are searched for markup."""
    rows = [bytes([200]) * 100] * 200
    rows[150] = b"<svg onload=alert(1)>".ljust(100, b" ")
    picture = samples.grey_png(rows)
    assert picture.find(b"<svg") > 8192

    validate_image(_upload("scan.png", picture))


REFUSED_ATTACHMENTS = {
    "page.html": samples.HTML,
    "page.pdf": samples.HTML,
    "drawing.svg": samples.SVG,
    "drawing.txt": samples.SVG,
    "data.xml": b'<?xml version="1.0"?><root><item/></root>',
    "data.txt": b"\n  <root><item>no declaration</item></root>",
    "run.sh": b"#!/bin/sh\nrm -rf ~\n",
    "setup.bat": b"del /q C:\\*\n",
    "shell.txt": b"notes <?php system($_GET['c']); ?>",
    "archive.zip": samples.plain_zip(),
    "archive.docx": samples.plain_zip(),
    "program.exe": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",
    "empty.txt": b"",
}


@pytest.mark.parametrize("name", REFUSED_ATTACHMENTS)
def test_markup_scripts_and_other_files_are_refused_whatever_their_name(name):
    error = _refusal(validate_attachment, name, REFUSED_ATTACHMENTS[name])

    assert error.code == "file_type"


def test_the_refusal_names_what_the_file_looks_like_and_what_is_accepted():
    error = _refusal(validate_attachment, "report.pdf", samples.HTML)

    message = error.messages[0]
    assert "HTML" in message
    assert "PDF, DOCX" in message
    assert "DOC, XLS, PPT" in message
    assert "TXT, CSV" in message


def test_a_zip_that_is_not_an_office_file_is_not_called_docx():
    message = _refusal(validate_attachment, "archive.docx", samples.plain_zip()).messages[0]

    assert "looks like" not in message


def test_an_opendocument_whose_mimetype_entry_is_huge_is_read_only_a_little():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"x" * 50_000_000)
    assert len(buffer.getvalue()) < 100_000
    tracemalloc.start()

    error = _refusal(validate_attachment, "bomb.odt", buffer.getvalue())

    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert error.code == "file_type"
    assert peak < 5_000_000


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("drawing.svg", samples.SVG),
        ("page.png", samples.HTML),
        ("report.pdf", samples.PDF),
        ("plan.docx", samples.ooxml()),
    ],
)
def test_an_image_field_takes_only_jpeg_png_and_webp(name, data):
    error = _refusal(validate_image, name, data)

    assert error.code == "file_type"
    assert "JPG, PNG, WEBP" in error.messages[0]


@pytest.mark.parametrize(
    "data",
    [
        samples.image("PNG") + samples.HTML,
        samples.image("JPEG") + samples.HTML,
        samples.image("JPEG") + samples.HTML + b"\xff\xd9",
        samples.image("WEBP") + samples.HTML,
        samples.image("PNG") + samples.plain_zip(),
        samples.png_with_text("Comment", "<script>alert(1)</script>"),
        samples.image("JPEG", comment=b"<html><script>alert(1)</script>"),
    ],
    ids=["png+html", "jpeg+html", "jpeg+html+eoi", "webp+html", "png+zip", "png-text", "jpeg-com"],
)
def test_an_image_carrying_markup_or_appended_data_is_refused(data):
    error = _refusal(validate_image, "picture.png", data)

    assert error.code == "image_doctored"


def test_an_image_attachment_gets_the_same_checks():
    error = _refusal(validate_attachment, "scheme.png", samples.image("PNG") + samples.HTML)

    assert error.code == "image_doctored"


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_small_file_of_too_many_pixels_is_refused():
    huge = samples.image("PNG", size=(12000, 12000), mode="1")
    assert len(huge) < 200_000

    error = _refusal(validate_image, "huge.png", huge)

    assert error.code == "image_too_many_pixels"
    assert "12000×12000" in error.messages[0]


@pytest.mark.parametrize(
    "data",
    [
        samples.image("PNG", noise=True)[:-200],
        samples.image("JPEG", noise=True)[:-200],
        samples.image("WEBP", noise=True)[:-50],
        samples.image("PNG")[:40] + b"\x00" * 100 + samples.image("PNG")[-12:],
    ],
    ids=["png-truncated", "jpeg-truncated", "webp-truncated", "png-broken"],
)
def test_a_truncated_or_broken_image_is_refused(data):
    error = _refusal(validate_image, "picture.png", data)

    assert error.code == "image_damaged"


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings):
    settings.MAX_ATTACHMENT_SIZE = 50

    error = _refusal(validate_attachment, "report.pdf", samples.PDF + b" " * 100)

    assert error.code == "file_too_large"


def test_an_image_over_its_own_size_limit_is_refused(settings):
    settings.MAX_IMAGE_SIZE = 100

    error = _refusal(validate_image, "photo.jpg", samples.image("JPEG", noise=True))

    assert error.code == "file_too_large"


# Stored names ------------------------------------------------------------------------------


def _attach(name, data):
    attachment = PracticeAttachment(
        practice=PracticeFactory(), title="Материал", file=ContentFile(data, name=name)
    )
    attachment.full_clean()
    attachment.save()
    return attachment


def test_a_file_is_stored_under_a_uuid_and_keeps_its_original_name():
    attachment = _attach("Отчёт за 2024 год.pdf", samples.PDF)

    assert re.fullmatch(rf"practices/attachments/{UUID_NAME}\.pdf", attachment.file.name)
    assert attachment.original_name == "Отчёт за 2024 год.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.file.read() == samples.PDF


@pytest.mark.parametrize(
    ("name", "data", "extension", "display_name", "content_type"),
    [
        ("scheme.gif", samples.image("PNG"), "png", "scheme.gif.png", "image/png"),
        ("plan.bin", samples.ooxml(), "docx", "plan.bin.docx", DOCX_TYPE),
        ("budget.xls", samples.OLE, "xls", "budget.xls", "application/vnd.ms-excel"),
        ("list.csv", b"a;b\n1;2\n", "csv", "list.csv", "text/csv; charset=utf-8"),
        (
            "notes",
            "Заметки".encode("cp1251"),
            "txt",
            "notes.txt",
            "text/plain; charset=windows-1251",
        ),
    ],
)
def test_the_stored_extension_and_type_are_those_of_the_content(
    name, data, extension, display_name, content_type
):
    attachment = _attach(name, data)

    assert re.fullmatch(rf"practices/attachments/{UUID_NAME}\.{extension}", attachment.file.name)
    assert attachment.original_name == display_name
    assert attachment.content_type == content_type


def test_two_uploads_of_one_name_get_different_stored_names():
    first = _attach("guide.pdf", samples.PDF)
    second = _attach("guide.pdf", samples.PDF)

    assert first.file.name != second.file.name
    assert first.original_name == second.original_name == "guide.pdf"


def test_a_stored_file_is_not_checked_again_on_a_later_save(settings):
    attachment = _attach("guide.pdf", samples.PDF)
    settings.MAX_ATTACHMENT_SIZE = 1
    attachment.title = "Новое название"

    attachment.full_clean()
    attachment.save()

    attachment.refresh_from_db()
    assert attachment.title == "Новое название"
