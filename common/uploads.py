"""Uploaded files: checked by what they contain, stored under generated names.

A file's name says nothing about what it is: an HTML page renamed ``report.pdf`` is still
HTML, and a browser that is handed it may run its scripts. So every file field takes an
allow-list of *kinds*, and a kind is recognised by the file's bytes:

* documents: PDF, the OOXML formats (docx, xlsx, pptx: a zip with ``[Content_Types].xml``
  and the format's folder), OpenDocument (odt, ods, odp: a zip whose first entry
  ``mimetype`` names the format), the old binary Office formats (OLE2), RTF, and plain text
  or CSV that decodes as UTF-8 or Windows-1251 and holds no markup;
* images: JPEG, PNG and WebP, opened with Pillow, at most ``MAX_IMAGE_PIXELS`` pixels, with
  nothing appended after the image's end and no markup inside.

HTML, SVG, XML and scripts match no kind, whatever they are called. ``puremagic`` names
what a refused file looks like, for the error message.

Files are stored as ``<folder>/<uuid>.<extension of the detected kind>``; models keep the
original name for display and for ``Content-Disposition``.
"""

import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError


@dataclass(frozen=True)
class Kind:
    name: str
    content_type: str
    extension: str
    is_image: bool = False


PDF = Kind("pdf", "application/pdf", "pdf")
DOCX = Kind(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
)
XLSX = Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
PPTX = Kind(
    "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"
)
ODT = Kind("odt", "application/vnd.oasis.opendocument.text", "odt")
ODS = Kind("ods", "application/vnd.oasis.opendocument.spreadsheet", "ods")
ODP = Kind("odp", "application/vnd.oasis.opendocument.presentation", "odp")
OLE = Kind("ole", "application/octet-stream", "bin")  # doc, xls, ppt: extension kept below
RTF = Kind("rtf", "application/rtf", "rtf")
TEXT = Kind("text", "text/plain; charset=utf-8", "txt")
JPEG = Kind("jpeg", "image/jpeg", "jpg", is_image=True)
PNG = Kind("png", "image/png", "png", is_image=True)
WEBP = Kind("webp", "image/webp", "webp", is_image=True)

DOCUMENTS = (PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, OLE, RTF, TEXT)
IMAGES = (JPEG, PNG, WEBP)
ATTACHMENTS = (*DOCUMENTS, JPEG, PNG)

OLE_EXTENSIONS = {
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}
TEXT_EXTENSIONS = {"txt": "text/plain; charset=utf-8", "csv": "text/csv; charset=utf-8"}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.text": ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": ODS,
    b"application/vnd.oasis.opendocument.presentation": ODP,
}
_OOXML_FOLDERS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
_PILLOW_FORMATS = {"JPEG": JPEG, "PNG": PNG, "WEBP": WEBP}
# What a browser would treat as a page or a script, found anywhere in a text or an image.
_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|link|style|\?xml)"
    rb"|javascript:",
    re.IGNORECASE,
)
_HEAD = 8192


def _read_all(file):
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data if isinstance(data, bytes) else data.encode()


def _zip_kind(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        if names and names[0] == "mimetype":
            return _OPENDOCUMENT.get(archive.read("mimetype").strip())
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for folder, kind in _OOXML_FOLDERS.items():
        if any(name.startswith(folder) for name in names):
            return kind
    return None


def _text_kind(data):
    if b"\x00" in data or _MARKUP.search(data):
        return None
    for encoding in ("utf-8", "cp1251"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return TEXT
    return None


def detect(file):
    """The Kind of an uploaded or stored file by its bytes, or None. Reads the whole file
    (uploads are small: the size check runs first in the validators)."""
    data = _read_all(file)
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(_OLE_MAGIC):
        return OLE
    if data.startswith(b"{\\rtf"):
        return RTF
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data[:3] == b"\xff\xd8\xff":
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    return _text_kind(data)


def looks_like(file):
    """What a refused file appears to be (puremagic's best guess), for the message."""
    try:
        matches = puremagic.magic_stream(io.BytesIO(_read_all(file)))
    except (puremagic.PureError, ValueError, OSError):
        return ""
    return matches[0].extension.lstrip(".").upper() if matches else ""


def extension_for(kind, original_name=""):
    """The stored file's extension: the detected kind's, or for formats that share one
    signature (doc/xls/ppt, txt/csv) the original name's when it is one of them."""
    suffix = PurePath(original_name or "").suffix.lower().lstrip(".")
    if kind == OLE:
        return suffix if suffix in OLE_EXTENSIONS else "doc"
    if kind == TEXT:
        return suffix if suffix in TEXT_EXTENSIONS else "txt"
    return kind.extension


def content_type_for(kind, original_name=""):
    extension = extension_for(kind, original_name)
    return OLE_EXTENSIONS.get(extension) or TEXT_EXTENSIONS.get(extension) or kind.content_type


def _mb(size):
    return size // (1024 * 1024)


def _check_size(file, limit):
    if getattr(file, "size", 0) > limit:
        raise ValidationError(
            _("The file is larger than %(size)d MB."),
            code="file_too_large",
            params={"size": _mb(limit)},
        )


def _refuse(file, allowed):
    seen = looks_like(file)
    names = ", ".join(sorted({extension_for(kind).upper() for kind in allowed}))
    if seen:
        raise ValidationError(
            _("This file looks like %(seen)s, which is not accepted here. Accepted: %(names)s."),
            code="file_type",
            params={"seen": seen, "names": names},
        )
    raise ValidationError(
        _("This kind of file is not accepted here. Accepted: %(names)s."),
        code="file_type",
        params={"names": names},
    )


def _image_ends_cleanly(kind, data):
    """Nothing appended after the image: a PNG ends with IEND, a JPEG with its end marker,
    a WebP's RIFF header gives its whole length."""
    if kind == PNG:
        return data.rstrip(b"\x00").endswith(b"IEND\xaeB`\x82")
    if kind == JPEG:
        return data.rstrip(b"\x00\r\n").endswith(b"\xff\xd9")
    if kind == WEBP:
        declared = int.from_bytes(data[4:8], "little") + 8
        return declared in (len(data), len(data) - 1)  # RIFF pads odd lengths
    return False


def check_image(file, kind):
    """Opens the image with Pillow; raises ValidationError for a broken, oversized or
    doctored one. Returns (width, height)."""
    data = _read_all(file)
    if _MARKUP.search(data) or not _image_ends_cleanly(kind, data):
        raise ValidationError(
            _("The image holds something besides the picture; save it again as a plain image."),
            code="image_doctored",
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            if _PILLOW_FORMATS.get(image.format) != kind:
                raise ValidationError(_("The image is damaged."), code="image_damaged")
            width, height = image.size
            if width * height > settings.MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _(
                        "The image is %(width)d×%(height)d pixels; at most %(mp)d megapixels "
                        "are accepted."
                    ),
                    code="image_too_many_pixels",
                    params={
                        "width": width,
                        "height": height,
                        "mp": settings.MAX_IMAGE_PIXELS // 1_000_000,
                    },
                )
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("The image is damaged."), code="image_damaged") from exc
    return width, height


@deconstructible
class FileCheck:
    """A model field validator: the file's size within ``limit_setting`` and its content one
    of ``kinds`` (names from this module, e.g. ``("jpeg", "png", "webp")``)."""

    def __init__(self, kinds, limit_setting):
        self.kinds = tuple(kinds)
        self.limit_setting = limit_setting

    def __call__(self, file):
        if not file:
            return
        if getattr(file, "_committed", False):
            return  # already stored, and checked when it was uploaded
        _check_size(file, getattr(settings, self.limit_setting))
        allowed = [kind for kind in (*ATTACHMENTS, WEBP) if kind.name in self.kinds]
        kind = detect(file)
        if kind not in allowed:
            _refuse(file, allowed)
        if kind.is_image:
            check_image(file, kind)

    def __eq__(self, other):
        return (
            isinstance(other, FileCheck)
            and self.kinds == other.kinds
            and self.limit_setting == other.limit_setting
        )


DOCUMENT_KIND_NAMES = tuple(kind.name for kind in ATTACHMENTS)
IMAGE_KIND_NAMES = tuple(kind.name for kind in IMAGES)
validate_attachment = FileCheck(DOCUMENT_KIND_NAMES, "MAX_ATTACHMENT_SIZE")
validate_image = FileCheck(IMAGE_KIND_NAMES, "MAX_IMAGE_SIZE")


@deconstructible
class UploadTo:
    """``upload_to`` that stores ``<folder>/<uuid4>.<extension>``: no name a user chose
    reaches the disk, and no address can be guessed from a document's title."""

    def __init__(self, folder):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename):
        kind = None
        field_file = _pending_file(instance, filename)
        if field_file is not None:
            kind = detect(field_file)
        extension = extension_for(kind, filename) if kind else "bin"
        return f"{self.folder}/{uuid.uuid4().hex}.{extension}"

    def __eq__(self, other):
        return isinstance(other, UploadTo) and self.folder == other.folder


def _pending_file(instance, filename):
    """The not-yet-stored file of ``instance`` whose name is ``filename``."""
    for field in instance._meta.fields:
        value = getattr(instance, field.attname, None)
        file = getattr(value, "file", None) if value else None
        if file is not None and not getattr(value, "_committed", True):
            if PurePath(value.name).name == PurePath(filename).name:
                return file
    return None


def describe(field_file):
    """(original name, content type) of a file about to be stored; for models' save()."""
    original = PurePath(field_file.name).name[:255]
    kind = detect(field_file.file)
    return original, (content_type_for(kind, original) if kind else "application/octet-stream")
