"""Sitemaps that stay cheap at a million rows.

Django's i18n sitemap lists every (item, language) pair in Python before it paginates
(``Sitemap._items``): at a million practices ``/sitemap.xml`` took minutes. ``LazySitemap``
pairs them page by page instead, reading only the rows of the page asked for
(``LIMIT``/``OFFSET`` on the ordered queryset), and a page holds ``limit`` addresses, well
within the protocol's 50 000 and 50 MB with both languages' alternates. ``/sitemap.xml``
is the index of the sections' pages (portal/urls.py).
"""

from django.contrib.sitemaps import Sitemap


class _Pairs:
    """The (item, language) pairs of an ordered queryset, read a slice at a time."""

    def __init__(self, queryset, languages):
        self.queryset = queryset
        self.languages = languages

    def count(self):
        return self.queryset.count() * len(self.languages)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("sitemap pages are read by slices")
        n = len(self.languages)
        start, stop = index.start or 0, index.stop
        first = start // n
        last = -(-stop // n) if stop is not None else None
        pairs = [
            (item, language) for item in self.queryset[first:last] for language in self.languages
        ]
        return pairs[start - first * n : None if stop is None else stop - first * n]


class LazySitemap(Sitemap):
    """An i18n sitemap of a queryset (``items()`` must be ordered) in every language."""

    i18n = True
    alternates = True
    limit = 5_000  # addresses per page (each with its alternates): about a second to write

    def _items(self):
        return _Pairs(self.items(), self._languages())

    def get_latest_lastmod(self):
        """None: the index would otherwise read every row for the newest date."""
        return None
