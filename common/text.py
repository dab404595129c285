"""Text helpers shared by the apps: Russian-aware search and safe Markdown.

Search works the same on SQLite and PostgreSQL: each searchable row keeps a
``search_text`` column holding the Snowball stems of its words (Russian and
English), and a query matches rows that contain the stem of every query word.
So "технологии" finds "технология" and "практик" finds "практики" on either
database, without a database extension.
"""

import re
from functools import lru_cache

import nh3
import snowballstemmer
from django.db.models import Q
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8

_WORD_RE = re.compile(r"[0-9a-zа-яё]+", re.IGNORECASE)
_ru = snowballstemmer.stemmer("russian")
_en = snowballstemmer.stemmer("english")


@lru_cache(maxsize=20000)
def stem(word):
    word = word.lower().replace("ё", "е")
    if re.search("[а-я]", word):
        return _ru.stemWord(word)
    return _en.stemWord(word)


def words(text):
    return _WORD_RE.findall(text or "")


def search_document(*parts):
    """The stems of every word in ``parts``, space-separated, with spaces at both ends."""
    stems = {stem(w) for part in parts for w in words(str(part or ""))}
    return " " + " ".join(sorted(stems)) + " " if stems else ""


def query_stems(text):
    """The stems of a user's query, bounded in length and word count."""
    text = (text or "")[:MAX_QUERY_LENGTH]
    seen = []
    for w in words(text):
        s = stem(w)
        if s and s not in seen:
            seen.append(s)
    return seen[:MAX_QUERY_WORDS]


def search_filter(field, text):
    """A Q object matching rows whose ``field`` holds a word starting with each query stem."""
    condition = Q()
    for s in query_stems(text):
        condition &= Q(**{f"{field}__contains": f" {s}"})
    return condition


ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "h4",
    "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


# CommonMark with tables, parsed in linear time (markdown-it-py): a hostile text of brackets
# or deep nesting costs milliseconds, not minutes. Raw HTML in the text stays text.
_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def render_markdown(text):
    """Markdown to HTML, sanitised with nh3: no scripts, event handlers or javascript: links."""
    clean = nh3.clean(
        _markdown.render(text or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
