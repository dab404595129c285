from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget, ManyToManyWidget

from organizations.models import Organization, Region

from .models import Practice, Topic


class PracticeResource(resources.ModelResource):
    """CSV import and export of practices in admin: organisations by slug, regions by code,
    topics as slugs separated by commas. Import keeps each row's status as given."""

    organization = fields.Field(
        column_name="organization",
        attribute="organization",
        widget=ForeignKeyWidget(Organization, field="slug"),
    )
    region = fields.Field(
        column_name="region", attribute="region", widget=ForeignKeyWidget(Region, field="code")
    )
    topics = fields.Field(
        column_name="topics", attribute="topics", widget=ManyToManyWidget(Topic, field="slug")
    )

    class Meta:
        model = Practice
        import_id_fields = ["slug"]
        fields = [
            "slug", "title", "summary", "organization", "region", "locality", "topics",
            "format", "year_started", "status", "published_at", "problem", "goal", "solution",
            "results", "reach", "results_period", "evidence", "resources_staff",
            "resources_volunteers", "budget_range", "resources_partners", "conditions", "risks",
            "replicability",
        ]  # fmt: skip
        skip_unchanged = True
        report_skipped = True
