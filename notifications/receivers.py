"""The lower apps' domain signals, turned into the ``notify`` task after the commit.

Each receiver only enqueues: who is concerned and what they read is decided by the task
(``notifications.notify``), so a rolled-back change tells nobody and the request that made
the change does the same small work whoever is concerned.
"""

import functools

from django.db import transaction
from django.dispatch import receiver

from events import signals as events
from organizations import signals as organizations
from practices import signals as practices

from .models import Kind
from .notify import notify


def _after_commit(kind, object_id, notice="", actor=None):
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    transaction.on_commit(
        functools.partial(notify.enqueue, str(kind), object_id, str(notice), actor_id),
        robust=True,
    )


@receiver(practices.replication_requested)
def replication_requested(sender, replication, actor, **kwargs):
    _after_commit(Kind.REPLICATION_REQUESTED, replication.pk, "requested", actor)


@receiver(practices.replication_status_changed)
def replication_status_changed(sender, replication, status, actor, **kwargs):
    _after_commit(Kind.REPLICATION_STATUS, replication.pk, status, actor)


@receiver(practices.practice_returned)
def practice_returned(sender, practice, actor, **kwargs):
    _after_commit(Kind.PRACTICE_REVIEWED, practice.pk, "returned", actor)


@receiver(practices.practice_published)
def practice_published(sender, practice, actor, **kwargs):
    _after_commit(Kind.PRACTICE_REVIEWED, practice.pk, "published", actor)


@receiver(events.application_submitted)
def application_submitted(sender, application, actor, **kwargs):
    _after_commit(Kind.APPLICATION_STATUS, application.pk, application.status, actor)
    _after_commit(Kind.APPLICATION_RECEIVED, application.pk, application.status, actor)


@receiver(events.application_status_changed)
def application_status_changed(sender, application, notice, actor, **kwargs):
    _after_commit(Kind.APPLICATION_STATUS, application.pk, notice, actor)


@receiver(organizations.invitation_created)
def invitation_created(sender, invitation, **kwargs):
    _after_commit(Kind.INVITATION, invitation.pk)
