from django.db import migrations

from common.search import keep_vector_in_row


def keep(apps, schema_editor):
    keep_vector_in_row(schema_editor, "events_event")


def restore(apps, schema_editor):
    keep_vector_in_row(schema_editor, "events_event", keep=False)


class Migration(migrations.Migration):
    """The search vector stays in the row, the long texts go to TOAST (common.search)."""

    dependencies = [("events", "0005_event_public_start_index")]

    operations = [migrations.RunPython(keep, restore, elidable=False)]
