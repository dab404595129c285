import pytest

from tests.factories import EventFactory, InternshipFactory, OrganizationFactory


@pytest.fixture
def organization(db):
    """The organiser in these tests: a verified organisation, which publishes its events
    without review (tests/events/test_review.py covers unverified organisers)."""
    return OrganizationFactory(verified=True)


@pytest.fixture
def event(organization):
    """A published seminar of ``organization`` in ten days."""
    return EventFactory(organizer=organization)


@pytest.fixture
def internship(organization):
    """A published internship of ``organization`` with two places and a waiting list."""
    return InternshipFactory(organizer=organization)
