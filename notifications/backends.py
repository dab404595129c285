"""The project's EMAIL_BACKEND: Django's own mail (a password reset, a message to the
administrators) goes through the outbox like ours, sent by a task after the commit."""

from django.core.mail.backends.base import BaseEmailBackend

from . import outbox


class QueuedEmailBackend(BaseEmailBackend):
    """Stores each message as an OutgoingMail; the ``send_mail`` task delivers it through
    ``settings.EMAIL_DELIVERY_BACKEND``."""

    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            outbox.queue(message)
            count += 1
        return count
