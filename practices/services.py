"""Every workflow transition of practices and replications.

Each function takes keyword-only arguments, checks the user's right (``PermissionDenied``)
and the current status (``TransitionNotAllowed``), validates with ``full_clean()`` and
saves inside ``transaction.atomic``. Each change that people hear of sends a signal
(``practices.signals``); the notifications app mails them after the transaction commits.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.rules import acting_organizations, is_member

from . import signals
from .models import Practice, PracticeStatus, Replication, ReplicationStatus


class PracticeWorkflowError(Exception):
    """A transition that the object's current state does not allow; the message is for people."""


class TransitionNotAllowed(PracticeWorkflowError):
    pass


class ReplicationAlreadyRequested(PracticeWorkflowError):
    pass


def _require(user, perm, obj, message):
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message)


def _set_status(obj, status, user, reason):
    obj.status = status
    obj._history_user = user
    obj._change_reason = str(reason)


COUNTED_REPLICATIONS = (ReplicationStatus.IN_PROGRESS, ReplicationStatus.IMPLEMENTED)


def refresh_replication_count(practice_id):
    """Store on the practice how many replications are in progress or implemented (the
    list's "most replicated" order and "replicated" filter read it). One UPDATE."""
    count = (
        Replication.objects.filter(practice_id=OuterRef("pk"), status__in=COUNTED_REPLICATIONS)
        .values("practice_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Practice.objects.filter(pk=practice_id).update(replication_count=Coalesce(Subquery(count), 0))


# Practices -------------------------------------------------------------------------------


@transaction.atomic
def submit_practice(*, practice, user):
    """Draft or returned → on review. Raises TransitionNotAllowed from any other status."""
    if practice.status not in (PracticeStatus.DRAFT, PracticeStatus.RETURNED):
        raise TransitionNotAllowed(_("Only a draft or a returned practice can be submitted."))
    _require(user, "practices.submit_practice", practice, _("You cannot submit this practice."))
    _set_status(practice, PracticeStatus.ON_REVIEW, user, gettext_lazy("Submitted for review"))
    practice.updated_by = user
    practice.full_clean()
    practice.save()
    return practice


@transaction.atomic
def publish_practice(*, practice, user):
    """Publishes: moderators from review (or archive), resource-centre members directly."""
    if practice.status == PracticeStatus.PUBLISHED:
        raise TransitionNotAllowed(_("The practice is already published."))
    _require(user, "practices.publish_practice", practice, _("You cannot publish this practice."))
    _set_status(practice, PracticeStatus.PUBLISHED, user, gettext_lazy("Published"))
    practice.moderator_comment = ""
    practice.published_at = practice.published_at or timezone.now()
    practice.updated_by = user
    practice.full_clean()
    practice.save()
    signals.practice_published.send(sender=Practice, practice=practice, actor=user)
    return practice


@transaction.atomic
def return_practice(*, practice, user, comment):
    """On review → returned, with the moderator's comment (required)."""
    if practice.status != PracticeStatus.ON_REVIEW:
        raise TransitionNotAllowed(_("Only a practice on review can be returned."))
    _require(user, "practices.return_practice", practice, _("Only moderators return practices."))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what the authors should change.")})
    _set_status(practice, PracticeStatus.RETURNED, user, gettext_lazy("Returned with a comment"))
    practice.moderator_comment = comment
    practice.updated_by = user
    practice.full_clean()
    practice.save()
    signals.practice_returned.send(sender=Practice, practice=practice, actor=user)
    return practice


@transaction.atomic
def archive_practice(*, practice, user):
    if practice.status == PracticeStatus.ARCHIVED:
        raise TransitionNotAllowed(_("The practice is already archived."))
    _require(user, "practices.archive_practice", practice, _("You cannot archive this practice."))
    _set_status(practice, PracticeStatus.ARCHIVED, user, gettext_lazy("Archived"))
    practice.updated_by = user
    practice.full_clean()
    practice.save()
    return practice


# Replications ----------------------------------------------------------------------------


def adopter_choices(user, practice):
    """The organisations the user may ask to implement ``practice`` for (one query)."""
    return acting_organizations(user, all_for_moderators=False).exclude(pk=practice.organization_id)


@transaction.atomic
def request_replication(*, practice, user, adopter, notes=""):
    """ "Хочу внедрить": a request from ``adopter`` (the user's organisation) to implement
    a published practice. Raises ReplicationAlreadyRequested for a second request."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to ask to implement a practice."))
    if practice.status != PracticeStatus.PUBLISHED:
        raise TransitionNotAllowed(_("Only a published practice can be implemented."))
    if not is_member(user, adopter):
        raise PermissionDenied(_("You can ask only on behalf of your own organisation."))
    if adopter.pk == practice.organization_id:
        raise TransitionNotAllowed(_("An organisation cannot replicate its own practice."))
    if Replication.objects.filter(practice=practice, adopter=adopter).exists():
        raise ReplicationAlreadyRequested(
            _("%(org)s has already asked to implement this practice.") % {"org": adopter}
        )
    replication = Replication(
        practice=practice, adopter=adopter, requested_by=user, notes=(notes or "").strip()
    )
    replication._history_user = user
    replication.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            replication.save()
    except IntegrityError as exc:  # a request made at the same moment
        raise ReplicationAlreadyRequested(
            _("%(org)s has already asked to implement this practice.") % {"org": adopter}
        ) from exc
    signals.replication_requested.send(sender=Replication, replication=replication, actor=user)
    return replication


def _decide(replication, user, status, comment, reason):
    if replication.status != ReplicationStatus.REQUESTED:
        raise TransitionNotAllowed(_("This request has already been decided."))
    _require(
        user,
        "practices.decide_replication",
        replication,
        _("Only the practice's organisation decides on requests."),
    )
    _set_status(replication, status, user, reason)
    replication.decision_comment = (comment or "").strip()
    replication.decided_at = timezone.now()
    if status == ReplicationStatus.IN_PROGRESS:
        replication.started_on = replication.started_on or timezone.localdate()
    replication.full_clean()
    replication.save()
    refresh_replication_count(replication.practice_id)
    _status_changed(replication, user)
    return replication


@transaction.atomic
def accept_replication(*, replication, user, comment=""):
    """Requested → in progress: the practice's organisation agrees to share it."""
    return _decide(
        replication, user, ReplicationStatus.IN_PROGRESS, comment, gettext_lazy("Accepted")
    )


@transaction.atomic
def decline_replication(*, replication, user, comment=""):
    return _decide(replication, user, ReplicationStatus.DECLINED, comment, gettext_lazy("Declined"))


@transaction.atomic
def complete_replication(*, replication, user, results, implemented_on=None):
    """In progress → implemented, with the adopter's results (required)."""
    if replication.status != ReplicationStatus.IN_PROGRESS:
        raise TransitionNotAllowed(_("Only a replication in progress can be marked implemented."))
    _require(
        user,
        "practices.complete_replication",
        replication,
        _("Only the adopting organisation marks the replication implemented."),
    )
    results = (results or "").strip()
    if not results:
        raise ValidationError({"results": _("Describe the results of the replication.")})
    implemented_on = implemented_on or timezone.localdate()
    if implemented_on > timezone.localdate():
        raise ValidationError({"implemented_on": _("The date cannot be in the future.")})
    if replication.started_on and implemented_on < replication.started_on:
        raise ValidationError(
            {"implemented_on": _("The date cannot be before the replication started.")}
        )
    _set_status(replication, ReplicationStatus.IMPLEMENTED, user, gettext_lazy("Implemented"))
    replication.results = results
    replication.implemented_on = implemented_on
    replication.full_clean()
    replication.save()
    refresh_replication_count(replication.practice_id)
    _status_changed(replication, user)
    return replication


@transaction.atomic
def record_replication_results(*, replication, user, results, formsets=()):
    """The adopting organisation's story of an implemented replication: the text (required)
    and the ``formsets`` of figures and files, already validated, saved together. The row
    is locked so two editors do not interleave; raises TransitionNotAllowed unless the
    replication is implemented, PermissionDenied unless the user is the adopter's member or
    a moderator."""
    locked = Replication.objects.select_for_update().get(pk=replication.pk)
    if locked.status != ReplicationStatus.IMPLEMENTED:
        raise TransitionNotAllowed(_("Results are recorded once the replication is implemented."))
    _require(
        user,
        "practices.record_replication_results",
        locked,
        _("Only the adopting organisation records the results of the replication."),
    )
    results = (results or "").strip()
    if not results:
        raise ValidationError({"results": _("Describe the results of the replication.")})
    replication.status = locked.status
    replication.results = results
    replication._history_user = user
    replication._change_reason = str(gettext_lazy("Results recorded"))
    replication.full_clean()
    replication.save()
    for formset in formsets:
        formset.instance = replication
        formset.save()
    return replication


@transaction.atomic
def drop_replication(*, replication, user, comment=""):
    """Requested or in progress → dropped, by the adopting organisation."""
    if replication.status not in (ReplicationStatus.REQUESTED, ReplicationStatus.IN_PROGRESS):
        raise TransitionNotAllowed(_("Only an open replication can be dropped."))
    _require(
        user,
        "practices.drop_replication",
        replication,
        _("Only the adopting organisation can drop the replication."),
    )
    _set_status(replication, ReplicationStatus.DROPPED, user, gettext_lazy("Dropped"))
    if comment:
        replication.decision_comment = comment.strip()
    replication.full_clean()
    replication.save()
    refresh_replication_count(replication.practice_id)
    _status_changed(replication, user)
    return replication


def _status_changed(replication, user):
    signals.replication_status_changed.send(
        sender=Replication, replication=replication, status=replication.status, actor=user
    )
