"""The lists' own FilterSets, as the API uses them (DRF's ``DjangoFilterBackend``).

Events and organisations use ``events.filters.EventFilter`` and
``organizations.filters.OrganizationFilter`` unchanged. Practices use the list's
``PracticeFilter`` without its ``sort``: the API's order is fixed (newest first) so that a
cursor can continue it; ``q`` filters the same way and does not reorder. Replications have no
list page; theirs is the one FilterSet the API adds.
"""

import django_filters

from organizations.filters import region_choices
from practices import filters as practice_filters
from practices.models import ACTIVE_REPLICATION_STATUSES, Replication, ReplicationStatus


class PracticeFilter(practice_filters.PracticeFilter):
    sort = None  # removes the list's ``sort`` (django-filter drops a filter set to None)


class ReplicationFilter(django_filters.FilterSet):
    practice = django_filters.CharFilter(
        field_name="practice__slug", max_length=120, help_text="The practice's slug."
    )
    adopter = django_filters.CharFilter(
        field_name="adopter__slug",
        max_length=120,
        help_text="The adopting organisation's slug.",
    )
    status = django_filters.ChoiceFilter(
        choices=[(s.value, s.label) for s in map(ReplicationStatus, ACTIVE_REPLICATION_STATUSES)]
    )
    practice_region = django_filters.ChoiceFilter(
        field_name="practice__region__code",
        choices=lambda: region_choices(),
        help_text="ISO code of the practice's region, such as RU-SA.",
    )
    adopter_region = django_filters.ChoiceFilter(
        field_name="adopter__region__code",
        choices=lambda: region_choices(),
        help_text="ISO code of the adopting organisation's region, such as RU-CHE.",
    )

    class Meta:
        model = Replication
        fields = ["practice", "adopter", "status", "practice_region", "adopter_region"]
