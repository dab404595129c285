"""Uploaded files served by the application, after the owning object's permission check.

Nothing under ``MEDIA_ROOT`` has a public address: a view first decides whether the user may
see the object (a draft's files are 404 to everyone who may not see the draft), then calls
``file_response``. The response is hardened for content the site did not write itself:

* ``X-Content-Type-Options: nosniff`` and the type detected at upload (never guessed);
* ``Content-Disposition: attachment`` for everything but images, with the original name;
* ``Content-Security-Policy: sandbox``: even a file a browser renders runs no script
  and has no access to the site's origin.

By default the file is streamed by Django (``FileResponse``), so ``make run`` and a plain
gunicorn work. Behind nginx set ``FILES_X_ACCEL_REDIRECT`` to an internal location
(e.g. ``/protected-media/``): the response then carries only the headers and an
``X-Accel-Redirect`` to that location, and nginx sends the bytes (docs/deployment.md).
nginx keeps only Content-Type, Content-Disposition, Cache-Control and a few others of such a
response: that location must add ``nosniff`` and the sandbox policy itself.
"""

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

SANDBOX_POLICY = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp"}
# Images are stored under the extension of the type found in their bytes (common.uploads).
IMAGE_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def image_name(field_file, stem):
    """The name a logo or cover is served under: its owner's slug and the stored extension."""
    return f"{stem}.{field_file.name.rsplit('.', 1)[-1]}" if field_file else ""


def image_response(field_file, *, stem, public):
    """``file_response`` for a logo or cover, named and typed from the stored extension."""
    name = image_name(field_file, stem)
    return file_response(
        field_file,
        download_name=name,
        content_type=IMAGE_TYPES.get(name.rsplit(".", 1)[-1], ""),
        public=public,
    )


def file_response(field_file, *, download_name, content_type="", public=False):
    """The response for ``field_file`` (a FieldFile). ``public``: the owning object is
    visible to everyone, so shared caches may keep it for an hour."""
    if not field_file:
        raise Http404
    content_type = content_type or "application/octet-stream"
    as_attachment = content_type not in INLINE_TYPES
    prefix = settings.FILES_X_ACCEL_REDIRECT
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(field_file.name)
    else:
        try:
            handle = field_file.open("rb")
        except (FileNotFoundError, OSError) as exc:
            raise Http404 from exc
        response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, download_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_POLICY
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if public:
        patch_cache_control(response, public=True, max_age=3600)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
