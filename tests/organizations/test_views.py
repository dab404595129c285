import csv
import io

import pytest
from django.urls import reverse

from organizations.models import Membership, MembershipRole, Organization, OrganizationKind
from tests.factories import OrganizationFactory, PersonFactory, region

pytestmark = pytest.mark.django_db


def _names(response):
    return sorted(o.name for o in response.context["object_list"])


@pytest.fixture
def directory():
    return {
        "erc": OrganizationFactory(
            name="Единый ресурсный центр Якутии", kind=OrganizationKind.RESOURCE_CENTRE
        ),
        "tos": OrganizationFactory(
            name="Ассоциация ТОС Челябинской области",
            kind=OrganizationKind.TOS_ASSOCIATION,
            region=region("RU-CHE"),
        ),
        "kazan": OrganizationFactory(
            name="Волонтёры Казани", kind=OrganizationKind.VOLUNTEER_GROUP, region=region("RU-TA")
        ),
    }


# --- the list and its filters ---


def test_list_shows_every_organisation_without_filters(client, directory):
    response = client.get(reverse("organizations:list"))

    assert response.status_code == 200
    assert _names(response) == sorted(o.name for o in directory.values())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=RU-CHE", ["Ассоциация ТОС Челябинской области"]),
        ("district=far-eastern", ["Единый ресурсный центр Якутии"]),
        ("kind=volunteer-group", ["Волонтёры Казани"]),
        ("q=ресурсного", ["Единый ресурсный центр Якутии"]),
        ("q=челябинская", ["Ассоциация ТОС Челябинской области"]),
        ("district=volga&kind=volunteer-group", ["Волонтёры Казани"]),
        ("region=RU-SA&kind=tos-association", []),
    ],
)
def test_list_filters_give_exact_results(client, directory, query, expected):
    response = client.get(reverse("organizations:list") + "?" + query)

    assert _names(response) == expected


@pytest.mark.parametrize(
    "query",
    [
        "region=XX-NOPE",
        "kind=spaceship",
        "district=atlantis",
        "page=abc",
        "page=99999",
        "page=-1",
        "q=" + "я" * 5000,
        "q=<script>alert(1)</script>",
        "q=%00",
    ],
)
def test_list_never_fails_on_bad_input(client, directory, query):
    response = client.get(reverse("organizations:list") + "?" + query)

    assert response.status_code == 200


def test_unknown_region_shows_a_message_and_no_rows(client, directory):
    response = client.get(reverse("organizations:list") + "?region=XX-NOPE")

    assert list(response.context["object_list"]) == []
    assert "не поняли" in response.content.decode()


def test_list_paginates_twenty_a_page(client):
    OrganizationFactory.create_batch(25)

    first = client.get(reverse("organizations:list"))
    second = client.get(reverse("organizations:list") + "?page=2")

    assert len(first.context["object_list"]) == 20
    assert len(second.context["object_list"]) == 5


def test_list_runs_the_same_queries_for_one_and_twenty_rows(
    client, count_queries, django_assert_max_num_queries
):
    OrganizationFactory(parent=OrganizationFactory())
    with_one = count_queries(lambda: client.get(reverse("organizations:list")))
    OrganizationFactory.create_batch(18, parent=Organization.objects.first())

    with django_assert_max_num_queries(with_one):
        client.get(reverse("organizations:list"))


# --- CSV export ---


def test_export_honours_the_filters_and_starts_with_a_bom(client, directory):
    response = client.get(reverse("organizations:export-csv") + "?region=RU-CHE")
    body = b"".join(response.streaming_content).decode("utf-8")

    assert response["Content-Type"].startswith("text/csv")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Название", "Вид", "Регион"]
    assert [row[0] for row in rows[1:]] == ["Ассоциация ТОС Челябинской области"]


def test_export_neutralises_spreadsheet_formulas(client):
    OrganizationFactory(name="=HYPERLINK(evil)")

    response = client.get(reverse("organizations:export-csv"))
    body = b"".join(response.streaming_content).decode("utf-8")

    assert "'=HYPERLINK(evil)" in body


# --- detail ---


def test_detail_shows_only_people_who_consented(client, organization):
    PersonFactory(organization=organization, full_name="Ольга Открытая", public_consent=True)
    PersonFactory(organization=organization, full_name="Иван Скрытый", public_consent=False)

    response = client.get(organization.get_absolute_url())

    content = response.content.decode()
    assert "Ольга Открытая" in content
    assert "Иван Скрытый" not in content


def test_detail_of_unknown_organisation_is_404(client, db):
    assert client.get("/organizations/no-such-org/").status_code == 404


def test_detail_runs_a_constant_number_of_queries(
    client, organization, count_queries, django_assert_max_num_queries
):
    PersonFactory(organization=organization)
    with_one = count_queries(lambda: client.get(organization.get_absolute_url()))
    PersonFactory.create_batch(19, organization=organization)
    OrganizationFactory.create_batch(5, parent=organization)

    with django_assert_max_num_queries(with_one):
        client.get(organization.get_absolute_url())


def test_detail_offers_editing_only_to_those_who_may(client, organization, outsider, member):
    edit_url = reverse("organizations:edit", args=[organization.slug])

    client.force_login(outsider)
    as_outsider = client.get(organization.get_absolute_url()).content.decode()
    client.force_login(member)
    as_editor = client.get(organization.get_absolute_url()).content.decode()

    assert edit_url not in as_outsider
    assert edit_url in as_editor


def test_detail_offers_the_members_page_only_to_managers(client, organization, manager, member):
    members_url = reverse("organizations:members", args=[organization.slug])

    client.force_login(member)
    as_editor = client.get(organization.get_absolute_url()).content.decode()
    client.force_login(manager)
    as_manager = client.get(organization.get_absolute_url()).content.decode()

    assert members_url not in as_editor
    assert members_url in as_manager


# --- editing the profile ---


def _edit_data(org, **changes):
    data = {
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "region": org.region_id,
        "locality": org.locality,
        "description": "Новое описание",
        "version": org.version,
    }
    data.update(changes)
    return data


def test_anonymous_is_sent_to_sign_in_to_edit(client, organization):
    response = client.get(reverse("organizations:edit", args=[organization.slug]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_member_of_another_organisation_cannot_edit(client, organization, outsider):
    client.force_login(outsider)

    response = client.post(
        reverse("organizations:edit", args=[organization.slug]), _edit_data(organization)
    )

    assert response.status_code == 403
    organization.refresh_from_db()
    assert organization.description == ""


def test_editor_edits_the_profile(client, organization, member):
    client.force_login(member)

    client.post(
        reverse("organizations:edit", args=[organization.slug]),
        _edit_data(organization, locality="Горный улус"),
    )

    organization.refresh_from_db()
    assert organization.locality == "Горный улус"


def test_manager_edits_the_profile(client, organization, manager):
    client.force_login(manager)

    response = client.post(
        reverse("organizations:edit", args=[organization.slug]), _edit_data(organization)
    )

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.description == "Новое описание"


def test_moderator_edits_any_profile(client, organization, moderator):
    client.force_login(moderator)

    client.post(
        reverse("organizations:edit", args=[organization.slug]),
        _edit_data(organization, locality="Намский улус"),
    )

    organization.refresh_from_db()
    assert organization.locality == "Намский улус"


def test_edit_with_bad_input_shows_errors_and_keeps_the_profile(client, organization, manager):
    client.force_login(manager)

    response = client.post(
        reverse("organizations:edit", args=[organization.slug]),
        _edit_data(organization, name="", website="not a url", email="nope", region=999999),
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "website", "email", "region"}
    organization.refresh_from_db()
    assert organization.name.startswith("Организация")


def test_an_organisation_cannot_ask_to_join_itself(client, organization, manager):
    client.force_login(manager)

    response = client.post(
        reverse("organizations:edit", args=[organization.slug]),
        _edit_data(organization, requested_parent=organization.pk),
    )

    assert "requested_parent" in response.context["form"].errors


def test_an_organisation_cannot_join_one_of_its_own_members(client, organization, moderator):
    child = OrganizationFactory(parent=organization)
    client.force_login(moderator)

    response = client.post(
        reverse("organizations:edit", args=[organization.slug]),
        _edit_data(organization, parent=child.pk),
    )

    assert "parent" in response.context["form"].errors
    organization.refresh_from_db()
    assert organization.parent is None


def test_markup_in_the_description_is_not_executed(client, organization, manager):
    client.force_login(manager)
    client.post(
        reverse("organizations:edit", args=[organization.slug]),
        _edit_data(organization, description='<script>alert(1)</script><b onclick="x()">Жирно</b>'),
    )

    content = client.get(organization.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in content
    assert "<b onclick" not in content
    assert "Жирно" in content


# --- registering an organisation ---


def test_anonymous_cannot_register_an_organisation(client, db):
    response = client.get(reverse("organizations:new"))

    assert response.status_code == 302


def test_a_user_registers_an_organisation_and_becomes_its_manager(client, user):
    client.force_login(user)

    response = client.post(
        reverse("organizations:new"),
        {"name": "ТОС «Соседи»", "kind": OrganizationKind.TOS, "region": region("RU-CHE").pk},
    )

    org = Organization.objects.get(name="ТОС «Соседи»")
    assert response.url == org.get_absolute_url()
    assert org.slug == "tos-sosedi"
    assert Membership.objects.get(organization=org).role == MembershipRole.MANAGER


def test_registering_with_bad_input_saves_nothing(client, user):
    client.force_login(user)

    response = client.post(reverse("organizations:new"), {"name": "", "kind": "bogus"})

    assert response.status_code == 200
    assert not Organization.objects.exists()


def test_same_names_get_distinct_slugs(client, user):
    client.force_login(user)
    data = {"name": "Добрые соседи", "kind": OrganizationKind.NGO, "region": region().pk}

    client.post(reverse("organizations:new"), data)
    client.post(reverse("organizations:new"), data)

    assert sorted(Organization.objects.values_list("slug", flat=True)) == [
        "dobrye-sosedi",
        "dobrye-sosedi-2",
    ]


# --- regions ---


def test_region_page_lists_its_organisations_and_time_zone(client, directory):
    response = client.get("/regions/RU-SA/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Asia/Yakutsk (UTC+9)" in content
    assert [o.name for o in response.context["organizations"]] == ["Единый ресурсный центр Якутии"]


def test_region_code_is_case_insensitive(client, db):
    assert client.get("/regions/ru-che/").status_code == 200


def test_unknown_region_page_is_404(client, db):
    assert client.get("/regions/RU-XYZ/").status_code == 404
    assert client.get("/regions/" + "A" * 500 + "/").status_code == 404


def test_region_list_groups_all_regions_by_district(client, db):
    response = client.get(reverse("organizations:region-list"))

    assert len(response.context["districts"]) == 8
    assert sum(len(regions) for _, regions in response.context["districts"]) == 89


def test_region_pages_run_constant_queries(client, count_queries, django_assert_max_num_queries):
    OrganizationFactory()
    with_one = count_queries(lambda: client.get("/regions/RU-SA/"))
    OrganizationFactory.create_batch(19)

    with django_assert_max_num_queries(with_one):
        client.get("/regions/RU-SA/")
