from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from common.admin import FullTextSearchAdminMixin, PreloadedAutocompleteMixin, run_for_each
from common.locking import VersionedAdminMixin

from . import services
from .models import (
    KeyFigure,
    Practice,
    PracticeAttachment,
    PracticeStep,
    Replication,
    ReplicationAttachment,
    ReplicationFigure,
    TargetGroup,
    Topic,
)
from .resources import PracticeResource


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "name_en", "slug"]
    search_fields = ["name_ru", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "name_en", "slug"]
    search_fields = ["name_ru", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


class StepInline(admin.TabularInline):
    model = PracticeStep
    extra = 0


class KeyFigureInline(admin.TabularInline):
    model = KeyFigure
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = PracticeAttachment
    extra = 0


class ReplicationInline(PreloadedAutocompleteMixin, admin.TabularInline):
    model = Replication
    fk_name = "practice"
    extra = 0
    fields = ["adopter", "status", "notes", "started_on", "implemented_on"]
    readonly_fields = ["status"]  # changes through ReplicationAdmin's actions (services)
    autocomplete_fields = ["adopter"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("practice", "adopter")
        )  # each row's title names them


class ReplicationFigureInline(admin.TabularInline):
    model = ReplicationFigure
    extra = 0


class ReplicationAttachmentInline(admin.TabularInline):
    model = ReplicationAttachment
    extra = 0


def _transition(modeladmin, request, queryset, service, done):
    run_for_each(
        modeladmin,
        request,
        queryset.select_related("organization"),
        lambda practice: service(practice=practice, user=request.user),
        done,
        refusals=(services.PracticeWorkflowError,),
    )


@admin.register(Practice)
class PracticeAdmin(
    PreloadedAutocompleteMixin,
    FullTextSearchAdminMixin,
    VersionedAdminMixin,
    ImportExportModelAdmin,
    SimpleHistoryAdmin,
):
    resource_classes = [PracticeResource]
    list_display = ["title", "organization", "region", "status", "published_at", "updated_at"]
    list_filter = [
        "status",
        "format",
        "region__federal_district",
        "region",
        "organization__kind",
        "topics",
        # Not date_hierarchy: it reads the years of every row on each page of the list.
        ("published_at", admin.DateFieldListFilter),
    ]
    search_fields = ["title", "slug", "summary", "organization__name", "locality"]
    autocomplete_fields = ["organization", "region", "grant_project", "contact_person"]
    filter_horizontal = ["topics", "target_groups"]
    remembered_fields = ["topics", "target_groups"]
    prepopulated_fields = {"slug": ["title"]}
    # The workflow's fields change only through the actions below (the same services,
    # checks, history and e-mails as the site).
    readonly_fields = [
        "status",
        "moderator_comment",
        "published_at",
        "created_by",
        "updated_by",
        "created_at",
        "updated_at",
    ]
    list_select_related = ["organization", "region"]
    inlines = [StepInline, KeyFigureInline, AttachmentInline, ReplicationInline]
    actions = ["submit", "publish", "archive"]

    @admin.action(description=_("Submit the selected practices for review"))
    def submit(self, request, queryset):
        _transition(
            self, request, queryset, services.submit_practice, _("%(count)d practices submitted.")
        )

    @admin.action(description=_("Publish the selected practices"))
    def publish(self, request, queryset):
        _transition(
            self, request, queryset, services.publish_practice, _("%(count)d practices published.")
        )

    @admin.action(description=_("Archive the selected practices"))
    def archive(self, request, queryset):
        _transition(
            self, request, queryset, services.archive_practice, _("%(count)d practices archived.")
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.refresh_replication_count(form.instance.pk)  # inline rows added or removed


@admin.register(Replication)
class ReplicationAdmin(SimpleHistoryAdmin):
    list_display = ["practice", "adopter", "status", "requested_at", "implemented_on"]
    list_filter = ["status", "adopter__region", ("requested_at", admin.DateFieldListFilter)]
    search_fields = ["practice__title", "adopter__name"]
    autocomplete_fields = ["practice", "adopter", "requested_by"]
    list_select_related = ["practice", "adopter"]
    readonly_fields = ["status", "decided_at", "requested_at", "updated_at"]
    inlines = [ReplicationFigureInline, ReplicationAttachmentInline]
    actions = ["accept", "decline", "drop"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.refresh_replication_count(obj.practice_id)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.refresh_replication_count(obj.practice_id)

    def delete_queryset(self, request, queryset):
        practice_ids = set(queryset.values_list("practice_id", flat=True))
        super().delete_queryset(request, queryset)
        for practice_id in practice_ids:
            services.refresh_replication_count(practice_id)

    def _decide(self, request, queryset, service, done):
        run_for_each(
            self,
            request,
            queryset.select_related("practice__organization", "adopter"),
            lambda replication: service(replication=replication, user=request.user),
            done,
            refusals=(services.PracticeWorkflowError,),
        )

    @admin.action(description=_("Accept the selected requests"))
    def accept(self, request, queryset):
        self._decide(request, queryset, services.accept_replication, _("Accepted: %(count)d."))

    @admin.action(description=_("Decline the selected requests"))
    def decline(self, request, queryset):
        self._decide(request, queryset, services.decline_replication, _("Declined: %(count)d."))

    @admin.action(description=_("Mark the selected replications dropped"))
    def drop(self, request, queryset):
        self._decide(request, queryset, services.drop_replication, _("Dropped: %(count)d."))
