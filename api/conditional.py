"""Conditional GET for the read API: ``ETag`` and ``Last-Modified``, and 304 answers.

The ETag is a hash of the body itself, so it changes exactly when what the client would
receive changes, whichever row behind it moved (a practice, its organisation's name, a
topic's translation, a replication's status): no list of timestamps to keep complete.
The answer is still computed before it is compared; a 304 saves the transfer, which is
what rural connections pay for.

``Last-Modified`` is when this address (with its query and language) first gave the
current body, as recorded in the default cache: the record holds the body's hash and the
time, and a new body takes a time later than any the address gave before (whole seconds, as
HTTP dates have), so an ``If-Modified-Since`` from any earlier answer sees the change. A
forgotten record (an evicted key, a restart with the local-memory cache) only makes the time
newer: clients download again, never keep a stale copy. Several processes need a shared
cache (Redis, ``CACHE_URL``), as the page cache does.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language

# How long an address's record is kept once nobody asks for it.
RECORD_SECONDS = 60 * 60 * 24 * 30


def conditional_response(request, response):
    """``response`` (a rendered-to-be 200) with ETag, Last-Modified and Cache-Control, or a
    304 Not Modified when the request's If-None-Match / If-Modified-Since match."""
    response.render()
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:40] + '"'
    last_modified = changed_at(request, etag)
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(last_modified)
    response.headers["Cache-Control"] = f"public, max-age={settings.API_CACHE_SECONDS}"
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )


def changed_at(request, etag):
    """When this address first gave the body ``etag`` (a Unix time in whole seconds)."""
    raw = f"{get_language()}:{request.get_full_path()}"
    key = "api:changed:" + hashlib.sha256(raw.encode()).hexdigest()
    record = cache.get(key)
    if record and record[0] == etag:
        return record[1]
    since = math.ceil(time.time())
    if record:
        since = max(since, record[1] + 1)
    cache.set(key, (etag, since), RECORD_SECONDS)
    return since


class ConditionalGetMixin:
    """For DRF views: a 200 to GET or HEAD gets ETag and Last-Modified, or becomes a 304."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            return conditional_response(request, response)
        return response
