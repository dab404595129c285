"""Scale benchmark on PostgreSQL: server time and queries per page, then throughput under
gunicorn next to a bare view.

    createdb -h 127.0.0.1 -U postgres bench_100k
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_100k
    python bench/scale.py --practices 100000      # migrates, load_demo, seed_bulk, measures
    python bench/scale.py --reuse                 # measures an already seeded database

1. Server time, in process (Django's test client, debug off, no cache): each page is
   requested ``--warmup`` times, then ``--repeat`` times with CaptureQueriesContext; it
   prints the median and p95 time, the queries per request and the median time of each
   request's slowest query ("slowest q": where a page's time goes). Search pages take a
   different word form each time, drawn from seed_bulk's vocabulary across the frequency
   range (from words in nearly every text to words in a few per thousand); the practice
   and event pages rotate over published rows.
2. Throughput: gunicorn (2 sync workers, debug off) started here on 127.0.0.1, loaded for
   ``--seconds`` per page by ``--clients`` threads (http.client, loopback only). The bare
   view is ``/healthz``: one ``SELECT 1`` and a small JSON answer, so the ratio shows what
   the page itself costs on the same server. The client shares the machine's cores with
   gunicorn and PostgreSQL, so the bare figure is a floor, not the server's ceiling.
   Uncached runs with ``CACHE_URL=dummycache://``; cached with ``CACHE_URL`` from the
   environment (``locmemcache://`` by default, per worker) when pages show that they are
   cached (``--cached auto`` looks for ``X-…Cache: hit``, Age, Expires or ``max-age`` on
   the home page), or always with ``--cached yes``; "hits" is the share of responses
   marked as cache hits.
"""

import argparse
import itertools
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from server import ROOT, SERVER_ENV, Gunicorn, cache_hit, get, percentile, throughput  # noqa: E402

sys.path.insert(0, str(ROOT))
UNCACHED = "dummycache://"
# Remembered for the cached pass under gunicorn; everything in this process is uncached.
CACHE_URL = os.environ.get("CACHE_URL")
HAS_DATABASE_URL = "DATABASE_URL" in os.environ
os.environ.update(SERVER_ENV)
os.environ["CACHE_URL"] = UNCACHED
os.environ.setdefault("STATIC_ROOT", str(Path(tempfile.gettempdir()) / "portal-bench-static"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from events.models import Event  # noqa: E402
from organizations.models import Membership, MembershipRole, Organization  # noqa: E402
from organizations.rules import MODERATORS_GROUP  # noqa: E402
from portal.management.commands import _vocabulary as vocabulary  # noqa: E402
from practices.models import Practice, Topic  # noqa: E402


def query_words(count, seed=42):
    """Word forms for search requests, spread over the vocabulary's frequency range: mostly
    domain words (ranks 1 to the last), some common ones, a few two-word queries."""
    rng = random.Random(seed)
    domain = vocabulary.lemmas(vocabulary.DOMAIN_WORDS)
    common = vocabulary.lemmas(vocabulary.COMMON_WORDS)
    words = []
    for n in range(count):
        if n % 5 == 4:
            forms = rng.choice(common)[1]
        else:  # log-uniform over the domain ranks: as many rare words as frequent ones
            forms = domain[int(len(domain) ** rng.random()) - 1][1]
        word = rng.choice(forms)
        if n % 7 == 6:
            word += " " + rng.choice(rng.choice(domain)[1])
        words.append(word)
    return words


def pages(count):
    """``[(name, [url, ...]), ...]``: each page with ``count`` addresses to rotate over."""
    words = query_words(count * 2)

    def sample(queryset, n):
        rows = list(queryset.order_by("-pk").values_list("slug", flat=True)[: n * 20])
        return random.Random(7).sample(rows, min(n, len(rows)))

    practice_urls = [f"/practices/{slug}/" for slug in sample(Practice.objects.published(), 50)]
    event_urls = [f"/events/{slug}/" for slug in sample(Event.objects.public(), 50)]
    return [
        ("home", ["/"]),
        ("practices", ["/practices/"]),
        ("practices?q=", [f"/practices/?q={quote(w)}" for w in words[:count]]),
        ("search?q=", [f"/search/?q={quote(w)}" for w in words[count:]]),
        ("practices?region=RU-SA&page=2", ["/practices/?region=RU-SA&page=2"]),
        ("practice page", practice_urls),
        ("events", ["/events/"]),
        ("event page", event_urls),
        ("organizations", ["/organizations/"]),
        ("regions/RU-SA", ["/regions/RU-SA/"]),
    ]


# In process.


def server_times(page_list, repeat, warmup):
    client = Client()
    print(f"\nServer time in process (uncached; {warmup} warm-up + {repeat} measured requests)")
    print(f"{'page':32} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'slowest q':>10}  status")
    results = {}
    for name, urls in page_list:
        cycle = itertools.cycle(urls)
        for _ in range(warmup):
            client.get(next(cycle))
        timings, queries, slowest, statuses = [], [], [], set()
        for _ in range(repeat):
            url = next(cycle)
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                if response.streaming:
                    b"".join(response.streaming_content)
                timings.append((time.perf_counter() - started) * 1000)
            queries.append(len(captured.captured_queries))
            slowest.append(max((float(q["time"]) for q in captured.captured_queries), default=0))
            statuses.add(response.status_code)
        low, high = min(queries), max(queries)
        results[name] = (statistics.median(timings), percentile(timings, 0.95), high)
        print(
            f"{name:32} {results[name][0]:10.1f} {results[name][1]:8.1f} "
            f"{(str(low) if low == high else f'{low}–{high}'):>8} "
            f"{statistics.median(slowest) * 1000:10.1f}  "
            f"{','.join(str(s) for s in sorted(statuses))}"
        )
    return results


# Beyond the list: pages whose cost grows with the data in other ways.


def other_pages():
    """``[(name, user or None, url), ...]``: the forms and the admin as a moderator (whose
    choices are every organisation and practice), a moderator's dashboard, a deep page of a
    list, and the admin's search (``--other``)."""
    event = Event.objects.order_by("pk").first()
    word = query_words(1)[0]
    return [
        ("event form (moderator)", "bench-moderator", "/events/new/"),
        ("practice form (moderator)", "bench-moderator", "/practices/new/"),
        ("dashboard (moderator)", "bench-moderator", "/dashboard/"),
        ("dashboard (moderating manager)", "bench-manager", "/dashboard/"),
        ("admin: practices", "bench-admin", "/admin/practices/practice/"),
        (
            "admin: practices?q=",
            "bench-admin",
            f"/admin/practices/practice/?q={quote(word)}",
        ),
        ("admin: an event", "bench-admin", f"/admin/events/event/{event.pk}/change/"),
        ("practices?page=500", None, "/practices/?page=500"),
        ("practices?topic=", None, f"/practices/?topic={Topic.objects.order_by('pk')[0].slug}"),
    ]


def bench_users():
    """A moderator, a moderator who manages the organisation with the most practices, and a
    superuser for ``--other`` (created once, without a password)."""
    users = get_user_model().objects
    moderators = Group.objects.get_or_create(name=MODERATORS_GROUP)[0]
    moderator, _ = users.get_or_create(username="bench-moderator")
    moderator.groups.add(moderators)
    manager, created = users.get_or_create(username="bench-manager")
    if created:
        manager.groups.add(moderators)
        busiest = Practice.objects.values("organization").annotate(n=Count("pk")).order_by("-n")[:1]
        Membership.objects.create(
            user=manager,
            organization_id=busiest[0]["organization"],
            role=MembershipRole.MANAGER,
        )
    users.get_or_create(username="bench-admin", defaults={"is_staff": True, "is_superuser": True})


def other_times(repeat):
    bench_users()
    print(
        f"\nOther pages ({repeat} requests each after one warm-up; the server time, queries, size)"
    )
    print(f"{'page':32} {'median ms':>10} {'queries':>8} {'KB':>8}  status")
    clients = {}
    for name, username, url in other_pages():
        if username not in clients:
            clients[username] = Client()
            if username:
                clients[username].force_login(get_user_model().objects.get(username=username))
        client = clients[username]
        client.get(url)
        timings = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
        print(
            f"{name:32} {statistics.median(timings):10.1f} {len(captured.captured_queries):8} "
            f"{len(response.content) / 1024:8.1f}  {response.status_code}"
        )


# Under gunicorn.


def looks_cached(port):
    """Whether the home page says it came from (or may be kept in) a cache. Asked several
    times: each gunicorn worker may keep its own cache (locmem), so the first answer from
    each is a miss."""
    for _ in range(8):
        _, headers, _ = get(port, "/")
        lowered = {k.lower(): v for k, v in headers.items()}
        if (
            cache_hit(headers)
            or "age" in lowered
            or "expires" in lowered
            or "max-age" in lowered.get("cache-control", "")
        ):
            return True
    return False


def http_figures(page_list, args, static_root):
    cached_url = CACHE_URL or "locmemcache://"
    modes = [("uncached", UNCACHED), ("cached", cached_url)]
    bare = [("bare view /healthz", ["/healthz"])]
    for mode, cache_url in modes:
        server = Gunicorn(args.port, cache_url, static_root)
        try:
            if mode == "cached" and args.cached == "auto" and not looks_cached(args.port):
                print(
                    "\ncached: not available (the home page carries no X-…Cache: hit, Age, "
                    "Expires or max-age header; run with --cached yes to measure anyway)"
                )
                continue
            print(
                f"\nThroughput under gunicorn, {mode} (CACHE_URL={cache_url}; 2 workers, "
                f"{args.clients} client threads, {args.seconds:g} s per page)"
            )
            print(
                f"{'page':32} {'req/s':>8} {'of bare':>8} {'p50 ms':>8} {'p95 ms':>8} "
                f"{'errors':>7} {'hits':>5}"
            )
            base = None
            for name, urls in bare + page_list:
                rate, p50, p95, errors, hits = throughput(
                    args.port, urls, args.seconds, args.clients
                )
                base = base or rate
                print(
                    f"{name:32} {rate:8.1f} {rate / base:8.1%} {p50:8.1f} {p95:8.1f} "
                    f"{errors:7d} {hits:5.0%}"
                )
        finally:
            server.stop()


# Setting up.


def prepare(args):
    if connection.vendor != "postgresql":
        print(
            f"warning: DATABASE_URL points at {connection.vendor}; the targets are for PostgreSQL"
        )
    call_command("migrate", verbosity=0)  # a no-op when the schema is current
    if not args.reuse:
        if Practice.objects.filter(slug__startswith="bulk-").exists():
            raise SystemExit("The database already holds bulk data: use --reuse, or an empty one.")
        call_command("load_demo", verbosity=0)
        organizations = args.organizations or args.practices // 5
        events = args.events or args.practices // 5
        started = time.monotonic()
        call_command(
            "seed_bulk",
            practices=args.practices,
            organizations=organizations,
            events=events,
            seed=args.seed,
        )
        print(f"seeded in {time.monotonic() - started:.0f} s")
    if connection.vendor == "postgresql":  # planner statistics, as a running site has them
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    static_root = os.environ["STATIC_ROOT"]
    call_command("collectstatic", interactive=False, verbosity=0)
    server_version = ".".join(str(n) for n in connection.get_database_version())
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; commit {commit}; {os.cpu_count()} cores, load "
        f"{os.getloadavg()[0]:.1f}; DJANGO_CONN_MAX_AGE="
        f"{os.environ.get('DJANGO_CONN_MAX_AGE', '0')}; Python {platform.python_version()}; {connection.vendor} "
        f"{server_version}\n{Practice.objects.count()} practices "
        f"({Practice.objects.published().count()} published), "
        f"{Organization.objects.count()} organisations, {Event.objects.count()} events\n"
        f"CPU now: {cpu_calibration():.1f} ms for a fixed template (compare runs by it)"
    )
    return static_root


def cpu_calibration(repeat=15):
    """The median time of a fixed piece of Django work (a template of 300 variables and 100
    loop turns, rendered from memory, no database): on a shared virtual machine the same
    commit's pages take up to twice as long from one hour to the next, and this figure moves
    with them, so runs can be compared."""
    template = engines["django"].from_string(
        "{% for row in rows %}<tr><td>{{ row.a }}</td><td>{{ row.b|upper }}</td>"
        "<td>{{ row.c|default:'-' }}</td></tr>{% endfor %}"
    )
    rows = [{"a": n, "b": f"строка {n}", "c": ""} for n in range(100)]
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in range(10):
            template.render({"rows": rows})
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--practices", type=int, default=100000)
    parser.add_argument("--organizations", type=int, help="default: a fifth of --practices")
    parser.add_argument("--events", type=int, help="default: a fifth of --practices")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="measure the data already there")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10, help="per page under gunicorn")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--cached", choices=["auto", "yes"], default="auto")
    parser.add_argument("--no-http", action="store_true", help="only the in-process figures")
    parser.add_argument(
        "--other", action="store_true", help="also forms, dashboard, admin and deep pages"
    )
    args = parser.parse_args()
    if not HAS_DATABASE_URL:
        raise SystemExit("Set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/bench_100k")
    static_root = prepare(args)

    page_list = pages(max(args.repeat + args.warmup, 50))
    server_times(page_list, args.repeat, args.warmup)
    if args.other:
        other_times(max(args.repeat // 3, 5))
    if not args.no_http:
        connections.close_all()
        http_figures(page_list, args, static_root)


if __name__ == "__main__":
    main()
