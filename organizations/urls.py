from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("organizations/", views.OrganizationListView.as_view(), name="list"),
    path("organizations/export.csv", views.OrganizationExportView.as_view(), name="export-csv"),
    path("organizations/new/", views.OrganizationCreateView.as_view(), name="new"),
    path("organizations/<slug:slug>/", views.OrganizationDetailView.as_view(), name="detail"),
    path("organizations/<slug:slug>/edit/", views.OrganizationUpdateView.as_view(), name="edit"),
    path("organizations/<slug:slug>/members/", views.MembersView.as_view(), name="members"),
    path(
        "organizations/<slug:slug>/members/<int:pk>/remove/",
        views.remove_member_view,
        name="member-remove",
    ),
    path("regions/", views.RegionListView.as_view(), name="region-list"),
    path("regions/<str:code>/", views.RegionDetailView.as_view(), name="region-detail"),
]
