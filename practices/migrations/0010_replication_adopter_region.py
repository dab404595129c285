import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_regions(apps, schema_editor):
    Organization = apps.get_model("organizations", "Organization")
    Replication = apps.get_model("practices", "Replication")
    Replication.objects.update(
        adopter_region=Subquery(
            Organization.objects.filter(pk=OuterRef("adopter_id")).values("region_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0012_indicator_replications_with_results"),
        ("practices", "0009_replication_results"),
    ]

    operations = [
        migrations.AddField(
            model_name="replication",
            name="adopter_region",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.region",
                verbose_name="adopter's region",
            ),
        ),
        # The column is derived: nothing to undo before it is dropped.
        migrations.RunPython(copy_regions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="replication",
            name="adopter_region",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.region",
                verbose_name="adopter's region",
            ),
        ),
        migrations.AddIndex(
            model_name="replication",
            index=models.Index(
                fields=["adopter_region", "-requested_at", "-id"],
                name="replication_adopter_region_idx",
            ),
        ),
    ]
