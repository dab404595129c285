"""Immediate notifications: the people concerned, once, after the commit, in their language."""

import pytest
from django.core import mail
from django.utils import timezone

from events import services as event_services
from notifications.models import Kind, MailStatus, Notification, OutgoingMail, Preferences
from notifications.notify import notify
from organizations import services as organization_services
from organizations.models import MembershipRole
from practices import services as practice_services
from practices.models import PracticeStatus
from tests.factories import (
    DraftPracticeFactory,
    InternshipFactory,
    OrganizationFactory,
    PracticeFactory,
    ReplicationFactory,
    UserFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


def speaks(user, language):
    Preferences.objects.create(user=user, language=language)
    return user


def received(user):
    """The subjects of the e-mails ``user`` got."""
    return [m.subject for m in mail.outbox if m.to == [user.email]]


@pytest.fixture
def practice(organization):
    return PracticeFactory(organization=organization, title="Соседские центры")


@pytest.fixture
def request_replication(practice, outsider, other_organization, django_capture_on_commit_callbacks):
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return practice_services.request_replication(
                practice=practice, user=outsider, adopter=other_organization, notes="Хотим"
            )

    return run


# Queued once, after the commit -----------------------------------------------------------


def test_nothing_is_stored_or_sent_before_the_commit(
    practice, member, outsider, other_organization, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        practice_services.request_replication(
            practice=practice, user=outsider, adopter=other_organization
        )

        assert not Notification.objects.exists()
        assert not OutgoingMail.objects.exists()
    assert len(callbacks) == 1


def test_a_replication_request_is_stored_once_and_mailed_once(request_replication, member):
    request_replication()

    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind) == (member, Kind.REPLICATION_REQUESTED)
    assert notification.mail.status == MailStatus.SENT
    assert OutgoingMail.objects.count() == 1
    assert len(mail.outbox) == 1


# In the recipient's language ---------------------------------------------------------------


def test_mail_comes_in_russian_by_default(request_replication, member):
    request_replication()

    assert len(received(member)) == 1
    assert "хочет внедрить вашу практику" in mail.outbox[0].subject
    assert "Принять или отклонить" in mail.outbox[0].body


def test_mail_comes_in_english_to_who_chose_english(request_replication, organization, member):
    colleague = speaks(member_of(organization), "en")

    request_replication()

    english = next(m for m in mail.outbox if m.to == [colleague.email])
    russian = next(m for m in mail.outbox if m.to == [member.email])
    assert "wants to implement your practice" in english.subject
    assert "Accept or decline the request" in english.body
    assert "/en/dashboard/" in english.body
    assert "хочет внедрить" in russian.subject
    html = english.alternatives[0][0]
    assert "Open on the portal" in html
    assert '<html lang="en">' in html
    assert Notification.objects.get(recipient=colleague).url == "/en/dashboard/"


# Each kind, to the people concerned ----------------------------------------------------------


def test_the_requester_does_not_hear_of_their_own_request(request_replication, outsider):
    request_replication()

    assert received(outsider) == []
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_a_decision_reaches_the_adopter_and_the_person_who_asked(
    practice, member, outsider, other_organization, django_capture_on_commit_callbacks
):
    asker = member_of(other_organization)
    replication = ReplicationFactory(
        practice=practice, adopter=other_organization, requested_by=asker
    )

    with django_capture_on_commit_callbacks(execute=True):
        practice_services.accept_replication(replication=replication, user=member, comment="Ждём")

    assert ["принят" in s for s in received(asker)] == [True]
    assert ["принят" in s for s in received(outsider)] == [True]
    assert received(member) == []
    assert "Ждём" in mail.outbox[0].body


def test_a_decline_reaches_the_adopter(
    practice, member, outsider, other_organization, django_capture_on_commit_callbacks
):
    replication = ReplicationFactory(
        practice=practice, adopter=other_organization, requested_by=outsider
    )

    with django_capture_on_commit_callbacks(execute=True):
        practice_services.decline_replication(replication=replication, user=member)

    assert ["отклонена" in s for s in received(outsider)] == [True]


def test_implemented_and_dropped_reach_the_practice_organisation(
    practice, organization, member, outsider, other_organization, django_capture_on_commit_callbacks
):
    done = ReplicationFactory(
        practice=practice, adopter=other_organization, requested_by=outsider, status="in_progress"
    )
    other_practice = PracticeFactory(organization=organization)
    dropped = ReplicationFactory(
        practice=other_practice, adopter=other_organization, requested_by=outsider
    )

    with django_capture_on_commit_callbacks(execute=True):
        practice_services.complete_replication(
            replication=done, user=outsider, results="Два центра"
        )
        practice_services.drop_replication(replication=dropped, user=outsider, comment="Нет сил")

    subjects = received(member)
    assert len(subjects) == 2
    assert "внедрил" in subjects[0]
    assert "прекратила" in subjects[1]
    assert received(outsider) == []
    kinds = set(Notification.objects.filter(recipient=member).values_list("kind", flat=True))
    assert kinds == {Kind.REPLICATION_STATUS}


def test_a_returned_practice_reaches_its_author_and_editors(
    organization, member, moderator, django_capture_on_commit_callbacks
):
    author = member_of(organization, role=MembershipRole.MANAGER)
    practice = DraftPracticeFactory(
        organization=organization, created_by=author, status=PracticeStatus.ON_REVIEW
    )

    with django_capture_on_commit_callbacks(execute=True):
        practice_services.return_practice(
            practice=practice, user=moderator, comment="Добавьте цифры"
        )

    assert len(received(author)) == 1
    assert len(received(member)) == 1
    assert received(moderator) == []
    assert "Добавьте цифры" in mail.outbox[0].body
    assert Notification.objects.filter(kind=Kind.PRACTICE_REVIEWED).count() == 2


def test_a_published_practice_reaches_its_author_but_not_who_published_it(
    organization, member, moderator, django_capture_on_commit_callbacks
):
    practice = DraftPracticeFactory(
        organization=organization, created_by=member, status=PracticeStatus.ON_REVIEW
    )

    with django_capture_on_commit_callbacks(execute=True):
        practice_services.publish_practice(practice=practice, user=moderator)

    assert ["опубликована" in s for s in received(member)] == [True]
    assert received(moderator) == []
    assert practice.get_absolute_url() in mail.outbox[0].body


def test_an_application_reaches_the_organiser_staff_and_the_applicant(
    organization, member, django_capture_on_commit_callbacks
):
    internship = InternshipFactory(organizer=organization)
    applicant = UserFactory(first_name="Анна", last_name="Петрова")

    with django_capture_on_commit_callbacks(execute=True):
        event_services.apply(
            event=internship, user=applicant, motivation="Хотим научиться", organization_name="ТОС"
        )

    assert ["Новая заявка" in s for s in received(member)] == [True]
    assert ["получена" in s for s in received(applicant)] == [True]
    staff_mail = next(m for m in mail.outbox if m.to == [member.email])
    assert "Анна Петрова" in staff_mail.body
    assert "Хотим научиться" in staff_mail.body


def test_a_decision_on_an_application_reaches_the_applicant_only(
    organization, member, django_capture_on_commit_callbacks
):
    internship = InternshipFactory(organizer=organization)
    applicant = UserFactory()
    application = event_services.apply(
        event=internship, user=applicant, motivation="Хотим", organization_name="ТОС"
    )

    with django_capture_on_commit_callbacks(execute=True):
        event_services.decline(application=application, user=member)

    assert ["отклонена" in s for s in received(applicant)] == [True]
    assert received(member) == []


def test_an_invitation_reaches_the_invited_account(
    organization, manager, django_capture_on_commit_callbacks
):
    invited = speaks(UserFactory(), "en")

    with django_capture_on_commit_callbacks(execute=True):
        organization_services.invite_member(
            organization=organization, actor=manager, identifier=invited.username, role="editor"
        )

    assert received(invited) == [f"Invitation to join {organization}"]
    assert Notification.objects.get().kind == Kind.INVITATION


def test_an_invitation_of_an_unknown_address_tells_nobody(
    organization, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organization_services.invite_member(
            organization=organization, actor=manager, identifier="ghost@example.org", role="editor"
        )

    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_an_inactive_account_is_told_nothing(request_replication, organization, member):
    member.is_active = False
    member.save()

    request_replication()

    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_an_account_without_an_address_gets_the_notification_only(request_replication, member):
    member.email = ""
    member.save()

    request_replication()

    assert Notification.objects.get().recipient == member
    assert mail.outbox == []


# Preferences turn a kind's mail off -------------------------------------------------------


def test_a_kind_switched_off_is_listed_but_not_mailed(request_replication, member):
    Preferences.objects.create(user=member, muted_kinds=[Kind.REPLICATION_REQUESTED])

    request_replication()

    assert Notification.objects.get().recipient == member
    assert mail.outbox == []


def test_switching_off_one_kind_leaves_the_others(
    organization, member, moderator, django_capture_on_commit_callbacks
):
    Preferences.objects.create(user=member, muted_kinds=[Kind.REPLICATION_REQUESTED])
    practice = DraftPracticeFactory(
        organization=organization, created_by=member, status=PracticeStatus.ON_REVIEW
    )

    with django_capture_on_commit_callbacks(execute=True):
        practice_services.publish_practice(practice=practice, user=moderator)

    assert len(received(member)) == 1


# Every mail: unsubscribe headers, text and HTML -------------------------------------------


def test_every_mail_has_one_click_unsubscribe_headers_and_two_parts(
    request_replication, member, settings
):
    settings.UNSUBSCRIBE_MAILTO = "unsubscribe@example.org"

    request_replication()

    message = mail.outbox[0]
    link = message.extra_headers["List-Unsubscribe"]
    assert link.startswith(f"<{settings.SITE_URL}/notifications/unsubscribe/")
    assert link.endswith(", <mailto:unsubscribe@example.org?subject=unsubscribe>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.alternatives[0][1] == "text/html"
    url = link[1 : link.index(">")]
    assert url in message.body
    assert url.replace("&", "&amp;") in message.alternatives[0][0]


def test_a_message_without_a_mailto_has_only_the_link(request_replication, member):
    request_replication()

    assert ">," not in mail.outbox[0].extra_headers["List-Unsubscribe"]


def test_notification_times_are_recorded(request_replication, member):
    before = timezone.now()

    request_replication()

    notification = Notification.objects.get()
    assert notification.created_at >= before
    assert notification.read_at is None


def test_a_deleted_object_notifies_nobody(organization):
    # A task that runs after its object is gone finds nothing and fails on nothing.
    for kind in Kind.values:
        notify.call(kind, 999_999, "requested")

    assert not Notification.objects.exists()


def test_other_organisations_hear_nothing(request_replication):
    bystander = member_of(OrganizationFactory())

    request_replication()

    assert received(bystander) == []
