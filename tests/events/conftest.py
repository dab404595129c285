import pytest

from tests.factories import EventFactory, InternshipFactory


@pytest.fixture
def event(organization):
    """A published seminar of ``organization`` in ten days."""
    return EventFactory(organizer=organization)


@pytest.fixture
def internship(organization):
    """A published internship of ``organization`` with two places and a waiting list."""
    return InternshipFactory(organizer=organization)
