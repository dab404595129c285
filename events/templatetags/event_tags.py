from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.templatetags.tz import do_timezone

register = template.Library()


@register.filter
def venue_time(value, event):
    """A datetime shown in the event venue's zone, whatever zone the template is in.

    ``{{ item.start|venue_time:event|date:"H:i" }}``; plain datetimes would be converted
    back to the current zone by the template engine.
    """
    if not value:
        return value
    return do_timezone(value, event.zone)


@register.filter
def same_day(event):
    """True when the event starts and ends on the same day in the venue's zone."""
    return event.local_start.date() == event.local_end.date()


@register.simple_tag(takes_context=True)
def webcal_url(context, path):
    """The ``webcal://`` address of a calendar file on this site (``path`` with its query),
    for calendar apps to subscribe to: the host the visitor reached the page by, and no
    scheme of its own (the apps fetch it over HTTPS, or over HTTP and follow the site's
    redirect to HTTPS)."""
    request = context.get("request")
    host = request.get_host() if request else urlsplit(settings.SITE_URL).netloc
    return "webcal://" + host + _tidy(path)


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """``path`` as a full address on this site, ``https://`` behind a TLS proxy
    (``SECURE_PROXY_SSL_HEADER``): what to paste into a calendar app that asks for a URL."""
    request = context.get("request")
    return request.build_absolute_uri(_tidy(path)) if request else settings.SITE_URL + _tidy(path)


@register.inclusion_tag("events/_calendar_links.html", takes_context=True)
def calendar_links(context, path, label):
    """A calendar file's download link (``label``) and its subscribe link beside it, with
    the same path and query string."""
    return {"download_url": _tidy(path), "webcal": webcal_url(context, path), "label": label}


def _tidy(path):
    # {% querystring %} gives a lone "?" once every parameter is taken out.
    return str(path).removesuffix("?")
