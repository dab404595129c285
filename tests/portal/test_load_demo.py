import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from organizations.models import Membership, Organization, Person, Region

pytestmark = pytest.mark.django_db


def _row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"organizations", "practices", "events", "auth"}
    }


def test_load_demo_twice_leaves_the_same_row_counts():
    call_command("load_demo", "--accounts", "--password", "demo-pass-1")
    first = _row_counts()

    call_command("load_demo", "--accounts", "--password", "demo-pass-1")

    assert _row_counts() == first


def test_load_demo_holds_the_press_release_world():
    call_command("load_demo")

    assert Organization.objects.filter(region__code="RU-SA").count() >= 5
    assert Organization.objects.filter(region__code="RU-CHE").count() >= 5
    assert set(Person.objects.values_list("full_name", flat=True)) >= {
        "Ксения Васильева",
        "Ксения Карпова",
        "Наталья Луковцева",
        "Ольга Вешникова",
        "Дмитрий Семенов",
        "Михаил Комиссаров",
    }
    assert Region.objects.get(code="RU-SA").registered_ngos == 4000


def test_demo_accounts_have_their_roles():
    call_command("load_demo", "--accounts", "--password", "demo-pass-1")
    User = get_user_model()

    assert User.objects.get(username="demo-admin").is_superuser
    assert User.objects.get(username="demo-moderator").groups.filter(name="moderators").exists()
    assert Membership.objects.get(user__username="demo-staff").organization.slug == "erc-yakutia"
    leader = Membership.objects.get(user__username="demo-leader")
    assert (leader.organization.slug, leader.role) == ("tos-chelyabinsk", "manager")
    assert User.objects.get(username="demo-leader").check_password("demo-pass-1")


def test_accounts_need_a_password():
    with pytest.raises(CommandError):
        call_command("load_demo", "--accounts")
