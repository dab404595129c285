"""The map's figures kept as tallies, so that no page counts the practices.

The map of regions and a region's page show, per region, published practices, organisations
and the flows of replications between regions, each under the lists' filters (topic, kind of
organisation, federal district). Counted on demand, at a million practices they cost seconds
(a GROUP BY over every practice and every replication). Instead three small tables hold the
counts (``PracticeTally``, ``OrganizationTally``, ``FlowTally``: a few thousand rows whatever
the number of practices) by region, kind of organisation and topic (or any topic: a practice
has several topics, so "any" is a row of its own, not a sum). The district is the region's.

They are kept current by the writes themselves: a receiver of every save or delete of a
practice, its topics, a replication or an organisation recounts the regions that write
touches, in the same transaction (a region's practices are a few thousand at most, read
through the region index). The region rows are locked first, so that two writers of one
region recount one after the other. Writes that bypass the signals (``seed_bulk``,
``restore``) call ``refresh_all`` at their end; so does the migration that created them.

``tests/practices/test_tallies.py`` holds the tallies to the counts taken directly.
"""

from django.apps import apps as global_apps
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

FLOW_STATUSES = ("in_progress", "implemented")
# FlowTally's and RegionFlowTally's kind for the sums over every kind of organisation.
ALL_KINDS = ""
# RegionFlowTally's district for the sums over every federal district.
ALL_DISTRICTS = ""


def _models(apps=None):
    """The models (the historical ones in a migration)."""
    apps = apps or global_apps
    return (
        apps.get_model("organizations", "Region"),
        apps.get_model("organizations", "Organization"),
        apps.get_model("practices", "Practice"),
        apps.get_model("practices", "Replication"),
        apps.get_model("practices", "PracticeTally"),
        apps.get_model("practices", "OrganizationTally"),
        apps.get_model("practices", "FlowTally"),
        apps.get_model("practices", "RegionFlowTally"),
    )


def with_practice_counts(topics):
    """``topics`` (a Topic queryset) with ``practice_count``, the published practices on each,
    read from the tallies rather than counted (counting took 2.3 s at a million practices)."""
    return topics.annotate(practice_count=_summed(_models()[4], "practices", "topic"))


def practice_count(*, region=None, district=None, kind=None, topic=None):
    """Published practices of a region (its code), a federal district, a kind of organisation
    and a topic (None: any), each optional, as the lists filter them: a sum over at most a few
    thousand tally rows (``topic`` has an index of its own through its foreign key), not a count
    of the practices (99 ms for one topic at a million)."""
    rows = _models()[4].objects.filter(topic=topic)
    if region:
        rows = rows.filter(region__code=region)
    if district:
        rows = rows.filter(region__federal_district=district)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.aggregate(n=Coalesce(Sum("practices"), 0))["n"]


def with_organization_counts(regions):
    """``regions`` (a Region queryset) with ``organization_count`` read from the tallies
    (counting 200 000 organisations took 0.2 s)."""
    return regions.annotate(organization_count=_summed(_models()[5], "organizations", "region"))


def _summed(tally, column, key):
    """The sum of ``tally.column`` over the rows whose ``key`` is the outer row (0 if none)."""
    rows = tally.objects.filter(**{key: OuterRef("pk")}).values(key)
    return Coalesce(Subquery(rows.annotate(n=Sum(column)).values("n")), 0)


def refresh_all(apps=None):
    """Recount everything (after bulk writes)."""
    Region = _models(apps)[0]
    regions = set(Region.objects.values_list("pk", flat=True))
    recount(practices=regions, organizations=regions, flows_from=regions, apps=apps)


def resum_region_flows(apps=None):
    """Sum every region's side of the flows again from ``FlowTally`` (a migration's step)."""
    (Region, *_rest, FlowTally, RegionFlowTally) = _models(apps)
    with transaction.atomic():
        _sum_region_flows(
            FlowTally, RegionFlowTally, set(Region.objects.values_list("pk", flat=True))
        )


def recount(*, practices=(), organizations=(), flows_from=(), flows_to=(), pairs=(), apps=None):
    """Recount the tallies of published practices in the regions ``practices``, of the
    organisations in ``organizations``, and of the flows from a region of ``flows_from``, to
    a region of ``flows_to`` or between the regions of a pair (source, target) of ``pairs``."""
    practices, organizations, flows_from, flows_to = (
        {pk for pk in ids if pk is not None}
        for ids in (practices, organizations, flows_from, flows_to)
    )
    pairs = {
        (source, target)
        for source, target in pairs
        if None not in (source, target) and source not in flows_from and target not in flows_to
    }
    touched = practices | organizations | flows_from | flows_to | {pk for p in pairs for pk in p}
    if not touched:
        return
    (
        _Region,
        Organization,
        Practice,
        Replication,
        PracticeTally,
        OrganizationTally,
        FlowTally,
        RegionFlowTally,
    ) = _models(apps)
    with transaction.atomic():
        _lock(touched, apps=apps)
        if practices:
            _recount_practices(Practice, PracticeTally, practices)
        if organizations:
            OrganizationTally.objects.filter(region_id__in=organizations).delete()
            OrganizationTally.objects.bulk_create(
                OrganizationTally(region_id=region, kind=kind, organizations=n)
                for region, kind, n in Organization.objects.filter(region_id__in=organizations)
                .values_list("region_id", "kind")
                .annotate(n=Count("pk"))
                .order_by()
            )
        # Each flow is counted by one of these queries and deleted before it.
        parts, ends = [], set()
        if flows_from:
            parts.append((Q(source_id__in=flows_from), Q(practice__region_id__in=flows_from)))
        if flows_to:
            parts.append(
                (
                    Q(target_id__in=flows_to) & ~Q(source_id__in=flows_from),
                    Q(adopter_region_id__in=flows_to) & ~Q(practice__region_id__in=flows_from),
                )
            )
        if flows_from or flows_to:
            # The far ends of the flows recounted: their sides of the flows change too.
            for tallied, _replications in parts:
                for pair in FlowTally.objects.filter(tallied).values_list("source_id", "target_id"):
                    ends.update(pair)
        for source, target in sorted(pairs):
            parts.append(
                (
                    Q(source_id=source, target_id=target),
                    Q(practice__region_id=source, adopter_region_id=target),
                )
            )
            ends.update((source, target))
        for tallied, replications in parts:
            FlowTally.objects.filter(tallied).delete()
            ends |= _recount_flows(Replication, FlowTally, replications)
        if ends:
            _sum_region_flows(FlowTally, RegionFlowTally, ends)


def _recount_practices(Practice, PracticeTally, regions):
    PracticeTally.objects.filter(region_id__in=regions).delete()
    published = Practice.objects.filter(status="published", region_id__in=regions)
    rows = [
        PracticeTally(region_id=region, kind=kind, topic_id=None, practices=n)
        for region, kind, n in published.values_list("region_id", "organization__kind")
        .annotate(n=Count("pk"))
        .order_by()
    ]
    rows += [
        PracticeTally(region_id=region, kind=kind, topic_id=topic, practices=n)
        for region, kind, topic, n in published.filter(topics__isnull=False)
        .values_list("region_id", "organization__kind", "topics")
        .annotate(n=Count("pk"))
        .order_by()
    ]
    PracticeTally.objects.bulk_create(rows)


def _recount_flows(Replication, FlowTally, where):
    """Count the flows of the replications ``where``; return the regions at their ends."""
    flows = Replication.objects.filter(
        where, status__in=FLOW_STATUSES, practice__status="published"
    )
    counts = {
        "n": Count("pk"),
        "distinct": Count("practice_id", distinct=True),
        "done": Count("pk", filter=Q(status="implemented")),
        "told": Count("pk", filter=Q(status="implemented") & ~Q(results="")),
    }
    keys = ("practice__region_id", "adopter_region_id", "practice__organization__kind")
    by_topic = flows.filter(practice__topics__isnull=False).values_list(*keys, "practice__topics")
    rows = []
    for source, target, kind, n, distinct, done, told in (
        flows.values_list(*keys).annotate(**counts).order_by()
    ):
        rows.append(
            FlowTally(
                source_id=source,
                target_id=target,
                kind=kind,
                topic_id=None,
                replications=n,
                practices=distinct,
                implemented=done,
                stories=told,
            )
        )
    for source, target, kind, topic, n, distinct, done, told in by_topic.annotate(
        **counts
    ).order_by():
        rows.append(
            FlowTally(
                source_id=source,
                target_id=target,
                kind=kind,
                topic_id=topic,
                replications=n,
                practices=distinct,
                implemented=done,
                stories=told,
            )
        )
    # And each pair's sums over every kind (``ALL_KINDS``): a practice has one kind, so the
    # distinct practices add up too. The map then reads one row per pair, whatever its filters.
    every_kind = {}
    for row in rows:
        key = (row.source_id, row.target_id, row.topic_id)
        total = every_kind.setdefault(
            key,
            FlowTally(
                source_id=row.source_id,
                target_id=row.target_id,
                kind=ALL_KINDS,
                topic_id=row.topic_id,
                replications=0,
                practices=0,
                implemented=0,
                stories=0,
            ),
        )
        total.replications += row.replications
        total.practices += row.practices
        total.implemented += row.implemented
        total.stories += row.stories
    FlowTally.objects.bulk_create([*rows, *every_kind.values()])
    return {pk for row in rows for pk in (row.source_id, row.target_id)}


def _sum_region_flows(FlowTally, RegionFlowTally, regions):
    """Sum each region's side of the flows from ``FlowTally`` (see ``RegionFlowTally``)."""
    RegionFlowTally.objects.filter(region_id__in=regions).delete()
    rows = {}

    def row(region, kind, topic, district):
        key = (region, kind, topic, district)
        if key not in rows:
            rows[key] = RegionFlowTally(
                region_id=region, kind=kind, topic_id=topic, district=district
            )
        return rows[key]

    between = ~Q(source_id=F("target_id"))
    per_kind = FlowTally.objects.exclude(kind=ALL_KINDS)  # each flow counted once
    # (kind and district are never ALL_KINDS or ALL_DISTRICTS in these rows: every
    # organisation has a kind and every region a federal district)
    for region, kind, topic, district, taken, stories in (
        per_kind.filter(between, target_id__in=regions)
        .values_list("target_id", "kind", "topic_id", "source__federal_district")
        .annotate(taken=Sum("practices"), told=Sum("stories"))
        .order_by()
    ):
        tally = row(region, kind, topic, district)
        tally.taken, tally.stories = taken, stories
    for region, kind, topic, district, given, implemented in (
        per_kind.filter(source_id__in=regions)
        .values_list("source_id", "kind", "topic_id", "source__federal_district")
        .annotate(given=Sum("practices", filter=between), done=Sum("implemented"))
        .order_by()
    ):
        tally = row(region, kind, topic, district)
        tally.given, tally.implemented = given or 0, implemented
    # And the sums over every kind, every district or both, so that the map reads one row
    # per region whatever its filters (as FlowTally's ALL_KINDS rows give one per pair).
    for (region, kind, topic, district), tally in list(rows.items()):
        for key in (
            (region, ALL_KINDS, topic, district),
            (region, kind, topic, ALL_DISTRICTS),
            (region, ALL_KINDS, topic, ALL_DISTRICTS),
        ):
            total = row(*key)
            total.taken += tally.taken
            total.given += tally.given
            total.stories += tally.stories
            total.implemented += tally.implemented
    # The regions each region gave to: counted, not summed (one region may take practices of
    # several kinds). A region's district is its own, so every district has the same count.
    for region, kind, topic, district, partners in (
        FlowTally.objects.filter(between, source_id__in=regions)
        .values_list("source_id", "kind", "topic_id", "source__federal_district")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        row(region, kind, topic, district).partners = partners
        row(region, kind, topic, ALL_DISTRICTS).partners = partners
    RegionFlowTally.objects.bulk_create(
        tally
        for tally in rows.values()
        if tally.taken or tally.given or tally.stories or tally.implemented
    )


# Receivers (connected in PracticesConfig.ready): each recounts only what its write can
# change. A practice counts by its region, organisation (kind), topics and whether it is
# published; an edit of its text changes no tally and recounts nothing.


def _counted(status):
    return status == "published"


def practice_saving(sender, instance, raw=False, **kwargs):
    """Before a practice is saved: what it was counted by."""
    if raw or instance.pk is None:
        return
    instance._tally_old = (
        sender.objects.filter(pk=instance.pk)
        .values_list("region_id", "organization_id", "status")
        .first()
    )


def practice_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    old = getattr(instance, "_tally_old", None)
    now = (instance.region_id, instance.organization_id, _counted(instance.status))
    was = (old[0], old[1], _counted(old[2])) if old else (None, None, False)
    if now == was or not (now[2] or was[2]):
        return  # not counted before or after, or counted by the same things
    Organization, Practice = _models()[1:3]
    kinds = dict(
        Organization.objects.filter(pk__in={was[1], now[1]} - {None}).values_list("pk", "kind")
    )
    topics = list(
        Practice.topics.through.objects.filter(practice_id=instance.pk).values_list(
            "topic_id", flat=True
        )
    )
    with transaction.atomic():
        _lock({was[0], now[0]})
        if was[2]:
            _count_practice(was[0], kinds.get(was[1]), topics, -1)
        if now[2]:
            _count_practice(now[0], kinds.get(now[1]), topics, +1)
        recount(pairs=_flow_pairs(instance, {now[0], was[0]}))


def _lock(region_ids, apps=None):
    """Lock the regions' rows (in a fixed order): writers of one region's tallies queue here."""
    Region = _models(apps)[0]
    list(
        Region.objects.select_for_update()
        .filter(pk__in={pk for pk in region_ids if pk is not None})
        .order_by("pk")
        .values("pk")
    )


def _count_practice(region, kind, topics, delta):
    """Count one practice in (``delta`` 1) or out of (-1) its region's tallies for its kind,
    any topic and each of ``topics``: a few single-row updates instead of a recount of the
    region (a second at a million practices for the largest)."""
    for topic in (None, *topics):
        _count_topic(region, kind, topic, delta)


def _flow_pairs(practice, regions):
    """The (region, adopter's region) pairs of the flows ``practice`` starts, for each of
    ``regions`` it is or was in: one query, usually answering none."""
    Replication = _models()[3]
    targets = set(
        Replication.objects.filter(practice=practice, status__in=FLOW_STATUSES)
        .values_list("adopter_region_id", flat=True)
        .distinct()
    )
    return {(source, target) for source in regions for target in targets}


def practice_deleted(sender, instance, **kwargs):
    # Its replications were deleted before it, each recounting its flow.
    if _counted(instance.status):
        recount(practices={instance.region_id})


def topics_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A practice's topics added, removed or cleared (from either side)."""
    Organization, Practice = _models()[1:3]
    if not reverse:
        if not _counted(instance.status):
            return
        if action == "pre_clear":  # what is cleared cannot be read afterwards
            instance._tally_cleared = list(
                Practice.topics.through.objects.filter(practice_id=instance.pk).values_list(
                    "topic_id", flat=True
                )
            )
            return
        delta = {"post_add": 1, "post_remove": -1, "post_clear": -1}.get(action)
        if delta is None:
            return
        topics = pk_set if action != "post_clear" else getattr(instance, "_tally_cleared", ())
        kind = (
            Organization.objects.filter(pk=instance.organization_id)
            .values_list("kind", flat=True)
            .first()
        )
        with transaction.atomic():
            _lock({instance.region_id})
            for topic in topics or ():
                _count_topic(instance.region_id, kind, topic, delta)
            recount(pairs=_flow_pairs(instance, {instance.region_id}))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    # From a topic's side (admin): recount the regions of the practices concerned.
    if pk_set:
        regions = set(
            Practice.objects.filter(pk__in=pk_set, status="published").values_list(
                "region_id", flat=True
            )
        )
    else:  # a topic's practices cleared: which they were cannot be known afterwards
        regions = set(Practice.objects.values_list("region_id", flat=True).distinct())
    recount(practices=regions, flows_from=regions)


def _count_topic(region, kind, topic, delta):
    """Add ``delta`` to one PracticeTally row. The caller holds the region's lock
    (``_lock``), so a row is never inserted twice; a row counted down to 0 goes."""
    PracticeTally = _models()[4]
    row = PracticeTally.objects.filter(region_id=region, kind=kind, topic_id=topic)
    if not row.update(practices=F("practices") + delta) and delta > 0:
        PracticeTally.objects.create(region_id=region, kind=kind, topic_id=topic, practices=delta)
    if delta < 0:
        row.filter(practices__lte=0).delete()


def replication_saving(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._tally_old = (
        sender.objects.filter(pk=instance.pk).values_list("status", "results").first()
    )


def replication_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    old = getattr(instance, "_tally_old", None)
    if old == (instance.status, instance.results):
        return  # notes or dates edited: counted the same
    if instance.status not in FLOW_STATUSES and (old is None or old[0] not in FLOW_STATUSES):
        return  # a request, declined or dropped: no flow before or after
    _recount_pair(instance)


def replication_deleted(sender, instance, **kwargs):
    if instance.status in FLOW_STATUSES:
        _recount_pair(instance)


def _recount_pair(replication):
    Practice = _models()[2]
    source = (
        Practice.objects.filter(pk=replication.practice_id)
        .values_list("region_id", flat=True)
        .first()
    )
    target = replication.adopter_region_id
    recount(pairs={(source, target)})


def organization_saving(sender, instance, raw=False, **kwargs):
    """Before an organisation is saved: its region and kind."""
    if raw or instance.pk is None:
        return
    instance._tally_old = (
        sender.objects.filter(pk=instance.pk).values_list("region_id", "kind").first()
    )


def organization_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    old = getattr(instance, "_tally_old", None)
    if created or old is None:
        recount(organizations={instance.region_id})
        return
    region, kind = old
    if (region, kind) == (instance.region_id, instance.kind):
        return
    regions = {region, instance.region_id}
    if region != instance.region_id:
        # The replications it adopted keep their adopter's region (see Replication.save).
        Replication = _models()[3]
        Replication.objects.filter(adopter=instance).update(adopter_region_id=instance.region_id)
    practice_regions = set()
    if kind != instance.kind:
        # Its practices and the flows they start count by its kind.
        Practice = _models()[2]
        practice_regions = set(
            Practice.objects.filter(organization=instance, status="published")
            .values_list("region_id", flat=True)
            .distinct()
        )
    # The flows it adopted end in its old or new region.
    recount(
        organizations=regions,
        practices=practice_regions,
        flows_from=practice_regions,
        flows_to=regions if region != instance.region_id else (),
    )


def organization_deleted(sender, instance, **kwargs):
    recount(organizations={instance.region_id})
