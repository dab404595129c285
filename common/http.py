"""Small HTTP helpers shared by every app's views."""

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def back_to(request, fallback):
    """Redirect to the form's ``next`` when it is a path on this site (the dashboard, a
    list), else to ``fallback`` (an object or URL name); never off-site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)
