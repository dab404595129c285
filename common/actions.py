"""State changes by POST, done one way in every app.

Each kind of object with actions (a practice, a replication, an event, an application) has
one ``ActionView`` subclass holding a table: action name → ``Action`` (the service to call,
the permission the access helper checks first, the success message, an optional form whose
cleaned data become the service's arguments). ``run_action`` runs the service and turns its
refusal (the app's workflow error, a ``ValidationError`` from ``full_clean()``, a
``PermissionDenied`` only the service could decide) into a message instead of an error page.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_POST

DENIED_MESSAGE = _("You are not allowed to do this.")


def refusal_message(exc):
    """What to tell a person whose action a service refused with ``exc``."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or str(DENIED_MESSAGE)


def run_action(request, call, success, refusals=()):
    """Runs ``call()`` (a service) and tells the person how it went: ``success`` (a message,
    or a function of the service's result giving one) or the refusal: one of ``refusals``
    (the app's workflow errors), a ``ValidationError`` or a ``PermissionDenied``. Returns
    whether it succeeded."""
    try:
        result = call()
    except (*refusals, ValidationError, PermissionDenied) as exc:
        messages.error(request, refusal_message(exc))
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True


@dataclass(frozen=True)
class Action:
    """One row of an action table.

    ``service`` is called with the object (under the view's ``object_name``), ``user`` and
    the cleaned data of ``form`` (built from the POST and ``form_kwargs(request, obj)``).
    ``perm`` is checked by the access helper before anything else (403 without it; None when
    only the service can decide). An invalid form is told as ``invalid``, or as its own
    errors, and nothing runs.
    """

    service: Any
    success: Any
    perm: str | None = None
    form: Any = None
    form_kwargs: Any = None
    invalid: Any = None


class ActionView(View):
    """POST-only (a GET is 405 for everyone), signed-in only. Subclasses set ``actions``,
    ``object_name`` and ``refusals``, and say how to load the object (``get_object``, with
    the action's permission) and where to go afterwards (``get_redirect``). The action's
    name comes from the URL (``<slug:action>`` or the pattern's extra ``{"action": ...}``)."""

    actions: dict = {}
    object_name = "object"
    refusals = ()

    @classmethod
    def as_view(cls, **initkwargs):
        return require_POST(login_required(super().as_view(**initkwargs)))

    def get_object(self, perm):
        raise NotImplementedError

    def get_redirect(self, obj):
        return redirect(obj)

    def post(self, request, *args, action, **kwargs):
        spec = self.actions.get(action)
        if spec is None:
            raise Http404
        obj = self.get_object(spec.perm)
        arguments = {}
        if spec.form is not None:
            extra = spec.form_kwargs(request, obj) if spec.form_kwargs else {}
            form = spec.form(request.POST, **extra)
            if not form.is_valid():
                self.form_invalid(form, spec)
                return self.get_redirect(obj)
            arguments = form.cleaned_data
        run_action(
            request,
            lambda: spec.service(**{self.object_name: obj}, user=request.user, **arguments),
            spec.success,
            self.refusals,
        )
        return self.get_redirect(obj)

    def form_invalid(self, form, spec):
        if spec.invalid:
            messages.error(self.request, spec.invalid)
            return
        for errors in form.errors.values():
            messages.error(self.request, " ".join(errors))
