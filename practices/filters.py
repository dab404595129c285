import django_filters
from django.utils.translation import gettext_lazy as _

from common.forms import FastSelect
from common.lists import RememberedModelChoiceFilter
from common.search import is_searchable, ranked
from organizations.filters import RegionalFilterSet
from organizations.models import OrganizationKind

from .models import Practice, TargetGroup, Topic


class Sort:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    REPLICATED = "replicated"
    TITLE = "title"
    CHOICES = [
        (RELEVANCE, _("Best match")),
        (NEWEST, _("Newest first")),
        (REPLICATED, _("Most replicated")),
        (TITLE, _("By title")),
    ]
    # Every order is served by an index on published practices (see Practice.Meta).
    ORDERING = {
        NEWEST: ["-published_at", "-pk"],
        REPLICATED: ["-replication_count", "-published_at", "-pk"],
        TITLE: ["title", "pk"],
    }


class PracticeFilter(RegionalFilterSet):
    """The list's filters. With a search query the default order is the best match
    (ranked among the newest matches, common.search), otherwise the newest first."""

    topic = RememberedModelChoiceFilter(
        widget=FastSelect,
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        field_name="topics",
        empty_label=_("All topics"),
    )
    target_group = RememberedModelChoiceFilter(
        widget=FastSelect,
        label=_("Target group"),
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
        field_name="target_groups",
        empty_label=_("All target groups"),
    )
    kind = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Organisation kind"),
        field_name="organization__kind",
        choices=OrganizationKind.choices,
        empty_label=_("All kinds"),
    )
    replicated = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Replications"),
        method="filter_replicated",
        choices=[("yes", _("Replicated elsewhere")), ("no", _("Not yet replicated"))],
        empty_label=_("Any"),
    )
    sort = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Sort"),
        method="filter_sort",
        choices=Sort.CHOICES,
        empty_label=None,
    )

    # A ranked page reads its cards' highlighted excerpts with its rows (common.search.ranked).
    snippet_of = "summary"

    class Meta:
        model = Practice
        fields = ["q", "region", "district", "topic", "target_group", "kind", "replicated"]

    def __init__(self, data=None, *args, **kwargs):
        # Without ``sort``: the best match for a search, the newest otherwise.
        if data is not None and not data.get("sort"):
            data = data.copy()
            data["sort"] = Sort.RELEVANCE if is_searchable(data.get("q")) else Sort.NEWEST
        super().__init__(data, *args, **kwargs)

    def filter_replicated(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(replication_count__gt=0)
        return queryset.filter(replication_count=0)

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*Sort.ORDERING.get(value, Sort.ORDERING[Sort.NEWEST]))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        query = self.form.cleaned_data.get("q")
        if self.form.cleaned_data.get("sort") == Sort.RELEVANCE and is_searchable(query):
            queryset, self.search_capped = ranked(
                queryset, query, recency=Sort.ORDERING[Sort.NEWEST], snippet_of=self.snippet_of
            )
        return queryset


class PracticeExportFilter(PracticeFilter):
    """The list's filters for its CSV, which shows no excerpts."""

    snippet_of = None
