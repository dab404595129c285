from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView

from common.http import back_to

from . import follows, services, tokens
from .forms import PreferencesForm
from .models import DigestFrequency, Kind, Notification
from .preferences import preferences_of


@method_decorator(never_cache, name="dispatch")
class NotificationListView(LoginRequiredMixin, ListView):
    """The signed-in person's notifications, newest first (three queries whatever the count)."""

    template_name = "notifications/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 20

    def get_queryset(self):
        return self.request.user.notifications.only(
            "title", "text", "url", "kind", "created_at", "read_at", "recipient_id"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unread_count"] = self.request.user.notifications.unread().count()
        return context


@require_POST
@login_required
def mark_read(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_read(user=request.user, notification_id=notification.pk)
    return back_to(request, "notifications:list")


@require_POST
@login_required
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked read."))
    return back_to(request, "notifications:list")


@require_POST
@login_required
def follow(request, kind, key):
    """Follow a topic, region, organisation or published practice (idempotent)."""
    target = follows.find(kind, key)
    services.follow(user=request.user, target_name=kind, target=target)
    messages.success(
        request,
        _("You follow %(name)s. What is new there comes in your digest.") % {"name": target},
    )
    return back_to(request, target)


@require_POST
@login_required
def unfollow(request, kind, key):
    target = follows.find(kind, key)
    if services.unfollow(user=request.user, target_name=kind, target=target):
        messages.success(request, _("You no longer follow %(name)s.") % {"name": target})
    return back_to(request, target)


@method_decorator(never_cache, name="dispatch")
class PreferencesView(LoginRequiredMixin, FormView):
    """One page of choices: language, digest, which e-mails, what the person follows.
    A GET writes nothing: someone who never chose sees the defaults."""

    template_name = "notifications/preferences.html"
    form_class = PreferencesForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": preferences_of(self.request.user)}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "follows": follows.follows_of(self.request.user),
        }

    def form_valid(self, form):
        services.save_preferences(user=self.request.user, form=form)
        messages.success(self.request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")


def _scope_label(scope):
    if scope == tokens.DIGEST:
        return _("the digest of what you follow")
    return Kind(scope).label


@method_decorator(csrf_exempt, name="dispatch")  # the signed token is the authenticator
@method_decorator(never_cache, name="dispatch")
class UnsubscribeView(View):
    """The link in every e-mail, signed in or not: a GET shows whether the person still gets
    those e-mails and asks to confirm; a POST unsubscribes and comes back to the GET. Mail
    programs POST ``List-Unsubscribe=One-Click`` here (RFC 8058) without a cookie or a CSRF
    token, and get a plain 200. A token that is not ours answers 400."""

    template_name = "notifications/unsubscribe.html"

    def dispatch(self, request, token):
        try:
            self.person, self.scope = tokens.read(token)
        except tokens.BadToken:
            return render(request, "notifications/unsubscribe_invalid.html", status=400)
        return super().dispatch(request, token)

    def get(self, request, token):
        preferences = preferences_of(self.person)
        if self.scope == tokens.DIGEST:
            done = preferences.digest == DigestFrequency.OFF
        else:
            done = not preferences.mails(self.scope)
        return render(
            request, self.template_name, {"done": done, "scope_label": _scope_label(self.scope)}
        )

    def post(self, request, token):
        services.unsubscribe(user=self.person, scope=self.scope)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(_("Unsubscribed."), content_type="text/plain; charset=utf-8")
        return redirect(request.path)
