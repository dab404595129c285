from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Organization


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = [
            "name",
            "short_name",
            "kind",
            "region",
            "locality",
            "parent",
            "description",
            "email",
            "phone",
            "address",
            "website",
            "logo",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Organization.objects.exclude(pk=self.instance.pk)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > settings.MAX_IMAGE_SIZE:
            raise forms.ValidationError(
                _("The logo is larger than %(size)d MB.")
                % {"size": settings.MAX_IMAGE_SIZE // (1024 * 1024)}
            )
        return logo
