"""common.lookup: a choice among many rows is typed, found again, and stays within its scope."""

import pytest
from django import forms
from django.http import QueryDict
from django.urls import reverse

from common import lookup
from organizations.forms import ORGANIZATIONS, PEOPLE
from organizations.models import Organization, Person
from tests.factories import (
    DraftPracticeFactory,
    OrganizationFactory,
    PersonFactory,
    PracticeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


class OneForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none())

    def __init__(self, *args, scope=None, list_up_to=0, **kwargs):
        super().__init__(*args, **kwargs)
        scope = Organization.objects.all() if scope is None else scope
        lookup.offer(self, "organization", scope, naming=ORGANIZATIONS, list_up_to=list_up_to)


class ManyForm(forms.Form):
    organizations = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lookup.offer(
            self, "organizations", Organization.objects.all(), naming=ORGANIZATIONS, list_up_to=0
        )


def _chosen(text, **kwargs):
    form = OneForm({"organization": text}, **kwargs)
    assert form.is_valid(), form.errors
    return form.cleaned_data["organization"]


def _refused(text, **kwargs):
    form = OneForm({"organization": text}, **kwargs)
    assert not form.is_valid()
    return form


def test_few_choices_stay_a_select_of_them():
    OrganizationFactory(name="Фонд Север")

    html = str(OneForm(list_up_to=5)["organization"])

    assert "<select" in html
    assert "Фонд Север" in html


def test_more_choices_than_listed_become_a_text_box_without_the_rows():
    OrganizationFactory.create_batch(3, name="Фонд Север")

    html = str(OneForm(list_up_to=2)["organization"])

    assert 'type="text"' in html
    assert "<select" not in html
    assert "Фонд Север" not in html


class SharingForm(lookup.SharesChoices, forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), required=False)

    def __init__(self, *args, list_up_to=5, **kwargs):
        super().__init__(*args, **kwargs)
        scope = Organization.objects.order_by("name")
        lookup.offer(self, "organization", scope, naming=ORGANIZATIONS, list_up_to=list_up_to)


def test_a_listed_choice_is_read_in_one_query_with_its_options(django_assert_num_queries):
    OrganizationFactory(name="Фонд Север")
    OrganizationFactory(name="Фонд Юг")

    with django_assert_num_queries(1):
        html = str(SharingForm()["organization"])

    assert html.index("Фонд Север") < html.index("Фонд Юг")  # the queryset's order


def test_forms_that_share_choices_read_a_list_once(django_assert_num_queries):
    OrganizationFactory.create_batch(3)
    shared = lookup.SharedChoices()

    with django_assert_num_queries(1):
        rendered = [str(SharingForm(shared_choices=shared)["organization"]) for _ in range(4)]

    assert len(set(rendered)) == 1
    assert rendered[0].count("<option") == 4  # the empty choice and three rows


def test_forms_that_share_choices_still_tell_a_long_list_from_a_short_one():
    OrganizationFactory.create_batch(3)
    shared = lookup.SharedChoices()

    short = str(SharingForm(shared_choices=shared, list_up_to=5)["organization"])
    long = str(SharingForm(shared_choices=shared, list_up_to=2)["organization"])

    assert "<select" in short
    assert 'type="text"' in long


def test_lists_preloaded_together_are_read_in_one_query_as_each_alone(django_assert_num_queries):
    for name in ("Фонд Юг", "Фонд Север", "Фонд Восток"):
        OrganizationFactory(name=name)
    few = Organization.objects.filter(name__startswith="Фонд С").order_by("name")
    every = Organization.objects.order_by("-name")
    alone = [lookup.SharedChoices().rows(queryset, 5) for queryset in (few, every)]
    shared = lookup.SharedChoices()

    with django_assert_num_queries(1):
        shared.preload(few, every, count=5)
        together = [shared.rows(queryset, 5) for queryset in (few, every)]

    assert together == alone
    assert [row.name for row in together[1]] == ["Фонд Юг", "Фонд Север", "Фонд Восток"]


def test_a_preloaded_long_list_still_becomes_a_text_box(django_assert_num_queries):
    OrganizationFactory.create_batch(3)
    shared = lookup.SharedChoices()
    shared.preload(Organization.objects.order_by("name"), count=2)

    with django_assert_num_queries(0):
        box = str(SharingForm(shared_choices=shared, list_up_to=2)["organization"])

    assert 'type="text"' in box


def test_a_listed_choice_still_checks_what_is_posted_against_the_table():
    kept = OrganizationFactory()
    gone = OrganizationFactory()
    shared = lookup.SharedChoices()
    assert str(gone) in str(SharingForm(shared_choices=shared)["organization"])
    gone_pk = gone.pk
    gone.delete()  # after the options were read

    assert not SharingForm({"organization": gone_pk}, shared_choices=shared).is_valid()
    assert SharingForm({"organization": kept.pk}, shared_choices=shared).is_valid()


def test_a_row_is_found_by_its_name_and_address_as_shown():
    fund = OrganizationFactory(name="Фонд Север", slug="fond-sever")
    OrganizationFactory(name="Фонд Север", slug="fond-sever-2")

    assert _chosen("Фонд Север (fond-sever)") == fund


def test_a_row_is_found_by_its_address_alone():
    fund = OrganizationFactory(slug="fond-sever")

    assert _chosen("fond-sever") == fund


def test_a_row_is_found_by_its_id():
    fund = OrganizationFactory()

    assert _chosen(f"#{fund.pk}") == fund
    assert _chosen(str(fund.pk)) == fund


def test_a_row_is_found_by_its_whole_name():
    fund = OrganizationFactory(name="Фонд Север")
    OrganizationFactory(name="Фонд Северо-Запад")

    assert _chosen("Фонд Север") == fund


def test_a_row_is_found_by_words_of_its_name_when_only_one_has_them():
    centre = OrganizationFactory(name="Ресурсный центр соседских инициатив")
    OrganizationFactory(name="Фонд поддержки")

    assert _chosen("соседских инициатив") == centre


def test_several_matches_are_refused_and_offered_as_they_can_be_typed():
    OrganizationFactory(name="Фонд Север", slug="fond-sever")
    OrganizationFactory(name="Фонд Север", slug="fond-sever-2")

    form = _refused("Фонд Север")

    error = form.errors["organization"][0]
    assert form.errors.as_data()["organization"][0].code == "ambiguous"
    assert "Фонд Север (fond-sever)" in error
    assert "Фонд Север (fond-sever-2)" in error
    assert '<option value="Фонд Север (fond-sever-2)">' in str(form["organization"])


def test_a_name_nothing_has_is_refused():
    OrganizationFactory(name="Фонд Север")

    form = _refused("Фонд Юг")

    assert form.errors.as_data()["organization"][0].code == "invalid_choice"


def test_a_row_outside_the_fields_scope_cannot_be_chosen_by_any_name():
    mine = OrganizationFactory(name="Мой фонд")
    other = OrganizationFactory(name="Чужой фонд", slug="chuzhoj")
    scope = Organization.objects.filter(pk=mine.pk)

    for text in ["chuzhoj", f"#{other.pk}", "Чужой фонд", "Чужой фонд (chuzhoj)"]:
        _refused(text, scope=scope)


@pytest.mark.parametrize(
    "text",
    ["x" * 100_000, "!!! ???", "\x00", "#99999999999999999999999", "()", "(((", "#-1"],
)
def test_bad_input_is_a_form_error_not_a_crash(text):
    OrganizationFactory(name="Фонд Север")

    form = _refused(text)

    assert form.errors["organization"]


def test_control_characters_are_read_as_spaces():
    fund = OrganizationFactory(name="Фонд Север")

    assert _chosen("Фонд\x00Север") == fund


def test_the_chosen_row_is_shown_as_name_and_address_and_kept_when_posted_back():
    fund = OrganizationFactory(name="Фонд Север", slug="fond-sever")
    OrganizationFactory(name="Фонд Север", slug="fond-sever-2")
    shown = OneForm(initial={"organization": fund.pk})["organization"].value()

    assert shown == "Фонд Север (fond-sever)"
    assert _chosen(shown) == fund


def test_a_row_outside_the_scope_is_not_shown_as_the_initial_choice():
    other = OrganizationFactory(name="Чужой фонд")
    scope = Organization.objects.exclude(pk=other.pk)

    shown = OneForm(initial={"organization": other.pk}, scope=scope)["organization"].value()

    assert shown == ""


def test_a_multiple_choice_takes_one_row_per_line():
    north = OrganizationFactory(name="Фонд Север", slug="fond-sever")
    south = OrganizationFactory(name="Фонд Юг", slug="fond-yug")

    form = ManyForm({"organizations": "fond-sever\n\n  Фонд Юг (fond-yug)  \n"})

    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["organizations"]) == {north, south}


def test_a_multiple_choice_reads_a_list_posted_as_several_values():
    north, south = OrganizationFactory(), OrganizationFactory()
    data = QueryDict(mutable=True)
    data.setlist("organizations", [str(north.pk), str(south.pk)])

    form = ManyForm(data)

    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["organizations"]) == {north, south}


def test_a_multiple_choice_names_each_line_that_matches_nothing():
    OrganizationFactory(slug="fond-sever")

    form = ManyForm({"organizations": "fond-sever\nНет такого\nИ такого нет"})

    assert not form.is_valid()
    assert len(form.errors["organizations"]) == 2


def test_a_multiple_choice_refuses_more_lines_than_it_takes():
    OrganizationFactory(slug="fond-sever")

    form = ManyForm({"organizations": "\n".join(["fond-sever"] * (lookup.MAX_LINES + 1))})

    assert not form.is_valid()


def test_a_multiple_choice_shows_the_chosen_rows_one_per_line():
    north = OrganizationFactory(name="Фонд Север", slug="fond-sever")
    south = OrganizationFactory(name="Фонд Юг", slug="fond-yug")

    shown = ManyForm(initial={"organizations": [north.pk, south]})["organizations"].value()

    assert shown.splitlines() == ["Фонд Север (fond-sever)", "Фонд Юг (fond-yug)"]


def test_an_unchanged_typed_choice_is_not_a_change():
    fund = OrganizationFactory(name="Фонд Север", slug="fond-sever")
    form = OneForm({"organization": "Фонд Север (fond-sever)"}, initial={"organization": fund.pk})

    assert not form.has_changed()


# --- suggestions while typing (/suggest/<kind>/, static/js/lookup.js) ---


def _suggested(client, kind, text):
    return client.get(reverse("suggest", args=[kind]), {"q": text})


def test_suggestions_are_for_signed_in_people_only(client):
    OrganizationFactory(name="Фонд Север")

    response = _suggested(client, "organizations", "Фонд")

    assert response.status_code == 403
    assert response.json() == {"results": []}


def test_suggestions_name_rows_as_the_box_takes_them(client):
    fund = OrganizationFactory(name="Ресурсный центр Севера", slug="rc-sever")
    OrganizationFactory(name="Фонд Юга")
    client.force_login(UserFactory())

    results = _suggested(client, "organizations", "ресурсный").json()["results"]

    assert results == [ORGANIZATIONS.text(fund)]
    assert _chosen(results[0]) == fund


def test_suggestions_hold_published_practices_only(client):
    PracticeFactory(title="Школа соседей", slug="shkola")
    DraftPracticeFactory(title="Школа соседей черновик")
    client.force_login(UserFactory())

    results = _suggested(client, "practices", "школа").json()["results"]

    assert results == ["Школа соседей (shkola)"]


def test_people_are_never_suggested(client):
    PersonFactory(full_name="Иван Скрытый")
    client.force_login(UserFactory())

    assert _suggested(client, "people", "Иван").status_code == 404


@pytest.mark.parametrize("text", ["", "ф", "\x00\x00\x00", "!!!", "x" * 10_000])
def test_suggestions_take_any_input(client, text):
    OrganizationFactory(name="Фонд Север")
    client.force_login(UserFactory())

    response = _suggested(client, "organizations", text)

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_a_typed_box_of_public_rows_asks_for_suggestions_and_one_of_people_does_not():
    OrganizationFactory.create_batch(2)

    organization_box = str(OneForm()["organization"])
    people_form = forms.Form()
    people_form.fields["person"] = forms.ModelChoiceField(queryset=Person.objects.none())
    lookup.offer(people_form, "person", Person.objects.all(), naming=PEOPLE, list_up_to=0)

    assert 'data-suggest="/suggest/organizations/"' in organization_box
    assert "js/lookup.js" in organization_box
    assert "data-suggest" not in str(people_form["person"])


def test_suggestions_come_from_the_start_of_a_word(client):
    centre = OrganizationFactory(name="Ресурсный центр Севера", slug="rc-sever")
    OrganizationFactory(name="Фонд Юга")
    client.force_login(UserFactory())

    assert _suggested(client, "organizations", "Ресурс").json()["results"] == [
        ORGANIZATIONS.text(centre)
    ]
