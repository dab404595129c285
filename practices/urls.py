from django.urls import path

from . import passport, views
from .feeds import LatestPracticesFeed

app_name = "practices"

urlpatterns = [
    path("practices/", views.PracticeListView.as_view(), name="list"),
    path("practices/new/", views.PracticeCreateView.as_view(), name="new"),
    path("practices/feed/", LatestPracticesFeed(), name="feed"),
    path("practices/export.csv", views.PracticeExportView.as_view(), name="export-csv"),
    path("practices/topics/", views.TopicListView.as_view(), name="topics"),
    path("practices/topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic"),
    path(
        "practices/replications/<int:pk>/results/",
        views.ReplicationResultsView.as_view(),
        name="replication-results",
    ),
    path(
        "practices/replications/<int:pk>/files/<int:file_pk>/<str:name>",
        views.replication_file,
        name="replication-file",
    ),
    path(
        "practices/replications/<int:pk>/<slug:action>/",
        views.ReplicationActionView.as_view(),
        name="replication-action",
    ),
    path("practices/<slug:slug>/", views.PracticeDetailView.as_view(), name="detail"),
    path("practices/<slug:slug>/edit/", views.PracticeUpdateView.as_view(), name="edit"),
    path(
        "practices/<slug:slug>/files/<int:pk>/<str:name>",
        views.practice_file,
        name="file",
    ),
    path("practices/<slug:slug>/cover/<str:name>", views.practice_cover, name="cover"),
    path("practices/<slug:slug>/passport.docx", passport.passport_docx, name="passport-docx"),
    path(
        "practices/<slug:slug>/return/",
        views.PracticeActionView.as_view(),
        {"action": "return"},
        name="return",
    ),
    path(
        "practices/<slug:slug>/implement/",
        views.PracticeActionView.as_view(),
        {"action": "implement"},
        name="request",
    ),
    path("practices/<slug:slug>/<slug:action>/", views.PracticeActionView.as_view(), name="action"),
]
