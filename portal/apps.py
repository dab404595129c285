from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

from common.pagecache import bump_generation


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    # Apps whose rows the public pages show: any write to them invalidates cached pages.
    CACHED_APPS = ("organizations", "practices", "events")

    def ready(self):
        for app_label in self.CACHED_APPS:
            for model in apps.get_app_config(app_label).get_models():
                if model._meta.db_table.endswith("tally"):
                    continue  # the map's counts (practices.tallies), written with what they count
                post_save.connect(bump_generation, sender=model, weak=False)
                post_delete.connect(bump_generation, sender=model, weak=False)
        m2m_changed.connect(bump_generation, weak=False)
