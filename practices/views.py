from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Value, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from common.actions import Action, ActionView
from common.editing import FormsetsMixin
from common.files import file_response, image_response
from common.http import back_to
from common.lists import CSVExportView, FilteredListView
from common.locking import claim_version
from common.search import snippets
from organizations.rules import membership_roles

from . import services, tallies
from .filters import PracticeExportFilter, PracticeFilter
from .forms import (
    AttachmentFormSet,
    CompleteReplicationForm,
    DecisionForm,
    KeyFigureFormSet,
    PracticeForm,
    ReplicationAttachmentFormSet,
    ReplicationFigureFormSet,
    ReplicationRequestForm,
    ReplicationResultsForm,
    ReturnForm,
    StepFormSet,
)
from .models import (
    ACTIVE_REPLICATION_STATUSES,
    Practice,
    Replication,
    ReplicationStatus,
    TargetGroup,
    Topic,
)

# Access helpers: every view that reads or writes a practice or a replication goes through them.


def get_practice(user, slug, perm=None):
    """The practice with what its page needs; 404 to those who may not see it,
    PermissionDenied to those who see it but lack ``perm``."""
    practice = get_object_or_404(
        # What the pages show; each join more cost a millisecond of planning.
        Practice.objects.select_related(
            "organization__region", "region", "grant_project__programme", "contact_person"
        ),
        slug=slug,
    )
    if not user.has_perm("practices.view_practice", practice):
        raise Http404
    if perm and not user.has_perm(perm, practice):
        raise PermissionDenied
    return practice


def get_replication(user, pk, perm=None):
    """The replication; 404 to those who may not see its practice, PermissionDenied to those
    who see it but lack ``perm`` on the replication."""
    replication = get_object_or_404(Replication.objects.with_related(), pk=pk)
    if not user.has_perm("practices.view_practice", replication.practice):
        raise Http404
    if perm and not user.has_perm(perm, replication):
        raise PermissionDenied
    return replication


# Lists -----------------------------------------------------------------------------------


# The list's filters that the tallies count by (practices.tallies.practice_count); sort
# changes no count.
TALLIED = {"region", "district", "kind", "topic", "sort"}


def tallied_count(filterset, topic=None):
    """How many practices the list holds, from the tallies, when it is filtered by nothing
    they do not count by; else None (the paginator counts, up to its cap). ``topic``: the
    topic a topic's page is about."""
    form = filterset.form
    data = {}
    if form.is_bound:
        if not form.is_valid():
            return None
        data = {name: value for name, value in form.cleaned_data.items() if value}
    if set(data) - TALLIED:
        return None
    if topic is not None and data.get("topic") not in (None, topic):
        return None  # another topic on a topic's page: the practices on both
    return tallies.practice_count(
        region=data.get("region"),
        district=data.get("district"),
        kind=data.get("kind"),
        topic=topic or data.get("topic"),
    )


class PracticeListView(FilteredListView):
    filterset_class = PracticeFilter
    queryset = Practice.objects.published().for_list()
    template_name = "practices/practice_list.html"

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.known_count = tallied_count(self.filterset)
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.has_perm("practices.add_practice")
        context["object_list"] = with_snippets(context["object_list"], self.request.GET.get("q"))
        return context


def with_snippets(practices, query):
    """Sets ``snippet`` (the summary with the query's words marked) on each practice shown;
    one query for the page, none without a search or when the ranked rows were read with
    theirs (``ranked(..., snippet_of="summary")``)."""
    practices = list(practices)
    missing = [p for p in practices if not hasattr(p, "snippet")]
    found = snippets(Practice, [p.pk for p in missing], query, field="summary")
    for practice in missing:
        practice.snippet = found.get(practice.pk)
    return practices


class PracticeExportView(CSVExportView):
    filterset_class = PracticeExportFilter
    queryset = Practice.objects.published().for_list()
    filename = "practices"
    columns = (
        (gettext_lazy("Title"), lambda p: p.title),
        (gettext_lazy("Page"), lambda p: settings.SITE_URL + p.get_absolute_url()),
        (gettext_lazy("Organisation"), lambda p: p.organization.name),
        (gettext_lazy("Region"), lambda p: p.region.name),
        (gettext_lazy("Region code"), lambda p: p.region.code),
        (gettext_lazy("Locality"), lambda p: p.locality),
        (gettext_lazy("Topics"), lambda p: "; ".join(t.name for t in p.topics.all())),
        (gettext_lazy("Format"), lambda p: p.get_format_display()),
        (gettext_lazy("Year started"), lambda p: p.year_started),
        (gettext_lazy("Replications"), lambda p: p.replication_count),
        (gettext_lazy("Published"), lambda p: p.published_at.date() if p.published_at else ""),
        (gettext_lazy("Summary"), lambda p: p.summary),
    )


class TopicListView(ListView):
    template_name = "practices/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        return tallies.with_practice_counts(Topic.objects.all())


class TopicDetailView(FilteredListView):
    """A topic's page: its published practices, with the list's filters and sorting."""

    filterset_class = PracticeFilter
    template_name = "practices/topic_detail.html"

    def get_queryset(self):
        self.topic = get_object_or_404(
            tallies.with_practice_counts(Topic.objects.all()), slug=self.kwargs["slug"]
        )
        return Practice.objects.published().for_list().filter(topics=self.topic)

    def get_paginator(self, *args, **kwargs):
        """The page counts the topic's practices from the tallies (counting them through the
        topics join took 24 ms at a million practices), unless filtered beyond them."""
        paginator = super().get_paginator(*args, **kwargs)
        paginator.known_count = tallied_count(self.filterset, topic=self.topic)
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topic"] = self.topic
        context["object_list"] = with_snippets(context["object_list"], self.request.GET.get("q"))
        return context


# The passport -----------------------------------------------------------------------------


def topics_and_groups(practice):
    """The practice's topics and target groups, each by name, in one query (a UNION ALL of
    the two joins): the rows a passport shows, without a topic's description."""
    columns = ("kind", "pk", "slug", "name_ru", "name_en")
    topics = Topic.objects.filter(practices=practice).annotate(kind=Value(0))
    groups = TargetGroup.objects.filter(practices=practice).annotate(kind=Value(1))
    both = (
        topics.values_list(*columns)
        .order_by()
        .union(groups.values_list(*columns).order_by(), all=True)
    )
    found = ([], [])
    for kind, pk, slug, name_ru, name_en in both.order_by("kind", "name_ru", "pk"):
        model = TargetGroup if kind else Topic
        found[kind].append(model(pk=pk, slug=slug, name_ru=name_ru, name_en=name_en))
    return found


class PracticeDetailView(DetailView):
    template_name = "practices/practice_detail.html"
    context_object_name = "practice"
    related_count = 4
    history_count = 30

    def get_object(self, queryset=None):
        return get_practice(self.request.user, self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        practice = self.object
        # On the practice already read (a second read of its row would cost a query).
        prefetch_related_objects(
            [practice],
            "steps",
            "key_figures",
            "attachments",
            Prefetch(
                "replications",
                queryset=Replication.objects.select_related(
                    "adopter__region", "requested_by"
                ).prefetch_related("figures", "attachments"),
            ),
        )
        topics, target_groups = topics_and_groups(practice)
        replications = list(practice.replications.all())
        context.update(
            steps=practice.steps.all(),
            key_figures=practice.key_figures.all(),
            attachments=practice.attachments.all(),
            topics=topics,
            target_groups=target_groups,
            related=self._related(practice, topics),
            can=self._permissions(user, practice),
        )
        for replication in replications:
            replication.practice = practice
            replication.can_record_results = user.has_perm(
                "practices.record_replication_results", replication
            )
        context.update(where_it_works(practice, replications))
        context["replications"] = self._replications_for(user, practice, replications)
        if context["can"]["history"]:
            context["history"] = practice.history.select_related("history_user")[
                : self.history_count
            ]
        context["return_form"] = ReturnForm()
        context.update(self._request_form(user, practice, replications))
        return context

    def _related(self, practice, topics):
        """The newest practices sharing the first topic: one indexed query of bounded cost
        (no DISTINCT over the topics join of the whole table)."""
        if not topics:
            return []
        return list(
            Practice.objects.published()
            .for_cards()
            .filter(topics=topics[0])
            .exclude(pk=practice.pk)
            .order_by("-published_at", "-pk")[: self.related_count]
        )

    @staticmethod
    def _permissions(user, practice):
        def can(name):
            return user.has_perm(f"practices.{name}", practice)

        return {
            "change": can("change_practice"),
            "submit": can("submit_practice"),
            "publish": can("publish_practice"),
            "return": can("return_practice"),
            "archive": can("archive_practice"),
            "history": can("view_practice_history"),
            "request": can("request_replication"),
        }

    @staticmethod
    def _replications_for(user, practice, replications):
        """The replications this user may follow (all of them for the practice's organisation
        and moderators, their own for adopters), with the actions allowed on each."""
        mine = membership_roles(user)
        sees_all = user.has_perm("practices.view_all_replications", practice)
        rows = []
        for replication in replications:
            if not sees_all and replication.adopter_id not in mine:
                continue
            replication.practice = practice
            rows.append(
                {
                    "object": replication,
                    "can_decide": user.has_perm("practices.decide_replication", replication),
                    "can_complete": user.has_perm("practices.complete_replication", replication),
                    "can_drop": user.has_perm("practices.drop_replication", replication),
                }
            )
        return rows

    @staticmethod
    def _request_form(user, practice, replications):
        """The "Хочу внедрить" form for the user's organisations that have not asked yet."""
        if not user.has_perm("practices.request_replication", practice):
            return {}
        mine = membership_roles(user)
        already = {r.adopter_id for r in replications}
        organizations = services.adopter_choices(user, practice).exclude(pk__in=already)
        form = ReplicationRequestForm(organizations=organizations)
        return {
            "my_replications": [r for r in replications if r.adopter_id in mine],
            "request_form": form if form.choices_count else None,
        }


def where_it_works(practice, replications):
    """Organisations by replication status and regions with counts, for the passport."""
    groups = {status: [] for status in ACTIVE_REPLICATION_STATUSES}
    for replication in replications:
        if replication.status in groups:
            groups[replication.status].append(replication)
    regions = Counter({practice.region: 1})
    for replication in replications:
        if replication.status in (ReplicationStatus.IN_PROGRESS, ReplicationStatus.IMPLEMENTED):
            regions[replication.adopter.region] += 1
    labels = dict(ReplicationStatus.choices)
    return {
        "works_groups": [
            (status, labels[status], items) for status, items in groups.items() if items
        ],
        "works_regions": sorted(regions.items(), key=lambda item: (-item[1], item[0].name_ru)),
        "replication_total": sum(len(items) for items in groups.values()),
    }


# Files ------------------------------------------------------------------------------------


def practice_file(request, slug, pk, name):
    """An attachment, with the practice's visibility (a draft's files are 404 to strangers)."""
    practice = get_practice(request.user, slug)
    attachment = get_object_or_404(practice.attachments, pk=pk)
    return file_response(
        attachment.file,
        download_name=attachment.download_name,
        content_type=attachment.content_type,
        public=practice.is_published,
    )


def practice_cover(request, slug, name):
    practice = get_practice(request.user, slug)
    return image_response(practice.cover, stem=practice.slug, public=practice.is_published)


# Create and edit --------------------------------------------------------------------------


class PracticeFormMixin(FormsetsMixin):
    form_class = PracticeForm
    template_name = "practices/practice_form.html"
    formset_classes = (
        ("steps", StepFormSet, gettext_lazy("Steps, in order")),
        ("figures", KeyFigureFormSet, gettext_lazy("Key figures")),
        ("attachments", AttachmentFormSet, gettext_lazy("Attachments")),
    )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["max_attachment_mb"] = settings.MAX_ATTACHMENT_SIZE // (1024 * 1024)
        return context

    def save_all(self, form, formsets):
        practice = form.save(commit=False)
        claim_version(practice, form.cleaned_data.get("version"))
        if not practice.pk:
            practice.created_by = self.request.user
        practice.updated_by = self.request.user
        practice._history_user = self.request.user
        practice.save()
        form.save_m2m()
        for formset in formsets:
            formset.instance = practice
            formset.save()
        return practice


class PracticeCreateView(PracticeFormMixin, CreateView):
    success_message = gettext_lazy("The draft is saved. Submit it for review when it is ready.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("practices.add_practice"):
            raise PermissionDenied(_("Only members of an organisation can add practices."))
        return super().dispatch(request, *args, **kwargs)


class PracticeUpdateView(PracticeFormMixin, UpdateView):
    success_message = gettext_lazy("The practice is saved.")

    def get_object(self, queryset=None):
        return get_practice(self.request.user, self.kwargs["slug"], "practices.change_practice")


class ReplicationResultsView(FormsetsMixin, UpdateView):
    """/practices/replications/<pk>/results/: the adopting organisation tells what came of
    an implemented replication (text, figures, files); shown in the passport's
    "where it works" and on the adopter's region page."""

    form_class = ReplicationResultsForm
    template_name = "practices/replication_results_form.html"
    context_object_name = "replication"
    formset_classes = (
        ("figures", ReplicationFigureFormSet, gettext_lazy("Key figures")),
        ("attachments", ReplicationAttachmentFormSet, gettext_lazy("Attachments")),
    )
    success_message = gettext_lazy("The results of the replication are saved.")

    def get_object(self, queryset=None):
        replication = get_replication(
            self.request.user, self.kwargs["pk"], "practices.record_replication_results"
        )
        if replication.status != ReplicationStatus.IMPLEMENTED:  # superusers pass every rule
            raise PermissionDenied(_("Results are recorded once the replication is implemented."))
        return replication

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["max_attachment_mb"] = settings.MAX_ATTACHMENT_SIZE // (1024 * 1024)
        return context

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (services.PracticeWorkflowError, PermissionDenied, ValidationError) as error:
            messages.error(self.request, " ".join(getattr(error, "messages", [str(error)])))
            return self.show_errors(form, self.get_formsets(form))

    def save_all(self, form, formsets):
        return services.record_replication_results(
            replication=form.instance,
            user=self.request.user,
            results=form.cleaned_data["results"],
            formsets=formsets,
        )


def replication_file(request, pk, file_pk, name):
    """A file of a replication's results, with its practice's visibility."""
    replication = get_replication(request.user, pk)
    attachment = get_object_or_404(replication.attachments, pk=file_pk)
    return file_response(
        attachment.file,
        download_name=attachment.download_name,
        content_type=attachment.content_type,
        public=replication.practice.is_published,
    )


# Actions (POST only) ----------------------------------------------------------------------


class PracticeActionView(ActionView):
    """POST /practices/<slug>/<action>/ (return/ and implement/ have their own names)."""

    object_name = "practice"
    refusals = (services.PracticeWorkflowError,)
    actions = {
        "submit": Action(
            services.submit_practice,
            gettext_lazy("The practice is submitted for review."),
            perm="practices.submit_practice",
        ),
        "publish": Action(
            services.publish_practice,
            gettext_lazy("The practice is published."),
            perm="practices.publish_practice",
        ),
        "archive": Action(
            services.archive_practice,
            gettext_lazy("The practice is archived."),
            perm="practices.archive_practice",
        ),
        "return": Action(
            services.return_practice,
            gettext_lazy("The practice is returned to its authors with your comment."),
            perm="practices.return_practice",
            form=ReturnForm,
            invalid=gettext_lazy("Write a comment for the authors before returning."),
        ),
        # Who may ask for which organisation is the service's to decide.
        "implement": Action(
            services.request_replication,
            gettext_lazy(
                "Your request is sent to the practice's organisation. Follow it on your dashboard."
            ),
            form=ReplicationRequestForm,
            form_kwargs=lambda request, practice: {
                "organizations": services.adopter_choices(request.user, practice)
            },
            invalid=gettext_lazy("Choose one of your organisations."),
        ),
    }

    def get_object(self, perm):
        return get_practice(self.request.user, self.kwargs["slug"], perm)


class ReplicationActionView(ActionView):
    """POST /practices/replications/<pk>/<action>/; back to the page it was sent from."""

    object_name = "replication"
    refusals = (services.PracticeWorkflowError,)
    actions = {
        "accept": Action(
            services.accept_replication,
            pgettext_lazy("replication", "The request is accepted."),
            perm="practices.decide_replication",
            form=DecisionForm,
        ),
        "decline": Action(
            services.decline_replication,
            pgettext_lazy("replication", "The request is declined."),
            perm="practices.decide_replication",
            form=DecisionForm,
        ),
        "drop": Action(
            services.drop_replication,
            gettext_lazy("The replication is marked dropped."),
            perm="practices.drop_replication",
        ),
        "implemented": Action(
            services.complete_replication,
            gettext_lazy(
                "The replication is marked implemented. Thank you for sharing the results."
            ),
            perm="practices.complete_replication",
            form=CompleteReplicationForm,
            invalid=gettext_lazy("Describe the results and give a valid date."),
        ),
    }

    def get_object(self, perm):
        return get_replication(self.request.user, self.kwargs["pk"], perm)

    def get_redirect(self, replication):
        return back_to(self.request, replication.practice)
