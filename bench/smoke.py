"""Serve the main pages with the current settings and fail on anything but the expected status.

Run after collectstatic, migrate and load_demo (``.ci/run`` does). Prints each page's size.
"""

import os
import re
import sys

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from django.test import Client  # noqa: E402

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


# Bytes transferred for the home page with its CSS, scripts and images (issue 9: 30 KB; the
# HTML is counted uncompressed, as the application sends it).
HOME_BUDGET = 30 * 1024


def page_weight(client, url):
    """Bytes transferred for ``url`` and the local assets it links, as a browser asking for
    brotli or gzip would receive them (whitenoise serves the pre-compressed files), and the
    number of those assets that did not answer 200 (a missing stylesheet weighs nothing)."""
    headers = {"accept-encoding": "br, gzip"}
    html = client.get(url, headers=headers).content
    total, missing = len(html), 0
    for asset in sorted(set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', html))):
        response = client.get(asset.decode(), headers=headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        encoding = response.headers.get("content-encoding", "identity")
        print(f"{response.status_code} {len(body):>8} B  {asset.decode()} ({encoding})")
        missing += response.status_code != 200
        total += len(body)
    return total, missing


def main():
    client = Client()
    failures = 0
    for url in PAGES:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        ok = response.status_code == 200
        failures += not ok
        print(f"{response.status_code} {len(body):>8} B  {url}")
    weight, missing = page_weight(client, "/")
    failures += missing
    verdict = "ok" if weight <= HOME_BUDGET else "OVER BUDGET"
    print(
        f"home page with its assets: {weight / 1024:.1f} KB transferred"
        f" (budget {HOME_BUDGET / 1024:.0f} KB): {verdict}"
    )
    failures += weight > HOME_BUDGET
    if failures:
        sys.exit(f"{failures} check(s) failed")


if __name__ == "__main__":
    main()
