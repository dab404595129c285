"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

# The range of a 64-bit primary key; SQLite raises OverflowError for an id outside it in an
# ``IN (...)`` lookup instead of finding nothing.
_ID_RANGE = range(-(2**63), 2**63)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, but an id no database can hold is an invalid choice, never a 500."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        if key == "pk":
            for item in value:
                text = str(item).strip()
                try:
                    number = int(text)
                except ValueError:
                    continue  # not a number: Django's own check refuses it
                if number not in _ID_RANGE:
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": text[:20]},
                    )
        return super()._check_values(value)


class FastSelect(forms.Select):
    """Django's ``Select``, its options written in Python rather than through a template each.

    The lists' filters offer 89 regions: rendered option by option through the form renderer
    that is most of a list page's time; here it is one join. Same markup, same escaping."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (option["value"], flatatt(option["attrs"]), option["label"])
                    for option in options
                ),
            )
            parts.append(
                format_html('<optgroup label="{}">{}</optgroup>', group, rendered)
                if group
                else rendered
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(parts)),  # noqa: S308 - each part built by format_html above
        )
