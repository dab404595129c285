"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError

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
