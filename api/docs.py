from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.negotiation import DefaultContentNegotiation


class FormatParameterNegotiation(DefaultContentNegotiation):
    """``?format=json`` picks the schema's JSON form (elsewhere ``format`` is a filter, and
    the API's ``URL_FORMAT_OVERRIDE`` is off)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        chosen = format_suffix or request.query_params.get("format")
        return super().select_renderer(request, renderers, chosen)


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema (YAML, or JSON with ``?format=json``), in English unless
    ``?lang=ru`` asks otherwise: the descriptions written for it are English, and the labels
    drawn from the models follow the language."""

    content_negotiation_class = FormatParameterNegotiation

    @extend_schema(exclude=True)
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
