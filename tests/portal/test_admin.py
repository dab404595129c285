import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

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
