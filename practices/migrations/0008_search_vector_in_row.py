from django.db import migrations

from common.search import keep_vector_in_row


def keep(apps, schema_editor):
    keep_vector_in_row(schema_editor, "practices_practice")


def restore(apps, schema_editor):
    keep_vector_in_row(schema_editor, "practices_practice", keep=False)


class Migration(migrations.Migration):
    """The search vector stays in the row, the long texts go to TOAST (common.search)."""

    dependencies = [("practices", "0007_practice_region_pub_index")]

    operations = [migrations.RunPython(keep, restore, elidable=False)]
