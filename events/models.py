# STUB: replaced by the events issue. The contract other apps rely on:
# Event.objects.public(), .upcoming(), .search(text), .for_cards();
# fields organizer (FK Organization), region (FK Region), start, slug, title.
from django.db import models
from django.urls import reverse
from django.utils import timezone

from portal.text import search_filter


class EventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status__in=["published", "cancelled"])

    def upcoming(self):
        return self.filter(end__gte=timezone.now()).order_by("start")

    def search(self, text):
        return self.filter(search_filter("search_text", text))

    def for_cards(self):
        return self.select_related("organizer", "region")


class Event(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(unique=True)
    summary = models.TextField(blank=True)
    status = models.CharField(max_length=20, default="draft")
    organizer = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT)
    region = models.ForeignKey("organizations.Region", on_delete=models.PROTECT)
    start = models.DateTimeField()
    end = models.DateTimeField()
    search_text = models.TextField(blank=True, editable=False)

    objects = EventQuerySet.as_manager()

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})
