"""Small real files of every kind the upload checks accept or refuse, built in memory."""

import io
import random
import zipfile
import zlib

from PIL import Image, PngImagePlugin

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
RTF = b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Arial;}} \\f0 Hello}"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>'


def ooxml(folder="word/", part="document.xml"):
    """A minimal docx (``word/``), xlsx (``xl/``) or pptx (``ppt/``)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(folder + part, '<?xml version="1.0"?><document/>')
    return buffer.getvalue()


def opendocument(mimetype="application/vnd.oasis.opendocument.text"):
    """An OpenDocument file: a zip whose first entry, stored, is ``mimetype``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
    return buffer.getvalue()


def plain_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


def image(fmt="PNG", size=(40, 30), mode="RGB", noise=False, **options):
    """An image made with Pillow; ``noise`` fills it with random pixels, so its compressed
    data looks like a photo's (close to random bytes)."""
    picture = Image.new(mode, size, "white")
    if noise:
        rng = random.Random(7)
        picture = Image.frombytes(mode, size, rng.randbytes(len(picture.tobytes())))
    buffer = io.BytesIO()
    picture.save(buffer, fmt, **options)
    return buffer.getvalue()


def png_with_text(key, value):
    info = PngImagePlugin.PngInfo()
    info.add_text(key, value)
    return image("PNG", pnginfo=info)


def _chunk(kind, body):
    return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")


def grey_png(rows):
    """A greyscale PNG written by hand from ``rows`` (equal-length bytes), its picture data
    stored uncompressed and unfiltered: the rows appear in the file as they are."""
    header = (
        len(rows[0]).to_bytes(4, "big") + len(rows).to_bytes(4, "big") + b"\x08\x00\x00\x00\x00"
    )
    pixels = zlib.compress(b"".join(b"\x00" + row for row in rows), 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
    )
