from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchWord(models.Model):
    """A word that titles and summaries use, for "did you mean" when a search finds nothing
    (portal.search). Rebuilt by ``manage.py rebuild_search_words``; on PostgreSQL a
    trigram index (pg_trgm) finds the nearest spelling."""

    word = models.CharField(_("word"), max_length=60, unique=True)
    documents = models.PositiveIntegerField(_("documents"), default=0)

    class Meta:
        ordering = ["-documents", "word"]
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return self.word
