from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Kind, Preferences


class PreferencesForm(forms.ModelForm):
    mailed_kinds = forms.MultipleChoiceField(
        label=_("E-mail me at once about"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Whatever you choose, every notification is listed on your dashboard."),
    )

    class Meta:
        model = Preferences
        fields = ["language", "digest"]
        widgets = {"digest": forms.RadioSelect}
        help_texts = {
            "language": _("E-mails and notifications come in this language."),
            "digest": _(
                "What is new in the topics, regions, organisations and practices you follow."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["mailed_kinds"] = [
            kind for kind in Kind.values if kind not in (self.instance.muted_kinds or [])
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def save(self, commit=True):
        chosen = set(self.cleaned_data["mailed_kinds"])
        self.instance.muted_kinds = [kind for kind in Kind.values if kind not in chosen]
        return super().save(commit=commit)
