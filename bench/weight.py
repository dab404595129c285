"""Bytes a browser receives for a page with everything it links: one measure for the smoke
check (bench/smoke.py, after collectstatic) and the test that holds the budgets
(tests/portal/test_page_weight.py)."""

import re

# Bytes transferred with its CSS, scripts and images (issue 10): rural connections in Yakutia.
BUDGETS = {"home": 30 * 1024, "passport": 40 * 1024}


def page_weight(client, url, out=print):
    """Bytes transferred for ``url`` and the local assets it links, as a browser asking for
    brotli or gzip would receive them (whitenoise serves the pre-compressed files), and the
    number of those assets that did not answer 200 (a missing stylesheet weighs nothing).
    The HTML is counted as the application sends it (uncompressed)."""
    headers = {"accept-encoding": "br, gzip"}
    response = client.get(url, headers=headers)
    html = response.content
    total, missing = len(html), int(response.status_code != 200)
    out(f"{response.status_code} {len(html):>8} B  {url}")
    for asset in sorted(set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', html))):
        response = client.get(asset.decode(), headers=headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        encoding = response.headers.get("content-encoding", "identity")
        out(f"{response.status_code} {len(body):>8} B  {asset.decode()} ({encoding})")
        missing += response.status_code != 200
        total += len(body)
    return total, missing
