import datetime
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.forms import FastSelect
from common.search import is_searchable
from organizations.filters import RegionalFilterSet
from organizations.models import Organization

from .models import Event, EventFormat, EventKind

MIN_DATE = datetime.date(2000, 1, 1)
MAX_DATE = datetime.date(2100, 12, 31)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class BoundedDateField(forms.DateField):
    """An ISO date within 2000–2100, so no query builds an out-of-range datetime."""

    def clean(self, value):
        value = super().clean(value)
        if value and not (MIN_DATE <= value <= MAX_DATE):
            raise forms.ValidationError(_("Choose a date between 2000 and 2100."))
        return value


class BoundedDateFilter(django_filters.DateFilter):
    field_class = BoundedDateField


class EventFilter(RegionalFilterSet):
    """The list's filters; ``past=1`` switches from upcoming events to the archive."""

    kind = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Kind"),
        choices=EventKind.choices,
        empty_label=pgettext_lazy("event", "All kinds"),
    )
    format = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Format"),
        choices=EventFormat.choices,
        empty_label=_("Any format"),
    )
    # A search box, not a <select> of every organiser (thousands at network size): the
    # organisation's address (slug, as links and bookmarks give it) or words of its name.
    organizer = django_filters.CharFilter(
        label=_("Organiser"),
        method="filter_organizer",
        max_length=200,
        help_text=_("Name or part of it."),
    )
    past = django_filters.BooleanFilter(
        label=_("Past events (archive)"), method="filter_past", widget=forms.CheckboxInput
    )

    class Meta:
        model = Event
        fields = ["q", "kind", "region", "district", "format", "organizer"]

    @property
    def qs(self):
        # django-filter leaves an unbound set unfiltered; the list still shows upcoming events.
        if not hasattr(self, "_qs"):
            self._qs = super().qs if self.is_bound else self.queryset.all().upcoming()
        return self._qs

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("past"):
            return queryset.past()
        return queryset.upcoming()

    def filter_from(self, queryset, name, value):
        """Events still running on or after the day (in Moscow time, the portal's zone)."""
        return queryset.filter(end__gte=_day_start(value))

    def filter_to(self, queryset, name, value):
        """Events starting on or before the day."""
        return queryset.filter(start__lt=_day_start(value + datetime.timedelta(days=1)))

    def filter_organizer(self, queryset, name, value):
        """An organisation's slug (the organisation page's calendar links) means that one
        organisation only; anything else is searched in the organisations' names."""
        value = value.strip()
        if Organization.objects.filter(slug=value).exists():
            return queryset.filter(organizer__slug=value)
        by_name = Organization.objects.search(value).values("pk") if is_searchable(value) else []
        return queryset.filter(organizer__in=by_name)

    def filter_past(self, queryset, name, value):
        return queryset  # applied in filter_queryset, after the other filters


# "from" and "to" are the public parameter names but Python keywords: added after the class.
EventFilter.base_filters = {
    **{k: v for k, v in EventFilter.base_filters.items() if k != "past"},
    "from": BoundedDateFilter(label=_("From"), method="filter_from", widget=DateInput()),
    "to": BoundedDateFilter(label=_("To"), method="filter_to", widget=DateInput()),
    "past": EventFilter.base_filters["past"],
}


def _day_start(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))
