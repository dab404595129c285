"""The digest: what is new in what a person follows since their last digest.

``send_digests()`` (the ``send_digests`` command, run daily by a timer) finds the people whose
digest is due (daily or weekly, by ``Preferences.last_digest_at``), reads what is new across
the network once for all of them (practices published, upcoming events and internships
published or opening applications, replication results recorded), and gives each person the
items that match their follows and fall in their own period ``[last_digest_at, now)``. The
period's end is stored with the queued e-mail in one transaction, so a second run finds
nobody due and the next digest starts exactly where this one ended; nothing is sent to a
person with nothing new. The queries do not grow with the number of people: a fixed number
per run and two per batch of 500 people.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, Min, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.models import Event, EventKind, EventStatus
from practices.models import Practice, Replication

from . import mails, tokens
from .models import DIGEST_PERIODS, DigestFrequency, Follow, Preferences

# A run at 07:00 finds due a digest sent at 07:00:05 the day (or week) before.
SLACK = datetime.timedelta(hours=1)
# A person whose digests stopped for long gets at most the last month.
LONGEST = datetime.timedelta(days=31)
# Items of each section in one e-mail; the rest are counted and linked.
SHOWN = 15
BATCH = 500


def due(now):
    """Preferences of the active people with an address and follows whose digest is due."""
    periods = Q()
    for frequency, period in DIGEST_PERIODS.items():
        periods |= Q(digest=frequency, last_digest_at__lte=now - period + SLACK)
    return (
        Preferences.objects.filter(periods, user__is_active=True)
        .exclude(user__email="")
        .filter(Exists(Follow.objects.filter(user_id=OuterRef("user_id"))))
    )


# What is new across the network ----------------------------------------------------------


@dataclass
class News:
    """Everything new since ``since`` until ``until``, read once for a whole run."""

    practices: list = field(default_factory=list)
    events: list = field(default_factory=list)
    stories: list = field(default_factory=list)

    @classmethod
    def read(cls, since, until):
        practices = list(
            Practice.objects.published()
            .filter(published_at__gte=since, published_at__lt=until)
            .select_related("organization", "region")
            .prefetch_related("topics")
            .only(
                "title", "slug", "summary", "published_at", "organization_id", "region_id",
                "organization__name", "organization__short_name", "region__code",
                "region__name_ru", "region__name_en",
            )
            .order_by("-published_at", "-pk")
        )  # fmt: skip
        events = list(
            Event.objects.filter(status=EventStatus.PUBLISHED, start__gte=until)
            .filter(
                Q(published_at__gte=since, published_at__lt=until)
                | Q(
                    kind=EventKind.INTERNSHIP,
                    registration_opens__gte=since,
                    registration_opens__lt=until,
                )
            )
            .select_related("organizer", "region")
            .prefetch_related("practices")
            .order_by("start", "pk")
        )
        stories = list(
            Replication.objects.with_results()
            .filter(updated_at__gte=since, updated_at__lt=until)
            .with_related()
            .prefetch_related("practice__topics")
            .order_by("-updated_at", "-pk")
        )
        return cls(practices, events, stories)


@dataclass
class Interests:
    """What one person follows, as sets of ids."""

    topics: set
    regions: set
    organizations: set
    practices: set

    @classmethod
    def of(cls, follows):
        return cls(
            topics={f.topic_id for f in follows if f.topic_id},
            regions={f.region_id for f in follows if f.region_id},
            organizations={f.organization_id for f in follows if f.organization_id},
            practices={f.practice_id for f in follows if f.practice_id},
        )

    def practice(self, practice):
        return (
            practice.region_id in self.regions
            or practice.organization_id in self.organizations
            or any(topic.pk in self.topics for topic in practice.topics.all())
        )

    def event(self, event):
        return (
            event.region_id in self.regions
            or event.delegation_region_id in self.regions
            or event.organizer_id in self.organizations
            or any(practice.pk in self.practices for practice in event.practices.all())
        )

    def story(self, replication):
        practice = replication.practice
        return (
            practice.pk in self.practices
            or practice.organization_id in self.organizations
            or replication.adopter_id in self.organizations
            or practice.region_id in self.regions
            or replication.adopter.region_id in self.regions
            or any(topic.pk in self.topics for topic in practice.topics.all())
        )


def _event_time(event, since, until):
    """When the event became news: published, or an internship's applications opened."""
    if event.published_at and since <= event.published_at < until:
        return event.published_at
    return event.registration_opens


@dataclass
class Digest:
    practices: list
    events: list
    stories: list

    def __bool__(self):
        return bool(self.practices or self.events or self.stories)

    @property
    def count(self):
        return len(self.practices) + len(self.events) + len(self.stories)


def digest_for(interests, news, since, until):
    """The items of ``news`` that ``interests`` match and that became news in [since, until)."""

    def within(moment):
        return moment is not None and since <= moment < until

    return Digest(
        practices=[p for p in news.practices if within(p.published_at) and interests.practice(p)],
        events=[
            e for e in news.events if within(_event_time(e, since, until)) and interests.event(e)
        ],
        stories=[r for r in news.stories if within(r.updated_at) and interests.story(r)],
    )


# Sending ---------------------------------------------------------------------------------


def send_digests(now=None, batch=BATCH):
    """Queue every due digest; returns how many were queued. Safe to run at any time and
    any number of times (see the module's docstring)."""
    now = now or timezone.now()
    people = due(now)
    earliest = people.aggregate(earliest=Min("last_digest_at"))["earliest"]
    if earliest is None:
        return 0
    news = News.read(max(earliest, now - LONGEST), now)
    ids = list(people.order_by("pk").values_list("pk", flat=True))
    sent = 0
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        follows = {}
        for item in Follow.objects.filter(user_id__in=chunk):
            follows.setdefault(item.user_id, []).append(item)
        for preferences in Preferences.objects.filter(pk__in=chunk).select_related("user"):
            sent += _send_one(preferences, follows.get(preferences.pk, []), news, now)
    return sent


def _send_one(preferences, follows, news, now):
    since = max(preferences.last_digest_at, now - LONGEST)
    digest = digest_for(Interests.of(follows), news, since, now)
    with transaction.atomic():
        # The period moves on only from where this run read it: a concurrent run that got
        # there first has moved it already, and this one sends nothing.
        moved = Preferences.objects.filter(
            pk=preferences.pk, last_digest_at=preferences.last_digest_at
        ).update(last_digest_at=now)
        if not moved or not digest:
            return 0
        _queue(preferences, digest, since, now)
    return 1


def _queue(preferences, digest, since, until):
    user, language = preferences.user, preferences.language
    with translation.override(language):
        subject = _("What is new in what you follow: %(count)d") % {"count": digest.count}
        sections = {
            "practices": digest.practices,
            "events": digest.events,
            "stories": digest.stories,
        }
        context = {
            "since": since,
            "until": until,
            "weekly": preferences.digest == DigestFrequency.WEEKLY,
            "more": {name: max(len(items) - SHOWN, 0) for name, items in sections.items()},
            **{
                name: [(item, mails.absolute(item.get_absolute_url())) for item in items[:SHOWN]]
                for name, items in sections.items()
            },
        }
    return mails.queue(
        user=user,
        language=language,
        subject=subject,
        scope=tokens.DIGEST,
        template="notifications/email/digest",
        context=context,
    )
