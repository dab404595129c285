import datetime

import pytest
from django.db import IntegrityError
from django.utils import translation

from organizations.models import FederalDistrict, Membership, Region
from tests.factories import GrantProjectFactory, MembershipFactory, OrganizationFactory, region

pytestmark = pytest.mark.django_db


def test_every_federal_subject_is_loaded_with_a_district_and_time_zone():
    regions = Region.objects.all()

    assert regions.count() == 89
    assert regions.filter(is_iso_code=True).count() == 83
    assert set(regions.values_list("federal_district", flat=True)) == set(FederalDistrict.values)
    assert all(r.timezone for r in regions)


def test_chelyabinsk_and_yakutia_have_their_iso_codes_and_zones():
    che, sa = region("RU-CHE"), region("RU-SA")

    assert (che.timezone, che.utc_offset, che.federal_district) == (
        "Asia/Yekaterinburg",
        "+5",
        "ural",
    )
    assert (sa.timezone, sa.utc_offset, sa.federal_district) == (
        "Asia/Yakutsk",
        "+9",
        "far-eastern",
    )


def test_region_name_follows_the_active_language():
    sa = region("RU-SA")

    with translation.override("en"):
        english = sa.name
    with translation.override("ru"):
        russian = sa.name

    assert (english, russian) == ("Sakha (Yakutia) Republic", "Республика Саха (Якутия)")


def test_a_user_has_one_membership_per_organisation():
    membership = MembershipFactory()

    with pytest.raises(IntegrityError):
        Membership.objects.create(user=membership.user, organization=membership.organization)


def test_grant_project_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        GrantProjectFactory(
            start_date=datetime.date(2026, 5, 1), end_date=datetime.date(2026, 4, 1)
        )


def test_organisation_search_text_holds_stems_of_its_name():
    org = OrganizationFactory(name="Ассоциация территориальных самоуправлений")

    assert " ассоциац" in org.search_text
    assert " территориальн" in org.search_text


def test_organisation_str_prefers_the_short_name():
    assert str(OrganizationFactory(name="Очень длинное имя", short_name="ЕРЦ")) == "ЕРЦ"


def test_region_capital_follows_the_active_language():
    che = region("RU-CHE")

    with translation.override("en"):
        english = che.capital
    with translation.override("ru"):
        russian = che.capital

    assert (english, russian) == ("Chelyabinsk", "Челябинск")
