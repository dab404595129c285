"""Who may do what with practices and replications (django-rules, autodiscovered).

Members of a *verified* organisation (a trusted publisher, a status only moderators grant)
publish their organisation's practices directly; every other organisation submits its
practices for review by a moderator, whatever kind it says it is. Moderators can still
return or archive any practice afterwards.
"""

import rules

from organizations.rules import (
    has_any_membership,
    is_member,
    is_moderator,
    is_verified,
    membership_roles,
)

from .models import PracticeStatus, ReplicationStatus

EDITABLE_BY_AUTHORS = {PracticeStatus.DRAFT, PracticeStatus.RETURNED}


@rules.predicate
def is_practice_member(user, practice):
    return practice is not None and practice.organization_id in membership_roles(user)


@rules.predicate
def is_practice_author(user, practice):
    return practice is not None and user.is_authenticated and practice.created_by_id == user.pk


@rules.predicate
def is_verified_member(user, practice):
    """A member of the practice's organisation, which a moderator has verified."""
    return is_practice_member(user, practice) and is_verified(user, practice.organization)


@rules.predicate
def is_published(user, practice):
    return practice is not None and practice.status == PracticeStatus.PUBLISHED


@rules.predicate
def is_editable_by_authors(user, practice):
    return practice is not None and practice.status in EDITABLE_BY_AUTHORS


@rules.predicate
def is_on_review(user, practice):
    return practice is not None and practice.status == PracticeStatus.ON_REVIEW


@rules.predicate
def is_not_archived(user, practice):
    return practice is not None and practice.status != PracticeStatus.ARCHIVED


@rules.predicate
def is_publishable(user, practice):
    return practice is not None and practice.status != PracticeStatus.PUBLISHED


can_view = is_published | is_practice_member | is_practice_author | is_moderator

rules.add_perm("practices.view_practice", can_view)
# Creating needs a membership in some organisation (the form limits which).
rules.add_perm("practices.add_practice", has_any_membership | is_moderator)
rules.add_perm(
    "practices.change_practice",
    is_moderator
    | (is_verified_member & is_not_archived)
    | (is_practice_member & is_editable_by_authors),
)
rules.add_perm(
    "practices.submit_practice",
    is_editable_by_authors & (is_practice_member | is_moderator),
)
rules.add_perm(
    "practices.publish_practice",
    is_publishable & ((is_moderator & ~is_editable_by_authors) | is_verified_member),
)
rules.add_perm("practices.return_practice", is_on_review & is_moderator)
rules.add_perm("practices.archive_practice", is_not_archived & (is_moderator | is_verified_member))
rules.add_perm("practices.view_practice_history", is_moderator)
# Every request to implement the practice (others' included): its organisation and moderators.
rules.add_perm("practices.view_all_replications", is_practice_member | is_moderator)


# Replications: the object is the Replication.
@rules.predicate
def is_owner_of_replicated_practice(user, replication):
    return replication is not None and is_member(user, replication.practice.organization)


@rules.predicate
def is_adopter_member(user, replication):
    return replication is not None and replication.adopter_id in membership_roles(user)


def _status_in(*statuses):
    @rules.predicate
    def check(user, replication):
        return replication is not None and replication.status in statuses

    return check


is_requested = _status_in(ReplicationStatus.REQUESTED)
is_in_progress = _status_in(ReplicationStatus.IN_PROGRESS)
is_open = _status_in(ReplicationStatus.REQUESTED, ReplicationStatus.IN_PROGRESS)
is_implemented = _status_in(ReplicationStatus.IMPLEMENTED)

# A request is made for an organisation the user belongs to (checked in the service).
rules.add_perm("practices.request_replication", is_published & has_any_membership)
rules.add_perm(
    "practices.decide_replication",
    is_requested & (is_owner_of_replicated_practice | is_moderator),
)
rules.add_perm(
    "practices.complete_replication", is_in_progress & (is_adopter_member | is_moderator)
)
rules.add_perm("practices.drop_replication", is_open & (is_adopter_member | is_moderator))
# The story of an implemented replication (text, figures, files) is the adopter's to tell:
# the practice's own organisation reads it but does not write it.
rules.add_perm(
    "practices.record_replication_results",
    is_implemented & (is_adopter_member | is_moderator),
)
