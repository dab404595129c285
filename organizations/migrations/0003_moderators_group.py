from django.db import migrations

MODERATORS_GROUP = "moderators"


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=MODERATORS_GROUP)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=MODERATORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [("organizations", "0002_regions"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_group, delete_group)]
