from django import template

from notifications.follows import describe
from notifications.models import Follow

register = template.Library()


@register.inclusion_tag("notifications/_follow_button.html", takes_context=True)
def follow_button(context, target):
    """Follow / unfollow for a topic, region, organisation or practice (one query for a
    signed-in person, none for anyone else)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    kind_key = describe(target)
    signed_in = bool(user and user.is_authenticated)
    following = (
        signed_in
        and kind_key is not None
        and Follow.objects.filter(user=user, **{kind_key[0]: target}).exists()
    )
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "kind": kind_key[0] if kind_key else None,
        "key": kind_key[1] if kind_key else None,
        "signed_in": signed_in,
        "following": following,
    }
