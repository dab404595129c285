"""The replication loop: "Хочу внедрить" → accept → implemented, and everything refused."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from organizations.models import Membership
from practices import services
from practices.models import Replication, ReplicationStatus
from tests.factories import (
    DraftPracticeFactory,
    OrganizationFactory,
    ReplicationFactory,
    member_of,
    region,
)

pytestmark = pytest.mark.django_db


def request_url(practice):
    return reverse("practices:request", args=[practice.slug])


def replication_url(replication, action):
    return reverse("practices:replication-action", args=[replication.pk, action])


def test_outsider_asks_to_implement_and_practice_members_get_mail(
    client, outsider, other_organization, member, published, django_capture_on_commit_callbacks
):
    client.force_login(outsider)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(request_url(published), {"notes": "Хотим у себя"}, follow=True)

    replication = Replication.objects.get()
    assert (replication.practice, replication.adopter) == (published, other_organization)
    assert replication.status == ReplicationStatus.REQUESTED
    assert replication.requested_by == outsider
    assert replication.notes == "Хотим у себя"
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert published.title in mail.outbox[0].subject
    assert "Хотим у себя" in mail.outbox[0].body
    assert "Заявка отправлена" in response.content.decode()


def test_user_with_several_organisations_chooses_one(client, published):
    first, second = OrganizationFactory(), OrganizationFactory()
    user = member_of(first)
    Membership.objects.create(user=user, organization=second)
    client.force_login(user)
    page = client.get(published.get_absolute_url())

    client.post(request_url(published), {"adopter": second.pk})

    assert list(page.context["request_form"].fields["adopter"].queryset) == sorted(
        [first, second], key=lambda o: o.name
    )
    assert list(Replication.objects.values_list("adopter", flat=True)) == [second.pk]


def test_request_on_behalf_of_someone_elses_organisation_is_refused(
    client, outsider, published, organization
):
    stranger = OrganizationFactory()
    client.force_login(outsider)

    client.post(request_url(published), {"adopter": stranger.pk})

    assert not Replication.objects.exists()


def test_anonymous_request_redirects_to_login(client, published):
    response = client.post(request_url(published))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert not Replication.objects.exists()


def test_user_without_organisation_cannot_request(client, user, published):
    client.force_login(user)

    client.post(request_url(published))

    assert not Replication.objects.exists()


def test_practice_members_cannot_request_their_own_practice(client, member, published):
    client.force_login(member)

    client.post(request_url(published))

    assert not Replication.objects.exists()


def test_draft_practice_cannot_be_requested(client, outsider, organization):
    draft = DraftPracticeFactory(organization=organization)
    client.force_login(outsider)

    response = client.post(request_url(draft))

    assert response.status_code == 404
    assert not Replication.objects.exists()


def test_second_request_from_same_organisation_is_refused(
    client, outsider, other_organization, published
):
    client.force_login(outsider)
    client.post(request_url(published))

    response = client.post(request_url(published), follow=True)

    assert Replication.objects.count() == 1
    assert response.status_code == 200


def test_service_refuses_a_duplicate_request(outsider, other_organization, published):
    services.request_replication(practice=published, user=outsider, adopter=other_organization)

    with pytest.raises(services.ReplicationAlreadyRequested):
        services.request_replication(practice=published, user=outsider, adopter=other_organization)


def test_database_refuses_a_duplicate_replication(published, other_organization):
    ReplicationFactory(practice=published, adopter=other_organization)

    with pytest.raises(IntegrityError), transaction.atomic():
        Replication.objects.create(practice=published, adopter=other_organization)


def test_request_accept_implemented_path(
    client, member, outsider, other_organization, published, django_capture_on_commit_callbacks
):
    client.force_login(outsider)
    client.post(request_url(published))
    replication = Replication.objects.get()
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(replication_url(replication, "accept"), {"comment": "Поможем"})
    replication.refresh_from_db()
    assert replication.status == ReplicationStatus.IN_PROGRESS
    assert replication.decision_comment == "Поможем"
    assert replication.started_on is not None
    assert mail.outbox[-1].to == [outsider.email]
    assert "Поможем" in mail.outbox[-1].body

    client.force_login(outsider)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            replication_url(replication, "implemented"),
            {"results": "Открыли два центра", "implemented_on": str(timezone.localdate())},
        )

    replication.refresh_from_db()
    assert replication.status == ReplicationStatus.IMPLEMENTED
    assert replication.results == "Открыли два центра"
    assert replication.implemented_on == timezone.localdate()
    assert mail.outbox[-1].to == [member.email]
    page = client.get(published.get_absolute_url())
    assert [r.adopter for r in page.context["works_groups"][0][2]] == [other_organization]
    assert dict(page.context["works_regions"]) == {region("RU-SA"): 2}


def test_decline_mails_the_adopter(
    client, member, outsider, other_organization, published, django_capture_on_commit_callbacks
):
    replication = ReplicationFactory(
        practice=published, adopter=other_organization, requested_by=outsider
    )
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(replication_url(replication, "decline"), {"comment": "Не сейчас"})

    replication.refresh_from_db()
    assert replication.status == ReplicationStatus.DECLINED
    assert [m.to for m in mail.outbox] == [[outsider.email]]


DECIDE_EXPECTED = {
    # kind: (response, status afterwards)
    "anonymous": ("login", ReplicationStatus.REQUESTED),
    "adopter": (403, ReplicationStatus.REQUESTED),
    "stranger": (403, ReplicationStatus.REQUESTED),
    "member": (302, ReplicationStatus.IN_PROGRESS),
    "moderator": (302, ReplicationStatus.IN_PROGRESS),
}


@pytest.mark.parametrize("kind", list(DECIDE_EXPECTED))
def test_accept_by_each_kind_of_user(client, request, published, other_organization, kind):
    replication = ReplicationFactory(practice=published, adopter=other_organization)
    users = {
        "anonymous": None,
        "adopter": member_of(other_organization),
        "stranger": member_of(OrganizationFactory()),
        "member": request.getfixturevalue("member"),
        "moderator": request.getfixturevalue("moderator"),
    }
    if users[kind]:
        client.force_login(users[kind])

    response = client.post(replication_url(replication, "accept"))

    expected_response, expected_status = DECIDE_EXPECTED[kind]
    if expected_response == "login":
        assert reverse("login") in response["Location"]
    else:
        assert response.status_code == expected_response
    replication.refresh_from_db()
    assert replication.status == expected_status


def test_practice_members_cannot_mark_implemented(client, member, published, other_organization):
    replication = ReplicationFactory(
        practice=published, adopter=other_organization, status=ReplicationStatus.IN_PROGRESS
    )
    client.force_login(member)

    response = client.post(replication_url(replication, "implemented"), {"results": "Да"})

    assert response.status_code == 403
    replication.refresh_from_db()
    assert replication.status == ReplicationStatus.IN_PROGRESS


def test_implemented_needs_results(client, outsider, published, other_organization):
    replication = ReplicationFactory(
        practice=published, adopter=other_organization, status=ReplicationStatus.IN_PROGRESS
    )
    client.force_login(outsider)

    response = client.post(
        replication_url(replication, "implemented"), {"results": "", "implemented_on": "nope"}
    )

    assert response.status_code == 302
    replication.refresh_from_db()
    assert replication.status == ReplicationStatus.IN_PROGRESS


def test_requested_cannot_jump_to_implemented(outsider, published, other_organization):
    replication = ReplicationFactory(practice=published, adopter=other_organization)

    with pytest.raises(services.TransitionNotAllowed):
        services.complete_replication(replication=replication, user=outsider, results="x")


def test_a_decided_request_cannot_be_decided_again(client, member, published, other_organization):
    replication = ReplicationFactory(
        practice=published, adopter=other_organization, status=ReplicationStatus.DECLINED
    )
    client.force_login(member)

    client.post(replication_url(replication, "accept"))

    replication.refresh_from_db()
    assert replication.status == ReplicationStatus.DECLINED


def test_adopter_drops_an_open_replication(client, outsider, published, other_organization):
    replication = ReplicationFactory(
        practice=published, adopter=other_organization, status=ReplicationStatus.IN_PROGRESS
    )
    client.force_login(outsider)

    client.post(replication_url(replication, "drop"))

    replication.refresh_from_db()
    assert replication.status == ReplicationStatus.DROPPED


def test_practice_members_cannot_drop_someone_elses_replication(
    client, member, published, other_organization
):
    replication = ReplicationFactory(practice=published, adopter=other_organization)
    client.force_login(member)

    response = client.post(replication_url(replication, "drop"))

    assert response.status_code == 403


def test_replication_of_a_draft_is_hidden_from_strangers(client, outsider, organization):
    draft = DraftPracticeFactory(organization=organization)
    replication = ReplicationFactory(practice=draft)
    client.force_login(outsider)

    response = client.post(replication_url(replication, "accept"))

    assert response.status_code == 404


def test_unknown_replication_action_is_404(client, member, published, other_organization):
    replication = ReplicationFactory(practice=published, adopter=other_organization)
    client.force_login(member)

    assert client.post(replication_url(replication, "explode")).status_code == 404


def test_requests_show_on_both_dashboards(client, member, outsider, other_organization, published):
    ReplicationFactory(practice=published, adopter=other_organization, requested_by=outsider)

    client.force_login(outsider)
    adopter_page = client.get(reverse("dashboard"))
    client.force_login(member)
    owner_page = client.get(reverse("dashboard"))

    assert [r.practice for r in adopter_page.context["my_replication_requests"]] == [published]
    assert [r.adopter for r in owner_page.context["incoming_replications"]] == [other_organization]
    assert owner_page.context["my_replication_requests"] == []


def test_where_it_works_lists_regions_and_organisations_by_status(client, published):
    chelyabinsk = OrganizationFactory(region=region("RU-CHE"))
    ReplicationFactory(practice=published, adopter=chelyabinsk, status="implemented")
    ReplicationFactory(practice=published, adopter=OrganizationFactory(), status="requested")
    ReplicationFactory(practice=published, adopter=OrganizationFactory(), status="declined")

    page = client.get(published.get_absolute_url())

    groups = {status: len(items) for status, _label, items in page.context["works_groups"]}
    assert groups == {"requested": 1, "implemented": 1}
    assert dict(page.context["works_regions"]) == {region("RU-SA"): 1, region("RU-CHE"): 1}
    assert page.context["replication_total"] == 2


def test_implemented_date_before_the_start_is_refused(outsider, published, other_organization):
    replication = ReplicationFactory(
        practice=published,
        adopter=other_organization,
        status=ReplicationStatus.IN_PROGRESS,
        started_on=timezone.localdate(),
    )

    with pytest.raises(ValidationError):
        services.complete_replication(
            replication=replication,
            user=outsider,
            results="Готово",
            implemented_on=timezone.localdate() - datetime.timedelta(days=1),
        )

    replication.refresh_from_db()
    assert replication.status == ReplicationStatus.IN_PROGRESS
