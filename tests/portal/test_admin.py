import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import (
    EventFactory,
    GrantProgrammeFactory,
    OrganizationFactory,
    PracticeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MODEL_ADMINS = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in {"auth", "organizations", "practices", "events"}
)


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(("app", "model"), MODEL_ADMINS, ids=lambda v: str(v))
def test_every_admin_changelist_loads_and_searches(superuser_client, app, model):
    url = reverse(f"admin:{app}_{model}_changelist")

    plain = superuser_client.get(url)
    searched = superuser_client.get(url, {"q": "Якутия <script>"})

    assert plain.status_code == 200
    assert searched.status_code == 200


@pytest.mark.parametrize(("app", "model"), MODEL_ADMINS, ids=lambda v: str(v))
def test_every_admin_add_form_loads(superuser_client, app, model):
    response = superuser_client.get(reverse(f"admin:{app}_{model}_add"))

    assert response.status_code == 200


def test_admin_is_closed_to_non_staff(client, user):
    client.force_login(user)

    response = client.get(reverse("admin:organizations_organization_changelist"))

    assert response.status_code == 302


def test_organisation_admin_exports_csv(superuser_client, organization):
    response = superuser_client.post(
        reverse("admin:organizations_organization_export"),
        {
            "format": "0",
            "resource": "0",
            **{f"organizationresource_{f}": "on" for f in ["slug", "name", "region"]},
        },
    )

    assert response.status_code == 200
    assert organization.slug in response.content.decode("utf-8-sig")


# --- at network size: searches by the full-text index, no list of every row ---


def test_admin_search_finds_practices_by_a_word_form_and_by_address(superuser_client):
    school = PracticeFactory(title="Школа соседских инициатив", slug="shkola")
    PracticeFactory(title="Клуб серебряного возраста")
    url = reverse("admin:practices_practice_changelist")

    by_word = superuser_client.get(url, {"q": "соседская"}).context["cl"].result_list
    by_address = superuser_client.get(url, {"q": "shkola"}).context["cl"].result_list

    assert list(by_word) == [school]
    assert list(by_address) == [school]


def test_admin_search_finds_an_organisation_by_its_inn(superuser_client):
    fund = OrganizationFactory(name="Фонд", inn="1435123456")
    OrganizationFactory(name="Другой фонд")

    found = (
        superuser_client.get(
            reverse("admin:organizations_organization_changelist"), {"q": " 1435123456 "}
        )
        .context["cl"]
        .result_list
    )

    assert list(found) == [fund]


@pytest.mark.parametrize("term", ["!!!", "\x00", "x" * 5000, "-", '"'])
def test_admin_search_takes_any_input(superuser_client, term):
    PracticeFactory()

    response = superuser_client.get(reverse("admin:practices_practice_changelist"), {"q": term})

    assert response.status_code == 200


def test_admin_autocomplete_of_practices_uses_the_search(superuser_client):
    school = PracticeFactory(title="Школа соседских инициатив")
    PracticeFactory(title="Клуб серебряного возраста")

    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "соседских",
            "app_label": "events",
            "model_name": "event",
            "field_name": "practices",
        },
    )

    assert [row["id"] for row in response.json()["results"]] == [str(school.pk)]


def test_admin_event_form_does_not_list_every_practice(superuser_client):
    event = EventFactory()
    titles = [PracticeFactory(title=f"Практика номер {n}").title for n in range(3)]

    page = superuser_client.get(reverse("admin:events_event_change", args=[event.pk]))

    assert not any(title in page.content.decode() for title in titles)


def test_admin_grant_programme_filter_offers_only_funders(superuser_client):
    funder = OrganizationFactory(name="Фонд президентских грантов")
    OrganizationFactory(name="Организация не фондодатель")
    GrantProgrammeFactory(funder=funder)

    page = superuser_client.get(reverse("admin:organizations_grantprogramme_changelist"))

    assert "Фонд президентских грантов" in page.content.decode()
    assert "Организация не фондодатель" not in page.content.decode()


def test_admin_search_finds_an_organisation_by_the_start_of_a_word(superuser_client):
    modut = OrganizationFactory(name="Администрация Модутского наслега")
    OrganizationFactory(name="Фонд")

    found = (
        superuser_client.get(reverse("admin:organizations_organization_changelist"), {"q": "Модут"})
        .context["cl"]
        .result_list
    )

    assert list(found) == [modut]
