"""What the benchmarks share: gunicorn started and stopped on 127.0.0.1, a tiny HTTP
client, and the environment of a production-like server (debug off, plain HTTP on
loopback). No Django here: the scripts set up Django each in their own way."""

import http.client
import itertools
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SERVER_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_SECURE_COOKIES": "false",
    "DJANGO_SECURE_HSTS_SECONDS": "0",
    "DJANGO_LOG_LEVEL": "WARNING",
    "EMAIL_URL": "dummymail://",
    # Persistent connections, as PgBouncer gives in production: with 0, every request
    # starts a PostgreSQL backend (~10 ms here) and the bare view measures mostly that.
    "DJANGO_CONN_MAX_AGE": os.environ.get("DJANGO_CONN_MAX_AGE", "60"),
}


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class Gunicorn:
    """gunicorn with 2 workers on 127.0.0.1:port, started and stopped by this process."""

    def __init__(self, port, cache_url, static_root):
        self.port = port
        env = {**os.environ, **SERVER_ENV, "CACHE_URL": cache_url, "STATIC_ROOT": static_root}
        self.log = Path(tempfile.mkdtemp(prefix="bench-gunicorn-")) / "gunicorn.log"
        with open(self.log, "w") as log:  # the server keeps writing to its own copy
            self.process = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("gunicorn")),
                    "portal.wsgi:application",
                    "-w",
                    "2",
                    "-b",
                    f"127.0.0.1:{port}",
                    "--timeout",
                    "120",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if get(port, "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not answer on port {port}; see {self.log}")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def get(port, url, connection=None):
    """GET ``url``; returns status, headers and the connection to reuse (None when closed)."""
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", url, headers={"Accept-Encoding": "identity"})
    response = connection.getresponse()
    response.read()
    if response.will_close:
        connection.close()
        connection = None
    return response.status, dict(response.getheaders()), connection


def cache_hit(headers):
    """Whether a response says it came from a cache (X-Cache, X-Page-Cache...: hit)."""
    return any(
        "cache" in name.lower() and name.lower().startswith("x-") and "hit" in value.lower()
        for name, value in headers.items()
    )


def throughput(port, urls, seconds, clients, max_requests=50000):
    """Requests per second, client-side p50/p95 latency, errors and the share of cache hits
    for ``urls`` in turn, from ``clients`` threads for ``seconds``."""
    counter = itertools.count()
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    latencies, errors, hits = [], [0], [0]

    def worker():
        connection, mine, failed, hit = None, [], 0, 0
        while time.monotonic() < deadline:
            n = next(counter)
            if n >= max_requests:
                break
            started = time.perf_counter()
            try:
                status, headers, connection = get(port, urls[n % len(urls)], connection)
            except (OSError, http.client.HTTPException):
                status, headers, connection = 0, {}, None
            mine.append((time.perf_counter() - started) * 1000)
            failed += status != 200
            hit += cache_hit(headers)
        with lock:
            latencies.extend(mine)
            errors[0] += failed
            hits[0] += hit

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return (
        len(latencies) / elapsed,
        statistics.median(latencies),
        percentile(latencies, 0.95),
        errors[0],
        hits[0] / len(latencies),
    )
