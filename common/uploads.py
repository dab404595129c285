"""Uploaded files: checked by what they contain, stored under generated names.

A file's name says nothing about what it is: an HTML page renamed ``report.pdf`` is still
HTML, and a browser that is handed it may run its scripts. So every file field takes an
allow-list of *kinds*, and a kind is recognised by the file's bytes:

* documents: PDF, the OOXML formats (docx, xlsx, pptx: a zip with ``[Content_Types].xml``
  and the format's folder), OpenDocument (odt, ods, odp: a zip whose first entry
  ``mimetype`` names the format), the old binary Office formats (OLE2), RTF, and plain text
  or CSV (named .txt or .csv) that decodes as UTF-8 or Windows-1251 and holds no markup;
* images: JPEG, PNG and WebP, opened with Pillow, at most ``MAX_IMAGE_PIXELS`` pixels, with
  nothing after the image's end (found by walking its structure) and no markup in its
  metadata.

HTML, SVG, XML and scripts match no kind, whatever they are called. ``puremagic`` names
what a refused file looks like, for the error message.

Files are stored as ``<folder>/<uuid>.<extension of the detected kind>``; models keep the
original name for display and for ``Content-Disposition``.
"""

import io
import re
import uuid
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image


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
# What a browser would treat as a page or a script: searched in all of a text, and in an
# image's metadata and first bytes (see check_image).
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
            # Read a few bytes, not the whole entry: it could be a deflated gigabyte.
            with archive.open("mimetype") as entry:
                return _OPENDOCUMENT.get(entry.read(100).strip())
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError, zlib.error):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for folder, kind in _OOXML_FOLDERS.items():
        if any(name.startswith(folder) for name in names):
            return kind
    return None


def _text_kind(data):
    # A document that opens with a tag (any XML, XHTML, a page without <html>) is markup,
    # as browsers' sniffing would also decide; so is anything with a PHP opening tag.
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n\x0c")
    if not start or start.startswith(b"<") or b"\x00" in data or b"<?php" in data:
        return None
    if _MARKUP.search(data):
        return None
    return TEXT if _decodes(data, "utf-8") or _decodes(data, "cp1251") else None


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


def _extensions(kind):
    if kind == OLE:
        return list(OLE_EXTENSIONS)
    if kind == TEXT:
        return list(TEXT_EXTENSIONS)
    return [kind.extension]


def _refuse(file, allowed):
    accepted = [extension.upper() for kind in allowed for extension in _extensions(kind)]
    names = ", ".join(accepted)
    seen = looks_like(file)
    # puremagic calls any zip "DOCX" and any text nothing: a guess that names an accepted
    # format would only contradict the refusal.
    if seen and seen not in accepted:
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


# The image's structure is walked rather than searched: compressed picture data is close to
# random bytes, and a search through megabytes of it finds "<svg" in about one photo of a
# hundred. So markup is looked for in the metadata (comments, EXIF, XMP, text chunks) and the
# first bytes (what content sniffers read), and "nothing appended" means nothing after the
# image's real end, found from its structure.


def _png_parts(data):
    """(metadata, end) of a PNG: every chunk but the picture data (IDAT), and where IEND
    ends; None when the chunks run past the file's end."""
    metadata, pos = [], 8
    while pos + 12 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        chunk_type = data[pos + 4 : pos + 8]
        if chunk_type != b"IDAT":
            metadata.append(data[pos + 8 : pos + 8 + length])
        pos += 12 + length  # length, type, data, CRC
        if chunk_type == b"IEND":
            return metadata, pos
    return None


def _jpeg_scan_end(data, pos):
    """Where the entropy-coded data from ``pos`` ends: at the first 0xFF that is not a
    stuffed byte (FF 00), a restart marker (FF D0–D7) or fill (FF FF)."""
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= len(data):
            return None
        following = data[pos + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            pos += 2
        elif following == 0xFF:
            pos += 1
        else:
            return pos


def _jpeg_parts(data, pos=0):
    """(metadata, end) of the JPEG starting at ``pos``: the bodies of its segments (APPn,
    COM, tables) and where its end marker ends; None when the structure is broken."""
    metadata = []
    pos += 2  # start of image
    while pos + 1 < len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill
            pos += 1
        elif marker == 0xD9:  # end of image
            return metadata, pos + 2
        elif marker == 0x01 or 0xD0 <= marker <= 0xD7:  # no length
            pos += 2
        else:
            length = int.from_bytes(data[pos + 2 : pos + 4], "big")
            if marker != 0xDA:
                metadata.append(data[pos + 4 : pos + 2 + length])
            pos += 2 + length
            if marker == 0xDA:  # start of scan: the picture data follows
                pos = _jpeg_scan_end(data, pos)
                if pos is None:
                    return None
    return None


def _jpeg_with_extra_images(data):
    """A camera may store more pictures after the first one's end (MPF: HDR gain maps,
    depth maps); each must be a whole JPEG too."""
    parts = _jpeg_parts(data)
    metadata = []
    while parts is not None:
        metadata += parts[0]
        end = parts[1]
        if not data.startswith(b"\xff\xd8\xff", end):
            return metadata, end
        parts = _jpeg_parts(data, end)
    return None


def _webp_parts(data):
    """(metadata, end) of a WebP: every RIFF chunk but the picture data, and the length the
    RIFF header declares; None when the file is shorter than that."""
    end = 8 + int.from_bytes(data[4:8], "little")
    if end > len(data):
        return None
    metadata, pos = [], 12
    while pos + 8 <= end:
        fourcc = data[pos : pos + 4]
        size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        if fourcc not in (b"VP8 ", b"VP8L", b"ALPH", b"ANMF"):
            metadata.append(data[pos + 8 : pos + 8 + size])
        pos += 8 + size + (size & 1)  # chunks are padded to an even length
    return metadata, end


_IMAGE_PARTS = {JPEG: _jpeg_with_extra_images, PNG: _png_parts, WEBP: _webp_parts}


def check_image(file, kind):
    """Opens the image with Pillow; raises ValidationError for a broken, oversized or
    doctored one. Returns (width, height)."""
    data = _read_all(file)
    parts = _IMAGE_PARTS[kind](data)
    if parts is None:
        raise ValidationError(_("The image is damaged."), code="image_damaged")
    metadata, end = parts
    if (
        data[end:].strip(b"\x00\t\r\n ")
        or _MARKUP.search(data[:_HEAD])
        or _MARKUP.search(b"\x00".join(metadata))
    ):
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
    except Exception as exc:  # Pillow's plugins raise many kinds for a broken file
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
        if kind == TEXT and _suffix(file.name) not in ("", *TEXT_EXTENSIONS):
            # A script is plain text too: "setup.bat" or "run.js" would run on a double click.
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
# The fields' help texts, next to the rules they describe.
ATTACHMENT_HELP = _("PDF, office documents, plain text or JPEG/PNG images.")
IMAGE_HELP = _("JPEG, PNG or WebP.")


@deconstructible
class UploadTo:
    """``upload_to`` that stores ``<folder>/<uuid4>.<extension>``: no name a user chose
    reaches the disk, and no address can be guessed from a document's title."""

    def __init__(self, folder):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename):
        field_file = _pending_file(instance, filename)
        kind = detect(field_file) if field_file is not None else None
        if kind is not None:
            extension = extension_for(kind, filename)
        else:
            # Code that calls FieldFile.save(name, content) keeps the content out of reach
            # here (forms assign the file first, so uploads never come this way): the name's
            # extension is kept when it is an accepted one. Files are served by that extension.
            extension = {"jpeg": "jpg"}.get(_suffix(filename), _suffix(filename))
            known = {ext for kind in (*ATTACHMENTS, WEBP) for ext in _extensions(kind)}
            extension = extension if extension in known else "bin"
        return f"{self.folder}/{uuid.uuid4().hex}.{extension}"

    def __eq__(self, other):
        return isinstance(other, UploadTo) and self.folder == other.folder


def _pending_file(instance, filename):
    """The not-yet-stored file of ``instance`` whose name is ``filename``."""
    for field in instance._meta.fields:
        value = getattr(instance, field.attname, None)
        # _committed first: reading .file of a stored FieldFile would open it from storage.
        if (
            value
            and not getattr(value, "_committed", True)
            and PurePath(value.name).name == PurePath(filename).name
        ):
            return value.file
    return None


def _suffix(name):
    return PurePath(name or "").suffix.lower().lstrip(".")


def describe(field_file):
    """(display name, content type) of a file about to be stored; for models' save().

    The display name is the original one with the extension of what the file *is*, so a
    download never reaches the desktop under an extension that would run it."""
    original = PurePath(field_file.name).name
    kind = detect(field_file.file)
    if kind is None:
        return original[:255], "application/octet-stream"
    extension = extension_for(kind, original)
    stem = PurePath(original).stem if _suffix(original) == extension else original
    content_type = content_type_for(kind, original)
    if kind == TEXT and not _decodes(_read_all(field_file.file), "utf-8"):
        content_type = content_type.replace("utf-8", "windows-1251")  # _text_kind's other
    return f"{stem[:240]}.{extension}", content_type


def _decodes(data, encoding):
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True
