from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, UpdateView

from common.actions import Action, ActionView
from common.editing import FormsetsMixin
from common.files import file_response
from common.http import back_to
from common.lists import CSVExportView, FilteredListView
from organizations.models import Person

from . import services
from .calendar import calendar_for
from .filters import EventFilter
from .forms import FORMSETS, ApplicationForm, CancelForm, EventForm, ReturnForm, formset_helper
from .models import (
    Application,
    ApplicationStatus,
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
    """The list's events as one subscribable iCalendar file (the list's filters apply)."""

    filterset_class = EventFilter
    queryset = Event.objects.public().for_export()
    paginate_by = None
    max_events = 500

    def render_to_response(self, context, **response_kwargs):
        events = context["object_list"][: self.max_events]
        return _ics_response(calendar_for(events, self.request), "events")


def event_ics(request, slug):
    event = get_event_for_user(request.user, slug)
    return _ics_response(calendar_for([event], request), event.slug)


def _ics_response(calendar, name):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


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
