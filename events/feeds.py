from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Event


class EventFeed(Feed):
    """Newly published events (Atom); cancelled ones stay, marked in the title."""

    feed_type = Atom1Feed
    title = _("Events of the NGO network")
    subtitle = _(
        "Conferences, internships, seminars, webinars and round tables of resource centres."
    )
    link = reverse_lazy("events:list")

    def items(self):
        return Event.objects.public().for_cards().order_by("-published_at", "-pk")[:30]

    def item_title(self, item):
        if item.is_cancelled:
            return _("Cancelled: %(title)s") % {"title": item.title}
        return item.title

    def item_description(self, item):
        return f"{item.local_start:%d.%m.%Y %H:%M}, {item.zone_label}. {item.summary}"

    def item_pubdate(self, item):
        return item.published_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.organizer.name

    def item_categories(self, item):
        return [item.get_kind_display(), item.region.name]
