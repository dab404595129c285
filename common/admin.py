"""Admin actions that run each selected object through the app's service, so the admin
follows the same rules, history and e-mails as the site."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError

from common.actions import refusal_message


def run_for_each(modeladmin, request, queryset, action, done, refusals=()):
    """Calls ``action(obj)`` for every selected object; a refusal (one of ``refusals``,
    PermissionDenied or ValidationError) becomes a warning naming the object, the rest a
    success message ``done % {"count": n}``."""
    count = 0
    for obj in queryset:
        try:
            action(obj)
        except (*refusals, PermissionDenied, ValidationError) as exc:
            modeladmin.message_user(request, f"{obj}: {refusal_message(exc)}", messages.WARNING)
        else:
            count += 1
    if count:
        modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)
    return count
