from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from common.locking import VersionedFormMixin
from common.lookup import Naming, offer

from .models import MembershipRole, Organization
from .services import creates_parent_loop

# How organisations, people and grant projects are named in a form's text box when there are
# too many to list (common.lookup).
ORGANIZATIONS = Naming(key="slug", name="name", suggest="organizations")
PEOPLE = Naming(
    key="pk",
    name="full_name",
    label=lambda person: (
        f"{person.full_name}, {person.organization}" if person.organization_id else person.full_name
    ),
)
GRANT_PROJECTS = Naming(key="slug", name="title", suggest="projects")


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
            "requested_parent",
            "description",
            "inn",
            "ogrn",
            "email",
            "phone",
            "address",
            "website",
            "logo",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        # The model's "name" would be translated by django.contrib.auth's catalogue ("имя").
        labels = {"name": _("Organisation name")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Moderators set the parent; anyone else asks to join, and the parent's managers
        # accept (organizations.services.decide_parent_link).
        drop = "requested_parent" if user.has_perm("organizations.set_parent") else "parent"
        del self.fields[drop]
        kept = "parent" if drop == "requested_parent" else "requested_parent"
        offer(
            self,
            kept,
            Organization.objects.exclude(pk=self.instance.pk).select_related("region"),
            naming=ORGANIZATIONS,
        )
        self.fields["inn"].help_text = _("10 digits for an organisation; optional.")
        self.fields["ogrn"].help_text = _("13 digits; optional.")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))

    def _no_loop(self, field):
        """No loops: the parent may not be this organisation or one of its descendants."""
        parent = self.cleaned_data.get(field)
        if parent is not None and creates_parent_loop(self.instance, parent):
            raise forms.ValidationError(
                _("An organisation cannot belong to itself or to one of its members.")
            )
        return parent

    def clean_parent(self):
        return self._no_loop("parent")

    def clean_requested_parent(self):
        return self._no_loop("requested_parent")

    def clean_inn(self):
        return "".join(self.cleaned_data.get("inn", "").split())

    def clean_ogrn(self):
        return "".join(self.cleaned_data.get("ogrn", "").split())


class InvitationForm(forms.Form):
    """Invites an account to an organisation by its user name or e-mail.

    It says nothing about whether the account exists: only the shape of the input is checked.
    """

    identifier = forms.CharField(
        label=_("User name or e-mail"),
        max_length=254,
        help_text=_(
            "If the person has an account on the portal, they get an invitation and join "
            "once they accept it."
        ),
    )
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_class = "row g-2 align-items-end"
        self.helper.add_input(Submit("submit", _("Invite")))

    def clean_identifier(self):
        value = self.cleaned_data["identifier"].strip()
        try:
            if "@" in value:
                validate_email(value)
            else:
                UnicodeUsernameValidator()(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("Enter a user name or an e-mail address."), code="invalid"
            ) from None
        return value


class RoleForm(forms.Form):
    """Changes an existing member's role (one small form per row of the members table)."""

    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)


class VerificationForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the record (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
