from django.contrib.sitemaps import Sitemap

from .models import Practice


class PracticeSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return Practice.objects.published().order_by("pk")
