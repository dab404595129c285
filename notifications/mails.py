"""Composing the e-mails of notifications and digests: a text and an HTML part in the
recipient's language, the one-click unsubscribe headers (RFC 8058), stored in the outbox."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from . import outbox, tokens


def absolute(path):
    return settings.SITE_URL + path if path.startswith("/") else path


def unsubscribe_url(user, scope):
    """The one-click address, in the active language."""
    return absolute(
        reverse("notifications:unsubscribe", kwargs={"token": tokens.make(user, scope)})
    )


def queue(*, user, language, subject, scope, template, context):
    """Render ``template``.txt and .html for ``user`` in ``language`` and queue the message
    (sent by a task after the commit). Returns the OutgoingMail."""
    with translation.override(language):
        link = unsubscribe_url(user, scope)
        context = {
            **context,
            "subject": subject,
            "language": language,
            "unsubscribe_url": link,
            "preferences_url": absolute(reverse("notifications:preferences")),
        }
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    headers = {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }
    if settings.UNSUBSCRIBE_MAILTO:
        headers["List-Unsubscribe"] += (
            f", <mailto:{settings.UNSUBSCRIBE_MAILTO}?subject=unsubscribe>"
        )
    message = EmailMultiAlternatives(
        subject=" ".join(str(subject).split()),  # one line, whatever the title held
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return outbox.queue(message)
