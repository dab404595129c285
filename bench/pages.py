"""Page benchmark: time and SQL queries of the main pages on synthetic volume.

    python bench/pages.py [--practices 5000 --organizations 500 --events 2000 --repeat 10]

Builds a fresh SQLite database in a temporary folder (or uses DATABASE_URL when it is set,
which must then point at an empty database), fills it with ``seed_bulk`` and the demo world,
then requests each page ``--repeat`` times through Django's test client and prints the
median and worst time, the number of SQL queries and the response size. Ends with the peak
memory of the process. Targets (printed next to the figures): list and detail pages under
150 ms median and with the same query count as on an empty database.
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

TARGET_MS = 150


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--practices", type=int, default=5000)
    parser.add_argument("--organizations", type=int, default=500)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"

    # The database is chosen above from the arguments, so Django is set up only now.
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from events.models import Event  # noqa: PLC0415
    from practices.models import Practice  # noqa: PLC0415

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    call_command(
        "seed_bulk",
        practices=args.practices,
        organizations=args.organizations,
        events=args.events,
        seed=1,
        verbosity=0,
    )
    print(
        f"database: {connection.vendor}; {Practice.objects.count()} practices, "
        f"{Event.objects.count()} events; filled in {time.perf_counter() - started:.1f} s\n"
    )

    practice = Practice.objects.published().order_by("-pk").first()
    event = Event.objects.public().order_by("-pk").first()
    pages = [
        "/",
        "/practices/",
        "/practices/?q=технологии",
        "/practices/?region=RU-SA&sort=replicated",
        "/practices/?page=100",
        practice.get_absolute_url(),
        "/events/",
        "/events/?past=1",
        event.get_absolute_url(),
        "/events/calendar.ics",
        "/organizations/",
        "/organizations/erc-yakutia/",
        "/regions/RU-SA/",
        "/search/?q=соседские+центры",
        "/practices/export.csv",
    ]
    client = Client()
    print(f"{'page':45} {'median ms':>10} {'max ms':>8} {'queries':>8} {'KB':>8}")
    slow = 0
    for url in pages:
        timings = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                t0 = time.perf_counter()
                response = client.get(url)
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                timings.append((time.perf_counter() - t0) * 1000)
        median = statistics.median(timings)
        slow += median > TARGET_MS and not url.endswith(".csv")
        print(
            f"{url[:45]:45} {median:10.1f} {max(timings):8.1f} "
            f"{len(queries.captured_queries):8d} {len(body) / 1024:8.1f}"
            + (f"  (status {response.status_code})" if response.status_code != 200 else "")
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of this process: {peak:.0f} MB")
    print(f"pages over the {TARGET_MS} ms median target (CSV excluded): {slow}")


if __name__ == "__main__":
    main()
