"""The exchange between regions: the figures behind the map of regions and a region's page.

A *flow* is the replications of practices from one region (the practice's) in another (the
adopting organisation's) that are in progress or implemented: requests, declined and dropped
ones do not count, as for ``Practice.replication_count``. Every figure counts published
practices only and takes the lists' filters: ``topic`` (the practice's topic), ``kind``
(the kind of the practice's organisation; for the organisations measure, of the
organisation) and ``district`` (the federal district of the practice's region; for the
organisations measure, of the organisation's).

"Practices taken" counts each practice once per region that took it; "practices given"
counts each practice once per region that took it too (a practice taken by two regions is
given twice). "Replications implemented with results" counts, for the adopting region, the
replications taken from other regions that are implemented and whose adopter told the
results (``Replication.objects.with_results()``, the stories of the passport and the region
page).

``map_figures`` reads them from the tallies that the writes keep (``practices.tallies``):
four small queries whatever the number of practices, and none when the page cache's
generation has not moved since the same filters were last read (``common.pagecache``).
"""

import math
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, F, Q, Sum, Value, When
from django.urls import get_script_prefix
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.pagecache import generation
from common.urls import address
from organizations.filters import map_regions
from organizations.models import Region

from .models import (
    FlowTally,
    OrganizationTally,
    PracticeTally,
    RegionFlowTally,
    ReplicationStatus,
)
from .tallies import ALL_DISTRICTS, ALL_KINDS

# Replications that carry a practice to another region (the map's arrows).
FLOW_STATUSES = [ReplicationStatus.IN_PROGRESS, ReplicationStatus.IMPLEMENTED]


class Measure:
    PRACTICES = "practices"
    ORGANIZATIONS = "organizations"
    TAKEN = "taken"
    GIVEN = "given"
    STORIES = "stories"
    CHOICES = [
        (PRACTICES, _("Published practices")),
        (ORGANIZATIONS, _("Organisations")),
        (TAKEN, _("Practices taken from other regions")),
        (GIVEN, _("Practices given to other regions")),
        (STORIES, _("Replications implemented with results")),
    ]


@dataclass(frozen=True)
class MapFilters:
    """The lists' filters as the map reads them (already validated: see ``MapForm``)."""

    topic: str = ""  # topic slug
    kind: str = ""  # OrganizationKind value
    district: str = ""  # FederalDistrict value

    def key(self):
        return f"{self.topic}|{self.kind}|{self.district}"


def _count(filters, region_id=None, max_flows=60):
    """The figures, read from the tallies (``practices.tallies``): three small queries. The
    flows are the strongest ``max_flows``, after (on a region's page) every flow of that
    region; ``flow_total`` counts them all."""
    regions = list(map_regions())  # read once per process
    kind = {"kind": filters.kind} if filters.kind else {}
    topic = {"topic__slug": filters.topic} if filters.topic else {"topic__isnull": True}
    in_district = _district(filters, "region__federal_district")
    # Practices and organisations per region, in one statement (UNION ALL of two sums).
    practices, organizations = {}, {}
    practice_sums = (
        PracticeTally.objects.filter(**kind, **topic, **in_district)
        .values("region_id")
        .annotate(n=Sum("practices"), measure=Value(0))
        .values_list("region_id", "n", "measure")
        .order_by()
    )
    organization_sums = (
        OrganizationTally.objects.filter(**kind, **in_district)
        .values("region_id")
        .annotate(n=Sum("organizations"), measure=Value(1))
        .values_list("region_id", "n", "measure")
        .order_by()
    )
    for pk, n, measure in practice_sums.union(organization_sums, all=True):
        (organizations if measure else practices)[pk] = n
    taken, given, stories, implemented, total = {}, {}, {}, 0, 0
    # One row per region under any filters (sums over every kind or district where a filter
    # is not set): no sums here but the network's.
    for pk, took, gave, told, done, partners in RegionFlowTally.objects.filter(
        kind=filters.kind or ALL_KINDS,
        district=filters.district or ALL_DISTRICTS,
        **topic,
    ).values_list("region_id", "taken", "given", "stories", "implemented", "partners"):
        for measure, value in ((taken, took), (given, gave), (stories, told)):
            if value:
                measure[pk] = value
        implemented += done
        total += partners
    # One row per pair of regions under any filters (the kind's own, or ALL_KINDS): no sums.
    # (Every region has its tile: region_map skips a flow whose end has none.)
    pairs = FlowTally.objects.filter(
        kind=filters.kind or ALL_KINDS,
        **topic,
        **_district(filters, "source__federal_district"),
    ).exclude(source_id=F("target_id"))
    # The strongest flows come from the start of an index in the map's order; the count of
    # them all is the regions' partners, summed above.
    columns = ("source_id", "target_id", "replications", "practices")
    order = ("-replications", "source_id", "target_id")
    limit = max_flows
    strongest = pairs.order_by(*order).values_list(*columns)
    if region_id is None:
        rows = list(strongest[:limit])
    else:
        # On a region's page its own flows come first, all of them (partner_regions reads
        # them too), then the strongest of the others.
        limit += 2 * len(regions)
        own = pairs.filter(Q(source_id=region_id) | Q(target_id=region_id))
        if connection.features.supports_slicing_ordering_in_compound:
            both = strongest[:limit].union(own.order_by().values_list(*columns), all=True)
            rows = sorted(
                set(both),
                key=lambda row: (region_id not in row[:2], -row[2], row[0], row[1]),
            )[:limit]
        else:  # SQLite: one ordered query (its rows are few)
            mine = Case(When(Q(source_id=region_id) | Q(target_id=region_id), then=0), default=1)
            rows = list(
                pairs.annotate(mine=mine).order_by("mine", *order).values_list(*columns)[:limit]
            )
    flows = [(source, target, n, distinct) for source, target, n, distinct in rows]
    return {
        "regions": regions,
        Measure.PRACTICES: practices,
        Measure.ORGANIZATIONS: organizations,
        Measure.TAKEN: taken,
        Measure.GIVEN: given,
        Measure.STORIES: stories,
        "flows": flows,
        "flow_total": total,
        "implemented": implemented,
    }


def _district(filters, field="district"):
    return {field: filters.district} if filters.district else {}


def map_figures(filters=MapFilters(), *, region=None, max_flows=60):
    """The figures for ``filters`` (and a region's page): from the cache while nothing has
    changed."""
    region_id = region.pk if region is not None else None
    # "v3": the figures are read from the tallies, with the strongest flows only.
    return _cached(
        f"map:v3:{filters.key()}:{region_id}:{max_flows}",
        lambda: _count(filters, region_id, max_flows),
    )


def _cached(name, compute):
    """``compute()`` kept in the cache until the page cache's generation moves (any write to
    an organisation, practice, replication or event), for at most PAGE_CACHE_SECONDS."""
    seconds = settings.PAGE_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    key = f"region-exchange:{generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


# Drawing. One tile is TILE user units wide; the SVG scales to its container.

TILE = 40
GAP = 3
SHADES = 5


@dataclass
class Tile:
    code: str
    name: str
    href: str
    x: int
    y: int
    value: int
    shade: int
    figures: dict
    here: bool = False

    @property
    def label(self):
        return self.code.removeprefix("RU-")

    @property
    def col(self):
        return self.x // TILE

    @property
    def row(self):
        return self.y // TILE

    @property
    def figure_list(self):
        return [self.figures[measure] for measure, _label in Measure.CHOICES]

    @property
    def text_x(self):
        return self.x + (TILE - GAP) / 2

    @property
    def text_y(self):
        return self.y + TILE / 2 + 1


@dataclass
class Flow:
    source: Tile
    target: Tile
    replications: int
    path: str = ""
    width: float = 1.5
    highlighted: bool = False


@dataclass
class RegionMap:
    measure: str
    measure_label: str
    tiles: list
    flows: list
    flow_total: int
    legend: list
    width: int
    height: int
    region: Region | None = None
    rows: list = field(default_factory=list)

    measures = Measure.CHOICES

    @property
    def flows_hidden(self):
        return self.flow_total - len(self.flows)

    # Written here rather than by the template language: a hundred tiles and their table
    # rows through template loops cost more than the rest of the page. Text is escaped;
    # numbers are written with str(), never localised (the SVG needs 18.5, not 18,5).

    def tiles_svg(self):
        return mark_safe(
            "\n".join(
                f'<a href="{escape(t.href)}" class="s{t.shade}{" here" if t.here else ""}">'
                f"<title>{escape(t.name)}: {t.value}</title>"
                f'<rect x="{t.x}" y="{t.y}" width="37" height="37" rx="3"/>'
                f'<text x="{t.text_x}" y="{t.text_y}">{escape(t.label)}</text></a>'
                for t in self.tiles
            )
        )

    def flows_svg(self):
        return mark_safe(
            "".join(
                f'<path d="{escape(f.path)}" stroke-width="{f.width}"'
                + (' class="hl"' if f.highlighted else "")
                + ' marker-end="url(#map-arrow)"/>'
                for f in self.flows
            )
        )

    def rows_html(self):
        return mark_safe(
            "".join(
                f'<tr><th scope="row">{escape(t.name)}</th>'
                + "".join(f"<td>{int(value)}</td>" for value in t.figure_list)
                + "</tr>"
                for t in self.rows
            )
        )

    def flow_rows_html(self):
        return mark_safe(
            "".join(
                f"<tr><td>{escape(f.source.name)}</td><td>{escape(f.target.name)}</td>"
                f"<td>{int(f.replications)}</td></tr>"
                for f in self.flows
            )
        )


def _legend(top):
    """Shade buckets of equal width up to ``top``: [(shade, low, high)]."""
    if top <= 0:
        return [], 1
    step = max(1, math.ceil(top / SHADES))
    buckets = []
    for shade in range(1, SHADES + 1):
        low = (shade - 1) * step + 1
        if low > top:
            break
        buckets.append((shade, low, min(shade * step, top)))
    return buckets, step


def _curve(source, target):
    """A quadratic curve from centre to centre, bent to the left of its direction (so the
    flows A→B and B→A do not overlap), ending short of the target's centre for the arrow."""
    half = (TILE - GAP) / 2
    x1, y1 = source.x + half, source.y + half
    x2, y2 = target.x + half, target.y + half
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1
    end = max(0.0, (length - 14) / length)
    x2, y2 = x1 + dx * end, y1 + dy * end
    cx, cy = (x1 + x2) / 2 + dy * 0.2, (y1 + y2) / 2 - dx * 0.2
    return f"M{x1:.0f} {y1:.0f}Q{cx:.0f} {cy:.0f} {x2:.0f} {y2:.0f}"


_REGION_HREFS = {}  # (language, script prefix) -> {code: a region page's address}


def region_href(code):
    """A region page's address (a map links all of them, once per tile)."""
    hrefs = _REGION_HREFS.setdefault((get_language(), get_script_prefix()), {})
    try:
        return hrefs[code]
    except KeyError:
        href = hrefs[code] = address("organizations:region-detail", code=code)
        return href


def region_map(
    filters=MapFilters(), measure=Measure.PRACTICES, *, region=None, max_flows=60, figures=None
):
    """The map ready for ``practices/map.html``: tiles shaded by ``measure``, the strongest
    ``max_flows`` flows (a region page's own first, highlighted) and the table's rows."""
    figures = figures or map_figures(filters, region=region, max_flows=max_flows)
    english = (get_language() or "ru").startswith("en")
    values = figures[measure]
    legend, step = _legend(max(values.values(), default=0))
    tiles, by_id = [], {}
    for pk, code, name_ru, name_en, col, row in figures["regions"]:
        value = values.get(pk, 0)
        tile = Tile(
            code=code,
            name=name_en if english else name_ru,
            href=region_href(code),
            x=col * TILE,
            y=row * TILE,
            value=value,
            shade=min(SHADES, 1 + (value - 1) // step) if value else 0,
            figures={m: figures[m].get(pk, 0) for m, _label in Measure.CHOICES},
            here=region is not None and pk == region.pk,
        )
        tiles.append(tile)
        by_id[pk] = tile
    flows = [
        Flow(by_id[s], by_id[t], n)
        for s, t, n, _distinct in figures["flows"]
        if s in by_id and t in by_id
    ]
    # The strongest first; on a region's page its own flows before all others.
    flows.sort(
        key=lambda f: (
            not (region and region.code in (f.source.code, f.target.code)),
            -f.replications,
            f.source.code,
            f.target.code,
        )
    )
    total = figures["flow_total"]
    flows = flows[:max_flows]
    top = max((f.replications for f in flows), default=1)
    for flow in flows:
        flow.path = _curve(flow.source, flow.target)
        flow.width = round(1.5 + 4.5 * math.sqrt(flow.replications / top), 1)
        flow.highlighted = bool(region and region.code in (flow.source.code, flow.target.code))
    labels = dict(Measure.CHOICES)
    return RegionMap(
        measure=measure,
        measure_label=labels[measure],
        tiles=tiles,
        flows=flows,
        flow_total=total,
        legend=legend,
        width=max((t.x for t in tiles), default=0) + TILE,
        height=max((t.y for t in tiles), default=0) + TILE,
        region=region,
        rows=sorted(
            (t for t in tiles if any(t.figures.values())), key=lambda t: (-t.value, t.name)
        ),
    )


@dataclass
class Partner:
    code: str
    name: str
    href: str
    given: int  # replications of this region's practices there
    taken: int  # replications there of that region's practices

    @property
    def total(self):
        return self.given + self.taken


def partner_regions(region, figures=None, limit=10):
    """The regions ``region`` exchanges practices with, most replications (both ways)
    first. Read from the map's figures: no query of its own when they are cached."""
    figures = figures or map_figures()
    english = (get_language() or "ru").startswith("en")
    names = {
        pk: (code, name_en if english else name_ru)
        for pk, code, name_ru, name_en, *_ in figures["regions"]
    }
    given, taken = {}, {}
    for source, target, replications, _distinct in figures["flows"]:
        if source == region.pk:
            given[target] = given.get(target, 0) + replications
        elif target == region.pk:
            taken[source] = taken.get(source, 0) + replications
    partners = [
        Partner(names[pk][0], names[pk][1], "", given.get(pk, 0), taken.get(pk, 0))
        for pk in {*given, *taken}
        if pk in names
    ]
    partners.sort(key=lambda p: (-p.total, p.name))
    partners = partners[:limit]
    for partner in partners:  # the shown ones only (a region may have eighty partners)
        partner.href = region_href(partner.code)
    return partners


def network_figures(figures=None):
    """The network in figures: organisations, published practices, replications implemented
    (anywhere, within a region too) and the regions involved (with an organisation on the
    portal). Read from the map's figures."""
    figures = figures or map_figures()
    return {
        "organizations": sum(figures[Measure.ORGANIZATIONS].values()),
        "practices": sum(figures[Measure.PRACTICES].values()),
        "implemented": figures["implemented"],
        "regions": len(figures[Measure.ORGANIZATIONS]),
    }
