"""Each person's notification preferences, with the defaults for those who never chose."""

from django.conf import settings

from .models import Preferences


def defaults(user):
    """The preferences of someone who never chose (not saved)."""
    return Preferences(user=user, language=settings.LANGUAGE_CODE)


def preferences_for(users):
    """A dict user id -> Preferences for ``users`` (one query; defaults where none saved)."""
    saved = {p.user_id: p for p in Preferences.objects.filter(user__in=[u.pk for u in users])}
    return {user.pk: saved.get(user.pk) or defaults(user) for user in users}


def preferences_of(user):
    return preferences_for([user])[user.pk]
