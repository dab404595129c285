"""The funder's report on a grant project: ``report.docx`` (python-docx) and ``report.csv``.

Both carry the same figures as the project's page (``portal.projects.project_report``): the
summary, the indicators (planned, achieved, what the portal counts), the events with dates
and participants (counted, never named), the practices and the replications. Public facts
only, so the report is public like the page.
"""

import csv
import io

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET
from docx import Document
from docx.shared import Pt

from .projects import get_project_for, period_label, project_report

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _value(value):
    return "—" if value is None else str(value)


def _event_dates(event):
    start, end = event.local_start, event.local_end
    if start.date() == end.date():
        return f"{date_format(start, 'j E Y, H:i')}–{end:%H:%M} ({event.zone_label})"
    return f"{date_format(start, 'j E Y')} — {date_format(end, 'j E Y')} ({event.zone_label})"


def _indicator_rows(report):
    for indicator in report.indicators:
        title = indicator.title + (f" ({indicator.unit})" if indicator.unit else "")
        if indicator.illustrative:
            title += " *"
        yield title, indicator.planned, indicator.achieved, indicator.computed


def summary_rows(report):
    project = report.project
    return [
        (_("Grant programme"), project.programme.title if project.programme else ""),
        (_("Funder"), str(project.funder or "")),
        (_("Operator"), str(project.operator or "")),
        (_("Implementing organisation"), project.implementer.name),
        (_("Partners"), "; ".join(p.name for p in report.partners)),
        (_("Period"), period_label(project)),
    ]


def _table(document, header, rows):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = _value(value)
    return table


def build_docx(report, site_url=""):
    """The report as a .docx document (bytes)."""
    project = report.project
    document = Document()
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(_("Report on the grant project"), level=0)
    document.add_paragraph(project.title).runs[0].bold = True
    _table(document, [_("Item"), _("Value")], summary_rows(report))
    if project.description:
        document.add_paragraph(project.description)

    document.add_heading(_("Indicators"), level=1)
    _table(
        document,
        [_("Indicator"), _("Planned"), _("Achieved"), _("Counted by the portal")],
        list(_indicator_rows(report)),
    )
    if report.has_illustrative:
        document.add_paragraph(_("* Illustrative figure, not a fact."))

    document.add_heading(_("Events"), level=1)
    cancelled = pgettext("event", "Cancelled")
    _table(
        document,
        [_("Event"), _("Kind"), _("Dates"), _("Region"), _("Participants")],
        [
            (
                e.title + (f" ({cancelled})" if e.is_cancelled else ""),
                e.get_kind_display(),
                _event_dates(e),
                e.region.name,
                e.participants,
            )
            for e in report.events
        ],
    )
    document.add_paragraph(_("Participants are accepted applications, counted; nobody is named."))

    document.add_heading(_("Practices"), level=1)
    _table(
        document,
        [_("Practice"), _("Organisation"), _("Region")],
        [(p.title, p.organization.name, p.region.name) for p in report.practices],
    )

    document.add_heading(_("Replications"), level=1)
    _table(
        document,
        [_("Practice"), _("From"), _("Adopting organisation"), _("Region"), _("Status")],
        [
            (
                r.practice.title,
                r.practice.region.name,
                r.adopter.name,
                r.adopter.region.name,
                r.get_status_display(),
            )
            for r in report.replications
        ],
    )
    document.add_paragraph(
        _("Made on %(date)s from the portal's data: %(url)s")
        % {
            "date": date_format(timezone.localdate(), "j E Y"),
            "url": site_url + project.get_absolute_url(),
        }
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


CSV_HEADER = ["section", "title", "planned", "achieved", "counted", "date", "region", "detail"]


def csv_rows(report):
    """One table for every section (``section`` names it), so any spreadsheet reads it."""
    project = report.project
    yield [
        "project",
        project.title,
        "",
        "",
        "",
        period_label(project),
        "",
        project.implementer.name,
    ]
    for label, value in summary_rows(report):
        yield ["summary", label, "", "", "", "", "", value]
    for title, planned, achieved, computed in _indicator_rows(report):
        yield ["indicator", title, planned, achieved, computed, "", "", ""]
    for e in report.events:
        yield [
            "event", e.title, "", "", e.participants, e.local_start.date().isoformat(),
            e.region.code, e.get_kind_display(),
        ]  # fmt: skip
    for p in report.practices:
        yield ["practice", p.title, "", "", "", "", p.region.code, p.organization.name]
    for r in report.replications:
        yield [
            "replication", r.practice.title, "", "", "", r.requested_at.date().isoformat(),
            r.adopter.region.code, f"{r.adopter.name}: {r.get_status_display()}",
        ]  # fmt: skip


@require_GET
def report_docx(request, slug):
    project = get_project_for(request.user, slug, "organizations.view_grantproject")
    body = build_docx(project_report(project), settings.SITE_URL)
    response = HttpResponse(body, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{project.slug}-report.docx"'
    return response


@require_GET
def report_csv(request, slug):
    project = get_project_for(request.user, slug, "organizations.view_grantproject")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    writer.writerows(
        ["" if value is None else value for value in row]
        for row in csv_rows(project_report(project))
    )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{project.slug}-report.csv"'
    return response
