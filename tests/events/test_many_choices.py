"""Forms whose choices grow with the network (every organisation, every published practice)
offer a text box past common.lookup.LIST_UP_TO instead of a <select> of every row."""

import pytest
from django.urls import reverse

from common import lookup
from events.models import Event
from organizations.models import Organization
from practices.models import Practice
from tests.factories import (
    DraftPracticeFactory,
    EventFactory,
    ModeratorFactory,
    OrganizationFactory,
    PersonFactory,
    PracticeFactory,
    member_of,
)
from tests.practices.test_forms import form_data as practice_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(monkeypatch):
    """Past two choices a field is "many" (the network has thousands)."""
    monkeypatch.setattr(lookup, "LIST_UP_TO", 2)


def _event_data(organization, **fields):
    data = {
        "kind": "internship",
        "title": "Стажировка по соседским центрам",
        "summary": "Неделя в Якутске.",
        "organizer": organization.pk,
        "region": organization.region_id,
        "start": "2030-06-03T10:00",
        "end": "2030-06-07T18:00",
        "format": "in-person",
        **fields,
    }
    for prefix in ("programme", "partners", "visits", "materials"):
        data.setdefault(f"{prefix}-TOTAL_FORMS", "0")
        data.setdefault(f"{prefix}-INITIAL_FORMS", "0")
    return data


def test_the_event_form_does_not_list_every_practice(client, many, organization):
    titles = [PracticeFactory(title=f"Практика номер {n}").title for n in range(3)]
    client.force_login(member_of(organization))

    page = client.get(reverse("events:new")).content.decode()

    assert '<textarea name="practices"' in page
    assert not any(title in page for title in titles)


def test_the_event_form_lists_practices_while_they_are_few(client, organization):
    practice = PracticeFactory(title="Школа соседей")
    client.force_login(member_of(organization))

    page = client.get(reverse("events:new")).content.decode()

    assert f'<option value="{practice.pk}">Школа соседей</option>' in page


def test_an_event_takes_the_practices_typed_one_per_line(client, many, organization):
    school = PracticeFactory(title="Школа соседей", slug="shkola-sosedey")
    club = PracticeFactory(title="Клуб серебряного возраста", slug="klub")
    park = PracticeFactory(title="Парк у реки")
    garden = PracticeFactory(title="Общественный огород на крыше")
    PracticeFactory.create_batch(2)
    client.force_login(member_of(organization))
    lines = [
        "shkola-sosedey",  # an address
        "Клуб серебряного возраста (klub)",  # as a saved form shows it
        "парк у реки",  # a whole title
        "огороды крыш",  # words of a title, in other forms
    ]

    response = client.post(
        reverse("events:new"), _event_data(organization, practices="\n".join(lines))
    )

    assert response.status_code == 302
    assert set(Event.objects.get().practices.all()) == {school, club, park, garden}


def test_a_draft_practice_cannot_be_named_in_an_event(client, many, organization):
    draft = DraftPracticeFactory(slug="chernovik")
    PracticeFactory.create_batch(3)
    client.force_login(member_of(organization))

    response = client.post(reverse("events:new"), _event_data(organization, practices=draft.slug))

    assert response.status_code == 200
    assert "practices" in response.context["form"].errors
    assert not Event.objects.exists()


def test_an_event_page_shows_its_practices_as_typed_and_keeps_them_when_saved(
    client, many, organization
):
    internship = EventFactory(organizer=organization, kind="internship")
    chosen = PracticeFactory.create_batch(2)
    PracticeFactory.create_batch(2)
    internship.practices.set(chosen)
    client.force_login(member_of(organization))
    edit = reverse("events:edit", args=[internship.slug])
    form = client.get(edit).context["form"]

    shown = form["practices"].value()
    assert sorted(shown.splitlines()) == sorted(f"{p.title} ({p.slug})" for p in chosen)
    data = {
        name: form[name].value() or ""
        for name in form.fields
        if name not in {"timezone", "accepts_applications", "waitlist_enabled"}
    }
    data.update(start="2030-06-03T10:00", end="2030-06-07T18:00")
    response = client.post(edit, _event_data(organization, **data))

    assert response.status_code == 302, response.context["form"].errors
    assert set(internship.practices.all()) == set(chosen)


def test_a_member_cannot_type_another_organisation_as_the_organiser(
    client, monkeypatch, organization
):
    monkeypatch.setattr(lookup, "LIST_UP_TO", 0)  # always a text box
    other = OrganizationFactory(name="Чужой фонд", slug="chuzhoj")
    client.force_login(member_of(organization))

    for text in [other.slug, f"#{other.pk}", "Чужой фонд"]:
        response = client.post(reverse("events:new"), _event_data(organization, organizer=text))
        assert "organizer" in response.context["form"].errors

    assert not Event.objects.exists()


def test_a_moderator_types_the_organiser_and_the_host(client, many, organization):
    host = OrganizationFactory(name="Ассоциация ТОС", slug="tos")
    OrganizationFactory.create_batch(2)
    client.force_login(ModeratorFactory())
    page = client.get(reverse("events:new")).content.decode()

    response = client.post(
        reverse("events:new"),
        _event_data(organization, organizer=organization.slug, host_organization="tos"),
    )

    assert '<input type="text" name="host_organization"' in page
    assert response.status_code == 302
    assert (Event.objects.get().organizer, Event.objects.get().host_organization) == (
        organization,
        host,
    )


def test_a_partner_is_typed_and_an_empty_extra_row_is_skipped(client, many, organization):
    partner = OrganizationFactory(name="Фонд Южного Урала", slug="fond-yu")
    OrganizationFactory.create_batch(2)
    client.force_login(member_of(organization))
    rows = {
        "partners-TOTAL_FORMS": "2",
        "partners-0-organization": "Фонд Южного Урала",
        "partners-0-role": "funder",
        "partners-1-organization": "",
        "partners-1-role": "supporter",  # the default a browser posts for an untouched row
    }

    response = client.post(reverse("events:new"), _event_data(organization, **rows))

    assert response.status_code == 302
    assert [(p.organization, p.role) for p in Event.objects.get().partnerships.all()] == [
        (partner, "funder")
    ]


def test_a_speaker_without_consent_cannot_be_typed_by_another_organisation(
    client, monkeypatch, organization
):
    monkeypatch.setattr(lookup, "LIST_UP_TO", 0)
    hidden = PersonFactory(full_name="Иван Скрытый", public_consent=False)
    client.force_login(member_of(organization))
    rows = {
        "programme-TOTAL_FORMS": "1",
        "programme-0-start": "2030-06-03T10:00",
        "programme-0-kind": "talk",
        "programme-0-title": "Доклад",
        "programme-0-speakers": f"#{hidden.pk}",
    }

    response = client.post(reverse("events:new"), _event_data(organization, **rows))

    assert response.status_code == 200
    assert not Event.objects.exists()
    assert "Иван Скрытый" not in response.content.decode()


def _profile(organization, **changes):
    """An organisation's edit form as posted, with ``changes``."""
    return {
        "name": organization.name,
        "kind": organization.kind,
        "region": organization.region_id,
        "version": organization.version,
        **changes,
    }


def test_a_moderator_types_an_organisations_parent(client, many):
    parent = OrganizationFactory(name="Ресурсный центр", slug="erc")
    child = OrganizationFactory()
    OrganizationFactory.create_batch(2)
    client.force_login(ModeratorFactory())
    edit = reverse("organizations:edit", args=[child.slug])

    assert '<input type="text" name="parent"' in client.get(edit).content.decode()
    client.post(edit, _profile(child, parent="Ресурсный центр (erc)"))

    child.refresh_from_db()
    assert child.parent == parent


def test_an_organisation_cannot_be_typed_as_its_own_parent(client, many):
    child = OrganizationFactory(slug="sam")
    OrganizationFactory.create_batch(3)
    client.force_login(ModeratorFactory())
    response = client.post(
        reverse("organizations:edit", args=[child.slug]), _profile(child, parent="sam")
    )

    assert "parent" in response.context["form"].errors
    assert Organization.objects.get(pk=child.pk).parent is None


def test_a_moderator_types_a_practices_organisation_and_contact(client, many, organization):
    contact = PersonFactory(full_name="Ольга Вешникова", organization=organization)
    PersonFactory.create_batch(2)
    OrganizationFactory.create_batch(2)
    client.force_login(ModeratorFactory())

    response = client.post(
        reverse("practices:new"),
        practice_data(
            organization, organization=organization.slug, contact_person=f"#{contact.pk}"
        ),
    )

    practice = Practice.objects.get(slug="shkola-sosedey")
    assert response.status_code == 302
    assert (practice.organization, practice.contact_person) == (organization, contact)
