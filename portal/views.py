import logging

from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import CreateView, TemplateView

from common.lookup import suggestions
from common.search import is_searchable, ranked
from common.text import MAX_QUERY_LENGTH
from events.dashboard import dashboard_context as events_context
from events.models import Event, EventKind, EventMaterial
from notifications.dashboard import dashboard_context as notifications_context
from organizations.dashboard import dashboard_context as organizations_context
from organizations.forms import GRANT_PROJECTS, ORGANIZATIONS
from organizations.models import GrantProject, Organization
from organizations.rules import is_moderator, memberships_of
from practices.dashboard import dashboard_context as practices_context
from practices.exchange import map_figures, network_figures, region_map
from practices.forms import PRACTICES
from practices.models import Practice, PracticeAttachment
from practices.views import with_snippets

from .forms import SignUpForm
from .search import did_you_mean

logger = logging.getLogger(__name__)


class HomeView(TemplateView):
    template_name = "portal/home.html"
    most_replicated = 5
    event_count = 4

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["practices"] = Practice.objects.published().for_list()[:4]
        context["most_replicated"] = (
            Practice.objects.published()
            .filter(replication_count__gt=0)
            .select_related("region")
            .only("title", "slug", "replication_count", "region__name_ru", "region__name_en")
            .order_by("-replication_count", "-published_at", "-pk")[: self.most_replicated]
        )
        context["events"] = self.upcoming_events()
        figures = map_figures(max_flows=15)
        context["map"] = region_map(max_flows=15, figures=figures)
        context["figures"] = network_figures(figures)
        return context

    def upcoming_events(self):
        """Upcoming internships first, then the other upcoming events (two short queries,
        each a stretch of the upcoming index, instead of sorting every upcoming event)."""
        upcoming = Event.objects.public().upcoming().for_cards()
        internships = list(upcoming.filter(kind=EventKind.INTERNSHIP)[: self.event_count])
        others = list(upcoming.exclude(kind=EventKind.INTERNSHIP)[: self.event_count])
        return (internships + others)[: self.event_count]


class SearchView(TemplateView):
    """One box over practices, events and organisations: ranked full-text search on
    PostgreSQL (common.search), Russian stems on SQLite; "did you mean" when nothing matches.
    A fixed number of queries whatever the data size."""

    template_name = "portal/search.html"
    per_section = 10
    # Each section shows its best ten among this many newest matches; the lists rank more.
    candidates = 200

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "")[:MAX_QUERY_LENGTH].strip()
        context["q"] = query
        if not is_searchable(query):
            return context
        context["searched"] = True
        practices, _capped = ranked(
            Practice.objects.published().search(query).for_cards(),
            query,
            recency=("-published_at", "-pk"),
            candidates=self.candidates,
            snippet_of="summary",
        )
        context["practices"] = with_snippets(practices[: self.per_section], query)
        events, _capped = ranked(
            Event.objects.public()
            .search(query)
            .select_related("region")
            .only("title", "slug", "start", "region__code", "region__name_ru", "region__name_en"),
            query,
            recency=("-start", "-pk"),
            candidates=self.candidates,
        )
        context["events"] = list(events[: self.per_section])
        organizations, _capped = ranked(
            Organization.objects.search(query)
            .select_related("region")
            .only("name", "slug", "region__code", "region__name_ru", "region__name_en"),
            query,
            recency=("-pk",),
            candidates=self.candidates,
        )
        context["organizations"] = list(organizations[: self.per_section])
        if not (context["practices"] or context["events"] or context["organizations"]):
            context["suggestion"] = did_you_mean(query)
        return context


@method_decorator(never_cache, name="dispatch")  # no-store and private
class DashboardView(LoginRequiredMixin, TemplateView):
    """The signed-in user's page; each app contributes a section (see ``dashboard.py``)."""

    template_name = "portal/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)
        context["memberships"] = memberships_of(user)
        context["is_moderator"] = is_moderator(user)
        context.update(organizations_context(user))
        context.update(practices_context(user))
        context.update(events_context(user))
        context.update(notifications_context(user))
        return context


class SignUpView(CreateView):
    form_class = SignUpForm
    template_name = "registration/signup.html"
    success_url = reverse_lazy("dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)
        login(self.request, self.object, backend="organizations.backends.MemberBackend")
        return response


def _suggested_rows():
    """What the typing boxes of forms may suggest (common.lookup): rows anyone may see."""
    return {
        "organizations": (Organization.objects.all(), ORGANIZATIONS),
        "practices": (Practice.objects.published(), PRACTICES),
        "projects": (GrantProject.objects.all(), GRANT_PROJECTS),
    }


@never_cache
@require_GET
def suggest(request, kind):
    """``/suggest/<kind>/?q=``: up to ten rows as a form's box takes them, for signed-in
    people filling a form (the rows are public; the forms are not)."""
    if not request.user.is_authenticated:
        return JsonResponse({"results": []}, status=403)
    if kind not in (rows := _suggested_rows()):
        raise Http404
    queryset, naming = rows[kind]
    return JsonResponse({"results": suggestions(queryset, naming, request.GET.get("q", ""))})


@never_cache
@require_GET
def healthz(request):
    """200 with JSON when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /en/admin/",
        "Disallow: /accounts/",
        "Disallow: /en/accounts/",
        "Disallow: /dashboard/",
        "Disallow: /en/dashboard/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: our 403 page for an expired form or blocked cookies.

    ``reason`` is Django's technical wording and is logged by Django, not shown; the page
    links back to the form when the browser told us where it came from (on this site only).
    """
    referer = request.META.get("HTTP_REFERER", "")
    back = None
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = referer
    body = render_to_string("403_csrf.html", {"back_url": back}, request=request)
    return HttpResponseForbidden(body)


@require_GET
def stored_file(request, name):
    """``MEDIA_URL`` addresses (admin and form widgets link to them): a redirect to the
    file's address under the object that owns it, where its visibility applies; 404 for a
    file the user may not see or that nobody owns."""
    user = request.user
    owner = (
        PracticeAttachment.objects.filter(file=name).select_related("practice").first()
        or EventMaterial.objects.filter(file=name).select_related("event").first()
        or Practice.objects.filter(cover=name).first()
        or Organization.objects.filter(logo=name).first()
    )
    if isinstance(owner, PracticeAttachment) and user.has_perm(
        "practices.view_practice", owner.practice
    ):
        return redirect(owner.get_absolute_url())
    if isinstance(owner, EventMaterial) and user.has_perm("events.view_event", owner.event):
        return redirect(owner.href)
    if isinstance(owner, Practice) and user.has_perm("practices.view_practice", owner):
        return redirect(owner.cover_url)
    if isinstance(owner, Organization):
        return redirect(owner.logo_url)
    raise Http404
