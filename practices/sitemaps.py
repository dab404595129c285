from common.sitemaps import LazySitemap

from .models import Practice, Topic


class PracticeSitemap(LazySitemap):
    def items(self):
        return Practice.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


class TopicSitemap(LazySitemap):
    def items(self):
        return Topic.objects.order_by("pk")
