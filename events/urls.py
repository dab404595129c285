# STUB: replaced by the events issue (URL names other templates use are kept).
from django.urls import path
from django.views.generic import DetailView, ListView

from .models import Event

app_name = "events"

stub = ListView.as_view(queryset=Event.objects.public(), template_name="portal/stub_list.html")

urlpatterns = [
    path("events/", stub, name="list"),
    path("events/feed/", stub, name="feed"),
    path("events/calendar.ics", stub, name="calendar-ics"),
    path("events/export.csv", stub, name="export-csv"),
    path(
        "events/<slug:slug>/",
        DetailView.as_view(queryset=Event.objects.public(), template_name="portal/stub_list.html"),
        name="detail",
    ),
]
