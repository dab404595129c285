"""A slug never takes an address that a fixed page holds (common/slugs.py): generated slugs
step around them, and one typed by hand is refused on the site's forms and in admin."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from common.slugs import reserved_slugs, unique_slug
from events.models import Event
from organizations.models import Organization, OrganizationKind
from practices.models import Practice
from tests.factories import EventFactory, OrganizationFactory, UserFactory, member_of, region

pytestmark = pytest.mark.django_db

REFUSED = "Этот адрес зарезервирован, выберите другой."


def _event_data(organization, **overrides):
    data = {
        "kind": "seminar",
        "title": "Семинар",
        "slug": "",
        "summary": "s",
        "organizer": organization.pk,
        "region": organization.region.pk,
        "start": "2030-06-03T10:00",
        "end": "2030-06-03T12:00",
        "format": "in-person",
        **overrides,
    }
    for prefix in ("programme", "partners", "visits", "materials"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def test_the_reserved_slugs_are_read_from_each_apps_fixed_pages():
    assert {"new", "feed", "topics", "export", "export-csv", "replications"} <= reserved_slugs(
        Practice
    )
    assert {"new", "feed", "applications", "calendar", "export"} <= reserved_slugs(Event)
    assert {"new", "invitations", "export"} <= reserved_slugs(Organization)


@pytest.mark.parametrize("model", [Practice, Event, Organization])
def test_a_generated_slug_is_never_reserved(model):
    for word in reserved_slugs(model):
        assert unique_slug(model, word) == f"{word}-2"


@pytest.mark.parametrize(("title", "slug"), [("New", "new-2"), ("Feed", "feed-2")])
def test_an_event_titled_like_a_fixed_page_gets_a_free_slug_and_is_reachable(client, title, slug):
    organization = OrganizationFactory(verified=True)
    client.force_login(member_of(organization))

    client.post(reverse("events:new"), _event_data(organization, title=title))
    event = Event.objects.get()
    page = client.get(event.get_absolute_url())

    assert event.slug == slug
    assert page.status_code == 200
    assert page.context["event"] == event


def test_an_organisation_named_like_a_fixed_page_gets_a_free_slug_and_is_reachable(client):
    client.force_login(UserFactory())

    client.post(
        reverse("organizations:new"),
        {"name": "New", "kind": OrganizationKind.NGO, "region": region().pk},
    )
    organization = Organization.objects.get(name="New")
    page = client.get(organization.get_absolute_url())

    assert organization.slug == "new-2"
    assert page.status_code == 200
    assert page.context["organization"] == organization


@pytest.mark.parametrize("slug", ["new", "feed", "applications", "calendar"])
def test_a_typed_reserved_event_slug_is_refused_with_a_message(client, slug):
    organization = OrganizationFactory(verified=True)
    client.force_login(member_of(organization))

    response = client.post(reverse("events:new"), _event_data(organization, slug=slug))

    assert response.status_code == 200
    assert response.context["form"].errors["slug"] == [REFUSED]
    assert not Event.objects.exists()


def test_an_edit_to_a_reserved_event_slug_is_refused(client):
    organization = OrganizationFactory(verified=True)
    event = EventFactory(organizer=organization, slug="seminar")
    client.force_login(member_of(organization))
    data = _event_data(organization, slug="new", version=event.version)

    response = client.post(reverse("events:edit", args=[event.slug]), data)

    assert response.context["form"].errors["slug"] == [REFUSED]
    event.refresh_from_db()
    assert event.slug == "seminar"


@pytest.mark.parametrize("slug", ["new", "invitations", "export"])
def test_admin_refuses_a_reserved_organisation_slug(slug):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    request = RequestFactory().get("/")
    request.user = superuser
    form_class = admin.site._registry[Organization].get_form(request)

    form = form_class(
        data={"name": "Фонд", "slug": slug, "kind": OrganizationKind.NGO, "region": region().pk}
    )

    assert not form.is_valid()
    assert form.errors["slug"] == [REFUSED]
