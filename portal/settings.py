"""Settings for the NGO portal, read only from the environment (django-environ).

Every variable has a safe laptop default except DJANGO_SECRET_KEY, which is required
once DJANGO_DEBUG is off. A malformed value raises ImproperlyConfigured at start.
"""

import re
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def _bool(name, default):
    """A boolean variable that rejects anything but the usual spellings."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def _int(name, default):
    try:
        return env.int(name, default=default)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number.") from exc


DEBUG = _bool("DJANGO_DEBUG", True)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-laptops"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",  # search lookups; inert on SQLite
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "import_export",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from here (no CDN)
    "corsheaders",
    # Ours in layer order. Their order against the apps above does not matter: no template,
    # static file, tag library or command of theirs shares a name with another app's (the
    # registration pages that override admin's are in templates/, and DIRS always wins).
    "organizations",
    "practices",
    "events",
    "notifications",
    "api",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # before any that answers (only /api/)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "common.pagecache.AnonymousPageCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: a SQLite file on a laptop, PostgreSQL through DATABASE_URL in production.
_database_url = env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    if _database_url.split("://", 1)[0] not in environ.Env.DB_SCHEMES:
        raise ValueError("unknown scheme; use postgres://, sqlite:///")
    DATABASES = {"default": env.db_url_config(_database_url)}
except (ValueError, KeyError, environ.ImproperlyConfigured) as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = _int("DJANGO_CONN_MAX_AGE", 0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Anonymous pages are cached whole (common/pagecache.py) and invalidated on every write; with
# several processes use a shared cache (Redis) so that they all see the invalidation.
PAGE_CACHE_SECONDS = _int("PAGE_CACHE_SECONDS", 300)
# Heavy parts of pages that signed-in people see (a passport's texts, an event's programme),
# cached by the same generation (portal_tags.fragment_cache); 0 turns it off.
FRAGMENT_CACHE_SECONDS = _int("FRAGMENT_CACHE_SECONDS", 600)
PAGE_CACHE_URL_NAMES = {
    "home",
    "practices:list",
    "practices:detail",
    "practices:topics",
    "practices:topic",
    "events:list",
    "events:detail",
    "events:calendar-ics",  # polled by calendar apps; 0.3 s to write 500 events
    "organizations:list",
    "organizations:detail",
    "organizations:region-list",
    "organizations:region-detail",
    "projects:list",
    "projects:detail",
}
try:
    CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
except (ValueError, KeyError, environ.ImproperlyConfigured) as exc:
    raise ImproperlyConfigured(f"CACHE_URL is not a valid cache URL: {exc}") from exc
# Sessions are written to the database and, where every process shares the cache (Redis),
# read from it: one query fewer on every signed-in page. A local-memory cache is one
# process's own: a session ended in one process (signing out) would live on in another's
# copy, so sessions are then read from the database.
_PROCESS_CACHES = ("LocMemCache", "DummyCache")
SESSION_ENGINE = "django.contrib.sessions.backends." + (
    "db" if CACHES["default"]["BACKEND"].endswith(_PROCESS_CACHES) else "cached_db"
)

try:
    vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
except (ValueError, KeyError, environ.ImproperlyConfigured) as exc:
    raise ImproperlyConfigured(f"EMAIL_URL is not a valid e-mail URL: {exc}") from exc
# Every message is stored (notifications.OutgoingMail) and sent by a task after the commit;
# the task delivers it through the backend EMAIL_URL names (the console on a laptop).
EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND  # noqa: F821 - set from EMAIL_URL just above
EMAIL_BACKEND = "notifications.backends.QueuedEmailBackend"
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# An unsubscribe address for the List-Unsubscribe header besides the one-click link (optional).
UNSUBSCRIBE_MAILTO = env.str("UNSUBSCRIBE_MAILTO", default="")

# Background tasks (django-tasks): run at once on a laptop and in tests, stored in the
# database and run by `manage.py db_worker` in production; RQ with Redis for a larger network
# (docs/deployment.md).
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate" if DEBUG else "database")
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
if TASKS_BACKEND == "rq":  # pip install django-tasks-rq (it brings django-rq)
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's password backend, reading the moderator flag and the roles with the user.
    "organizations.backends.MemberBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# Login throttling (django-axes): lock a username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = _int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = _int("AXES_PROXY_COUNT", 0)

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
# The project's one catalogue. LOCALE_PATHS wins over every app's catalogue, Django's own
# included, so a word we translate differently from Django ("Summary", "name") shows ours
# everywhere, admin too.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# Our own files and what `make install` builds (css/bootstrap.css); nothing from node_modules.
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "assets" / "build"]
# Stored files have no public address: /files/<name> (what admin and form widgets link to)
# redirects to the file's address under its object, which applies the object's visibility.
MEDIA_URL = "/files/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Content-Security-Policy (django-csp): no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Permissions-Policy (django-permissions-policy): the portal uses none of these browser
# features, so no page and no embedded frame may ask for them. browsing-topics replaces the
# withdrawn interest-cohort (FLoC), which browsers now report as an unknown feature.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "ambient-light-sensor": [],
    "autoplay": [],
    "bluetooth": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "local-fonts": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

# The read API (api/, /api/v1/): Django REST framework, read-only and anonymous for everyone
# (no authentication: a signed-in visitor sees the same public data), JSON only, a rate
# limit per client address counted in the default cache, the schema by drf-spectacular.
API_ANON_RATE = env.str("API_ANON_RATE", default="120/min")
if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", API_ANON_RATE):
    raise ImproperlyConfigured("API_ANON_RATE must read like 120/min (per s, min, hour or day).")
# How long browsers and proxies may reuse an API answer before asking again (with its ETag).
API_CACHE_SECONDS = _int("API_CACHE_SECONDS", 60)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
    # ``format`` is the events' filter (in-person, online, hybrid), not a renderer's name.
    "URL_FORMAT_OVERRIDE": None,
    # The client's address for the rate limit: the proxies' entry in X-Forwarded-For (as for
    # login throttling, AXES_PROXY_COUNT); none means the connection's own address.
    "NUM_PROXIES": AXES_IPWARE_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "NGO practices portal: read API",
    "DESCRIPTION": (
        "What the portal's pages show, as JSON: regions, topics, organisations, practices "
        "(the whole passport), replications, events with their programme, grant projects. "
        "Read-only and public: only what the pages show to everyone, with the same consent "
        "rules for people. The lists take the pages' filters; pages are cursors; answers "
        "carry ETag and Last-Modified for conditional requests (304). Write access (tokens) "
        "is not offered."
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choices that several models name alike ("kind", "status", "format") get distinct enums.
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "organizations.models.OrganizationKind",
        "FederalDistrictEnum": "organizations.models.FederalDistrict",
        "EventKindEnum": "events.models.EventKind",
        "EventFormatEnum": "events.models.EventFormat",
        "EventStatusEnum": "events.models.EventStatus",
        "ProgrammeItemKindEnum": "events.models.ProgrammeItemKind",
        "PartnerRoleEnum": "events.models.PartnerRole",
        "PracticeFormatEnum": "practices.models.PracticeFormat",
        "BudgetRangeEnum": "practices.models.BudgetRange",
        "ReplicationStatusEnum": "practices.models.ReplicationStatus",
        "IndicatorSourceEnum": "organizations.models.IndicatorSource",
    },
}
# CORS (django-cors-headers) for the API only: any site may read it from a browser, with GET;
# no cookies or credentials are accepted or needed.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-modified-since", "if-none-match"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]
CORS_PREFLIGHT_MAX_AGE = 86400

# Security behind a TLS-terminating proxy; each switch is an environment variable.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = _bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True  # no script of ours reads it
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
SECURE_HSTS_SECONDS = _int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = _bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# /healthz answers plain HTTP so a load balancer can probe it behind the proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Upload limits: checked by the validators of every file field (common/uploads.py).
MAX_ATTACHMENT_SIZE = _int("MAX_ATTACHMENT_SIZE_MB", 10) * 1024 * 1024
MAX_IMAGE_SIZE = _int("MAX_IMAGE_SIZE_MB", 3) * 1024 * 1024
# A small file can still decode to a huge picture (a 17 KB PNG of 12000×12000 pixels).
MAX_IMAGE_PIXELS = _int("MAX_IMAGE_MEGAPIXELS", 40) * 1_000_000
# Uploaded files are served by the application after a permission check (common/files.py);
# behind nginx, an internal location that maps to MEDIA_ROOT lets nginx send the bytes.
FILES_X_ACCEL_REDIRECT = env.str("FILES_X_ACCEL_REDIRECT", default="")

# In development whitenoise serves straight from the finders; production uses collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
