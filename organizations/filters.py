import django_filters
from django.utils.translation import gettext_lazy as _

from common.forms import FastSelect

from .models import FederalDistrict, Organization, OrganizationKind, Region


class RegionalFilterSet(django_filters.FilterSet):
    """The filters every public list shares: ``q`` (search with Russian morphology), ``region``
    (ISO code such as RU-SA) and ``district`` (federal district). The model's QuerySet must
    offer ``search(text)`` and the model a ``region`` foreign key."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    region = django_filters.ModelChoiceFilter(
        widget=FastSelect,
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="code",
        empty_label=_("All regions"),
    )
    district = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Federal district"),
        field_name="region__federal_district",
        choices=FederalDistrict.choices,
        empty_label=_("All districts"),
    )

    def filter_q(self, queryset, name, value):
        return queryset.search(value)


class OrganizationFilter(RegionalFilterSet):
    kind = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Kind"),
        choices=OrganizationKind.choices,
        empty_label=_("All kinds"),
    )

    class Meta:
        model = Organization
        fields = ["q", "region", "district", "kind"]
