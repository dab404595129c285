from django.contrib.sitemaps import Sitemap

from .models import Event


class EventSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return Event.objects.public().order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at
