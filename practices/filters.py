import django_filters
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from organizations.filters import RegionalFilterSet
from organizations.models import OrganizationKind

from .models import Practice, TargetGroup, Topic


class Sort:
    NEWEST = "newest"
    REPLICATED = "replicated"
    TITLE = "title"
    CHOICES = [
        (NEWEST, _("Newest first")),
        (REPLICATED, _("Most replicated")),
        (TITLE, _("By title")),
    ]
    ORDERING = {
        NEWEST: [F("published_at").desc(nulls_last=True), "-pk"],
        REPLICATED: ["-replication_count", F("published_at").desc(nulls_last=True), "-pk"],
        TITLE: ["title", "pk"],
    }


class PracticeFilter(RegionalFilterSet):
    """The list's filters; the queryset must carry ``replication_count`` (``for_list()``)."""

    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        field_name="topics",
        empty_label=_("All topics"),
    )
    target_group = django_filters.ModelChoiceFilter(
        label=_("Target group"),
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
        field_name="target_groups",
        empty_label=_("All target groups"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Organisation kind"),
        field_name="organization__kind",
        choices=OrganizationKind.choices,
        empty_label=_("All kinds"),
    )
    replicated = django_filters.ChoiceFilter(
        label=_("Replications"),
        method="filter_replicated",
        choices=[("yes", _("Replicated elsewhere")), ("no", _("Not yet replicated"))],
        empty_label=_("Any"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort"), method="filter_sort", choices=Sort.CHOICES, empty_label=None
    )

    class Meta:
        model = Practice
        fields = ["q", "region", "district", "topic", "target_group", "kind", "replicated"]

    def __init__(self, data=None, *args, **kwargs):
        # The default order applies when ``sort`` is absent, as if "newest" were chosen.
        if data is not None and not data.get("sort"):
            data = data.copy()
            data["sort"] = Sort.NEWEST
        super().__init__(data, *args, **kwargs)

    def filter_replicated(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(replication_count__gt=0)
        return queryset.filter(replication_count=0)

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*Sort.ORDERING.get(value, Sort.ORDERING[Sort.NEWEST]))
