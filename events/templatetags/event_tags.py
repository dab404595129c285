from django import template
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
