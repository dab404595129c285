"""Create and edit pages whose form comes with inline formsets, one way in every app
(a practice with its steps, figures and files; an event with its programme, partners,
visits and materials)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.shortcuts import redirect
from django.utils.functional import cached_property

from common.locking import CONFLICT_MESSAGE, EditConflict
from common.lookup import SharedChoices, SharesChoices


class FormsetsMixin(LoginRequiredMixin):
    """For a CreateView or UpdateView. ``formset_classes`` holds (prefix, class, title) rows;
    the page gets ``formsets``, prefix -> formset, each with its ``title``.

    On POST the form is validated first and the formsets are built after it, so they may
    take what it cleaned (``get_formset_kwargs(form)``; the events' venue zone). Every
    formset is validated, so the page shows all errors at once. When all is valid,
    ``save_all(form, formsets)`` saves in one transaction and returns the object, and the
    page goes to it with ``success_message``. An ``EditConflict`` (common.locking) saves
    nothing: the page comes back with status 409, what was typed kept.

    The form and the formsets' forms that list choices (``common.lookup.SharesChoices``)
    share one ``SharedChoices``: a list several rows offer is read once for the page.
    """

    formset_classes = ()
    success_message = ""

    def get_formset_kwargs(self, form):
        return {}

    @cached_property
    def shared_choices(self):
        return SharedChoices()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if issubclass(self.get_form_class(), SharesChoices):
            kwargs["shared_choices"] = self.shared_choices
        return kwargs

    def get_formsets(self, form):
        bound = self.request.method == "POST"
        formsets = {}
        for prefix, formset_class, title in self.formset_classes:
            kwargs = self.get_formset_kwargs(form)
            if issubclass(formset_class.form, SharesChoices):
                form_kwargs = {
                    **kwargs.get("form_kwargs", {}),
                    "shared_choices": self.shared_choices,
                }
                kwargs = {**kwargs, "form_kwargs": form_kwargs}
            formset = formset_class(
                self.request.POST if bound else None,
                self.request.FILES if bound else None,
                instance=form.instance,
                prefix=prefix,
                **kwargs,
            )
            formset.title = title
            formsets[prefix] = formset
        return formsets

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "formsets" not in context:
            context["formsets"] = self.get_formsets(context["form"])
        return context

    def save_all(self, form, formsets):
        """Saves the form and ``formsets`` (a list); returns the saved object. Runs inside a
        transaction; raises EditConflict when someone saved since the form was loaded."""
        raise NotImplementedError

    def form_valid(self, form):
        formsets = self.get_formsets(form)
        valid = [formset.is_valid() for formset in formsets.values()]  # each, for its errors
        if not all(valid):
            return self.show_errors(form, formsets)
        try:
            with transaction.atomic():
                self.object = self.save_all(form, list(formsets.values()))
        except EditConflict as conflict:
            form.refresh_version(conflict.current)
            messages.error(self.request, CONFLICT_MESSAGE)
            context = self.get_context_data(form=form, formsets=formsets)
            return self.render_to_response(context, status=409)
        messages.success(self.request, self.success_message)
        return redirect(self.object)

    def form_invalid(self, form):
        formsets = self.get_formsets(form)
        for formset in formsets.values():
            formset.is_valid()
        return self.show_errors(form, formsets)

    def show_errors(self, form, formsets):
        # The page's error summary (includes/form_errors.html) says it, beside the fields.
        return self.render_to_response(self.get_context_data(form=form, formsets=formsets))
