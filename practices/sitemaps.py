from django.contrib.sitemaps import Sitemap

from .models import Practice, Topic


class PracticeSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return Practice.objects.published().order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


class TopicSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return Topic.objects.order_by("pk")
