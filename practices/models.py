# STUB: replaced by the practices issue. The contract other apps rely on:
# Practice.objects.published(), .in_region(region), .search(text), .for_cards();
# fields organization (FK Organization), region (FK Region), slug, title.
from django.db import models
from django.urls import reverse

from portal.text import search_filter


class PracticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published")

    def in_region(self, region):
        return self.filter(region=region)

    def search(self, text):
        return self.filter(search_filter("search_text", text))

    def for_cards(self):
        return self.select_related("organization", "region")


class Practice(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(unique=True)
    summary = models.TextField(blank=True)
    status = models.CharField(max_length=20, default="draft")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT)
    region = models.ForeignKey("organizations.Region", on_delete=models.PROTECT)
    search_text = models.TextField(blank=True, editable=False)

    objects = PracticeQuerySet.as_manager()

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("practices:detail", kwargs={"slug": self.slug})
