"""Load scenario: people browsing the library, searching, reading passports, and some
signing in to apply for an internship. Run by bench/load.py (which prepares accounts and
starts gunicorn); by hand:

    locust -f bench/locustfile.py --headless -u 50 -r 10 -t 60s --host http://127.0.0.1:8765

Nine in ten simulated users are anonymous readers; one in ten signs in as a bench user
(bench/prepare_load.py) and applies for a bench internship. Search words are word forms
from seed_bulk's vocabulary, so queries vary as real ones do.
"""

import itertools
import os
import random
import re
import sys
from pathlib import Path

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from portal.management.commands import _vocabulary as vocabulary  # noqa: E402

PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-password")
USERS = int(os.environ.get("BENCH_USERS", "200"))
INTERNSHIPS = int(os.environ.get("BENCH_INTERNSHIPS", "5"))
REGIONS = ["RU-SA", "RU-CHE", "RU-MOW", "RU-SPE", "RU-NVS", "RU-TA", "RU-KDA", "RU-SVE"]
FORMS = [form for _, forms in vocabulary.lemmas(vocabulary.DOMAIN_WORDS) for form in forms]
PRACTICE_LINK = re.compile(r'href="(/practices/(?!topics/|new/|feed/|export)[^"/?#]+/)"')
EVENT_LINK = re.compile(r'href="(/events/(?!calendar|feed|new/|export)[^"/?#]+/)"')
_accounts = itertools.count()


class Reader(HttpUser):
    """An anonymous visitor: lists, filters, search, passports, events, the directory."""

    weight = 9
    wait_time = between(1, 3)

    def on_start(self):
        self.practices, self.events = [], []

    def _open_from(self, links, name):
        if links:
            self.client.get(random.choice(links), name=name)

    @task(4)
    def practice_list(self):
        page = random.choice(["", "?page=2", f"?page={random.randint(3, 50)}", "?sort=replicated"])
        response = self.client.get(f"/practices/{page}", name="/practices/[?page|sort]")
        self.practices = PRACTICE_LINK.findall(response.text) or self.practices

    @task(2)
    def practices_in_region(self):
        self.client.get(
            f"/practices/?region={random.choice(REGIONS)}", name="/practices/?region=[code]"
        )

    @task(4)
    def search_practices(self):
        response = self.client.get(
            "/practices/", params={"q": random.choice(FORMS)}, name="/practices/?q=[word]"
        )
        self.practices = PRACTICE_LINK.findall(response.text) or self.practices

    @task(2)
    def search_everything(self):
        self.client.get("/search/", params={"q": random.choice(FORMS)}, name="/search/?q=[word]")

    @task(5)
    def read_passport(self):
        self._open_from(self.practices, "/practices/[slug]/")

    @task(2)
    def home(self):
        self.client.get("/", name="/")

    @task(2)
    def events(self):
        response = self.client.get("/events/", name="/events/")
        self.events = EVENT_LINK.findall(response.text) or self.events
        self._open_from(self.events, "/events/[slug]/")

    @task(1)
    def directory(self):
        self.client.get("/organizations/", name="/organizations/")
        self.client.get(f"/regions/{random.choice(REGIONS)}/", name="/regions/[code]/")


class Applicant(HttpUser):
    """Signs in as a bench user and applies for a bench internship (CSRF as a browser does
    it: the form page sets the cookie, the POST carries it)."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        self.username = f"bench-user-{next(_accounts) % USERS}"
        self.client.get("/accounts/login/", name="/accounts/login/")
        self.client.post(
            "/accounts/login/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="/accounts/login/ (POST)",
        )

    @task(3)
    def browse(self):
        self.client.get(
            "/practices/", params={"q": random.choice(FORMS)}, name="/practices/?q=[word]"
        )

    @task(1)
    def apply(self):
        slug = f"bench-internship-{random.randrange(INTERNSHIPS)}"
        self.client.get(f"/events/{slug}/", name="/events/[internship]/")
        with self.client.post(
            f"/events/{slug}/apply/",
            data={
                "organization_name": "АНО «Нагрузочный тест»",
                "motivation": "Хотим изучить практики соседских центров и ТОС.",
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="/events/[internship]/apply/ (POST)",
            catch_response=True,
        ) as response:
            # Signed out or refused, the view redirects to the login page or shows a 403.
            if "/accounts/login/" in response.url or response.status_code != 200:
                response.failure(f"apply ended at {response.url} ({response.status_code})")
