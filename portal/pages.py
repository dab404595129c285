"""Pages composed from sections that several apps supply.

``organizations`` knows nothing of practices or events: its organisation and region pages
leave a ``sections`` block, and the project fills it here by asking each app for its
section, as the dashboard does. ``portal/urls.py`` serves these views under the
``organizations:detail``, ``organizations:region-list`` and ``organizations:region-detail``
names.
"""

from events import sections as event_sections
from organizations.views import OrganizationDetailView, RegionDetailView, RegionListView
from practices import sections as practice_sections
from practices import tallies
from practices.exchange import MapFilters, Measure, map_figures, partner_regions, region_map
from practices.forms import MapForm

SECTIONS = (practice_sections, event_sections)


class OrganizationPage(OrganizationDetailView):
    template_name = "portal/organization_page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for app in SECTIONS:
            context.update(app.organization_section(self.object))
        return context


class RegionsPage(RegionListView):
    """The map of regions and replication flows above the list of regions by district."""

    template_name = "portal/regions_page.html"

    def get_queryset(self):
        return tallies.with_organization_counts(super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = MapForm(self.request.GET or None)
        filters, measure = form.choices()
        context["map_form"] = form
        context["map"] = region_map(filters, measure)
        return context


class RegionPage(RegionDetailView):
    template_name = "portal/region_page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for app in SECTIONS:
            context.update(app.region_section(self.object))
        filters, measure = MapForm(self.request.GET or None).choices()
        figures = map_figures(filters, region=self.object)
        context["map"] = region_map(filters, measure, region=self.object, figures=figures)
        context["partners"] = partner_regions(self.object, figures)
        if filters == MapFilters():  # the map's count is the region's: no query of its own
            context["organization_count"] = figures[Measure.ORGANIZATIONS].get(self.object.pk, 0)
        return context
