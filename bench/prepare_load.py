"""Accounts and internships for the load test (bench/locustfile.py); idempotent.
Importing this module sets Django up with the environment as it is.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_100k python bench/prepare_load.py

Creates the users ``bench-user-0`` … ``bench-user-N`` (no organisation, so they apply with
an organisation's name) with one password, and ``--internships`` published internships
two months ahead with applications open, a waiting list and room for everyone. Each run
deletes the bench users' earlier applications, so every load test applies afresh.
"""

import argparse
import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from events.models import Application, Event, EventKind, EventStatus  # noqa: E402
from organizations.models import Organization, OrganizationKind  # noqa: E402

USER_PREFIX = "bench-user-"
INTERNSHIP_PREFIX = "bench-internship-"
PASSWORD = "bench-password"


def prepare(users=200, internships=5, password=PASSWORD):
    """Returns the internships' slugs. One password hash for every user: hashing is slow by
    design, and the load test measures signing in, not this script."""
    User = get_user_model()
    host = (
        Organization.objects.filter(kind=OrganizationKind.RESOURCE_CENTRE)
        .select_related("region")
        .order_by("pk")
        .first()
        or Organization.objects.select_related("region").order_by("pk").first()
    )
    if host is None:
        raise SystemExit("No organisation: run load_demo and seed_bulk first.")
    start = (timezone.now() + datetime.timedelta(days=60)).replace(
        hour=3, minute=0, second=0, microsecond=0
    )
    hashed = make_password(password)
    with transaction.atomic():
        existing = set(
            User.objects.filter(username__startswith=USER_PREFIX).values_list("username", flat=True)
        )
        User.objects.bulk_create(
            [
                User(username=name, password=hashed, email=f"{name}@example.org")
                for name in (f"{USER_PREFIX}{n}" for n in range(users))
                if name not in existing
            ]
        )
        User.objects.filter(username__startswith=USER_PREFIX).update(password=hashed)
        slugs = []
        for n in range(internships):
            event, _ = Event.objects.update_or_create(
                slug=f"{INTERNSHIP_PREFIX}{n}",
                defaults={
                    "kind": EventKind.INTERNSHIP,
                    "title": f"Стажировка для нагрузочного теста №{n + 1}",
                    "summary": "Стажировка в ресурсном центре: практики соседских центров и ТОС.",
                    "description": "Программа стажировки: знакомство с практиками и визиты.",
                    "start": start + datetime.timedelta(days=n),
                    "end": start + datetime.timedelta(days=n + 3),
                    "timezone": host.region.timezone,
                    "region": host.region,
                    "organizer": host,
                    "host_organization": host,
                    "status": EventStatus.PUBLISHED,
                    "published_at": timezone.now(),
                    "registration_opens": None,
                    "registration_closes": None,
                    "accepts_applications": True,
                    "capacity": 1_000_000,
                    "waitlist_enabled": True,
                },
            )
            slugs.append(event.slug)
        Application.objects.filter(user__username__startswith=USER_PREFIX).delete()
    return slugs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--internships", type=int, default=5)
    parser.add_argument("--password", default=PASSWORD)
    args = parser.parse_args()
    slugs = prepare(args.users, args.internships, args.password)
    print(f"{args.users} users {USER_PREFIX}0…; internships: {', '.join(slugs)}")


if __name__ == "__main__":
    main()
