import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from common.lists import RememberedChoices
from tests.factories import ModeratorFactory, OrganizationFactory, UserFactory, member_of


def pytest_collection_modifyitems(config, items):
    """Every transactional test also restores the database serialised before the run: the
    flush after a plain transactional test empties the rows the migrations wrote (the 89
    regions, content types) for every test after it, and a later serialised test then
    collides with the content types the flush re-creates. Fail the run before it starts."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            raise pytest.UsageError(
                f"{item.nodeid}: django_db(transaction=True) needs serialized_rollback=True"
            )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_filter_options():
    """Filters' remembered options (common.lists.RememberedChoices) are this test's rows."""
    RememberedChoices.forget()


@pytest.fixture(autouse=True)
def _russian_by_default():
    """Each test starts in the default language, whatever the previous one activated."""
    translation.activate("ru")
    yield
    translation.deactivate()


@pytest.fixture
def organization(db):
    return OrganizationFactory()


@pytest.fixture
def other_organization(db):
    return OrganizationFactory()


@pytest.fixture
def member(organization):
    """An editor of ``organization``."""
    return member_of(organization)


@pytest.fixture
def manager(organization):
    return member_of(organization, role="manager")


@pytest.fixture
def outsider(other_organization):
    """A member of another organisation."""
    return member_of(other_organization, role="manager")


@pytest.fixture
def moderator(db):
    return ModeratorFactory()


@pytest.fixture
def user(db):
    """A signed-up user with no organisation."""
    return UserFactory()


@pytest.fixture
def read_sitemap(client):
    """``read_sitemap()``: every page the sitemap index at /sitemap.xml lists, as one text."""

    def read():
        index = client.get("/sitemap.xml").content.decode()
        pages = re.findall(r"<loc>http://testserver(/sitemap-[^<]+)</loc>", index)
        assert pages, index
        return "".join(client.get(page.replace("&amp;", "&")).content.decode() for page in pages)

    return read


@pytest.fixture
def count_queries(db):
    """``count_queries(fn)`` runs ``fn`` and returns how many SQL queries it made."""

    def run(fn):
        with CaptureQueriesContext(connection) as context:
            fn()
        return len(context.captured_queries)

    return run
