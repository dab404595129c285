# STUB: replaced by the practices issue (URL names other templates use are kept).
from django.urls import path
from django.views.generic import DetailView, ListView

from .models import Practice

app_name = "practices"

stub = ListView.as_view(
    queryset=Practice.objects.published(), template_name="portal/stub_list.html"
)

urlpatterns = [
    path("practices/", stub, name="list"),
    path("practices/feed/", stub, name="feed"),
    path("practices/export.csv", stub, name="export-csv"),
    path(
        "practices/<slug:slug>/",
        DetailView.as_view(
            queryset=Practice.objects.published(), template_name="portal/stub_list.html"
        ),
        name="detail",
    ),
]
