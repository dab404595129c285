import functools

import django_filters
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.forms import FastSelect

from .models import FederalDistrict, Organization, OrganizationKind, Region


def region_choices():
    """(ISO code, name in the current language) of every region, as the region filter offers
    them. Read from the database once per process (``regions()``): the 89 federal subjects
    come from a data migration and do not change in use, and reading them for every list
    page cost more than the rest of its filter panel."""
    english = (get_language() or "ru").startswith("en")
    return [(code, name_en if english else name_ru) for code, name_ru, name_en in regions()]


@functools.cache
def regions():
    return tuple(Region.objects.values_list("code", "name_ru", "name_en"))


@functools.cache
def region_ids():
    """ISO code -> primary key of every region, read once per process as ``regions()``."""
    return dict(Region.objects.values_list("code", "pk"))


@functools.cache
def map_regions():
    """(pk, code, name_ru, name_en, grid column, grid row) of the regions placed on the map of
    regions, in pk order: read once per process, as ``regions()``."""
    return tuple(
        Region.objects.filter(grid_col__isnull=False)
        .order_by("pk")
        .values_list("pk", "code", "name_ru", "name_en", "grid_col", "grid_row")
    )


@functools.cache
def region_rows():
    """Primary key -> (ISO code, name_ru, name_en, time zone) of every region, read once per
    process as ``regions()``: a list that names a row's region needs no join for it."""
    rows = Region.objects.values_list("pk", "code", "name_ru", "name_en", "timezone")
    return {pk: rest for pk, *rest in rows}


def region_named(region_id):
    """(ISO code, name in the active language) of a region from ``region_rows()``; two
    empty strings for no region."""
    code, name_ru, name_en, _zone = region_rows().get(region_id, ("", "", "", ""))
    return code, name_en if (get_language() or "ru").startswith("en") else name_ru


def forget_regions(**kwargs):
    """Signal receiver (organizations.apps): a region was saved or deleted."""
    regions.cache_clear()
    region_ids.cache_clear()
    map_regions.cache_clear()
    region_rows.cache_clear()


class RegionalFilterSet(django_filters.FilterSet):
    """The filters every public list shares: ``q`` (search with Russian morphology), ``region``
    (ISO code such as RU-SA) and ``district`` (federal district). The model's QuerySet must
    offer ``search(text)`` and the model a ``region`` foreign key."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    region = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Region"),
        field_name="region__code",  # what the API's schema describes (an ISO code)
        method="filter_region",
        choices=lambda: region_choices(),
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

    def filter_region(self, queryset, name, value):
        """By the region's key, not a join on its code: the planner then knows which region
        and how many rows it holds, and reads a region's index in the list's order (an
        estimate for "some region" had it sort 4 476 of Yakutia's events to show 20)."""
        return queryset.filter(region_id=region_ids()[value])


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
