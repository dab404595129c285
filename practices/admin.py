from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import (
    KeyFigure,
    Practice,
    PracticeAttachment,
    PracticeStatus,
    PracticeStep,
    Replication,
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


class ReplicationInline(admin.TabularInline):
    model = Replication
    fk_name = "practice"
    extra = 0
    fields = ["adopter", "status", "notes", "started_on", "implemented_on"]
    autocomplete_fields = ["adopter"]


def _transition(modeladmin, request, queryset, service, done):
    count = 0
    for practice in queryset:
        try:
            service(practice=practice, user=request.user)
            count += 1
        except (services.PracticeWorkflowError, PermissionDenied) as exc:
            modeladmin.message_user(request, f"{practice}: {exc}", messages.WARNING)
    if count:
        modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)


@admin.register(Practice)
class PracticeAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [PracticeResource]
    list_display = ["title", "organization", "region", "status", "published_at", "updated_at"]
    list_filter = [
        "status",
        "format",
        "region__federal_district",
        "region",
        "organization__kind",
        "topics",
    ]
    search_fields = ["title", "slug", "summary", "organization__name", "locality"]
    autocomplete_fields = ["organization", "region", "grant_project", "contact_person"]
    filter_horizontal = ["topics", "target_groups"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_by", "updated_by", "created_at", "updated_at"]
    list_select_related = ["organization", "region"]
    date_hierarchy = "published_at"
    inlines = [StepInline, KeyFigureInline, AttachmentInline, ReplicationInline]
    actions = ["publish", "archive"]

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
        if obj.status == PracticeStatus.PUBLISHED and not obj.published_at:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(Replication)
class ReplicationAdmin(SimpleHistoryAdmin):
    list_display = ["practice", "adopter", "status", "requested_at", "implemented_on"]
    list_filter = ["status", "adopter__region"]
    search_fields = ["practice__title", "adopter__name"]
    autocomplete_fields = ["practice", "adopter", "requested_by"]
    list_select_related = ["practice", "adopter"]
    date_hierarchy = "requested_at"
