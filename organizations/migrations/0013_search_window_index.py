from django.db import migrations

from common.search import install_window_index, remove_window_index


def install(apps, schema_editor):
    install_window_index(schema_editor, "organizations_organization")


def remove(apps, schema_editor):
    remove_window_index(schema_editor, "organizations_organization")


class Migration(migrations.Migration):
    """A BRIN index on the primary key for the search's window of the newest rows
    (common.search.ranked); PostgreSQL only."""

    dependencies = [("organizations", "0012_indicator_replications_with_results")]

    operations = [migrations.RunPython(install, remove)]
