from django.db import migrations

from common.search import install_window_index, remove_window_index


def install(apps, schema_editor):
    install_window_index(schema_editor, "practices_practice")


def remove(apps, schema_editor):
    remove_window_index(schema_editor, "practices_practice")


class Migration(migrations.Migration):
    """A BRIN index on the primary key for the search's window of the newest rows
    (common.search.ranked); PostgreSQL only."""

    dependencies = [("practices", "0013_region_flow_sums")]

    operations = [migrations.RunPython(install, remove)]
