"""The notifications section of /dashboard/: two queries whatever the user has."""

LATEST = 5


def dashboard_context(user):
    return {
        "latest_notifications": list(
            user.notifications.only(
                "title", "url", "kind", "created_at", "read_at", "recipient_id"
            )[:LATEST]
        ),
        "unread_notifications": user.notifications.unread().count(),
    }
