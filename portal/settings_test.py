"""Test settings: the real settings with fast hashing and in-memory mail."""

from portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
AXES_ENABLED = False
# The tests run in one process, whose local-memory cache every request shares: sessions
# are read as with Redis in production (portal/settings.py).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
PAGE_CACHE_SECONDS = 0  # a page cached in one test must not answer another; see test_cache.py
FRAGMENT_CACHE_SECONDS = 0  # likewise
SECURE_SSL_REDIRECT = False
STATIC_ROOT = None  # whitenoise looks for no collected files in tests
WHITENOISE_AUTOREFRESH = True
# The read API's rate limit counts every request from 127.0.0.1 in the shared cache: high
# enough for the whole suite (tests/api/test_throttling.py sets a low one to see the 429).
API_ANON_RATE = "100000/min"
