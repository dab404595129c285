"""schemathesis against the API's own schema, in process through the WSGI application: for
every operation, generated requests, valid ones and invalid ones, never get a 5xx, and every
answer matches the schema (status code, content type, headers, body); an invalid request is
refused with a 4xx and a valid one accepted. Bounded (20 examples an operation and mode) so
that it runs in well under a minute on SQLite and on PostgreSQL.

schemathesis' pytest integration (``from_fixture``) does not run under pytest 9.2 (it sets
a node attribute pytest no longer has), and the schema needs the test database (its enums
list the regions and topics), so the test draws cases from each operation's Hypothesis
strategy itself, as schemathesis documents for use with ``@given``.

Dates: the events' ``from`` and ``to`` take a date within 2000–2100 (``BoundedDateField``),
which OpenAPI cannot say of a date; the hook keeps generated valid dates within it."""

import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from portal.wsgi import application

pytestmark = pytest.mark.django_db

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
EXAMPLES = 20
RESOURCES = [
    "regions",
    "topics",
    "organizations",
    "practices",
    "replications",
    "events",
    "projects",
]


@schemathesis.hook
def map_query(context, query):
    """A valid date outside 2000–2100 becomes one inside it (the FilterSet refuses the rest
    with 400, as it should, but the schema cannot express the range). The year becomes a
    leap year, so that a generated 29 February stays a date (2026-02-29 was refused, and
    the test failed on the hook's own doing)."""
    for name in ("from", "to"):
        value = (query or {}).get(name)
        if isinstance(value, str) and _DATE.fullmatch(value) and not "2000" <= value[:4] <= "2100":
            query[name] = "2024" + value[4:]
    return query


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """The WSGI handler closes the database connection after each request, as it should in
    production; here it would close the test's own transaction (on PostgreSQL). Django's test
    client disconnects the same receivers."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def operations():
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_answers_as_its_schema_says(world, wsgi_keeps_the_test_connection, mode):
    checked = []
    for operation in operations():

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate()

        try:
            check()
        except Unsatisfiable:
            # Nothing of this operation can be made invalid: a detail's address takes any
            # text (an unknown one is a 404), and its headers any string.
            assert mode == GenerationMode.NEGATIVE, operation.label
            continue
        checked.append(operation.label)

    lists = {f"GET /api/v1/{name}/" for name in RESOURCES}
    if mode == GenerationMode.POSITIVE:
        assert len(checked) == 1 + 2 * len(RESOURCES)  # the root, each list and detail
    else:
        assert lists <= set(checked)  # every list's filters and pagination, made invalid
