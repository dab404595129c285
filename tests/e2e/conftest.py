"""The browser suite: pytest-playwright driving Debian's Chromium against Django's live server.

Playwright's own browser download does not work on our machines, so the tests launch the
system Chromium (``E2E_CHROMIUM``, default /usr/bin/chromium). Without it they are skipped with
the reason, unless ``E2E_REQUIRED=1`` (CI sets it): then a missing browser is a failure.

Screenshots go to ``E2E_SCREENSHOTS`` (default: a temporary directory, so an ordinary run does
not rewrite the committed set in docs/screenshots/).
"""

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client

# The sync Playwright API runs an event loop in the main thread; Django refuses ORM calls there
# unless told that this is deliberate (the test code and the live server never run concurrently
# on one connection: the server thread has its own).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("E2E_REQUIRED", "") not in ("", "0")
ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "e2e-demo-password"
TIMEOUT_MS = 5_000
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = {"375": PHONE, "1280": DESKTOP}

# Each test gets the demo world in a fresh database: the live server answers from its own
# thread, so the data must be committed (transaction=True), and the data migrations' rows
# (regions, topics) come back after each flush (serialized_rollback=True).
e2e = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _missing():
    checks = [
        (Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
        (AXE_JS.exists(), f"no {AXE_JS.relative_to(ROOT)} (npm ci)"),
    ]
    return "; ".join(reason for ok, reason in checks if not ok)


MISSING = _missing()


def pytest_collection_modifyitems(config, items):
    """Without a browser the suite is skipped with the reason; in CI (E2E_REQUIRED=1) it runs
    and fails in ``browser_type_launch_args`` instead."""
    if MISSING and not REQUIRED:
        skip = pytest.mark.skip(reason=f"browser suite: {MISSING}")
        for item in items:
            if "e2e" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if MISSING:
        pytest.fail(f"E2E_REQUIRED is set but the browser suite cannot run: {MISSING}")
    return {**browser_type_launch_args, "executable_path": CHROMIUM}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP, "locale": "ru-RU"}


@pytest.fixture(autouse=True)
def _e2e_settings(request, settings):
    """Cookies over the live server's plain http, and short waits."""
    if "e2e" not in request.keywords:
        return
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False


@pytest.fixture
def context(context):
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(2 * TIMEOUT_MS)
    return context


@pytest.fixture(scope="session")
def migrated_data(django_db_setup, django_db_blocker):
    """The rows the data migrations wrote (regions, topics, the moderators' group), as
    serialized_rollback restores them before each test. Django keeps them on the connection
    object, which the code under Playwright's event loop may not see (database connections are
    per context): keep them here, read while the database is still as migrated (the browser
    tests are the first transactional ones in a run: tests/e2e sorts before the others)."""
    with django_db_blocker.unblock():
        data = getattr(connection, "_test_serialized_contents", None)
        data = data or connection.creation.serialize_db_to_string()
    assert '"organizations.region"' in data, "the test database lost its migrated rows"
    return data


@pytest.fixture
def demo(transactional_db, migrated_data):
    """The seed's world with the demo accounts (demo-admin, demo-moderator, demo-staff,
    demo-leader), all with the password ``PASSWORD``."""
    if not hasattr(connection, "_test_serialized_contents"):
        # What serialized_rollback does when it sees the rows: restore them now, and flush
        # without post_migrate after the test.
        connection._test_serialized_contents = migrated_data
        connection.creation.deserialize_db_from_string(migrated_data)
    call_command("load_demo", accounts=True, password=PASSWORD, stdout=io.StringIO())


@pytest.fixture
def sign_in(live_server):
    """``sign_in(context, username)``: the browser context carries that user's session, made by
    the test client (fast; the real login form has its own journey)."""

    def add_session(browser_context, username):
        client = Client()
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        browser_context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        return user

    return add_session


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory):
    path = os.environ.get("E2E_SCREENSHOTS")
    directory = Path(path) if path else tmp_path_factory.mktemp("screenshots")
    directory.mkdir(parents=True, exist_ok=True)
    return directory
