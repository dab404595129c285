"""What can be followed, found by its address: a topic, a region, an organisation or a
published practice (``kind`` and ``key`` in /notifications/follow/<kind>/<key>/)."""

from django.http import Http404

from organizations.models import Organization, Region
from practices.models import Practice, Topic

from .models import Follow

TARGETS = {
    # name: (model, the field its address uses, the queryset anyone may follow)
    "topic": (Topic, "slug", lambda: Topic.objects.all()),
    "region": (Region, "code", lambda: Region.objects.all()),
    "organization": (Organization, "slug", lambda: Organization.objects.all()),
    "practice": (Practice, "slug", lambda: Practice.objects.published()),
}


def find(kind, key):
    """The object ``kind`` names by ``key``; 404 for an unknown kind, an unknown key or a
    practice that is not published."""
    if kind not in TARGETS:
        raise Http404
    _model, field, queryset = TARGETS[kind]
    target = queryset().filter(**{field: key}).first()
    if target is None:
        raise Http404
    return target


def describe(target):
    """(kind, key) of a followable object; None for anything else."""
    for kind, (model, field, _queryset) in TARGETS.items():
        if isinstance(target, model):
            return kind, getattr(target, field)
    return None


def follows_of(user):
    """The user's follows with their targets, for the preferences page (one query)."""
    return list(
        Follow.objects.filter(user=user).select_related(
            "topic", "region", "organization", "practice"
        )
    )
