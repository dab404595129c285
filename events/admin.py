from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from organizations.admin import URL_FIELDS

from . import services
from .models import Application, Event, EventMaterial, EventPartner, ProgrammeItem, SiteVisit


class ProgrammeItemInline(admin.StackedInline):
    model = ProgrammeItem
    extra = 0
    autocomplete_fields = ["speakers"]
    fields = [("start", "end", "kind"), "title", "description", "speakers"]


class EventPartnerInline(admin.TabularInline):
    model = EventPartner
    extra = 0
    autocomplete_fields = ["organization"]


class SiteVisitInline(admin.TabularInline):
    model = SiteVisit
    extra = 0
    autocomplete_fields = ["organization"]


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


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "status", "start", "region", "organizer", "capacity"]
    list_filter = ["kind", "status", "format", "region", ("start", admin.DateFieldListFilter)]
    search_fields = ["title", "slug", "summary", "organizer__name", "venue"]
    date_hierarchy = "start"
    autocomplete_fields = [
        "region",
        "organizer",
        "grant_project",
        "host_organization",
        "delegation_region",
    ]
    filter_horizontal = ["practices"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["region", "organizer"]
    formfield_overrides = URL_FIELDS
    readonly_fields = ["created_by", "created_at", "updated_at", "published_at"]
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
        (_("After the event"), {"fields": ["outcome_summary", "cancellation_reason"]}),
        (
            _("Record"),
            {"fields": ["created_by", "created_at", "updated_at", "published_at"]},
        ),
    ]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
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
        count = 0
        for application in queryset.select_related("event__organizer", "user"):
            try:
                action(application=application, user=request.user)
            except services.EventError as exc:
                self.message_user(request, f"{application}: {exc}", messages.WARNING)
            else:
                count += 1
        self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Accept the selected applications"))
    def accept_selected(self, request, queryset):
        self._apply(request, queryset, services.accept, _("Accepted: %(count)d."))

    @admin.action(description=_("Decline the selected applications"))
    def decline_selected(self, request, queryset):
        self._apply(request, queryset, services.decline, _("Declined: %(count)d."))
