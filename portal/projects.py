"""Grant projects' pages: what a project did, its indicators, and the funder's report.

A project (``organizations.GrantProject``) is listed with its events, internships and
practices (``grant_project`` on each), the participants of its events (accepted
applications, counted, never named) and the replications it started: those in progress or
implemented of the project's own practices, and those its implementing organisation and
partners took up during the project's period. The portal counts these itself; the
indicators' planned and achieved values are entered by the implementing organisation's
staff, and each may name what the portal counts for it (``IndicatorSource``), shown beside.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import modelformset_factory
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from events.projects import project_report, projects
from organizations.models import ProjectIndicator


def get_project_for(user, slug, perm):
    """The project ``slug`` if ``user`` has ``perm`` on it: 404 if unknown, 403 otherwise."""
    project = get_object_or_404(projects(), slug=slug)
    if not user.has_perm(perm, project):
        raise PermissionDenied
    return project


def period_label(project):
    start, end = project.start_date, project.end_date
    fmt = "%d.%m.%Y"
    if start and end:
        return f"{start:{fmt}} — {end:{fmt}}"
    if start:
        return _("from %(date)s") % {"date": f"{start:{fmt}}"}
    if end:
        return _("until %(date)s") % {"date": f"{end:{fmt}}"}
    return ""


# Views ------------------------------------------------------------------------------------


class ProjectListView(ListView):
    template_name = "portal/project_list.html"
    paginate_by = 20
    context_object_name = "projects"

    def get_queryset(self):
        return projects().order_by("-start_date", "title", "pk")

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class ProjectDetailView(DetailView):
    template_name = "portal/project_detail.html"
    context_object_name = "project"

    def get_object(self, queryset=None):
        return get_object_or_404(projects(), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = project_report(self.object)
        context["period"] = period_label(self.object)
        context["can_edit"] = self.request.user.has_perm(
            "organizations.change_grantproject", self.object
        )
        return context


IndicatorFormSet = modelformset_factory(
    ProjectIndicator,
    fields=["order", "title", "unit", "planned", "achieved", "source", "illustrative"],
    extra=2,
    can_delete=True,
    max_num=50,
    validate_max=True,
    absolute_max=50,
)


class IndicatorsView(LoginRequiredMixin, TemplateView):
    """The implementing organisation's staff (and moderators) enter planned and achieved
    values; every row is validated and all are saved in one transaction."""

    template_name = "portal/project_indicators.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.project = get_project_for(
            request.user, kwargs["slug"], "organizations.change_grantproject"
        )
        return super().dispatch(request, *args, **kwargs)

    def formset(self, data=None):
        formset = IndicatorFormSet(
            data, queryset=self.project.indicators.all(), prefix="indicators"
        )
        for form in formset:
            for field in form.fields.values():
                css = "form-check-input" if field.widget.input_type == "checkbox" else ""
                field.widget.attrs.setdefault("class", css or "form-control")
            form.fields["source"].widget.attrs["class"] = "form-select"
        return formset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["project"] = self.project
        context.setdefault("formset", self.formset())
        return context

    def post(self, request, *args, **kwargs):
        formset = self.formset(request.POST)
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(formset=formset))
        with transaction.atomic():
            for indicator in formset.save(commit=False):
                indicator.project = self.project
                indicator.save()
            for indicator in formset.deleted_objects:
                indicator.delete()
        messages.success(request, _("The indicators are saved."))
        return redirect(self.project)
