"""The read API's addresses (namespace ``api``): ``/api/v1/`` and its resources, the OpenAPI
schema at ``/api/schema/`` and the interactive docs at ``/api/docs/``. Machine-facing: the
same at every language (portal/urls.py mounts them before the language-prefixed pages)."""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from . import views
from .docs import DocsView, SchemaView

app_name = "api"

router = SimpleRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("practices", views.PracticeViewSet, basename="practice")
router.register("replications", views.ReplicationViewSet, basename="replication")
router.register("events", views.EventViewSet, basename="event")
router.register("projects", views.GrantProjectViewSet, basename="project")

urlpatterns = [
    path("v1/", views.RootView.as_view(), name="root"),
    path("v1/", include(router.urls)),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
    re_path(r"^(?P<path>.*/)$", views.not_found, name="not-found"),
]
