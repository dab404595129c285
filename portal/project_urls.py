"""Grant projects' addresses (namespace ``projects``): the list, a project's page, the
indicators' editor and the funder's report."""

from django.urls import path

from . import project_reports, projects

app_name = "projects"

urlpatterns = [
    path("projects/", projects.ProjectListView.as_view(), name="list"),
    path("projects/<slug:slug>/", projects.ProjectDetailView.as_view(), name="detail"),
    path("projects/<slug:slug>/indicators/", projects.IndicatorsView.as_view(), name="indicators"),
    path("projects/<slug:slug>/report.docx", project_reports.report_docx, name="report-docx"),
    path("projects/<slug:slug>/report.csv", project_reports.report_csv, name="report-csv"),
]
