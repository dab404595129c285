"""common.forms: the fast select renders what Django's own select does."""

import pytest
from django import forms
from django.test.html import parse_html

from common.forms import FastSelect

CHOICES = [
    ("", "Все"),
    ("x", 'Икс <b>"&"</b>'),
    ("Группа", [("g1", "Первый"), ("g2", "Второй")]),
]


class Pair(forms.Form):
    django = forms.ChoiceField(choices=CHOICES, required=False)
    fast = forms.ChoiceField(choices=CHOICES, required=False, widget=FastSelect)


def _markup(html, name):
    """The parsed element (attribute order aside), with the field's name made neutral."""
    return parse_html(str(html).replace(f"id_{name}", "id_N").replace(f'"{name}"', '"N"'))


@pytest.mark.parametrize("value", ["", "x", "g2", '"><script>'])
def test_fast_select_writes_the_same_markup_as_djangos_select(value):
    form = Pair({"django": value, "fast": value})

    assert _markup(form["fast"], "fast") == _markup(form["django"], "django")


def test_fast_select_escapes_labels_and_keeps_attributes():
    html = str(Pair()["fast"].as_widget(attrs={"class": "form-select", "aria-label": 'a"b'}))

    assert "&lt;b&gt;&quot;&amp;&quot;&lt;/b&gt;" in html
    assert 'class="form-select"' in html and 'aria-label="a&quot;b"' in html
    assert "<script>" not in html
