from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from common.locking import VersionedFormMixin

from .models import MembershipRole, Organization


class OrganizationForm(VersionedFormMixin, forms.ModelForm):
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
        # The model's "name" would be translated by django.contrib.auth's catalogue ("имя").
        labels = {"name": _("Organisation name")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Organization.objects.exclude(pk=self.instance.pk)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))

    def clean_parent(self):
        """No loops: the parent may not be this organisation or one of its descendants."""
        parent = self.cleaned_data.get("parent")
        seen = set()
        node = parent
        while node is not None and node.pk not in seen:
            if self.instance.pk and node.pk == self.instance.pk:
                raise forms.ValidationError(
                    _("An organisation cannot belong to itself or to one of its members.")
                )
            seen.add(node.pk)
            node = node.parent
        return parent

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > settings.MAX_IMAGE_SIZE:
            raise forms.ValidationError(
                _("The logo is larger than %(size)d MB.")
                % {"size": settings.MAX_IMAGE_SIZE // (1024 * 1024)}
            )
        return logo


class MemberForm(forms.Form):
    """Adds an existing account to an organisation by its user name or e-mail."""

    user = forms.CharField(
        label=_("User name or e-mail"),
        max_length=254,
        help_text=_("The person must have signed up on the portal first."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_class = "row g-2 align-items-end"
        self.helper.add_input(Submit("submit", _("Add")))

    def clean_user(self):
        value = self.cleaned_data["user"].strip()
        User = get_user_model()
        user = User.objects.filter(username=value).first() or (
            User.objects.filter(email__iexact=value).order_by("pk").first()
            if "@" in value
            else None
        )
        if user is None:
            raise forms.ValidationError(_("No account with this user name or e-mail."))
        return user
