"""Synthetic volume for benchmarks: organisations, practices with topics and replications,
events.

The text reads like the sector's own: Russian words of the NGO world (``_vocabulary.py``),
inflected, with Zipf frequencies. Function words and a few dozen common words ("проект",
"житель") are in most texts; each text also has a handful of theme words drawn from a
long domain list, so a typical query word matches 0.1–5 % of the rows and the commonest
about half, as in a real library.

Deterministic for a given ``--seed``: the same seed gives the same rows (slugs carry a run
number, so a second run adds a second batch instead of clashing with the first). Rows are
generated and written in chunks, so memory stays flat: on PostgreSQL through COPY, by
``--jobs`` processes at once (each its own database connection, so the database's share,
such as the search trigger, runs in parallel too), elsewhere with ``bulk_create`` in this
process. ``search_text`` is built from per-form stems cached once for the
vocabulary (the model's own ``build_search_text`` would stem every word of every row); the
first rows of each kind are checked against the model and any difference switches back to
the model's method with a warning.
"""

import collections
import datetime
import io
import itertools
import multiprocessing
import os
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, reset_queries, transaction
from django.utils import timezone

from events.models import Event, EventFormat, EventKind, EventStatus
from organizations.models import Organization, OrganizationKind, Region
from practices import tallies
from practices.models import (
    BudgetRange,
    Practice,
    PracticeFormat,
    PracticeStatus,
    Replication,
    ReplicationStatus,
    TargetGroup,
    Topic,
)

from . import _vocabulary as vocabulary

CHUNK = 5000  # rows generated and written per round trip; bounds memory at any volume
BATCH = 2500  # rows per INSERT statement
CHECKED_ROWS = 20  # rows of each kind whose fast search_text is compared with the model's

# Shares of the background text and the slope of the frequency curves.
FUNCTION_SHARE, COMMON_SHARE, DOMAIN_SHARE = 0.56, 0.42, 0.02
ZIPF_EXPONENT = 1.0
THEME_EXPONENT = 0.9
THEMES_PER_TEXT = (3, 7)  # theme lemmas of one practice or event
THEME_STRIDE = (3, 5)  # every 3rd to 5th word of a text is one of its theme words

ORGANIZATION_KINDS = {
    OrganizationKind.NGO: 45,
    OrganizationKind.TOS: 15,
    OrganizationKind.VOLUNTEER_GROUP: 9,
    OrganizationKind.LOCAL_COMMUNITY: 7,
    OrganizationKind.FUND: 5,
    OrganizationKind.MUNICIPAL: 6,
    OrganizationKind.BUSINESS: 6,
    OrganizationKind.RESOURCE_CENTRE: 3,
    OrganizationKind.TOS_ASSOCIATION: 2,
    OrganizationKind.GOVERNMENT: 2,
}
EVENT_KINDS = {
    EventKind.SEMINAR: 30,
    EventKind.WEBINAR: 25,
    EventKind.CONFERENCE: 12,
    EventKind.ROUND_TABLE: 15,
    EventKind.INTERNSHIP: 18,
}
REPLICATION_STATUSES = {
    ReplicationStatus.REQUESTED: 35,
    ReplicationStatus.IN_PROGRESS: 25,
    ReplicationStatus.IMPLEMENTED: 28,
    ReplicationStatus.DECLINED: 6,
    ReplicationStatus.DROPPED: 6,
}
# The demo's two regions and the two capitals hold more of the network than the rest.
REGION_WEIGHTS = {"RU-SA": 8, "RU-CHE": 6, "RU-MOW": 5, "RU-SPE": 3}


# The columns a planned row carries from a worker process to the writer (a column the
# database computes is left to it).
PRACTICE_FIELDS = [
    f
    for f in Practice._meta.concrete_fields
    if not f.primary_key and not getattr(f, "generated", False)
]
EVENT_FIELDS = [
    f
    for f in Event._meta.concrete_fields
    if not f.primary_key and not getattr(f, "generated", False)
]
# Where the practice keeps its replication count (in progress or implemented), bulk
# inserts must fill it, as the services would.
STORED_REPLICATION_COUNT = any(f.name == "replication_count" for f in PRACTICE_FIELDS)
COUNTED_REPLICATIONS = {ReplicationStatus.IN_PROGRESS, ReplicationStatus.IMPLEMENTED}


def _copy_value(value):
    """A value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def _cumulative(weights):
    return list(itertools.accumulate(weights))


def _zipf(count, exponent):
    return [1 / (rank**exponent) for rank in range(1, count + 1)]


class Vocabulary:
    """The word lists as flat populations with cumulative weights, for ``rng.choices``."""

    def __init__(self):
        function = vocabulary.lemmas(vocabulary.FUNCTION_WORDS, invariable=True)
        common = vocabulary.lemmas(vocabulary.COMMON_WORDS)
        self.domain = vocabulary.lemmas(vocabulary.DOMAIN_WORDS)
        self.forms, weights = [], []
        for lemmas, share in (
            (function, FUNCTION_SHARE),
            (common, COMMON_SHARE),
            (self.domain, DOMAIN_SHARE),
        ):
            lemma_weights = _zipf(len(lemmas), ZIPF_EXPONENT)
            total = sum(lemma_weights)
            for (_, forms), lemma_weight in zip(lemmas, lemma_weights, strict=True):
                # The dictionary form and the first cases are the commonest forms.
                form_weights = [1 / (i + 1) for i in range(len(forms))]
                form_total = sum(form_weights)
                for form, form_weight in zip(forms, form_weights, strict=True):
                    self.forms.append(form)
                    weights.append(share * lemma_weight / total * form_weight / form_total)
        self.cum_weights = _cumulative(weights)
        self.theme_cum_weights = _cumulative(_zipf(len(self.domain), THEME_EXPONENT))
        self.connectors = ["и", "в", "для", "на", "с", "по", "как", "через"]


class Command(BaseCommand):
    help = "Create synthetic organisations, practices and events for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--organizations", type=int, default=100)
        parser.add_argument("--practices", type=int, default=500)
        parser.add_argument("--events", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--jobs",
            type=int,
            default=min(2, os.cpu_count() or 1),
            help="Processes that write the rows on PostgreSQL (the same rows with any number).",
        )

    def handle(self, *args, organizations, practices, events, seed, **options):
        if min(organizations, practices, events) < 0:
            raise CommandError("Counts must not be negative.")
        if (practices or events) and not organizations and not Organization.objects.exists():
            raise CommandError("Practices and events need at least one organisation.")
        self.verbosity = options.get("verbosity", 1)
        self.jobs = options.get("jobs") or 1
        self.seed = seed
        self.rng = random.Random(seed)
        self.words = Vocabulary()
        self.stems = {}
        self.form_stems = self._cache_stems()
        self.fast = {}  # model -> [whether the fast search_text matched the model's, rows checked]
        self.now = timezone.now().replace(minute=0, second=0, microsecond=0)
        self.tag = self._tag(seed)
        self.copy = connection.vendor == "postgresql" and connection.Database.__name__ == "psycopg2"
        self.timestamps = {
            f
            for f in (*PRACTICE_FIELDS, *EVENT_FIELDS)
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        }
        self.timezones = dict(Region.objects.values_list("pk", "timezone"))
        started = time.monotonic()

        orgs = self._organizations(organizations)
        if not orgs:
            orgs = list(
                Organization.objects.order_by("pk").values_list("pk", "region_id", "locality")[
                    :1000
                ]
            )
        org_weights = _cumulative(_zipf(len(orgs), 0.6))
        # Some organisations publish much more than others.
        self.org_picker = lambda k: self.rng.choices(orgs, cum_weights=org_weights, k=k)
        self.practice_pks = self._practices(practices)
        self._events(events)
        # Bulk inserts send no signals: the map's tallies are recounted once, at the end.
        tallies.refresh_all()
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {organizations} organisations, {practices} practices, "
                f"{events} events (seed {seed}) in {time.monotonic() - started:.0f} s."
            )
        )

    def _tag(self, seed):
        """A slug prefix no earlier run used: ``bulk-<seed>-<run>``."""
        for run in itertools.count():
            tag = f"bulk-{seed}-{run}"
            if not any(
                model.objects.filter(slug__startswith=f"{tag}-").exists()
                for model in (Organization, Practice, Event)
            ):
                return tag

    def _progress(self, what, done, total, started):
        reset_queries()  # with DEBUG on, Django would keep every INSERT (megabytes each)
        if self.verbosity > 1 or (self.verbosity and total >= 50000):
            rate = done / max(time.monotonic() - started, 1e-9)
            self.stdout.write(f"  {what}: {done}/{total} ({rate:.0f} rows/s)")

    # Text.

    def _stems_of(self, text):
        """The stems the model would index for ``text``, cached (the vocabulary is finite)."""
        stems = self.stems.get(text)
        if stems is None:
            stems = self.stems[text] = tuple(Practice(title=text).build_search_text().split())
        return stems

    def _cache_stems(self):
        """``{form: stem}`` for every one-word form of the vocabulary, stemmed once."""
        forms = set(self.words.forms) | {f for _, forms in self.words.domain for f in forms}
        return {form: stems[0] for form in forms if len(stems := self._stems_of(form)) == 1}

    def _themes(self):
        """The forms of a text's theme lemmas (the words it keeps coming back to), one list
        per lemma."""
        rng, domain = self.rng, self.words.domain
        picked = rng.choices(
            domain, cum_weights=self.words.theme_cum_weights, k=rng.randint(*THEMES_PER_TEXT)
        )
        return list(dict(picked).values())

    def _tokens(self, themes, count):
        rng = self.rng
        tokens = rng.choices(self.words.forms, cum_weights=self.words.cum_weights, k=count)
        stride = rng.randint(*THEME_STRIDE)
        start = rng.randrange(stride)
        pool = [form for forms in themes for form in (*forms, *forms[:3], forms[0])]
        tokens[start::stride] = rng.choices(pool, k=len(range(start, count, stride)))
        return tokens

    def _title(self, themes, used):
        """4–9 words: each theme lemma once, in some form, a connector, maybe a common word."""
        rng = self.rng
        tokens = [rng.choice(forms) for forms in rng.sample(themes, len(themes))]
        tokens.insert(rng.randint(1, len(tokens)), rng.choice(self.words.connectors))
        while len(tokens) < 4 or (len(tokens) < 9 and rng.random() < 0.3):
            tokens.append(self._tokens(themes, 1)[0])
        tokens = tokens[:9]
        used.extend(tokens)
        text = " ".join(tokens)
        return text[0].upper() + text[1:]

    def _prose(self, themes, low, high, used, paragraphs=True):
        """Sentences of 5–14 words in paragraphs of 2–5 sentences; ``used`` collects the words."""
        random = self.rng.random
        tokens = self._tokens(themes, self.rng.randint(low, high))
        used.extend(tokens)
        sentences, i, n = [], 0, len(tokens)
        while i < n:
            j = min(n, i + 5 + int(random() * 10))
            sentence = " ".join(tokens[i:j])
            if j - i > 7 and random() < 0.5:
                cut = sentence.find(" ", len(sentence) // 2)
                if cut > 0:
                    sentence = sentence[:cut] + "," + sentence[cut:]
            sentences.append(sentence[0].upper() + sentence[1:] + ".")
            i = j
        if not paragraphs or len(sentences) < 4:
            return " ".join(sentences)
        parts, i = [], 0
        while i < len(sentences):
            j = i + 2 + int(random() * 4)
            parts.append(" ".join(sentences[i:j]))
            i = j
        return "\n\n".join(parts)

    def _search_text(self, obj, used, *extra):
        """``obj.build_search_text()``, computed from cached stems when that gives the same."""
        model = type(obj)
        state = self.fast.setdefault(model, [True, 0])
        if not state[0]:
            return obj.build_search_text()
        try:
            stems = set(map(self.form_stems.__getitem__, set(used)))
        except KeyError:  # a form that is not one word: the general, slower way
            stems = {stem for form in set(used) for stem in self._stems_of(form)}
        for text in extra:
            if text:
                stems.update(self._stems_of(text))
        fast = " " + " ".join(sorted(stems)) + " " if stems else ""
        if state[1] < CHECKED_ROWS:
            state[1] += 1
            slow = obj.build_search_text()
            if slow != fast:
                state[0] = False
                self.stderr.write(
                    f"{model.__name__}: the cached stems differ from build_search_text(); "
                    "using the model's method (slower)."
                )
                return slow
        return fast

    # Organisations.

    def _organization_name(self, kind, locality):
        rng, v = self.rng, vocabulary
        prefix = rng.choice(v.ORGANIZATION_PREFIXES[kind])
        if kind == OrganizationKind.BUSINESS and prefix == "ИП":
            return f"ИП {rng.choice(v.SURNAMES)} {rng.choice('АБВГДЕИКЛМНОПРСТ')}. {rng.choice('АВГДЕИМНПС')}."
        if kind in (OrganizationKind.MUNICIPAL, OrganizationKind.TOS_ASSOCIATION):
            return f"{prefix} «{locality}»"
        if kind == OrganizationKind.GOVERNMENT:
            return f"{prefix} ({locality})"
        if rng.random() < 0.5:
            name = rng.choice(v.NAME_WORDS)
        else:
            name = f"{rng.choice(v.NAME_ADJECTIVES)} {rng.choice(v.NAME_NOUNS)}"
        return f"{prefix} «{name}»"

    def _locality(self, region):
        places = vocabulary.LOCALITIES.get(region.code)
        if places:
            return self.rng.choice(places)
        return region.capital_ru

    def _organizations(self, count):
        """Create ``count`` organisations; returns ``(pk, region_id, locality)`` of each."""
        if not count:
            return []
        rng = self.rng
        regions = list(Region.objects.order_by("code"))
        region_weights = _cumulative(REGION_WEIGHTS.get(r.code, 1) for r in regions)
        kinds = list(ORGANIZATION_KINDS)
        kind_weights = _cumulative(ORGANIZATION_KINDS.values())
        created, associations = [], []
        started = time.monotonic()
        for first in range(0, count, CHUNK):
            rows = []
            for n in range(first, min(count, first + CHUNK)):
                region = rng.choices(regions, cum_weights=region_weights)[0]
                kind = rng.choices(kinds, cum_weights=kind_weights)[0]
                locality = self._locality(region)
                verified = rng.random() < (0.9 if kind == OrganizationKind.RESOURCE_CENTRE else 0.3)
                org = Organization(
                    name=self._organization_name(kind, locality),
                    slug=f"{self.tag}-org-{n}",
                    kind=kind,
                    region=region,
                    locality=locality,
                    description=self._prose(self._themes(), 20, 80, []),
                    email=f"info{n}@example.org",
                    phone=f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
                    website=f"https://org{n}.example.org/" if rng.random() < 0.4 else "",
                    verified_at=self.now - datetime.timedelta(days=rng.randint(1, 1500))
                    if verified
                    else None,
                )
                if kind == OrganizationKind.TOS and associations and rng.random() < 0.3:
                    org.parent_id = rng.choice(associations)
                org.search_text = org.build_search_text()
                rows.append(org)
            with transaction.atomic():
                Organization.objects.bulk_create(rows, batch_size=BATCH)
            created.extend((o.pk, o.region_id, o.locality) for o in rows)
            associations.extend(o.pk for o in rows if o.kind == OrganizationKind.TOS_ASSOCIATION)
            self._progress("organisations", len(created), count, started)
        return created

    # Practices.

    def _plan_practices(self, first, size):
        """The rows of one chunk of practices, without touching the database: fields, topic
        and target-group ids, replications as ``(adopter, adopter's region, status, notes)``."""
        rng = self.rng
        plans = []
        for n, (org_pk, region_id, locality) in zip(
            itertools.count(first), self.org_picker(size), strict=False
        ):
            themes, used = self._themes(), []
            status = PracticeStatus.PUBLISHED if rng.random() < 0.9 else PracticeStatus.DRAFT
            practice = Practice(
                title=self._title(themes, used),
                slug=f"{self.tag}-practice-{n}",
                summary=self._prose(themes, 20, 40, used, paragraphs=False),
                problem=self._prose(themes, 60, 200, used),
                goal=self._prose(themes, 10, 25, used, paragraphs=False),
                solution=self._prose(themes, 60, 200, used),
                results=self._prose(themes, 20, 60, []),
                reach=rng.choice((None, rng.randint(10, 5000))),
                results_period=f"{2015 + n % 8}–{2019 + n % 7}" if n % 3 else "",
                budget_range=rng.choice(BudgetRange.values),
                organization_id=org_pk,
                region_id=region_id,
                locality=locality,
                format=rng.choice(PracticeFormat.values),
                year_started=rng.randint(2010, 2025),
                status=status,
                published_at=self.now - datetime.timedelta(minutes=rng.randint(0, 1500 * 24 * 60))
                if status == PracticeStatus.PUBLISHED
                else None,
            )
            if n % 2:
                practice.conditions = self._prose(themes, 10, 30, [], paragraphs=False)
                practice.risks = self._prose(themes, 10, 30, [], paragraphs=False)
            practice.search_text = self._search_text(practice, used, locality)
            k = 1 + (rng.random() < 0.45) + (rng.random() < 0.15)
            topics = (
                set(rng.choices(self.topics, cum_weights=self.topic_weights, k=k))
                if self.topics
                else ()
            )
            groups = set(rng.sample(self.groups, k=min(len(self.groups), rng.randint(1, 2))))
            replications = []
            # A minority spreads: a fifth of the practices have one to a few replications.
            if status == PracticeStatus.PUBLISHED and rng.random() < 0.2:
                seen = {org_pk}
                for adopter, adopter_region, _ in self.org_picker(
                    rng.choice((1, 1, 1, 2, 2, 3, 5))
                ):
                    if adopter not in seen:
                        seen.add(adopter)
                        outcome = rng.choices(
                            self.replication_statuses, cum_weights=self.replication_weights
                        )[0]
                        notes = self._prose(themes, 8, 25, [], paragraphs=False)
                        replications.append((adopter, adopter_region, outcome, notes))
            if STORED_REPLICATION_COUNT:
                practice.replication_count = sum(
                    outcome in COUNTED_REPLICATIONS for _, _, outcome, _ in replications
                )
            plans.append(
                (
                    self._row(practice, PRACTICE_FIELDS),
                    status == PracticeStatus.PUBLISHED,
                    sorted(topics),
                    sorted(groups),
                    replications,
                )
            )
        return plans

    def _practices(self, count):
        """Create ``count`` practices with their links; returns the published ones' pks."""
        if not count:
            return []
        self.topics = list(Topic.objects.order_by("pk").values_list("pk", flat=True))
        self.topic_weights = _cumulative(_zipf(len(self.topics), 0.7))
        self.groups = list(TargetGroup.objects.order_by("pk").values_list("pk", flat=True))
        self.replication_statuses = list(REPLICATION_STATUSES)
        self.replication_weights = _cumulative(REPLICATION_STATUSES.values())
        self.first_id = self._reserve(Practice, count)
        pks, started = [], time.monotonic()
        for first, (size, published) in self._chunks("practices", count):
            pks += published
            self._progress("practices", first + size, count, started)
        return pks

    def _write_practices(self, first, plans):
        """Write one chunk of planned practices with their links; returns the published
        ones' pks."""
        with transaction.atomic():
            ids = self._write(Practice, PRACTICE_FIELDS, [plan[0] for plan in plans], first)
            links, group_links, replications = [], [], []
            for pk, (_, _, topics, groups, adopters) in zip(ids, plans, strict=True):
                links += [(pk, topic) for topic in topics]
                group_links += [(pk, group) for group in groups]
                replications += [
                    Replication(
                        practice_id=pk, adopter_id=a, adopter_region_id=r, status=st, notes=notes
                    )
                    for a, r, st, notes in adopters
                ]
            self._link(Practice.topics.through, "practice_id", "topic_id", links)
            self._link(Practice.target_groups.through, "practice_id", "targetgroup_id", group_links)
            Replication.objects.bulk_create(replications, batch_size=BATCH)
        return [pk for pk, plan in zip(ids, plans, strict=True) if plan[1]]

    # Events.

    def _plan_events(self, first, size):
        """The rows of one chunk of events: fields and the practices an internship studies."""
        rng = self.rng
        plans = []
        for n, (org_pk, region_id, _) in zip(
            itertools.count(first), self.org_picker(size), strict=False
        ):
            themes, used = self._themes(), []
            kind = rng.choices(self.event_kinds, cum_weights=self.event_kind_weights)[0]
            internship = kind == EventKind.INTERNSHIP
            start = self.now.replace(minute=0, second=0) + datetime.timedelta(
                days=rng.randint(-540, 270), hours=rng.randint(-6, 6)
            )
            event_format = EventFormat.IN_PERSON if internship else rng.choice(EventFormat.values)
            venue = address = ""
            if event_format != EventFormat.ONLINE:
                venue = rng.choice(vocabulary.VENUES)
                address = f"{rng.choice(vocabulary.STREETS)}, {rng.randint(1, 120)}"
            draw = rng.random()  # a tenth are drafts, a few cancelled
            status = (
                EventStatus.DRAFT
                if draw < 0.1
                else EventStatus.CANCELLED
                if draw < 0.12
                else EventStatus.PUBLISHED
            )
            event = Event(
                kind=kind,
                title=self._title(themes, used),
                slug=f"{self.tag}-event-{n}",
                summary=self._prose(themes, 15, 30, used, paragraphs=False),
                description=self._prose(themes, 60, 200, used),
                start=start,
                end=start
                + datetime.timedelta(hours=72 if internship else rng.choice((2, 4, 8, 30))),
                timezone=self.timezones[region_id],
                format=event_format,
                venue=venue,
                address=address,
                online_url=f"https://meet.example.org/{self.tag}-{n}"
                if event_format != EventFormat.IN_PERSON
                else "",
                region_id=region_id,
                organizer_id=org_pk,
                host_organization_id=org_pk if internship else None,
                status=status,
                capacity=rng.randint(8, 30) if internship else rng.choice((None, 20, 50, 100, 300)),
                accepts_applications=internship or rng.random() < 0.6,
                published_at=min(self.now, start - datetime.timedelta(days=rng.randint(7, 60)))
                if status != EventStatus.DRAFT
                else None,
            )
            event.search_text = self._search_text(event, used, venue, address)
            studied = []
            if internship and self.practice_pks:
                studied = sorted(set(rng.choices(self.practice_pks, k=rng.randint(1, 3))))
            plans.append((self._row(event, EVENT_FIELDS), studied))
        return plans

    def _events(self, count):
        if not count:
            return
        self.event_kinds = list(EVENT_KINDS)
        self.event_kind_weights = _cumulative(EVENT_KINDS.values())
        self.first_id = self._reserve(Event, count)
        started = time.monotonic()
        for first, (size, _) in self._chunks("events", count):
            self._progress("events", first + size, count, started)

    def _write_events(self, first, plans):
        """Write one chunk of planned events with the practices internships study."""
        with transaction.atomic():
            ids = self._write(Event, EVENT_FIELDS, [row for row, _ in plans], first)
            self._link(
                Event.practices.through,
                "event_id",
                "practice_id",
                [
                    (pk, practice)
                    for pk, (_, studied) in zip(ids, plans, strict=True)
                    for practice in studied
                ],
            )
        return []

    # Writing.

    def _row(self, obj, fields):
        """A planned row: field values for ``bulk_create``, or a line for COPY."""
        if not self.copy:
            return {f.attname: obj.__dict__[f.attname] for f in fields}
        return (
            "\t".join(
                _copy_value(self.now if f in self.timestamps else obj.__dict__[f.attname])
                for f in fields
            )
            + "\n"
        )

    def _reserve(self, model, count):
        """On PostgreSQL, the first of ``count`` consecutive primary keys taken from the
        table's sequence at once: row n of the run gets ``first + n``, whichever process
        writes it and in whatever order. None elsewhere (``bulk_create`` assigns them)."""
        if not self.copy or not count:
            return None
        table, pk = model._meta.db_table, model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s))", [table, pk])
            (first,) = cursor.fetchone()
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), %s)", [table, pk, first + count - 1]
            )
        return first

    def _write(self, model, fields, rows, first):
        """Insert planned rows ``first``, ``first + 1``…; returns their primary keys in
        order. On PostgreSQL with psycopg2 this is one COPY with the reserved keys (a few
        times faster than INSERT); elsewhere ``bulk_create``."""
        if not self.copy:
            objects = [model(**row) for row in rows]
            model.objects.bulk_create(objects, batch_size=BATCH)
            return [obj.pk for obj in objects]
        table, pk = model._meta.db_table, model._meta.pk.column
        quote = connection.ops.quote_name
        ids = range(self.first_id + first, self.first_id + first + len(rows))
        columns = ", ".join(quote(column) for column in [pk, *(f.column for f in fields)])
        data = "".join(f"{value}\t{line}" for value, line in zip(ids, rows, strict=True))
        with connection.cursor() as cursor:
            cursor.copy_expert(f"COPY {quote(table)} ({columns}) FROM STDIN", io.StringIO(data))
        return list(ids)

    def _link(self, through, left, right, pairs):
        """Rows of a many-to-many table from ``(left id, right id)`` pairs."""
        if not pairs:
            return
        if not self.copy:
            through.objects.bulk_create(
                [through(**{left: a, right: b}) for a, b in pairs], batch_size=BATCH * 4
            )
            return
        quote = connection.ops.quote_name
        data = io.StringIO("".join(f"{a}\t{b}\n" for a, b in pairs))
        with connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY {quote(through._meta.db_table)} ({quote(left)}, {quote(right)}) FROM STDIN",
                data,
            )

    # Chunks, planned here or by worker processes.

    def _chunks(self, kind, count):
        """``(first, (size, published pks))`` for each chunk of ``count`` rows, planned and
        written in order here, or on PostgreSQL by ``--jobs`` forked worker processes, each
        with its own database connection (they inherit the vocabulary). Each chunk has its
        own random generator seeded from ``--seed``, the kind and its position, and its
        reserved primary keys, so the rows are the same either way."""
        starts = range(0, count, CHUNK)
        sizes = {first: min(CHUNK, count - first) for first in starts}
        if self.jobs <= 1 or len(starts) <= 2 or not self.copy:
            for first in starts:
                yield first, (sizes[first], self._chunk(kind, first, sizes[first]))
            return
        global _seeder
        _seeder = self
        connections.close_all()  # a forked child must not share the parent's connection
        with multiprocessing.get_context("fork").Pool(self.jobs) as pool:
            pending, upcoming = collections.deque(), iter(starts)
            for first in itertools.islice(upcoming, self.jobs + 1):
                pending.append((first, pool.apply_async(_chunk, (kind, first, sizes[first]))))
            while pending:
                first, result = pending.popleft()
                published = result.get()
                following = next(upcoming, None)
                if following is not None:
                    pending.append(
                        (following, pool.apply_async(_chunk, (kind, following, sizes[following])))
                    )
                yield first, (sizes[first], published)

    def _chunk(self, kind, first, size):
        """Plan and write one chunk; returns the pks of its published practices."""
        reset_queries()  # with DEBUG on, Django would keep every INSERT
        self.rng = random.Random(f"{self.seed}:{kind}:{first}")
        if kind == "practices":
            return self._write_practices(first, self._plan_practices(first, size))
        return self._write_events(first, self._plan_events(first, size))


_seeder = None  # the command whose chunks forked workers plan and write


def _chunk(kind, first, size):
    return _seeder._chunk(kind, first, size)
