"""Edits are never silently lost: of two people editing the same object, the first save
wins and the second is told, instead of overwriting it (optimistic locking).

A model takes part with ``version = models.PositiveIntegerField(default=1, editable=False)``.
Its edit form (``VersionedFormMixin``) carries the version it was loaded at in a hidden
field. Saving first claims that version (``claim_version``) with one
``UPDATE … SET version = version + 1 WHERE pk = … AND version = N``: the first of two editors
who loaded N moves it to N + 1, the second one's UPDATE matches no row and raises
``EditConflict``. The UPDATE also holds the row until the caller's transaction ends, so two
saves at the same moment cannot both win, and a save that fails later gives the number back.

The view then shows the bound form again (what the person typed stays in it) with
``CONFLICT_MESSAGE``, the hidden version moved to the stored one: saving once more is a
deliberate choice to replace the other person's version.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.db.models import F
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

# The largest value a PositiveIntegerField holds on every database: larger numbers in the
# hidden field are a form error rather than an overflow in the query.
MAX_VERSION = 2_147_483_647

CONFLICT_MESSAGE = _(
    "Someone else saved this page while you were editing. Your text is not saved: it is "
    "still in the form below. Open the page in a new tab to see the new version, carry over "
    "what you need and save again."
)
BAD_VERSION_MESSAGE = _(
    "The form did not say which version of the page you edited, so nothing is saved. Your "
    "text is still in the form below: open the page in a new tab to compare it with the saved "
    "version, then save again."
)
SAME_MOMENT_MESSAGE = _(
    "Someone else saved this object at the same moment, so your changes are not saved. "
    "The page shows the saved version now."
)


class EditConflict(Exception):
    """Another save claimed the version this form was loaded at; ``current`` is the stored
    version now (None if the object is gone)."""

    def __init__(self, current):
        super().__init__(f"The stored version is now {current}.")
        self.current = current


def stored_version(instance):
    """The version in the database now (one query); None for a new or deleted object."""
    if instance.pk is None:
        return None
    manager = type(instance)._default_manager
    return manager.filter(pk=instance.pk).values_list("version", flat=True).first()


def claim_version(instance, expected):
    """Moves ``instance``'s stored version from ``expected`` to ``expected + 1`` (one UPDATE)
    and sets ``instance.version`` to match, so the ``save()`` that follows writes it.

    Call it inside the transaction that saves the object and before saving anything.
    Raises EditConflict when another save got there first. A new object (no pk) is never in
    conflict.
    """
    if instance.pk is None:
        return
    manager = type(instance)._default_manager
    claimed = manager.filter(pk=instance.pk, version=expected).update(version=F("version") + 1)
    if not claimed:
        raise EditConflict(stored_version(instance))
    instance.version = expected + 1


class VersionedFormMixin:
    """A ModelForm mixin: an edit form (the instance has a pk) gets a hidden ``version``
    field holding the version it was loaded at; ``cleaned_data["version"]`` is what to pass
    to ``claim_version``.

    A missing, non-numeric or out-of-range version is a form error above the form (a hidden
    field's own error would show nowhere), and the field then holds the stored version.
    Forms with a crispy layout need ``helper.render_hidden_fields = True`` to render it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput,
                min_value=1,
                max_value=MAX_VERSION,
                initial=self.instance.version,
            )

    def clean(self):
        cleaned = super().clean()
        if self.has_error("version"):
            del self.errors["version"]
            self.add_error(None, BAD_VERSION_MESSAGE)
            self.refresh_version(stored_version(self.instance))
        return cleaned

    def refresh_version(self, version):
        """After a conflict: the bound form, with everything the person typed, now carries
        ``version``, so that saving it again goes through."""
        if self.is_bound and "version" in self.fields:
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = "" if version is None else str(version)


class _AdminVersionCheck:
    """The admin's change form is refused with an error above it when stale: the admin
    saves inline formsets and history reverts too, so it checks before anything is saved.
    (A historical record's instance carries today's version: simple-history fills excluded
    fields from the current row.)"""

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("version")
        current = stored_version(self.instance)
        if expected is not None and expected != current:
            self.add_error(None, CONFLICT_MESSAGE)
            self.refresh_version(current)
        return cleaned


class VersionedAdminMixin:
    """A ModelAdmin mixin (put it first among the bases): admin edits take part in the
    locking. The change form carries its version, a stale one is refused with
    CONFLICT_MESSAGE above the form, and each save claims the version, so a portal editor
    still holding the old one gets the conflict too."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.pk is None:
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "version"]}), *rest]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # ``version`` is rendered from the form, not built from the model (it is not editable).
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"] is not None:
            kwargs["fields"] = [name for name in kwargs["fields"] if name != "version"]
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None or obj.pk is None:
            return form
        return type(form.__name__, (_AdminVersionCheck, VersionedFormMixin, form), {})

    def save_model(self, request, obj, form, change):
        if change and "version" in form.fields:
            claim_version(obj, form.cleaned_data["version"])
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Only when another save lands between the form's check and this one's claim.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            self.message_user(request, SAME_MOMENT_MESSAGE, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
