from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from common.forms import FastSelect, ModelMultipleChoiceField
from common.lists import RememberedChoices
from common.locking import VersionedFormMixin
from common.lookup import Naming, SharesChoices, offer
from common.slugs import unique_slug
from organizations.forms import GRANT_PROJECTS, ORGANIZATIONS, PEOPLE
from organizations.models import (
    FederalDistrict,
    GrantProject,
    Organization,
    OrganizationKind,
    Person,
)
from organizations.rules import acting_organizations, is_moderator

from .exchange import MapFilters, Measure
from .models import (
    KeyFigure,
    Practice,
    PracticeAttachment,
    PracticeStep,
    Replication,
    ReplicationAttachment,
    ReplicationFigure,
    TargetGroup,
    Topic,
)

# How practices are named in a form's text box (common.lookup): an event's list of them.
PRACTICES = Naming(key="slug", name="title", suggest="practices")


class PracticeForm(SharesChoices, VersionedFormMixin, forms.ModelForm):
    """The passport. ``user`` limits the organisations (and contact people) to the user's own."""

    class Meta:
        model = Practice
        fields = [
            "title", "slug", "summary", "organization", "region", "locality", "topics",
            "target_groups", "format", "year_started", "grant_project", "contact_person",
            "problem", "goal", "solution", "results", "reach", "results_period", "evidence",
            "resources_staff", "resources_volunteers", "budget_range", "resources_partners",
            "conditions", "risks", "replicability", "cover", "cover_alt",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 5}),
            "goal": forms.Textarea(attrs={"rows": 2}),
            "solution": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 5}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "resources_partners": forms.Textarea(attrs={"rows": 2}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "risks": forms.Textarea(attrs={"rows": 3}),
            "replicability": forms.Textarea(attrs={"rows": 3}),
            "topics": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
        }
        field_classes = {
            "topics": ModelMultipleChoiceField,
            "target_groups": ModelMultipleChoiceField,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = acting_organizations(user).select_related("region")
        people = Person.objects.select_related("organization")
        if not is_moderator(user):
            people = people.filter(organization__in=organizations)
        offer(self, "contact_person", people, naming=PEOPLE)
        organization = offer(self, "organization", organizations, naming=ORGANIZATIONS)
        own = getattr(organization, "rows", None)  # None: more than a list shows
        if own is not None and len(own) == 1 and not self.instance.pk:
            organization.initial = own[0]
        RememberedChoices.remember(self, "region")
        self.fields["region"].required = False
        self.fields["region"].help_text = _("Leave empty to use the organisation's region.")
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "The last part of the page's address; leave empty to make it from the title."
        )
        self.fields["topics"].queryset = Topic.objects.all()
        self.fields["target_groups"].queryset = TargetGroup.objects.all()
        RememberedChoices.remember(self, "topics", "target_groups")
        offer(self, "grant_project", GrantProject.objects.all(), naming=GRANT_PROJECTS)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.render_hidden_fields = True  # the version (common/locking.py)
        self.helper.layout = Layout(
            Fieldset(
                _("The practice"),
                "title", "slug", "summary", "organization", "region", "locality",
                "topics", "target_groups", "format", "year_started", "grant_project",
                "contact_person",
            ),
            Fieldset(_("Problem and solution"), "problem", "goal", "solution"),
            Fieldset(_("Results"), "results", "reach", "results_period", "evidence"),
            Fieldset(
                _("Resources needed"),
                "resources_staff", "resources_volunteers", "budget_range", "resources_partners",
            ),
            Fieldset(
                _("Conditions, risks and replication"), "conditions", "risks", "replicability"
            ),
            Fieldset(_("Cover image"), "cover", "cover_alt"),
        )  # fmt: skip

    def clean_slug(self):
        # A typed slug that a fixed page holds ("new") is refused by the model field's
        # validator (common/slugs.py); a generated one never is one.
        return self.cleaned_data.get("slug") or unique_slug(
            Practice,
            self.cleaned_data.get("title", ""),
            exclude_pk=self.instance.pk,
            fallback="practice",
        )

    def clean(self):
        cleaned = super().clean()
        organization = cleaned.get("organization")
        if organization and not cleaned.get("region"):
            cleaned["region"] = organization.region
            self.instance.region = organization.region
        if cleaned.get("cover") and not cleaned.get("cover_alt"):
            self.add_error("cover_alt", _("Describe the image for people who cannot see it."))
        return cleaned


class _OrderedFormSet(forms.BaseInlineFormSet):
    helper_title = ""

    def get_form_kwargs(self, index):
        """New rows continue the numbering (3, 4 after two saved steps), not all "1"."""
        kwargs = super().get_form_kwargs(index)
        is_new_row = index is not None and index >= self.initial_form_count()
        if is_new_row and "order" in self.form.base_fields:
            kwargs.setdefault("initial", {"order": index + 1})
        return kwargs

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


StepFormSet = forms.inlineformset_factory(
    Practice,
    PracticeStep,
    formset=_OrderedFormSet,
    fields=["order", "title", "duration", "description"],
    widgets={"description": forms.Textarea(attrs={"rows": 2})},
    extra=2,
    max_num=30,
    absolute_max=30,  # a posted TOTAL_FORMS of 1000 builds 30 rows, not 1000
    validate_max=True,
    can_delete=True,
)

KeyFigureFormSet = forms.inlineformset_factory(
    Practice,
    KeyFigure,
    formset=_OrderedFormSet,
    fields=["order", "value", "label", "illustrative"],
    extra=2,
    max_num=12,
    absolute_max=12,
    validate_max=True,
    can_delete=True,
)

AttachmentFormSet = forms.inlineformset_factory(
    Practice,
    PracticeAttachment,
    formset=_OrderedFormSet,
    fields=["title", "file"],
    extra=1,
    max_num=10,
    absolute_max=10,
    validate_max=True,
    can_delete=True,
)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the authors change?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
    )


class ReplicationRequestForm(forms.Form):
    """ "Хочу внедрить": the organisation is asked for only when the user has several."""

    adopter = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organization.objects.none(), empty_label=None
    )
    notes = forms.CharField(
        label=_("Why you want it and what you will adapt (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
    )

    def __init__(self, data=None, *args, organizations, **kwargs):
        choices = list(organizations)
        if data is not None and len(choices) == 1 and not data.get("adopter"):
            data = data.copy()
            data["adopter"] = choices[0].pk
        super().__init__(data, *args, **kwargs)
        self.fields["adopter"].queryset = organizations
        self.choices_count = len(choices)
        self.single_adopter = choices[0] if len(choices) == 1 else None
        if self.single_adopter:
            self.fields["adopter"].widget = forms.HiddenInput()
            self.fields["adopter"].initial = self.single_adopter.pk
        else:
            # Rendering from the list spares a second query for the options.
            self.fields["adopter"].choices = [(o.pk, str(o)) for o in choices]


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=3000,
        required=False,
    )


class CompleteReplicationForm(forms.Form):
    results = forms.CharField(
        label=_("Results of the replication"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    implemented_on = forms.DateField(
        label=_("Implemented on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ReplicationResultsForm(forms.ModelForm):
    """The adopter's account of an implemented replication (figures and files come as
    formsets: ``ReplicationFigureFormSet``, ``ReplicationAttachmentFormSet``)."""

    class Meta:
        model = Replication
        fields = ["results"]
        widgets = {"results": forms.Textarea(attrs={"rows": 6, "maxlength": 5000})}
        labels = {"results": _("What changed")}
        help_texts = {
            "results": _("What you did, for whom, and what came of it. Markdown is allowed.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["results"].required = True
        self.fields["results"].max_length = 5000
        self.fields["results"].validators.append(MaxLengthValidator(5000))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


ReplicationFigureFormSet = forms.inlineformset_factory(
    Replication,
    ReplicationFigure,
    formset=_OrderedFormSet,
    fields=["order", "value", "label", "illustrative"],
    extra=2,
    max_num=12,
    absolute_max=12,
    validate_max=True,
    can_delete=True,
)

ReplicationAttachmentFormSet = forms.inlineformset_factory(
    Replication,
    ReplicationAttachment,
    formset=_OrderedFormSet,
    fields=["title", "file"],
    extra=1,
    max_num=5,
    absolute_max=5,
    validate_max=True,
    can_delete=True,
)


class MapForm(forms.Form):
    """The map's choices: what shades the tiles and the lists' filters (topic, kind,
    district). A value the form does not know is dropped with a message, never an error."""

    measure = forms.ChoiceField(
        label=_("Shade by"), choices=Measure.CHOICES, required=False, widget=FastSelect
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
        widget=FastSelect,
    )
    kind = forms.ChoiceField(
        label=_("Organisation kind"),
        choices=[("", _("All kinds")), *OrganizationKind.choices],
        required=False,
        widget=FastSelect,
    )
    district = forms.ChoiceField(
        label=_("Federal district"),
        choices=[("", _("All districts")), *FederalDistrict.choices],
        required=False,
        widget=FastSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def choices(self):
        """(filters, measure) from what is valid; an invalid field counts as not given."""
        if not self.is_bound:
            return MapFilters(), Measure.PRACTICES
        self.is_valid()
        data = {
            name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors
        }
        topic = data.get("topic")
        filters = MapFilters(
            topic=topic.slug if topic else "",
            kind=data.get("kind") or "",
            district=data.get("district") or "",
        )
        return filters, data.get("measure") or Measure.PRACTICES
