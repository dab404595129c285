from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def venue_time(value, event):
    """An aware datetime in the event venue's time zone: ``{{ item.start|venue_time:event|date:"H:i" }}``."""
    if not value:
        return value
    return timezone.localtime(value, event.zone)


@register.filter
def same_day(event):
    """True when the event starts and ends on the same day in the venue's zone."""
    return event.local_start.date() == event.local_end.date()
