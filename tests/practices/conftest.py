import pytest
from django.urls import reverse

from organizations.models import OrganizationKind
from tests.factories import DraftPracticeFactory, OrganizationFactory, PracticeFactory, member_of


@pytest.fixture
def resource_centre(db):
    """A resource centre that a moderator has verified (a trusted publisher)."""
    return OrganizationFactory(kind=OrganizationKind.RESOURCE_CENTRE, verified=True)


@pytest.fixture
def rc_member(resource_centre):
    """An editor of a verified resource centre: publishes its practices directly."""
    return member_of(resource_centre)


@pytest.fixture
def draft(organization, member):
    return DraftPracticeFactory(organization=organization, created_by=member)


@pytest.fixture
def published(organization):
    return PracticeFactory(organization=organization)


@pytest.fixture
def as_user(client):
    """Signs ``client`` in as the given user (None stays anonymous) and returns it."""

    def sign_in(user):
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


def action_url(practice, action):
    if action == "return":
        return reverse("practices:return", args=[practice.slug])
    return reverse("practices:action", args=[practice.slug, action])
