"""Rows' addresses without walking the URL resolver for each one.

``reverse`` matches the view's pattern against its arguments on every call (about 30 µs
here); a region's page or a list of cards asks for hundreds of addresses. ``address``
reverses once per view, language and script prefix with a placeholder, then puts each
row's value in its place. It gives what ``reverse`` gives for values the pattern accepts
(the slugs and region codes of saved rows); a view whose pattern refuses the placeholder
(an ``int`` argument, say) goes through ``reverse`` every time.
"""

import re
from typing import NamedTuple
from urllib.parse import quote

from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.translation import get_language

# Matches the slug, str and region-code converters and nothing else in an address.
_PLACEHOLDER = "QZ-QZ{}"
# What quoting leaves as it is (slugs, codes), and Django's quoting of an argument
# (django.urls.resolvers: RFC 3986 sub-delimiters).
_PLAIN = re.compile(r"[-\w.~]*", re.ASCII)
_SAFE = "/~:@!$&'()*+,;="
# (view, language, script prefix, argument names) -> a str.format template, or None.
_TEMPLATES = {}


def address(viewname, **kwargs):
    key = (viewname, get_language(), get_script_prefix(), tuple(kwargs))
    try:
        template = _TEMPLATES[key]
    except KeyError:
        template = _TEMPLATES[key] = _template(viewname, list(kwargs))
    if template is None:
        return reverse(viewname, kwargs=kwargs)
    return template.format(*map(_quoted, kwargs.values()))


def _quoted(value):
    value = str(value)
    return value if _PLAIN.fullmatch(value) else quote(value, safe=_SAFE)


def _template(viewname, names):
    placeholders = {name: _PLACEHOLDER.format(n) for n, name in enumerate(names)}
    try:
        template = reverse(viewname, kwargs=placeholders)
    except NoReverseMatch:
        return None
    if any(template.count(p) != 1 for p in placeholders.values()):
        return None
    template = template.replace("{", "{{").replace("}", "}}")
    for n, placeholder in enumerate(placeholders.values()):
        template = template.replace(placeholder, f"{{{n}}}")
    return template


class Link(NamedTuple):
    """A row shown as a link only: read as values, not as a model (``name``, ``url``)."""

    name: str
    url: str
