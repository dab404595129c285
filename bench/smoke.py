"""Serve the main pages with the current settings and fail on anything but the expected status.

Run after collectstatic, migrate and load_demo (``.ci/run`` does). Prints each page's size.
"""

import os
import sys

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from django.test import Client  # noqa: E402

from bench.weight import BUDGETS, page_weight  # noqa: E402

PAGES = [
    "/",
    "/en/",
    "/practices/",
    "/events/",
    "/organizations/",
    "/regions/",
    "/regions/RU-SA/",
    "/search/?q=технологии",
    "/accounts/login/",
    "/healthz",
    "/robots.txt",
    "/sitemap.xml",
    "/practices/feed/",
    "/events/feed/",
    "/events/calendar.ics",
]


def passport_url():
    from practices.models import Practice  # noqa: PLC0415 (after django.setup())

    return Practice.objects.published().order_by("pk").first().get_absolute_url()


def main():
    client = Client()
    failures = 0
    for url in PAGES:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        ok = response.status_code == 200
        failures += not ok
        print(f"{response.status_code} {len(body):>8} B  {url}")
    for name, url in (("home", "/"), ("passport", passport_url())):
        weight, missing = page_weight(client, url)
        budget = BUDGETS[name]
        verdict = "ok" if weight <= budget else "OVER BUDGET"
        print(
            f"{name} ({url}) with its assets: {weight / 1024:.1f} KB transferred"
            f" (budget {budget / 1024:.0f} KB): {verdict}"
        )
        failures += missing + (weight > budget)
    if failures:
        sys.exit(f"{failures} check(s) failed")


if __name__ == "__main__":
    main()
