from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import CreateView, DetailView, UpdateView

from common.actions import Action, ActionView, run_action
from common.editing import FormsetsMixin
from common.files import file_response
from common.http import back_to
from common.lists import CSVExportView, FilteredListView
from organizations.models import Person

from . import services
from .calendar import calendar_for, list_calendar, personal_applications, personal_calendar
from .filters import EventFilter
from .forms import FORMSETS, ApplicationForm, CancelForm, EventForm, ReturnForm, formset_helper
from .models import (
    Application,
    ApplicationStatus,
    CalendarFeed,
    Event,
    EventPartner,
    EventStatus,
    ProgrammeItem,
    SiteVisit,
)


def get_event_for_user(user, slug, perm="events.view_event"):
    """The event with what its pages need; 404 for a hidden one, PermissionDenied without ``perm``."""
    event = get_object_or_404(
        Event.objects.select_related(
            "organizer__region",
            "region",
            "grant_project__programme__funder",
            "grant_project__programme__operator",
            "host_organization",
            "delegation_region",
        ),
        slug=slug,
    )
    if not user.has_perm("events.view_event", event):
        raise Http404
    if not user.has_perm(perm, event):
        raise PermissionDenied
    return event


def get_application_for_user(user, pk, perm):
    application = get_object_or_404(
        Application.objects.select_related("event__organizer", "user"), pk=pk
    )
    if not user.has_perm(perm, application):
        if user.has_perm("events.view_event", application.event):
            raise PermissionDenied
        raise Http404
    return application


# Lists and machine-readable views.


class EventListView(FilteredListView):
    filterset_class = EventFilter
    queryset = Event.objects.public().for_cards()
    template_name = "events/event_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["past"] = bool(self.filterset.is_bound and self.filterset.form.is_valid()) and bool(
            self.filterset.form.cleaned_data.get("past")
        )
        context["can_add"] = self.request.user.has_perm("events.add_event")
        return context


class EventExportView(CSVExportView):
    filterset_class = EventFilter
    queryset = Event.objects.public().for_export()
    filename = "events"
    columns = (
        (_("Title"), lambda e: e.title),
        (_("Kind"), lambda e: e.get_kind_display()),
        (_("Status"), lambda e: e.get_status_display()),
        (_("Start (venue time)"), lambda e: e.local_start.strftime("%Y-%m-%d %H:%M")),
        (_("End (venue time)"), lambda e: e.local_end.strftime("%Y-%m-%d %H:%M")),
        (_("Time zone"), lambda e: e.timezone),
        (_("Format"), lambda e: e.get_format_display()),
        (_("Region"), lambda e: e.region.name),
        (_("Region code"), lambda e: e.region.code),
        (_("Venue"), lambda e: e.venue),
        (_("Address"), lambda e: e.address),
        (_("Organiser"), lambda e: e.organizer.name),
        (_("Grant project"), lambda e: e.grant_project.title if e.grant_project else ""),
        (_("Capacity"), lambda e: e.capacity),
        (_("Summary"), lambda e: e.summary),
        (_("Page"), lambda e: settings.SITE_URL + e.get_absolute_url()),
    )


class EventCalendarView(FilteredListView):
    """The list's events as one subscribable iCalendar file, with the list's filters: the
    upcoming events and those that ended lately (``events.calendar``), or with ``past=1``
    the latest of the archive. At most a few hundred events, in two queries, whatever the
    number of events in the network."""

    filterset_class = EventFilter
    queryset = Event.objects.public().for_export()
    paginate_by = None

    def render_to_response(self, context, **response_kwargs):
        events = context["object_list"]
        recent = Event.objects.none() if self.is_archive() else self.archive()
        return _ics_response(self.request, list_calendar(events, recent, self.request), "events")

    def is_archive(self):
        form = self.filterset.form
        return self.filterset.is_bound and form.is_valid() and bool(form.cleaned_data["past"])

    def archive(self):
        """The same filters over the past events (what ``past=1`` would list)."""
        data = self.request.GET.copy()
        data["past"] = "1"
        archive = self.filterset_class(data, queryset=self.get_queryset(), request=self.request)
        return archive.qs if archive.is_valid() else Event.objects.none()


def event_ics(request, slug):
    event = get_event_for_user(request.user, slug)
    return _ics_response(request, calendar_for([event], request, name=event.title), event.slug)


@require_GET
def personal_calendar_ics(request, token):
    """A person's own events at their secret address. No sign-in (calendar apps cannot):
    the token is the key, so the answer is private to whoever holds it: never kept by a
    shared cache or the page cache (``private``), never indexed, and never sent on as a
    Referer. An unknown, malformed or replaced token is a plain 404."""
    feed = CalendarFeed.objects.for_token(token)
    if feed is None:
        raise Http404
    calendar = personal_calendar(personal_applications(feed.user), request)
    response = _ics_response(request, calendar, "my-events")
    response["Cache-Control"] = "private, no-store, max-age=0"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_POST
@login_required
def reset_personal_calendar(request):
    """Issue the signed-in person's calendar address, or replace it (the old one then
    answers 404). Only their own: the request names nobody else."""
    replaced = CalendarFeed.objects.filter(user=request.user).exists()
    run_action(
        request,
        lambda: CalendarFeed.objects.issue(request.user),
        _(
            "Your calendar has a new address. The old one no longer works: add the new one to "
            "your calendar apps."
        )
        if replaced
        else _("Your calendar's address is ready: add it to your calendar app."),
    )
    return back_to(request, "dashboard")


def _ics_response(request, calendar, name):
    """The calendar file, with an ETag of its content: an unchanged calendar reads the same
    at every fetch (DTSTAMP is each event's last change), so a calendar app that sends
    If-None-Match gets a 304 and nothing to download."""
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    set_response_etag(response)
    return get_conditional_response(request, etag=response["ETag"], response=response)


# The event page.


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_object(self, queryset=None):
        return get_event_for_user(self.request.user, self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        event = self.object
        user = self.request.user
        context = super().get_context_data(**kwargs)
        public_speakers = Prefetch(
            "speakers", queryset=Person.objects.public().select_related("organization")
        )
        context["programme"] = ProgrammeItem.objects.filter(event=event).prefetch_related(
            public_speakers
        )
        context["partners"] = EventPartner.objects.filter(event=event).select_related(
            "organization"
        )
        context["visits"] = SiteVisit.objects.filter(event=event).select_related("organization")
        context["practices"] = (
            event.practices.published().select_related("organization", "region").order_by("title")
        )
        context["materials"] = event.materials.all()
        can_manage = user.has_perm("events.manage_applications", event)
        context["can_manage"] = can_manage
        context["can"] = {
            action: user.has_perm(f"events.{action}_event", event)
            for action in ("change", "publish", "submit", "return")
        }
        if context["can"]["return"]:
            context["return_form"] = ReturnForm()
        context["places_taken"] = services.places_taken(event) if event.capacity else None
        if can_manage:
            context["applications"] = event.applications.select_related(
                "user", "organization"
            ).order_by("status", "created_at")
            context["cancel_form"] = CancelForm()
        if user.is_authenticated:
            context["my_application"] = (
                event.applications.filter(user=user).select_related("organization").first()
            )
            if (
                event.registration_is_open()
                and not can_manage
                and not (context["my_application"] and context["my_application"].is_active)
            ):
                context["application_form"] = ApplicationForm(user=user)
        context["registration_open"] = event.registration_is_open()
        return context


def event_file(request, slug, pk, name):
    """A material's file, with the event's visibility (a draft's files are 404 to strangers)."""
    event = get_event_for_user(request.user, slug)
    material = get_object_or_404(event.materials.exclude(file=""), pk=pk)
    return file_response(
        material.file,
        download_name=material.download_name,
        content_type=material.content_type,
        public=event.status in (EventStatus.PUBLISHED, EventStatus.CANCELLED),
    )


# Staff publishing.


class EventFormMixin(FormsetsMixin):
    form_class = EventForm
    template_name = "events/event_form.html"
    formset_classes = FORMSETS

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_formset_kwargs(self, form):
        # Programme times are typed in the venue's zone, which the form may have just changed.
        return {"form_kwargs": {"zone": form.venue_zone(), "user": self.request.user}}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["formset_helper"] = formset_helper()
        return context

    def save_all(self, form, formsets):
        # The form offers only the user's organisations; the service re-checks the chosen one.
        return services.save_event(user=self.request.user, form=form, formsets=formsets)


class EventCreateView(EventFormMixin, CreateView):
    success_message = _("The event is saved as a draft. Publish it when it is ready.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("events.add_event"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class EventUpdateView(EventFormMixin, UpdateView):
    success_message = _("The event is saved.")

    def get_object(self, queryset=None):
        return get_event_for_user(self.request.user, self.kwargs["slug"], "events.change_event")


# Actions (POST only).


def _applied(application):
    if application.status == ApplicationStatus.WAITLISTED:
        return _("Your application is sent. All places are taken: you are on the waiting list.")
    return _("Your application is sent.")


class EventActionView(ActionView):
    """POST /events/<slug>/<action>/ (each action has its own URL name)."""

    object_name = "event"
    refusals = (services.EventError,)
    actions = {
        "publish": Action(
            services.publish_event, _("The event is published."), perm="events.publish_event"
        ),
        "submit": Action(
            services.submit_event,
            _("The event is submitted: a moderator will publish it after review."),
            perm="events.submit_event",
        ),
        "return": Action(
            services.return_event,
            _("The event is returned to its organiser with your comment."),
            perm="events.return_event",
            form=ReturnForm,
            invalid=_("Write a comment for the organiser before returning."),
        ),
        "cancel": Action(
            services.cancel_event,
            _("The event is cancelled; applicants have been notified by e-mail."),
            perm="events.cancel_event",
            form=CancelForm,
        ),
        "apply": Action(
            services.apply,
            _applied,
            perm="events.apply_event",
            form=ApplicationForm,
            form_kwargs=lambda request, event: {"user": request.user},
        ),
    }

    def get_object(self, perm):
        return get_event_for_user(self.request.user, self.kwargs["slug"], perm)


class ApplicationActionView(ActionView):
    """POST /events/applications/<pk>/<action>/; back to the page it was sent from."""

    object_name = "application"
    refusals = (services.EventError,)
    actions = {
        "withdraw": Action(
            services.withdraw,
            _("Your application is withdrawn."),
            perm="events.withdraw_application",
        ),
        "accept": Action(
            services.accept,
            _("The application is accepted; the applicant has been notified."),
            perm="events.decide_application",
        ),
        "decline": Action(
            services.decline,
            _("The application is declined; the applicant has been notified."),
            perm="events.decide_application",
        ),
    }

    def get_object(self, perm):
        return get_application_for_user(self.request.user, self.kwargs["pk"], perm)

    def get_redirect(self, application):
        return back_to(self.request, application.event)
