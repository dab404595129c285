from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from common.sitemaps import LazySitemap
from events.sitemaps import EventSitemap
from organizations.models import Organization, Region
from practices.sitemaps import PracticeSitemap, TopicSitemap


class StaticSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return ["home", "practices:list", "events:list", "organizations:list"]

    def location(self, item):
        return reverse(item)


class OrganizationSitemap(LazySitemap):
    def items(self):
        return Organization.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


class RegionSitemap(LazySitemap):
    def items(self):
        return Region.objects.order_by("code")


sitemaps = {
    "static": StaticSitemap,
    "organizations": OrganizationSitemap,
    "regions": RegionSitemap,
    "practices": PracticeSitemap,
    "practice-topics": TopicSitemap,
    "events": EventSitemap,
}
