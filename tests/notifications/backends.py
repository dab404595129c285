"""Mail backends for the tests of the outbox's failure path."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """A relay that refuses every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("relay down")
