from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, in English unless ``?lang=ru`` asks otherwise: the descriptions
    written for it are English, and the labels drawn from the models follow the language."""

    def get(self, request, *args, **kwargs):
        language = request.GET.get("lang", "en")
        if language not in ("ru", "en"):
            language = "en"
        with translation.override(language):
            return super().get(request, *args, **kwargs)


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from this server's static files (drf-spectacular-sidecar, no CDN), under the
    portal's Content-Security-Policy: its start-up script is fetched from this address
    (``?script``) instead of written inline, and the page's few styles are a static file."""

    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
    title = _("NGO practices portal: the read API")
