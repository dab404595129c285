"""The notifications section of /dashboard/: one query whatever the user has."""

from django.db.models import Count, Subquery

LATEST = 5


def dashboard_context(user):
    # The unread count rides on the latest rows: a subquery that depends on no row, which
    # the database computes once. No rows at all means none unread.
    unread = (
        user.notifications.unread()
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    latest = list(
        user.notifications.only(
            "title", "url", "kind", "created_at", "read_at", "recipient_id"
        ).annotate(unread_count=Subquery(unread))[:LATEST]
    )
    return {
        "latest_notifications": latest,
        "unread_notifications": (latest[0].unread_count or 0) if latest else 0,
    }
