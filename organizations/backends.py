"""Signing in: Django's password backend, reading a signed-in person's rights with them.

Nearly every page a signed-in person opens asks the permission rules (organizations.rules)
whether they are a moderator and what their role is in an organisation. Asked lazily, that
is two more queries after the one that reads the user. ``MemberBackend`` reads the three in
one statement when the session's user is loaded, and fills the rules' per-request caches.
Nothing is kept between requests: a membership taken away or a moderator removed from the
group counts from the next page on.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Aggregate, CharField, Exists, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Cast, Concat

from .models import Membership
from .rules import MODERATORS_GROUP


class Joined(Aggregate):
    """The group's values joined by commas: ``GROUP_CONCAT`` on SQLite, ``STRING_AGG`` on
    PostgreSQL (Django 5.2 has ``StringAgg`` only in django.contrib.postgres)."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s, ',')",
            **extra_context,
        )


def _roles(text):
    """``{organisation id: role}`` from "12:manager,40:editor" (None: no memberships)."""
    pairs = (item.partition(":") for item in (text or "").split(",") if item)
    return {int(organization): role for organization, _, role in pairs}


class MemberBackend(ModelBackend):
    """``ModelBackend`` whose ``get_user`` also reads the moderator flag and the roles."""

    def get_user(self, user_id):
        user_model = get_user_model()
        roles = (
            Membership.objects.filter(user=OuterRef("pk"))
            .order_by()
            .values("user")
            .annotate(
                joined=Joined(Concat(Cast("organization_id", CharField()), Value(":"), "role"))
            )
            .values("joined")
        )
        moderator = Group.objects.filter(name=MODERATORS_GROUP, user=OuterRef("pk"))
        user = (
            user_model._default_manager.annotate(
                rules_moderator=Exists(moderator), rules_roles=Subquery(roles)
            )
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        user._is_moderator = user.rules_moderator
        user._membership_roles = _roles(user.rules_roles)
        return user
