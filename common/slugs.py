"""Addresses made from titles, and the addresses that fixed pages already hold.

An event lives at /events/<slug>/, next to fixed pages such as /events/new/ and
/events/feed/: an event whose slug is "new" could never be reached. So each model whose
address shares a prefix with fixed pages carries a ``ReservedSlugValidator`` on its slug
field, naming its app's URL module and the prefix. The reserved set is read from that
module's patterns (the fixed first segment after the prefix), so a new fixed page reserves
its word without anyone keeping a list. ``unique_slug`` never generates a reserved slug, and
the validator refuses one typed by hand, on the site's forms and in admin alike.
"""

from functools import cache
from importlib import import_module

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

_TRANSLIT = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "h",
        "ц": "c",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
        "һ": "h",
        "ө": "o",
        "ү": "u",
        "ҥ": "n",
        "ҕ": "g",
    }
)  # fmt: skip (Russian and the Yakut letters)


@cache
def fixed_segments(urlconf, prefix):
    """The fixed first segments after ``prefix`` in the module ``urlconf``'s patterns:
    "events/new/" gives "new", "events/applications/<int:pk>/accept/" "applications", and a
    file such as "events/calendar.ics" both "calendar" and "calendar-ics". Read once."""
    segments = set()
    for pattern in import_module(urlconf).urlpatterns:
        route = str(pattern.pattern)
        if not route.startswith(prefix):
            continue
        first = route[len(prefix) :].split("/", 1)[0]
        if not first or "<" in first:
            continue
        segments.add(first.split(".", 1)[0])
        segments.add(first.replace(".", "-"))
    return frozenset(segments)


@deconstructible
class ReservedSlugValidator:
    """Refuses a slug that a fixed page under ``prefix`` (in the URL module ``urlconf``)
    already uses. The URL module is read at the first check, not at import, so a model may
    name its own app's URLs."""

    message = _("This address is reserved; choose another.")
    code = "reserved"

    def __init__(self, urlconf, prefix):
        self.urlconf = urlconf
        self.prefix = prefix

    @property
    def reserved(self):
        return fixed_segments(self.urlconf, self.prefix)

    def __call__(self, value):
        if value in self.reserved:
            raise ValidationError(self.message, code=self.code, params={"value": value})

    def __eq__(self, other):
        return (
            isinstance(other, ReservedSlugValidator)
            and self.urlconf == other.urlconf
            and self.prefix == other.prefix
        )


def reserved_slugs(model):
    """Every slug the validators on ``model``'s ``slug`` field reserve."""
    validators = model._meta.get_field("slug").validators
    return frozenset().union(
        *(v.reserved for v in validators if isinstance(v, ReservedSlugValidator))
    )


def unique_slug(model, text, *, exclude_pk=None, max_length=100, fallback="item"):
    """A Latin slug for ``text`` (Cyrillic transliterated) that no other ``model`` row uses
    and no fixed page reserves: "Соседские центры" -> "sosedskie-centry", then
    "sosedskie-centry-2"; "New" -> "new-2". One query per try."""
    base = slugify((text or "").lower().translate(_TRANSLIT))[:max_length].strip("-") or fallback
    reserved = reserved_slugs(model)
    slug, n = base, 2
    while slug in reserved or model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
        n += 1
    return slug
