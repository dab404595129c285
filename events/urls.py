from django.urls import path

from . import views
from .feeds import EventFeed

app_name = "events"

urlpatterns = [
    path("events/", views.EventListView.as_view(), name="list"),
    path("events/feed/", EventFeed(), name="feed"),
    path("events/calendar.ics", views.EventCalendarView.as_view(), name="calendar-ics"),
    # A person's own calendar: the token is the key (events.models.CalendarFeed).
    path(
        "events/calendar/<str:token>.ics",
        views.personal_calendar_ics,
        name="personal-calendar",
    ),
    path(
        "events/calendar/reset/",
        views.reset_personal_calendar,
        name="personal-calendar-reset",
    ),
    path("events/export.csv", views.EventExportView.as_view(), name="export-csv"),
    path("events/new/", views.EventCreateView.as_view(), name="new"),
    path(
        "events/applications/<int:pk>/withdraw/",
        views.ApplicationActionView.as_view(),
        {"action": "withdraw"},
        name="application-withdraw",
    ),
    path(
        "events/applications/<int:pk>/accept/",
        views.ApplicationActionView.as_view(),
        {"action": "accept"},
        name="application-accept",
    ),
    path(
        "events/applications/<int:pk>/decline/",
        views.ApplicationActionView.as_view(),
        {"action": "decline"},
        name="application-decline",
    ),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("events/<slug:slug>/ics", views.event_ics, name="ics"),
    path("events/<slug:slug>/files/<int:pk>/<str:name>", views.event_file, name="file"),
    path("events/<slug:slug>/edit/", views.EventUpdateView.as_view(), name="edit"),
    path(
        "events/<slug:slug>/publish/",
        views.EventActionView.as_view(),
        {"action": "publish"},
        name="publish",
    ),
    path(
        "events/<slug:slug>/submit/",
        views.EventActionView.as_view(),
        {"action": "submit"},
        name="submit",
    ),
    path(
        "events/<slug:slug>/return/",
        views.EventActionView.as_view(),
        {"action": "return"},
        name="return",
    ),
    path(
        "events/<slug:slug>/cancel/",
        views.EventActionView.as_view(),
        {"action": "cancel"},
        name="cancel",
    ),
    path(
        "events/<slug:slug>/apply/",
        views.EventActionView.as_view(),
        {"action": "apply"},
        name="apply",
    ),
]
