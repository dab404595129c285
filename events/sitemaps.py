from common.sitemaps import LazySitemap

from .models import Event


class EventSitemap(LazySitemap):
    def items(self):
        return Event.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at
