"""Synthetic volume for benchmarks: organisations, practices with replications, events.

Deterministic for a given ``--seed``: the same seed gives the same rows (slugs carry a
run number, so a second run adds a second batch instead of clashing with the first).
Rows are written with ``bulk_create`` in batches, so 10,000 practices take seconds.
"""

import datetime
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from events.models import Event, EventFormat, EventKind, EventStatus
from organizations.models import Organization, OrganizationKind, Region
from practices.models import (
    Practice,
    PracticeFormat,
    PracticeStatus,
    Replication,
    ReplicationStatus,
    Topic,
)

WORDS = [
    "соседский",
    "центр",
    "волонтёры",
    "ресурсы",
    "сообщество",
    "наслег",
    "улус",
    "ТОС",
    "проект",
    "грант",
    "семья",
    "поддержка",
    "цифровизация",
    "обращения",
    "жители",
    "благоустройство",
    "молодёжь",
    "старшее",
    "поколение",
    "партнёрство",
    "бизнес",
    "исследование",
    "потенциал",
    "малые",
    "города",
    "сельские",
    "территории",
    "технология",
    "практика",
    "наставничество",
    "обучение",
    "стажировка",
    "конференция",
    "семинар",
    "вебинар",
]
BATCH = 1000


class Command(BaseCommand):
    help = "Create synthetic organisations, practices and events for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--organizations", type=int, default=100)
        parser.add_argument("--practices", type=int, default=500)
        parser.add_argument("--events", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, organizations, practices, events, seed, **options):
        if min(organizations, practices, events) < 0:
            raise CommandError("Counts must not be negative.")
        if (practices or events) and not organizations and not Organization.objects.exists():
            raise CommandError("Practices and events need at least one organisation.")
        rng = random.Random(seed)
        run = Organization.objects.filter(slug__startswith="bulk-").values("slug").count()
        tag = f"bulk-{seed}-{run}"
        with transaction.atomic():
            orgs = self._organizations(rng, tag, organizations) or list(
                Organization.objects.select_related("region")[:1000]
            )
            self._practices(rng, tag, practices, orgs)
            self._events(rng, tag, events, orgs)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {organizations} organisations, {practices} practices, "
                f"{events} events (seed {seed})."
            )
        )

    def _text(self, rng, words):
        return " ".join(rng.choice(WORDS) for _ in range(words))

    def _organizations(self, rng, tag, count):
        regions = list(Region.objects.all())
        rows = []
        for n in range(count):
            org = Organization(
                name=f"Организация {self._text(rng, 3)} №{n + 1}",
                slug=f"{tag}-org-{n}",
                kind=rng.choice(OrganizationKind.values),
                region=rng.choice(regions),
                locality=self._text(rng, 1).capitalize(),
                description=self._text(rng, 40),
            )
            org.search_text = org.build_search_text()
            rows.append(org)
        return Organization.objects.bulk_create(rows, batch_size=BATCH)

    def _practices(self, rng, tag, count, orgs):
        if not count:
            return
        now = timezone.now()
        rows = []
        for n in range(count):
            org = rng.choice(orgs)
            status = PracticeStatus.PUBLISHED if rng.random() < 0.9 else PracticeStatus.DRAFT
            practice = Practice(
                title=f"Технология: {self._text(rng, 4)} ({n + 1})",
                slug=f"{tag}-practice-{n}",
                summary=self._text(rng, 25),
                problem=self._text(rng, 60),
                goal=self._text(rng, 20),
                solution=self._text(rng, 80),
                results=self._text(rng, 40),
                organization=org,
                region_id=org.region_id,
                format=rng.choice(PracticeFormat.values),
                year_started=rng.randint(2010, 2026),
                status=status,
                published_at=now - datetime.timedelta(days=rng.randint(0, 900))
                if status == PracticeStatus.PUBLISHED
                else None,
            )
            practice.search_text = practice.build_search_text()
            rows.append(practice)
        created = Practice.objects.bulk_create(rows, batch_size=BATCH)

        topics = list(Topic.objects.all())
        if topics:
            links = [
                Practice.topics.through(practice_id=p.pk, topic_id=t.pk)
                for p in created
                for t in rng.sample(topics, k=min(len(topics), rng.randint(1, 3)))
            ]
            Practice.topics.through.objects.bulk_create(links, batch_size=BATCH)

        replications, seen = [], set()
        for practice in created:
            for _ in range(rng.choice((0, 0, 1, 2, 3))):
                adopter = rng.choice(orgs)
                key = (practice.pk, adopter.pk)
                if adopter.pk == practice.organization_id or key in seen:
                    continue
                seen.add(key)
                replications.append(
                    Replication(
                        practice=practice,
                        adopter=adopter,
                        status=rng.choice(ReplicationStatus.values),
                        notes=self._text(rng, 15),
                    )
                )
        Replication.objects.bulk_create(replications, batch_size=BATCH)

    def _events(self, rng, tag, count, orgs):
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        rows = []
        for n in range(count):
            org = rng.choice(orgs)
            start = now + datetime.timedelta(days=rng.randint(-365, 365), hours=rng.randint(0, 8))
            event = Event(
                kind=rng.choice(EventKind.values),
                title=f"{self._text(rng, 4).capitalize()} ({n + 1})",
                slug=f"{tag}-event-{n}",
                summary=self._text(rng, 20),
                description=self._text(rng, 60),
                start=start,
                end=start + datetime.timedelta(hours=rng.choice((2, 4, 8, 30))),
                timezone=org.region.timezone,
                format=rng.choice(EventFormat.values),
                region_id=org.region_id,
                organizer=org,
                status=EventStatus.PUBLISHED if rng.random() < 0.9 else EventStatus.DRAFT,
                capacity=rng.choice((0, 20, 50, 100)),
                published_at=now,
            )
            event.search_text = event.build_search_text()
            rows.append(event)
        Event.objects.bulk_create(rows, batch_size=BATCH)
