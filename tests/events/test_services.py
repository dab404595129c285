import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from events import services
from events.models import ApplicationStatus, EventStatus
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    InternshipFactory,
    UserFactory,
    member_of,
)

pytestmark = pytest.mark.django_db

S = ApplicationStatus


def _apply(event, user=None):
    return services.apply(
        event=event,
        user=user or UserFactory(),
        motivation="Хотим научиться.",
        organization_name="НКО",
    )


def test_applications_within_capacity_are_submitted_then_the_waitlist_fills(internship):
    statuses = [_apply(internship).status for _ in range(4)]

    assert statuses == [S.SUBMITTED, S.SUBMITTED, S.WAITLISTED, S.WAITLISTED]
    assert services.places_taken(internship) == 2


def test_full_event_without_waitlist_refuses_clearly(organization):
    event = InternshipFactory(organizer=organization, capacity=1, waitlist_enabled=False)
    _apply(event)

    with pytest.raises(services.EventFull, match="листа ожидания у этого мероприятия нет"):
        _apply(event)

    assert event.applications.count() == 1


def test_zero_capacity_sends_everyone_to_the_waitlist(organization):
    event = InternshipFactory(organizer=organization, capacity=0)

    assert _apply(event).status == S.WAITLISTED


def test_no_capacity_means_no_limit(event):
    statuses = {_apply(event).status for _ in range(5)}

    assert statuses == {S.SUBMITTED}


def test_withdrawing_a_place_promotes_the_first_on_the_waitlist(
    internship, django_capture_on_commit_callbacks
):
    first, _second = _apply(internship), _apply(internship)
    third, fourth = _apply(internship), _apply(internship)

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(application=first, user=first.user)

    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (third.status, fourth.status) == (S.SUBMITTED, S.WAITLISTED)
    assert services.places_taken(internship) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.user.email, third.user.email])
    assert any("освободилось место" in m.subject for m in mail.outbox)


def test_declining_an_accepted_application_promotes_the_waitlist(internship, member):
    first = _apply(internship)
    _apply(internship)
    waiting = _apply(internship)
    services.accept(application=first, user=member)

    services.decline(application=first, user=member)

    waiting.refresh_from_db()
    first.refresh_from_db()
    assert first.status == S.DECLINED
    assert waiting.status == S.SUBMITTED


def test_withdrawing_from_the_waitlist_promotes_nobody(internship):
    _apply(internship), _apply(internship)
    waiting, last = _apply(internship), _apply(internship)

    services.withdraw(application=waiting, user=waiting.user)

    last.refresh_from_db()
    assert last.status == S.WAITLISTED


def test_accepting_a_waitlisted_application_needs_a_free_place(internship, member):
    _apply(internship), _apply(internship)
    waiting = _apply(internship)

    with pytest.raises(services.EventFull):
        services.accept(application=waiting, user=member)

    waiting.refresh_from_db()
    assert waiting.status == S.WAITLISTED


def test_each_status_change_emails_the_applicant(
    internship, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = _apply(internship)
        services.accept(application=application, user=member)
        services.withdraw(application=application, user=application.user)

    to_applicant = [m for m in mail.outbox if m.to == [application.user.email]]
    subjects = [m.subject for m in to_applicant]

    assert len(subjects) == 3
    assert all(internship.title in s for s in subjects)
    assert "Якутск (UTC+9)" in to_applicant[0].body
    # The organiser's member hears of the new application, and of nothing else.
    assert [m.to for m in mail.outbox if m not in to_applicant] == [[member.email]]


def test_one_application_per_user_while_active(internship):
    user = UserFactory()
    _apply(internship, user)

    with pytest.raises(services.AlreadyApplied):
        _apply(internship, user)


def test_a_withdrawn_applicant_may_apply_again(internship):
    application = _apply(internship)
    services.withdraw(application=application, user=application.user)

    again = _apply(internship, application.user)

    assert again.pk == application.pk
    assert again.status == S.SUBMITTED


def test_applications_closed_outside_the_registration_window(organization):
    now = timezone.now()
    closed = InternshipFactory(
        organizer=organization, registration_closes=now - datetime.timedelta(hours=1)
    )
    not_yet = InternshipFactory(
        organizer=organization, registration_opens=now + datetime.timedelta(days=1)
    )
    draft = InternshipFactory(organizer=organization, status=EventStatus.DRAFT)

    for event in (closed, not_yet):
        with pytest.raises(services.RegistrationClosed):
            _apply(event)
    with pytest.raises(PermissionDenied):
        _apply(draft)


def test_applying_with_an_organisation_the_user_does_not_belong_to_is_refused(
    internship, other_organization
):
    with pytest.raises(PermissionDenied):
        services.apply(
            event=internship,
            user=UserFactory(),
            motivation="x",
            organization=other_organization,
        )


def test_publish_sets_status_and_time(organization, member):
    event = EventFactory(organizer=organization, status=EventStatus.DRAFT, published_at=None)

    services.publish_event(event=event, user=member)

    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert event.published_at is not None


def test_cancel_keeps_the_event_visible_and_emails_active_applicants(
    internship, member, django_capture_on_commit_callbacks
):
    active = _apply(internship)
    withdrawn = _apply(internship)
    services.withdraw(application=withdrawn, user=withdrawn.user)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(event=internship, user=member, reason="Погода")

    internship.refresh_from_db()
    assert internship.status == EventStatus.CANCELLED
    assert list(type(internship).objects.public()) == [internship]
    assert [m.to for m in mail.outbox] == [[active.user.email]]
    assert "Погода" in mail.outbox[0].body


def test_no_mail_leaves_before_the_decision_commits(internship, member):
    application = _apply(internship)

    services.accept(application=application, user=member)

    assert mail.outbox == []


def test_another_organisation_cannot_decide_or_publish(internship, outsider):
    application = ApplicationFactory(event=internship)

    with pytest.raises(PermissionDenied):
        services.accept(application=application, user=outsider)
    with pytest.raises(PermissionDenied):
        services.cancel_event(event=internship, user=outsider)


def test_moderator_may_decide(internship, moderator):
    application = _apply(internship)

    services.accept(application=application, user=moderator)

    application.refresh_from_db()
    assert application.status == S.ACCEPTED


def test_only_the_applicant_withdraws(internship):
    application = _apply(internship)

    with pytest.raises(PermissionDenied):
        services.withdraw(application=application, user=member_of(internship.organizer))
