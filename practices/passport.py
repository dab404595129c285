"""The practice passport to take away: ``/practices/<slug>/passport.docx`` (python-docx).

The whole passport as on the page, for an NGO to paste into its own grant application:
facts, problem, goal, solution, steps, results with the key figures, evidence, resources,
conditions, risks, notes on replication, where it works, and contacts — the contact
person only with their consent (152-FZ), otherwise "Participant". In the page's language
(``/en/practices/<slug>/passport.docx`` in English). The browser's print stylesheet stays
for a PDF.

Long texts are Markdown; the document keeps their paragraphs, list items and emphasis-free
text (links become "text (address)"), which is what a grant form accepts anyway.
"""

import io
import re

from django.conf import settings
from django.http import HttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from docx import Document
from docx.shared import Pt

from .exchange import FLOW_STATUSES
from .models import ReplicationStatus
from .views import get_practice

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_NUMBER = re.compile(r"^\s*\d+[.)]\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s+")


def _plain(text):
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text)
    return _EMPHASIS.sub(r"\2", text)


def add_markdown(document, text):
    """Markdown's paragraphs, headings and list items as the document's own."""
    paragraph = []

    def flush():
        if paragraph:
            document.add_paragraph(_plain(" ".join(paragraph)))
            paragraph.clear()

    for line in (text or "").splitlines():
        if not line.strip():
            flush()
        elif _HEADING.match(line):
            flush()
            document.add_paragraph().add_run(_plain(_HEADING.sub("", line))).bold = True
        elif _BULLET.match(line):
            flush()
            document.add_paragraph(_plain(_BULLET.sub("", line)), style="List Bullet")
        elif _NUMBER.match(line):
            flush()
            document.add_paragraph(_plain(_NUMBER.sub("", line)), style="List Number")
        elif line.lstrip().startswith("|") and set(line.strip()) <= set("|-: "):
            continue  # a table's rule line
        else:
            paragraph.append(line.strip().strip("|").replace("|", " · ").strip())
    flush()


def _facts(practice, topics, groups):
    contact = practice.contact_person
    rows = [
        (_("Organisation"), f"{practice.organization.name} ({practice.organization.get_kind_display()})"),
        (_("Region"), practice.region.name + (f", {practice.locality}" if practice.locality else "")),
        (_("Year started"), practice.year_started or ""),
        (_("Format"), practice.get_format_display()),
        (_("Topics"), ", ".join(t.name for t in topics)),
        (_("Target groups"), ", ".join(g.name for g in groups)),
        (_("Grant project"), practice.grant_project.title if practice.grant_project else ""),
    ]  # fmt: skip
    if contact:
        details = [str(contact.public_name)]
        if contact.public_consent:
            details += [contact.position, contact.email, contact.phone]
        rows.append((_("Contact person"), ", ".join(d for d in details if d)))
    org = practice.organization
    contacts = ", ".join(v for v in (org.email, org.phone, org.website) if v)
    rows.append((_("Organisation's contacts"), contacts))
    if practice.published_at:
        rows.append((_("Published"), date_format(practice.published_at, "j E Y")))
    return [(label, str(value)) for label, value in rows if value]


def _section(document, title, text):
    if text:
        document.add_heading(title, level=1)
        add_markdown(document, text)


def build_passport(practice, site_url=""):
    """The passport as a .docx document (bytes). Five queries: topics, target groups,
    steps, key figures, replications."""
    topics = list(practice.topics.order_by("name_ru"))
    groups = list(practice.target_groups.order_by("name_ru"))
    document = Document()
    document.styles["Normal"].font.size = Pt(10.5)
    document.add_paragraph(_("Practice passport")).runs[0].italic = True
    document.add_heading(practice.title, level=0)
    document.add_paragraph(practice.summary)

    facts = _facts(practice, topics, groups)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in facts:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value

    _section(document, _("Problem and context"), practice.problem)
    _section(document, _("Goal"), practice.goal)
    _section(document, _("Solution"), practice.solution)

    steps = list(practice.steps.all())
    if steps:
        document.add_heading(_("Steps"), level=1)
        for step in steps:
            text = step.title + (f" ({step.duration})" if step.duration else "")
            document.add_paragraph(text, style="List Number").runs[0].bold = True
            if step.description:
                add_markdown(document, step.description)

    figures = list(practice.key_figures.all())
    if figures or practice.results or practice.reach:
        document.add_heading(_("Results"), level=1)
        for figure in figures:
            item = document.add_paragraph(style="List Bullet")
            item.add_run(figure.value).bold = True
            item.add_run(f" {figure.label}")
            if figure.illustrative:
                illustrative = _("illustrative")
                item.add_run(f" ({illustrative})").italic = True
        if practice.reach:
            document.add_paragraph(_("People reached: %(n)s") % {"n": practice.reach})
        if practice.results_period:
            document.add_paragraph(_("Period: %(period)s") % {"period": practice.results_period})
        add_markdown(document, practice.results)
        if practice.evidence:
            document.add_paragraph().add_run(_("Evidence")).bold = True
            add_markdown(document, practice.evidence)

    resources = [
        (_("Staff"), practice.resources_staff),
        (_("Volunteers"), practice.resources_volunteers),
        (_("Budget"), practice.get_budget_range_display() if practice.budget_range else ""),
        (_("Partners"), practice.resources_partners),
    ]
    if any(value for _label, value in resources):
        document.add_heading(_("Resources needed"), level=1)
        for label, value in resources:
            if value:
                item = document.add_paragraph(style="List Bullet")
                item.add_run(f"{label}: ").bold = True
                item.add_run(value)

    _section(document, _("Conditions for success"), practice.conditions)
    _section(document, _("Risks"), practice.risks)
    _section(document, _("How to replicate it"), practice.replicability)

    replications = list(
        practice.replications.filter(status__in=FLOW_STATUSES)
        .select_related("adopter__region")
        .order_by("adopter__region__name_ru", "adopter__name")
    )
    document.add_heading(_("Where it works"), level=1)
    origin = _("where the practice was born")
    document.add_paragraph(
        f"{practice.organization.name} ({practice.region.name}) — {origin}", style="List Bullet"
    )
    for replication in replications:
        status = (
            _("implemented")
            if replication.status == ReplicationStatus.IMPLEMENTED
            else _("being implemented")
        )
        document.add_paragraph(
            f"{replication.adopter.name} ({replication.adopter.region.name}) — {status}",
            style="List Bullet",
        )

    document.add_paragraph(
        _("Source: %(url)s") % {"url": site_url + practice.get_absolute_url()}
    ).runs[0].italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@require_GET
def passport_docx(request, slug):
    """The passport of a practice the user may see (404 otherwise, as its page)."""
    practice = get_practice(request.user, slug)
    response = HttpResponse(build_passport(practice, settings.SITE_URL), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{practice.slug}-passport.docx"'
    return response
