"""The outbox: every e-mail stored, sent by a task after the commit, retried, never lost."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail import EmailMessage, send_mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notifications import outbox
from notifications.models import MAX_ATTEMPTS, MailStatus, OutgoingMail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make_due(message):
    OutgoingMail.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_a_message_is_stored_and_sent_only_after_the_commit(
    queued_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_mail("Тема", "Текст", None, ["anna@example.org"])
        stored = OutgoingMail.objects.get()
        assert mail.outbox == []
        assert stored.status == MailStatus.QUEUED

    assert len(callbacks) == 1
    stored.refresh_from_db()
    assert stored.status == MailStatus.SENT
    assert stored.attempts == 1
    assert stored.sent_at is not None
    assert [(m.subject, m.to) for m in mail.outbox] == [("Тема", ["anna@example.org"])]


def test_a_rolled_back_message_is_never_sent(queued_mail, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_mail("Тема", "Текст", None, ["anna@example.org"])

    # The transaction is not committed: its callbacks are dropped with it.
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_password_reset_mail_goes_through_the_outbox(
    client, queued_mail, django_capture_on_commit_callbacks
):
    UserFactory(email="anna@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "anna@example.org"})

    stored = OutgoingMail.objects.get()
    assert stored.to == ["anna@example.org"]
    assert stored.status == MailStatus.SENT
    assert "/accounts/reset/" in mail.outbox[0].body


def test_html_part_and_headers_are_kept():
    multi = mail.EmailMultiAlternatives(
        "Тема", "Текст", to=["anna@example.org"], headers={"X-Kind": "test"}
    )
    multi.attach_alternative("<p>Текст</p>", "text/html")

    stored = outbox.queue(multi)

    sent = stored.message()
    assert sent.alternatives[0][0] == "<p>Текст</p>"
    assert sent.extra_headers == {"X-Kind": "test"}


def test_a_failed_send_is_retried_after_a_minute(queued_mail, failing_relay):
    stored = outbox.queue(EmailMessage("Тема", "Текст", to=["anna@example.org"]))
    before = timezone.now()

    status = outbox.deliver(stored.pk)

    stored.refresh_from_db()
    assert status == MailStatus.QUEUED
    assert stored.attempts == 1
    assert "relay down" in stored.last_error
    assert stored.next_attempt_at >= before + datetime.timedelta(minutes=1)
    assert stored.next_attempt_at < before + datetime.timedelta(minutes=2)


def test_a_retry_is_not_sent_before_its_time(failing_relay):
    stored = outbox.queue(EmailMessage("Тема", "Текст", to=["anna@example.org"]))
    outbox.deliver(stored.pk)

    assert outbox.deliver(stored.pk) is None

    stored.refresh_from_db()
    assert stored.attempts == 1


def test_waits_grow_and_the_fifth_failure_is_final(failing_relay):
    stored = outbox.queue(EmailMessage("Тема", "Текст", to=["anna@example.org"]))
    waits = []
    for _attempt in range(MAX_ATTEMPTS):
        make_due(stored)
        started = timezone.now()
        outbox.deliver(stored.pk)
        stored.refresh_from_db()
        if stored.status == MailStatus.QUEUED:
            waits.append(round((stored.next_attempt_at - started).total_seconds() / 60))

    assert waits == [1, 5, 25, 125]
    assert stored.status == MailStatus.FAILED
    assert stored.attempts == MAX_ATTEMPTS
    make_due(stored)
    assert outbox.deliver(stored.pk) is None


def test_a_retry_is_a_deferred_task_with_the_database_backend(
    database_tasks, failing_relay, django_capture_on_commit_callbacks
):
    stored = outbox.queue(EmailMessage("Тема", "Текст", to=["anna@example.org"]))

    with django_capture_on_commit_callbacks(execute=True):
        outbox.deliver(stored.pk)

    stored.refresh_from_db()
    retry = DBTaskResult.objects.get()
    assert retry.task_path == "notifications.outbox.send_mail"
    assert retry.args_kwargs["args"] == [stored.pk]
    assert retry.run_after == stored.next_attempt_at


# A real transaction: db_worker closes connections between tasks. serialized_rollback, as every
# transactional test here: without it, the flush after the test empties the rows the migrations
# wrote (regions, content types) for every test after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_sends_what_was_queued(database_tasks, queued_mail):
    send_mail("Тема", "Текст", None, ["anna@example.org"])  # autocommit: enqueued at once
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert OutgoingMail.objects.get().status == MailStatus.SENT


def test_send_queued_mail_sends_what_is_due_and_nothing_twice(failing_relay, settings):
    stored = outbox.queue(EmailMessage("Тема", "Текст", to=["anna@example.org"]))
    outbox.deliver(stored.pk)
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_queued_mail", verbosity=0)
    assert mail.outbox == []  # not due yet

    make_due(stored)
    call_command("send_queued_mail", verbosity=0)
    call_command("send_queued_mail", verbosity=0)

    stored.refresh_from_db()
    assert stored.status == MailStatus.SENT
    assert len(mail.outbox) == 1


# Admin ------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(
        get_user_model().objects.create_superuser("root", "root@example.org", "x" * 12)
    )
    return client


def failed_mail(subject="Не дошло"):
    return OutgoingMail.objects.create(
        from_email="portal@localhost",
        to=["anna@example.org"],
        subject=subject,
        text="Текст",
        status=MailStatus.FAILED,
        attempts=MAX_ATTEMPTS,
        last_error="SMTPServerDisconnected: relay down",
    )


def test_failed_mail_is_listed_for_administrators(admin_client):
    failed_mail()
    OutgoingMail.objects.create(
        from_email="x@localhost", to=["b@example.org"], subject="Дошло", text="-", status="sent"
    )

    response = admin_client.get(
        reverse("admin:notifications_outgoingmail_changelist"), {"status__exact": "failed"}
    )

    assert response.status_code == 200
    assert [m.subject for m in response.context["cl"].result_list] == ["Не дошло"]


def test_send_again_queues_a_failed_mail_with_fresh_attempts(
    admin_client, django_capture_on_commit_callbacks
):
    stored = failed_mail()

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:notifications_outgoingmail_changelist"),
            {"action": "send_again", "_selected_action": [stored.pk]},
        )

    stored.refresh_from_db()
    assert stored.status == MailStatus.SENT
    assert stored.attempts == 1
    assert [m.subject for m in mail.outbox] == ["Не дошло"]


def test_send_again_leaves_a_sent_mail_alone(admin_client, django_capture_on_commit_callbacks):
    stored = failed_mail()
    stored.status = MailStatus.SENT
    stored.save()

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:notifications_outgoingmail_changelist"),
            {"action": "send_again", "_selected_action": [stored.pk]},
        )

    assert mail.outbox == []


def test_staff_without_rights_cannot_see_the_outbox(client):
    client.force_login(UserFactory(is_staff=True))
    failed_mail()

    response = client.get(reverse("admin:notifications_outgoingmail_changelist"))

    assert response.status_code == 403


@pytest.mark.parametrize("model", ["notification", "preferences", "follow", "outgoingmail"])
def test_administrators_see_every_record_of_the_app(admin_client, model):
    response = admin_client.get(reverse(f"admin:notifications_{model}_changelist"))

    assert response.status_code == 200
