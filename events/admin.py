from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from common.admin import FullTextSearchAdminMixin, PreloadedAutocompleteMixin, run_for_each
from common.locking import VersionedAdminMixin
from organizations.admin import URL_FIELDS

from . import services
from .models import Application, Event, EventMaterial, EventPartner, ProgrammeItem, SiteVisit


class ProgrammeItemInline(PreloadedAutocompleteMixin, admin.StackedInline):
    model = ProgrammeItem
    extra = 0
    autocomplete_fields = ["speakers"]
    fields = [("start", "end", "kind"), "title", "description", "speakers"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("speakers")  # one query for all


class EventPartnerInline(PreloadedAutocompleteMixin, admin.TabularInline):
    model = EventPartner
    extra = 0
    autocomplete_fields = ["organization"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")  # each row's title


class SiteVisitInline(PreloadedAutocompleteMixin, admin.TabularInline):
    model = SiteVisit
    extra = 0
    autocomplete_fields = ["organization"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")  # each row's title


class EventMaterialInline(admin.TabularInline):
    model = EventMaterial
    extra = 0
    formfield_overrides = URL_FIELDS


class ApplicationInline(admin.TabularInline):
    model = Application
    extra = 0
    fields = ["user", "organization", "organization_name", "status", "created_at"]
    readonly_fields = ["user", "organization", "organization_name", "status", "created_at"]
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # applications go through the site so capacity is kept

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "organization", "event")


@admin.register(Event)
class EventAdmin(
    PreloadedAutocompleteMixin, FullTextSearchAdminMixin, VersionedAdminMixin, SimpleHistoryAdmin
):
    list_display = ["title", "kind", "status", "start", "region", "organizer", "capacity"]
    list_filter = ["kind", "status", "format", "region", ("start", admin.DateFieldListFilter)]
    search_fields = ["title", "slug", "summary", "organizer__name", "venue"]
    autocomplete_fields = [
        "region",
        "organizer",
        "grant_project",
        "host_organization",
        "delegation_region",
        "practices",  # not a list of every practice: a search box
    ]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["region", "organizer"]
    formfield_overrides = URL_FIELDS
    # Status changes only through the actions (the same services and checks as the site).
    readonly_fields = ["status", "created_by", "created_at", "updated_at", "published_at"]
    actions = ["publish_selected", "cancel_selected"]

    def _transition(self, request, queryset, service, done):
        run_for_each(
            self,
            request,
            queryset.select_related("organizer"),
            lambda event: service(event=event, user=request.user),
            done,
            refusals=(services.EventError,),
        )

    @admin.action(description=_("Publish the selected events"))
    def publish_selected(self, request, queryset):
        self._transition(request, queryset, services.publish_event, _("Published: %(count)d."))

    @admin.action(description=_("Cancel the selected events"))
    def cancel_selected(self, request, queryset):
        self._transition(request, queryset, services.cancel_event, _("Cancelled: %(count)d."))

    inlines = [
        ProgrammeItemInline,
        EventPartnerInline,
        SiteVisitInline,
        EventMaterialInline,
        ApplicationInline,
    ]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "summary", "description", "status"]}),
        (
            _("When and where"),
            {
                "fields": [
                    ("start", "end", "timezone"),
                    "format",
                    "region",
                    "venue",
                    "address",
                    "online_url",
                ]
            },
        ),
        (_("Organisers"), {"fields": ["organizer", "grant_project"]}),
        (
            _("Applications"),
            {
                "fields": [
                    "accepts_applications",
                    ("registration_opens", "registration_closes"),
                    ("capacity", "waitlist_enabled"),
                ]
            },
        ),
        (_("Internship"), {"fields": ["host_organization", "delegation_region", "practices"]}),
        (
            _("After the event"),
            {"fields": ["outcome_summary", "cancellation_reason", "review_comment"]},
        ),
        (
            _("Record"),
            {"fields": ["created_by", "created_at", "updated_at", "published_at"]},
        ),
    ]


@admin.register(Application)
class ApplicationAdmin(PreloadedAutocompleteMixin, admin.ModelAdmin):
    list_display = ["__str__", "event", "organization", "status", "created_at"]
    list_filter = [
        "status",
        "event__kind",
        "event__region",
        ("created_at", admin.DateFieldListFilter),
    ]
    search_fields = ["user__username", "user__email", "user__last_name", "event__title"]
    autocomplete_fields = ["event", "user", "organization"]
    list_select_related = ["event", "user", "organization"]
    readonly_fields = ["status", "decided_by", "created_at", "updated_at"]
    actions = ["accept_selected", "decline_selected"]

    def _apply(self, request, queryset, action, done):
        run_for_each(
            self,
            request,
            queryset.select_related("event__organizer", "user"),
            lambda application: action(application=application, user=request.user),
            done,
            refusals=(services.EventError,),
        )

    @admin.action(description=_("Accept the selected applications"))
    def accept_selected(self, request, queryset):
        self._apply(request, queryset, services.accept, _("Accepted: %(count)d."))

    @admin.action(description=_("Decline the selected applications"))
    def decline_selected(self, request, queryset):
        self._apply(request, queryset, services.decline, _("Declined: %(count)d."))
