from zoneinfo import ZoneInfo

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import ModelMultipleChoiceField
from common.lists import RememberedChoices
from common.locking import VersionedFormMixin
from common.lookup import SharesChoices, offer
from common.slugs import unique_slug
from organizations.forms import GRANT_PROJECTS, ORGANIZATIONS, PEOPLE
from organizations.models import GrantProject, Organization, Person
from organizations.rules import acting_organizations, is_moderator, membership_roles
from practices.forms import PRACTICES
from practices.models import Practice

from .filters import MAX_DATE, MIN_DATE, BoundedDateField
from .models import (
    Application,
    Event,
    EventMaterial,
    EventPartner,
    ProgrammeItem,
    SiteVisit,
)
from .timezones import zone_choices

_DATETIME = {"type": "datetime-local"}
_DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class BoundedDateTimeField(forms.DateTimeField):
    """A date-time within 2000–2100: a venue's zone can then never push it out of range."""

    def clean(self, value):
        value = super().clean(value)
        if value and not (MIN_DATE <= value.date() <= MAX_DATE):
            raise forms.ValidationError(_("Choose a date between 2000 and 2100."))
        return value


def datetime_field(label, required=True, help_text=""):
    return BoundedDateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateTimeInput(attrs=_DATETIME, format=_DATETIME_FORMAT),
    )


def in_zone(value, zone):
    """The wall-clock time a person typed (read in the current zone) placed in ``zone``."""
    return timezone.make_aware(timezone.make_naive(value), zone) if value else value


class ZonedFormMixin:
    """Date-times typed and shown in the venue's zone rather than the server's.

    ``zoned_fields`` are shown as the venue's wall-clock time (``show_in_zone``), and
    ``read_in_zone`` places what was typed in them in the venue's zone (call it in
    ``clean``).
    """

    zoned_fields = ()

    def show_in_zone(self, zone):
        for name in self.zoned_fields:
            value = getattr(self.instance, name, None)
            if value:
                self.initial[name] = timezone.make_naive(value, zone)

    def read_in_zone(self, cleaned, zone):
        for name in self.zoned_fields:
            cleaned[name] = in_zone(cleaned.get(name), zone)


class PersonChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        org = f" ({obj.organization})" if obj.organization_id else ""
        return f"{obj.full_name}{org}"


class EventForm(SharesChoices, VersionedFormMixin, ZonedFormMixin, forms.ModelForm):
    zoned_fields = ("start", "end", "registration_opens", "registration_closes")

    timezone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        choices=[("", _("The region's time zone"))] + zone_choices(),
        help_text=_("Times below are the venue's local time in this zone."),
    )
    start = datetime_field(_("Start"))
    end = datetime_field(_("End"))
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    registration_opens = datetime_field(_("Applications open"), required=False)
    registration_closes = datetime_field(
        _("Applications close"),
        required=False,
        help_text=_("Empty: applications are accepted until the event starts."),
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "slug",
            "summary",
            "description",
            "organizer",
            "region",
            "timezone",
            "start",
            "end",
            "format",
            "venue",
            "address",
            "online_url",
            "grant_project",
            "accepts_applications",
            "registration_opens",
            "registration_closes",
            "capacity",
            "waitlist_enabled",
            "host_organization",
            "delegation_region",
            "practices",
            "outcome_summary",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "outcome_summary": forms.Textarea(attrs={"rows": 6}),
            "practices": forms.SelectMultiple(attrs={"size": 6}),
        }
        field_classes = {
            "practices": ModelMultipleChoiceField,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "The last part of the page's address; leave empty to make it from the title."
        )
        self.fields["capacity"].min_value = 0
        self.fields["capacity"].widget.attrs["min"] = 0
        organizers = acting_organizations(user).select_related("region")
        # The organisations the user acts for and any organisation (a host, partners and
        # site visits): one query for both lists.
        self.shared_choices.preload(organizers, every_organization())
        organizer = offer(self, "organizer", organizers, naming=ORGANIZATIONS)
        own = getattr(organizer, "rows", None)  # None: more than a list shows
        if own is not None and len(own) == 1:
            organizer.empty_label = None
            organizer.widget.choices = organizer.choices
            if not self.instance.pk:
                self.initial.setdefault("region", own[0].region_id)
        offer(self, "grant_project", GrantProject.objects.all(), naming=GRANT_PROJECTS)
        # The same list as the partners' and site visits' (read once for the page).
        offer(self, "host_organization", every_organization(), naming=ORGANIZATIONS)
        RememberedChoices.remember(self, "region", "delegation_region")
        practices = Practice.objects.published()
        if self.instance.pk:
            practices = Practice.objects.filter(pk__in=practices) | self.instance.practices.all()
            self.show_in_zone(self.instance.zone)
        offer(
            self,
            "practices",
            practices.distinct().order_by("title"),
            naming=PRACTICES,
            help_text=_(
                "For an internship: the practices the delegation comes to learn, one per line"
                " (a title, or the title and address as shown)."
            ),
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.render_hidden_fields = True  # the version (common/locking.py)
        self.helper.layout = Layout(
            Fieldset(
                _("The event"),
                "kind",
                "title",
                "slug",
                "summary",
                "description",
                "organizer",
                "grant_project",
            ),
            Fieldset(
                _("When and where"),
                Row(
                    Column("region", css_class="col-md-6"), Column("timezone", css_class="col-md-6")
                ),
                Row(Column("start", css_class="col-md-6"), Column("end", css_class="col-md-6")),
                "format",
                "venue",
                "address",
                "online_url",
            ),
            Fieldset(
                _("Applications"),
                "accepts_applications",
                Row(
                    Column("registration_opens", css_class="col-md-6"),
                    Column("registration_closes", css_class="col-md-6"),
                ),
                "capacity",
                "waitlist_enabled",
            ),
            Fieldset(_("Internship"), "host_organization", "delegation_region", "practices"),
            Fieldset(_("After the event"), "outcome_summary"),
        )

    def clean_slug(self):
        # A typed slug that a fixed page holds ("new") is refused by the model field's
        # validator (common/slugs.py); a generated one never is one.
        return self.cleaned_data.get("slug") or unique_slug(
            Event,
            self.cleaned_data.get("title", ""),
            exclude_pk=self.instance.pk,
            fallback="event",
        )

    def clean(self):
        cleaned = super().clean()
        region = cleaned.get("region")
        zone_name = cleaned.get("timezone") or (region.timezone if region else "UTC")
        cleaned["timezone"] = zone_name
        self.read_in_zone(cleaned, ZoneInfo(zone_name))
        return cleaned

    def venue_zone(self):
        """The zone the times on the page are typed in: once the form is validated, the one
        it settled on (chosen, or the region's); before, the stored event's (None for a new
        event)."""
        zone_name = getattr(self, "cleaned_data", {}).get("timezone")
        if zone_name:
            return ZoneInfo(zone_name)
        return self.instance.zone if self.instance.pk else None


def every_organization():
    """Any organisation: a host, a partner or a place of a site visit."""
    return Organization.objects.select_related("region")


def speaker_choices(user, event_id=None):
    """The people an editor may name as speakers: those who agreed to be shown (152-FZ),
    the people of the editor's own organisations and the event's current speakers; every
    person for moderators. Nobody else's name reaches the form. The same list for every
    item of an event, so that the page reads it once."""
    people = Person.objects.select_related("organization")
    if user is not None and is_moderator(user):
        return people
    allowed = Q(public_consent=True)
    if user is not None:
        allowed |= Q(organization_id__in=list(membership_roles(user)))
    if event_id is not None:
        allowed |= Q(programme_items__event_id=event_id)
    return people.filter(allowed).distinct()


class ProgrammeItemForm(SharesChoices, ZonedFormMixin, forms.ModelForm):
    zoned_fields = ("start", "end")

    start = datetime_field(_("Time"))
    end = datetime_field(_("Until"), required=False)
    speakers = PersonChoiceField(
        label=_("Speakers"),
        queryset=Person.objects.select_related("organization"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("From the directory of people; hold Ctrl (⌘ on a Mac) to pick several."),
    )

    class Meta:
        model = ProgrammeItem
        fields = ["start", "end", "kind", "title", "description", "speakers"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, zone=None, user=None, event=None, **kwargs):
        """``zone``: the event's venue zone, the one the event form settled on when it is
        being saved (it may have just changed); None leaves times in the server's zone.
        ``event``: the event (the formset's; Django sets a new row's only after this)."""
        super().__init__(*args, **kwargs)
        self.zone = zone
        if self.instance.pk and zone is not None:
            self.show_in_zone(zone)
        event_id = event.pk if event is not None else self.instance.event_id
        offer(self, "speakers", speaker_choices(user, event_id), naming=PEOPLE)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The item must end after it starts."))
        if self.zone is not None:
            self.read_in_zone(cleaned, self.zone)
        return cleaned


class EventPartnerForm(SharesChoices, forms.ModelForm):
    class Meta:
        model = EventPartner
        fields = ["organization", "role"]

    def __init__(self, *args, zone=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer(self, "organization", every_organization(), naming=ORGANIZATIONS)


class SiteVisitForm(SharesChoices, forms.ModelForm):
    class Meta:
        model = SiteVisit
        fields = ["day", "organization", "purpose"]
        field_classes = {"day": BoundedDateField}
        widgets = {
            "day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "purpose": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, zone=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer(self, "organization", every_organization(), naming=ORGANIZATIONS)


class EventMaterialForm(forms.ModelForm):
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    class Meta:
        model = EventMaterial
        fields = ["title", "url", "file"]

    def __init__(self, *args, zone=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class ProgrammeItems(forms.BaseInlineFormSet):
    """The programme's rows, each with its speakers read in one query for all, and its
    event known to its form (for the speakers it may choose)."""

    def __init__(self, *args, queryset=None, **kwargs):
        if queryset is None:
            speakers = Person.objects.select_related("organization")
            queryset = ProgrammeItem._default_manager.prefetch_related(
                Prefetch("speakers", queryset=speakers)
            )
        super().__init__(*args, queryset=queryset, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "event": self.instance}


def _formset(form, extra, prefix, formset=forms.BaseInlineFormSet):
    formset_class = forms.inlineformset_factory(
        Event,
        form.Meta.model,
        form=form,
        formset=formset,
        extra=extra,
        can_delete=True,
        max_num=100,
        absolute_max=100,  # a posted TOTAL_FORMS of 1000 builds 100 rows, not 1000
        validate_max=True,
    )
    formset_class.prefix_name = prefix
    return formset_class


ProgrammeFormSet = _formset(ProgrammeItemForm, 3, "programme", ProgrammeItems)
PartnerFormSet = _formset(EventPartnerForm, 2, "partners")
VisitFormSet = _formset(SiteVisitForm, 2, "visits")
MaterialFormSet = _formset(EventMaterialForm, 1, "materials")

FORMSETS = (
    ("programme", ProgrammeFormSet, _("Programme")),
    ("partners", PartnerFormSet, _("Partners")),
    ("visits", VisitFormSet, _("Site visits (internships)")),
    ("materials", MaterialFormSet, _("Materials and links (after the event)")),
)


def formset_helper():
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["organization", "organization_name", "motivation"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 4, "maxlength": 3000})}
        help_texts = {
            "motivation": _("What your organisation wants to learn and how it will use it."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        own = acting_organizations(user, all_for_moderators=False)
        self.fields["organization"].queryset = own
        self.fields["organization"].label = _("Your organisation")
        if len(membership_roles(user)) == 1:
            self.fields["organization"].initial = next(iter(membership_roles(user)))
        if not membership_roles(user):
            del self.fields["organization"]
            self.fields["organization_name"].label = _("Your organisation")
            self.fields["organization_name"].required = True

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organization") and not cleaned.get("organization_name", "").strip():
            raise forms.ValidationError(
                _("Choose your organisation or write its name if it is not in the directory.")
            )
        return cleaned


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling (sent to applicants)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the organiser change?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
    )
