"""Load test: 50 simulated users for 60 s against gunicorn (2 workers) on PostgreSQL.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_100k   # seeded, see README
    python bench/load.py [--users 50 --seconds 60 --port 8766]

Prepares the bench accounts and internships (bench/prepare_load.py), collects the static
files, starts gunicorn on 127.0.0.1 with debug off (``CACHE_URL`` as in the environment,
``locmemcache://`` by default), runs bench/locustfile.py headless, and prints requests per
second, p95 and errors per request kind and in total, against the target (no errors, p95
under 300 ms). Needs the ``bench`` extra (``pip install -e '.[bench]'``).
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from server import ROOT, SERVER_ENV, Gunicorn  # noqa: E402

HAS_DATABASE_URL = "DATABASE_URL" in os.environ
CACHE_URL = os.environ.get("CACHE_URL", "locmemcache://")
os.environ.update(SERVER_ENV)
os.environ.setdefault("STATIC_ROOT", str(Path(tempfile.gettempdir()) / "portal-bench-static"))

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from prepare_load import PASSWORD, prepare  # noqa: E402  (sets Django up)

TARGET_P95_MS = 300


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    if not HAS_DATABASE_URL:
        raise SystemExit("Set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/bench_100k")
    cache_url = CACHE_URL

    call_command("migrate", verbosity=0)  # a no-op when the schema is current
    slugs = prepare(users=args.users * 4, internships=5)
    call_command("collectstatic", interactive=False, verbosity=0)
    connections.close_all()

    out = Path(tempfile.mkdtemp(prefix="bench-locust-"))
    command = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(BENCH / "locustfile.py"),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{args.seconds}s",
        "--host",
        f"http://127.0.0.1:{args.port}",
        "--csv",
        str(out / "locust"),
        "--only-summary",
    ]
    env = {
        **os.environ,
        "BENCH_PASSWORD": PASSWORD,
        "BENCH_USERS": str(args.users * 4),
        "BENCH_INTERNSHIPS": str(len(slugs)),
    }
    server = Gunicorn(args.port, cache_url, os.environ["STATIC_ROOT"])
    try:
        with open(out / "locust.log", "w") as log:
            subprocess.run(command, cwd=ROOT, env=env, check=False, stdout=log, stderr=log)
    finally:
        server.stop()

    with open(out / "locust_stats.csv", newline="") as stats:
        rows = list(csv.DictReader(stats))
    print(
        f"\n{args.users} users, {args.seconds} s, gunicorn 2 workers, CACHE_URL={cache_url}\n"
        f"{'request':42} {'count':>7} {'req/s':>7} {'median':>7} {'p95 ms':>7} {'errors':>7}"
    )
    for row in rows:
        print(
            f"{(row['Type'] + ' ' + row['Name'])[:42]:42} {row['Request Count']:>7} "
            f"{float(row['Requests/s']):7.1f} {float(row['Median Response Time']):7.0f} "
            f"{float(row['95%']):7.0f} {row['Failure Count']:>7}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    p95, errors = float(total["95%"]), int(total["Failure Count"])
    verdict = "met" if errors == 0 and p95 < TARGET_P95_MS else "not met"
    print(
        f"\ntotal: {float(total['Requests/s']):.1f} requests/s, p95 {p95:.0f} ms, {errors} errors "
        f"(target: no errors, p95 under {TARGET_P95_MS} ms: {verdict}); CSV and log in {out}"
    )


if __name__ == "__main__":
    main()
