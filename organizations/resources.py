from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from .models import Organization, Region


class OrganizationResource(resources.ModelResource):
    """CSV import and export of the directory in admin; regions by their code."""

    region = fields.Field(
        column_name="region", attribute="region", widget=ForeignKeyWidget(Region, field="code")
    )
    parent = fields.Field(
        column_name="parent",
        attribute="parent",
        widget=ForeignKeyWidget(Organization, field="slug"),
    )

    class Meta:
        model = Organization
        import_id_fields = ["slug"]
        fields = [
            "slug", "name", "short_name", "kind", "region", "locality", "parent",
            "description", "email", "phone", "address", "website",
        ]  # fmt: skip
        skip_unchanged = True
        report_skipped = True
