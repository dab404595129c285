from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import CARD_FIELDS, Practice


class LatestPracticesFeed(Feed):
    """The newest published practices (Atom)."""

    feed_type = Atom1Feed
    title = _("New practices of NGOs and local communities")
    subtitle = _("Replicable practices published on the portal.")
    link = reverse_lazy("practices:list")
    limit = 30

    def items(self):
        return (
            Practice.objects.published()
            .for_cards()
            .only(*CARD_FIELDS, "updated_at")  # the card's columns and the entry's date
            .order_by("-published_at", "-pk")[: self.limit]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_author_name(self, item):
        return item.organization.name

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.region.name]
