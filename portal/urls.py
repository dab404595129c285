from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from organizations import urls as organization_urls

from . import views
from .pages import OrganizationPage, RegionPage, RegionsPage
from .sitemaps import sitemaps

# Machine-facing endpoints: the same at every language.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    # The index of the sections' pages (common.sitemaps): one file of a million practices
    # would break the protocol's 50 000 addresses, and take minutes to write.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("files/<path:name>", views.stored_file, name="stored-file"),
    path("api/", include("api.urls")),  # the read API, its schema and docs
]

# People-facing pages: Russian unprefixed, English under /en/.
urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("suggest/<slug:kind>/", views.suggest, name="suggest"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("notifications/", include("notifications.urls")),
    path("accounts/signup/", views.SignUpView.as_view(), name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path(
        "",
        include(
            (
                organization_urls.patterns(
                    organization_page=OrganizationPage,
                    region_page=RegionPage,
                    regions_page=RegionsPage,
                ),
                "organizations",
            )
        ),
    ),
    path("", include("portal.project_urls")),
    path("", include("practices.urls")),
    path("", include("events.urls")),
    prefix_default_language=False,
)
