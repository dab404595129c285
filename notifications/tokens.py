"""Signed unsubscribe tokens: who, and from what (the digest or one kind of notification).

The token is the authenticator of the one-click unsubscribe (RFC 8058): it is signed with
the SECRET_KEY (django.core.signing, its own salt), so nobody can make one for another
person or another scope without it. It does not expire: an old e-mail's link keeps working.
"""

from django.contrib.auth import get_user_model
from django.core import signing

from .models import Kind

SALT = "notifications.unsubscribe"
DIGEST = "digest"
SCOPES = {DIGEST, *Kind.values}


class BadToken(Exception):
    """A token that was not made by us, was changed, or names nobody."""


def make(user, scope):
    if scope not in SCOPES:
        raise ValueError(f"Unknown scope {scope!r}")
    return signing.dumps({"u": user.pk, "s": scope}, salt=SALT)


def read(token):
    """(user, scope) of a valid token; BadToken otherwise."""
    try:
        data = signing.loads(token, salt=SALT)
        user_id, scope = data["u"], data["s"]
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise BadToken from exc
    if scope not in SCOPES or not isinstance(user_id, int):
        raise BadToken
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise BadToken
    return user, scope
