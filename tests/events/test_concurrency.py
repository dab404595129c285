"""Capacity under concurrency: two real database connections applying at the same moment.

Runs on PostgreSQL only: SQLite has no row locks (it serialises whole-database writes), so
the test would prove nothing there.
"""

import threading

import pytest
from django.db import close_old_connections, connection, transaction

from events import services
from events.models import Application, ApplicationStatus, Event
from tests.factories import InternshipFactory, OrganizationFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite has no SELECT ... FOR UPDATE row locks",
    ),
]


def _in_thread(target, results, key, *args):
    def run():
        try:
            results[key] = target(*args)
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results[key] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _apply(event_pk, user_pk, barrier):
    close_old_connections()
    event = Event.objects.get(pk=event_pk)
    user = UserFactory._meta.model.objects.get(pk=user_pk)
    barrier.wait(timeout=10)
    return services.apply(event=event, user=user, motivation="m", organization_name="НКО")


@pytest.mark.parametrize("waitlist", [True, False])
def test_two_people_applying_for_the_last_place_at_once_never_exceed_capacity(waitlist):
    event = InternshipFactory(
        organizer=OrganizationFactory(), capacity=1, waitlist_enabled=waitlist
    )
    users = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(2)
    results = {}

    threads = [_in_thread(_apply, results, i, event.pk, u.pk, barrier) for i, u in enumerate(users)]
    for thread in threads:
        thread.join(timeout=30)

    held = Application.objects.filter(event=event, status=ApplicationStatus.SUBMITTED).count()
    assert held == 1
    outcomes = sorted(
        r.status if isinstance(r, Application) else type(r).__name__ for r in results.values()
    )
    if waitlist:
        assert outcomes == [ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED]
    else:
        assert outcomes == ["EventFull", ApplicationStatus.SUBMITTED]


def test_an_application_waits_for_the_lock_held_by_another_transaction():
    """While one transaction holds the event's row, a second apply blocks, then sees its result."""
    event = InternshipFactory(organizer=OrganizationFactory(), capacity=1)
    first, second = UserFactory(), UserFactory()
    locked, release = threading.Event(), threading.Event()
    results = {}

    def hold_lock_and_take_the_place():
        close_old_connections()
        with transaction.atomic():
            Event.objects.select_for_update().get(pk=event.pk)
            locked.set()
            release.wait(timeout=10)
            Application.objects.create(event=event, user=first, motivation="m")
        return "committed"

    def apply_second():
        close_old_connections()
        locked.wait(timeout=10)
        return services.apply(
            event=Event.objects.get(pk=event.pk), user=second, motivation="m", organization_name="x"
        )

    holder = _in_thread(hold_lock_and_take_the_place, results, "holder")
    applicant = _in_thread(apply_second, results, "applicant")
    applicant.join(timeout=1.0)
    blocked_while_locked = applicant.is_alive()
    release.set()
    holder.join(timeout=10)
    applicant.join(timeout=10)

    assert blocked_while_locked
    assert results["holder"] == "committed"
    assert results["applicant"].status == ApplicationStatus.WAITLISTED
