from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Practices")

    def ready(self):
        from organizations.models import Organization  # noqa: PLC0415 (models load first)

        from . import tallies  # noqa: PLC0415 (it reads the models)
        from .models import Practice, Replication  # noqa: PLC0415

        # The map's tallies follow every write to what they count (practices.tallies).
        pre_save.connect(tallies.practice_saving, sender=Practice)
        post_save.connect(tallies.practice_saved, sender=Practice)
        post_delete.connect(tallies.practice_deleted, sender=Practice)
        m2m_changed.connect(tallies.topics_changed, sender=Practice.topics.through)
        pre_save.connect(tallies.replication_saving, sender=Replication)
        post_save.connect(tallies.replication_saved, sender=Replication)
        post_delete.connect(tallies.replication_deleted, sender=Replication)
        pre_save.connect(tallies.organization_saving, sender=Organization)
        post_save.connect(tallies.organization_saved, sender=Organization)
        post_delete.connect(tallies.organization_deleted, sender=Organization)
