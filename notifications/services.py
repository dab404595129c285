"""Writes on a person's own notifications, preferences and follows.

Each takes the signed-in ``user`` and touches only that user's rows, so there is nobody
else's to reach: a notification of another person is simply not found.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from . import tokens
from .models import DigestFrequency, Follow, Kind, Preferences
from .preferences import defaults


def mark_read(*, user, notification_id):
    """Mark one of the user's notifications read; returns whether it was found unread."""
    return bool(
        user.notifications.unread().filter(pk=notification_id).update(read_at=timezone.now())
    )


def mark_all_read(*, user):
    """Mark every unread notification of the user read; returns how many."""
    return user.notifications.unread().update(read_at=timezone.now())


@transaction.atomic
def save_preferences(*, user, form):
    """Save the preferences form. Turning the digest on again starts its period now, so the
    first digest holds what is new from now on, not everything since the last one."""
    previous = Preferences.objects.select_for_update().filter(user=user).first()
    preferences = form.save(commit=False)
    preferences.user = user
    if (previous is None or previous.digest == DigestFrequency.OFF) and (
        preferences.digest != DigestFrequency.OFF
    ):
        preferences.last_digest_at = timezone.now()
    preferences.full_clean()
    preferences.save()
    return preferences


@transaction.atomic
def unsubscribe(*, user, scope):
    """Stop the digest (``tokens.DIGEST``) or the e-mails of one kind. Idempotent."""
    preferences = Preferences.objects.select_for_update().filter(user=user).first()
    if preferences is None:
        preferences = defaults(user)
    if scope == tokens.DIGEST:
        preferences.digest = DigestFrequency.OFF
    elif scope in Kind.values and scope not in preferences.muted_kinds:
        preferences.muted_kinds = [*preferences.muted_kinds, scope]
    preferences.save()
    return preferences


# Follows --------------------------------------------------------------------------------


def follow(*, user, target_name, target):
    """``user`` follows ``target`` (a topic, region, organisation or published practice).
    Idempotent; the first follow starts the digest's period now, in the active language."""
    if not user.is_authenticated:
        raise PermissionDenied
    Preferences.objects.get_or_create(
        user=user, defaults={"language": _current_language(), "last_digest_at": timezone.now()}
    )
    try:
        with transaction.atomic():
            Follow.objects.get_or_create(user=user, **{target_name: target})
    except IntegrityError:  # the same follow at the same moment
        pass


def unfollow(*, user, target_name, target):
    """Stop following; returns whether there was something to stop. Idempotent."""
    deleted, _rows = Follow.objects.filter(user=user, **{target_name: target}).delete()
    return bool(deleted)


def _current_language():
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
