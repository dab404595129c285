from django.db import migrations

from common.search import install_window_index, remove_window_index


def install(apps, schema_editor):
    install_window_index(schema_editor, "events_event")


def remove(apps, schema_editor):
    remove_window_index(schema_editor, "events_event")


class Migration(migrations.Migration):
    """A BRIN index on the primary key for the search's window of the newest rows
    (common.search.ranked); PostgreSQL only."""

    dependencies = [("events", "0008_event_public_published_index")]

    operations = [migrations.RunPython(install, remove)]
