from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """Requests per client address (``API_ANON_RATE``, such as ``120/min``), counted in the
    default cache. Every client of the read API is anonymous, signed in or not; the address
    is the proxy's ``X-Forwarded-For`` entry when ``REST_FRAMEWORK["NUM_PROXIES"]`` says how
    many proxies stand in front (otherwise a client could name any address it likes).

    The rate is read from the settings at each request, not once at import as DRF's own
    classes do, so a deployment's value and a test's override both take effect."""

    scope = "anon"

    def get_rate(self):
        return settings.API_ANON_RATE
