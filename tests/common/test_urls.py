"""``common.urls.address`` gives what ``reverse`` gives, from a template made once."""

import pytest
from django.urls import reverse
from django.utils import translation

from common.urls import address


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize(
    ("viewname", "kwargs"),
    [
        ("practices:detail", {"slug": "sotsialnoe-soprovozhdenie"}),
        ("practices:topic", {"slug": "sosedskie-tsentry"}),
        ("organizations:region-detail", {"code": "RU-SA"}),
        ("events:detail", {"slug": "konferentsiya-2026"}),
        ("events:file", {"slug": "seminar", "pk": 7, "name": "программа.pdf"}),
    ],
)
def test_an_address_is_what_reverse_gives_in_each_language(language, viewname, kwargs):
    with translation.override(language):
        assert address(viewname, **kwargs) == reverse(viewname, kwargs=kwargs)


def test_the_english_address_carries_the_language_prefix():
    with translation.override("en"):
        assert address("practices:detail", slug="modut").startswith("/en/")


def test_a_value_is_quoted_as_reverse_quotes_it():
    value = "ярмарка {0} 100%"

    assert address("practices:detail", slug=value) == reverse(
        "practices:detail", kwargs={"slug": "x"}
    ).replace("x", "%D1%8F%D1%80%D0%BC%D0%B0%D1%80%D0%BA%D0%B0%20%7B0%7D%20100%25")
