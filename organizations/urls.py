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


def patterns(
    *,
    organization_page=views.OrganizationDetailView,
    region_page=views.RegionDetailView,
    regions_page=views.RegionListView,
):
    """The app's addresses. The project passes the organisation and region pages it composes
    with other apps' sections (portal.pages); on its own the app serves its plain ones."""
    return [
        *_patterns_before_detail,
        path("organizations/<slug:slug>/", organization_page.as_view(), name="detail"),
        *_patterns_after_detail,
        path("regions/", regions_page.as_view(), name="region-list"),
        path("regions/<region_code:code>/", region_page.as_view(), name="region-detail"),
    ]


_patterns_before_detail = [
    path("organizations/", views.OrganizationListView.as_view(), name="list"),
    path("organizations/export.csv", views.OrganizationExportView.as_view(), name="export-csv"),
    path("organizations/new/", views.OrganizationCreateView.as_view(), name="new"),
    path(
        "organizations/invitations/<int:pk>/accept/",
        views.answer_invitation,
        {"action": "accept"},
        name="invitation-accept",
    ),
    path(
        "organizations/invitations/<int:pk>/decline/",
        views.answer_invitation,
        {"action": "decline"},
        name="invitation-decline",
    ),
]
_patterns_after_detail = [
    path("organizations/<slug:slug>/logo/<str:name>", views.organization_logo, name="logo"),
    path(
        "organizations/<slug:slug>/verification/<slug:action>/",
        views.verify_organization,
        name="verify",
    ),
    path(
        "organizations/<slug:slug>/parent-link/<slug:action>/",
        views.parent_link,
        name="parent-link",
    ),
    path("organizations/<slug:slug>/edit/", views.OrganizationUpdateView.as_view(), name="edit"),
    path("organizations/<slug:slug>/members/", views.MembersView.as_view(), name="members"),
    path(
        "organizations/<slug:slug>/members/<int:pk>/remove/",
        views.remove_member_view,
        name="member-remove",
    ),
    path(
        "organizations/<slug:slug>/members/<int:pk>/role/",
        views.change_role_view,
        name="member-role",
    ),
    path(
        "organizations/<slug:slug>/invitations/<int:pk>/cancel/",
        views.cancel_invitation_view,
        name="invitation-cancel",
    ),
]
urlpatterns = patterns()
