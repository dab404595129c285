from django.conf import settings
from django.utils.cache import add_never_cache_headers


class PrivateCacheMiddleware:
    """Nothing a signed-in person sees is kept by a browser or a shared cache.

    Every response to a signed-in request gets ``Cache-Control: private, no-store`` (with
    ``no-cache, must-revalidate, max-age=0``), unless the view chose its own Cache-Control
    (a file download, say). Anonymous responses are left alone so public pages can be cached.
    Goes after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and _signed_in(request):
            add_never_cache_headers(response)
        return response


def _signed_in(request):
    # Reading request.user loads the session, and a loaded session adds "Vary: Cookie" to the
    # response; a request without a session cookie is anonymous unless the view itself just
    # signed someone in (login() changes the session), so its session is not loaded here.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES and not _session_modified(request):
        return False
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


def _session_modified(request):
    session = getattr(request, "session", None)
    return bool(session is not None and session.modified)
