from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organisations and regions")

    def ready(self):
        # The region filter keeps the regions per process (filters.regions); a change to one
        # makes it read them again.
        from .filters import forget_regions  # noqa: PLC0415 - filters import models

        region = self.get_model("Region")
        post_save.connect(forget_regions, sender=region, weak=False)
        post_delete.connect(forget_regions, sender=region, weak=False)
