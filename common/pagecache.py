"""Whole-page cache for anonymous visitors, invalidated when anything they could see changes.

Most visits are anonymous reads of the same few lists and passports (rural connections in
Yakutia, search engines), so a list page rendered once serves everyone until something
changes. ``AnonymousPageCacheMiddleware`` caches the pages named in
``settings.PAGE_CACHE_URL_NAMES`` for ``settings.PAGE_CACHE_SECONDS`` (0 turns it off):

* only GET and HEAD, only without a session or messages cookie (a signed-in page, or one
  with a message to show, is never cached), only a 200 that sets no cookie and is not
  marked private or no-store;
* the key holds a *generation*, the language and the full path with its query string;
* a hit keeps the page's ``Content-Disposition`` and ``ETag`` and answers a matching
  ``If-None-Match`` with 304 (the calendar file, which calendar apps poll);
* ``bump_generation()`` (called by the project on every save and delete of a domain row)
  moves every key to a new generation at once: old entries are never read again and
  expire by themselves.

The cache is Django's default cache (``CACHE_URL``): local memory per process by default,
Redis in production so that every app server sees the same generation.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language

GENERATION_KEY = "page-cache:generation"
# Headers a cached page keeps besides its type: a calendar file's name and its ETag (the
# security headers are added again by their middleware on every response).
KEPT_HEADERS = ("Content-Disposition", "ETag")


def generation():
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def page_key(full_path):
    """The cache key of a page: this generation, the active language, path and query."""
    raw = f"{generation()}:{get_language()}:{full_path}"
    return "page-cache:" + hashlib.sha256(raw.encode()).hexdigest()


def bump_generation(**kwargs):
    """Invalidate every cached page (signal receivers pass keyword arguments)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key and self._storable(response):
            kept = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(
                key,
                (response.content, response["Content-Type"], kept),
                settings.PAGE_CACHE_SECONDS,
            )
            response["X-Page-Cache"] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self._cacheable(request):
            return None
        key = page_key(request.get_full_path())
        cached = cache.get(key)
        if cached is None:
            request._page_cache_key = key
            return None
        content, content_type, *kept = cached
        response = HttpResponse(content, content_type=content_type)
        for header, value in (kept[0] if kept else {}).items():
            response[header] = value
        response["X-Page-Cache"] = "hit"
        if response.has_header("ETag"):  # a calendar app's If-None-Match: 304, no body
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response

    @staticmethod
    def _cacheable(request):
        match = request.resolver_match
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and match is not None
            and match.view_name in settings.PAGE_CACHE_URL_NAMES
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
        )

    @staticmethod
    def _storable(response):
        control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in control
            and "no-store" not in control
        )
