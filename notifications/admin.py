from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import outbox
from .models import Follow, Notification, OutgoingMail, Preferences


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """Every e-mail the portal sent or will send; a failed one waits here to be sent again."""

    list_display = ["subject", "recipients", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["subject", "to"]
    actions = ["send_again"]
    readonly_fields = [
        "from_email",
        "to",
        "cc",
        "bcc",
        "reply_to",
        "subject",
        "text",
        "html",
        "headers",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
    ]

    def has_add_permission(self, request):
        return False  # mail is written by the portal, not in admin

    @admin.action(description=_("Send again"), permissions=["change"])
    def send_again(self, request, queryset):
        queued = sum(outbox.send_again(mail) for mail in queryset)
        if queued:
            self.message_user(
                request, _("Queued again: %(count)d.") % {"count": queued}, messages.SUCCESS
            )
        if skipped := queryset.count() - queued:
            self.message_user(
                request,
                _("Already sent, left alone: %(count)d.") % {"count": skipped},
                messages.WARNING,
            )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["title", "recipient__username", "recipient__email"]
    autocomplete_fields = ["recipient"]
    raw_id_fields = ["mail"]


@admin.register(Preferences)
class PreferencesAdmin(admin.ModelAdmin):
    list_display = ["user", "language", "digest", "last_digest_at"]
    list_filter = ["language", "digest"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "topic", "region", "organization", "practice", "created_at"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user", "topic", "region", "organization", "practice"]
