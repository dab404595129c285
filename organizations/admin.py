from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from common.admin import FullTextSearchAdminMixin, PreloadedAutocompleteMixin, run_for_each
from common.locking import VersionedAdminMixin

from . import services
from .models import (
    GrantProgramme,
    GrantProject,
    Membership,
    Organization,
    Person,
    ProjectIndicator,
    Region,
    VerificationRecord,
)
from .resources import OrganizationResource

# Links typed without a scheme become https:// (Django 6's default, chosen now).
URL_FIELDS = {models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}}


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "code", "federal_district", "timezone", "registered_ngos"]
    list_filter = ["federal_district", "timezone", "is_iso_code"]
    search_fields = ["name_ru", "name_en", "code"]
    ordering = ["name_ru"]


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0
    fields = ["full_name", "position", "email", "phone", "public_consent"]


class VerificationRecordInline(admin.TabularInline):
    """Who verified or revoked, and when: a log, written only by the actions."""

    model = VerificationRecord
    extra = 0
    fields = ["decided_at", "verified", "decided_by", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("organization", "decided_by")
        )  # each row's title names them


class VerifiedFilter(admin.SimpleListFilter):
    title = _("verified")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.verified()
        if self.value() == "no":
            return queryset.unverified()
        return queryset


class MembershipInline(PreloadedAutocompleteMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("user", "organization")
        )  # each row's title names them


@admin.register(Organization)
class OrganizationAdmin(
    PreloadedAutocompleteMixin,
    FullTextSearchAdminMixin,
    VersionedAdminMixin,
    ImportExportModelAdmin,
    SimpleHistoryAdmin,
):
    exact_search_fields = ("slug", "inn", "ogrn")
    resource_classes = [OrganizationResource]
    list_display = ["name", "kind", "region", "locality", "parent", "verified_at"]
    list_filter = [VerifiedFilter, "kind", "region__federal_district", "region"]
    search_fields = ["name", "short_name", "locality", "slug", "inn", "ogrn"]
    autocomplete_fields = ["region", "parent", "requested_parent"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonInline, MembershipInline, VerificationRecordInline]
    list_select_related = ["region", "parent"]
    formfield_overrides = URL_FIELDS
    readonly_fields = ["verified_at", "verified_by"]
    actions = ["verify", "revoke_verification"]

    def _set_verified(self, request, queryset, verified, done):
        run_for_each(
            self,
            request,
            queryset,
            lambda org: services.set_verified(
                organization=org, actor=request.user, verified=verified
            ),
            done,
            refusals=(services.VerificationError,),
        )

    @admin.action(description=_("Verify the selected organisations (trusted publishers)"))
    def verify(self, request, queryset):
        self._set_verified(request, queryset, True, _("Verified: %(count)d."))

    @admin.action(description=_("Revoke verification of the selected organisations"))
    def revoke_verification(self, request, queryset):
        self._set_verified(request, queryset, False, _("Verification revoked: %(count)d."))


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "position", "organization", "public_consent"]
    list_filter = ["public_consent", "organization__region"]
    search_fields = ["full_name", "position", "organization__name"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
    actions = ["mark_consented"]

    @admin.action(description=_("Mark consent to be shown publicly as received"))
    def mark_consented(self, request, queryset):
        queryset.update(public_consent=True)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "organization__name"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]


@admin.register(GrantProgramme)
class GrantProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "funder", "operator"]
    # Only the organisations that fund or operate a programme, not every organisation.
    list_filter = [
        ("funder", admin.RelatedOnlyFieldListFilter),
        ("operator", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title"]
    autocomplete_fields = ["funder", "operator"]


class ProjectIndicatorInline(admin.TabularInline):
    model = ProjectIndicator
    extra = 0


@admin.register(GrantProject)
class GrantProjectAdmin(admin.ModelAdmin):
    inlines = [ProjectIndicatorInline]
    list_display = ["title", "programme", "implementer", "start_date", "end_date"]
    list_filter = ["programme"]
    search_fields = ["title", "implementer__name"]
    autocomplete_fields = ["programme", "implementer", "partners"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start_date"


class UserMembershipInline(PreloadedAutocompleteMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]
    verbose_name_plural = _("memberships in organisations")

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("user", "organization")
        )  # each row's title names them


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(PreloadedAutocompleteMixin, UserAdmin):
    """Django's user admin with the user's organisations inline."""

    inlines = [UserMembershipInline]
    list_filter = [*UserAdmin.list_filter, "memberships__role"]
