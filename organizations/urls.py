from django.urls import path, register_converter

from . import views


class RegionCodeConverter:
    """An ISO 3166-2 code such as RU-SA, in either case; anything else is not a region page
    (so no NUL byte or megabyte of text ever reaches the database as a code)."""

    regex = "[A-Za-z]{2}-[A-Za-z0-9]{1,3}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(RegionCodeConverter, "region_code")

app_name = "organizations"

urlpatterns = [
    path("organizations/", views.OrganizationListView.as_view(), name="list"),
    path("organizations/export.csv", views.OrganizationExportView.as_view(), name="export-csv"),
    path("organizations/new/", views.OrganizationCreateView.as_view(), name="new"),
    path("organizations/<slug:slug>/", views.OrganizationDetailView.as_view(), name="detail"),
    path("organizations/<slug:slug>/logo/<str:name>", views.organization_logo, name="logo"),
    path("organizations/<slug:slug>/edit/", views.OrganizationUpdateView.as_view(), name="edit"),
    path("organizations/<slug:slug>/members/", views.MembersView.as_view(), name="members"),
    path(
        "organizations/<slug:slug>/members/<int:pk>/remove/",
        views.remove_member_view,
        name="member-remove",
    ),
    path("regions/", views.RegionListView.as_view(), name="region-list"),
    path("regions/<region_code:code>/", views.RegionDetailView.as_view(), name="region-detail"),
]
