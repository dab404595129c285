from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications and mail")

    def ready(self):
        # The lower apps send domain signals (practices.signals, events.signals,
        # organizations.signals); the receivers turn them into notifications after the commit.
        from . import receivers  # noqa: F401, PLC0415 - connects the receivers
