"""The authorisation matrix: every URL of the project, every kind of user, every method.

``CASES`` is the table. Each row names a URL pattern, the object its address is built from
and, per method, the expected outcome for each kind of user in ``USERS`` order. A GET of a
POST-only action is 405 for everyone. Outcomes:

* ``200``, ``403``, ``404``, ``405``: that status;
* ``login``: 302 to the sign-in page (``admin-login``: to the admin's);
* ``done``: 302 after an action that changed the database;
* ``back``: 302 elsewhere with the database unchanged (a refusal told in a message, or a
  redirect that stores nothing).

Every outcome but ``done`` leaves the database as it was. The world is built once for the
module and every cell runs in its own rolled-back transaction, so an action in one cell is
never seen by the next. A URL pattern without a row fails
``test_every_url_pattern_has_an_entry``: add the new URL to the table with the outcomes its
rules promise. A cell that shows a bug is marked with ``bugs`` (a strict xfail) and a
``# BUG:`` comment; the row keeps the outcome the rules promise.
"""

import datetime
import io
from dataclasses import dataclass, field
from functools import partial
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import timezone, translation
from PIL import Image

from events.models import Application, CalendarFeed, Event, EventMaterial, EventStatus
from notifications.models import Follow, Notification, Preferences
from notifications.tokens import make as unsubscribe_token
from organizations.models import (
    Invitation,
    Membership,
    MembershipRole,
    Organization,
    VerificationRecord,
)
from practices.models import (
    Practice,
    PracticeAttachment,
    PracticeStatus,
    Replication,
    ReplicationAttachment,
    ReplicationStatus,
)
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    GrantProjectFactory,
    InternshipFactory,
    InvitationFactory,
    ModeratorFactory,
    NotificationFactory,
    OrganizationFactory,
    PracticeAttachmentFactory,
    PracticeFactory,
    ReplicationFactory,
    TopicFactory,
    UserFactory,
    member_of,
)

pytestmark = pytest.mark.django_db

USERS = (
    "anonymous",
    "user",  # signed up, no organisation; the applicant and the invited person
    "unverified",  # editor of an unverified organisation that asks to join the owner
    "editor",  # editor of the (verified) organisation that owns the objects
    "manager",  # manager of that organisation
    "outsider",  # manager of another verified organisation, the replications' adopter
    "moderator",  # member of the moderators group
    "superuser",
)

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return buffer.getvalue()


# The world --------------------------------------------------------------------------------


def build_world():
    """Organisations, people and one object of every kind in every state the table needs."""
    owner = OrganizationFactory(name="Ресурсный центр", slug="owner", verified=True)
    newcomer = OrganizationFactory(name="Новое НКО", slug="newcomer", requested_parent=owner)
    other = OrganizationFactory(name="Другое НКО", slug="other", verified=True)
    w = SimpleNamespace(owner=owner, newcomer=newcomer, other=other)
    w.user = UserFactory(username="plain")
    w.unverified = member_of(newcomer)
    w.editor = member_of(owner)
    w.manager = member_of(owner, role=MembershipRole.MANAGER)
    w.outsider = member_of(other, role=MembershipRole.MANAGER)
    w.moderator = ModeratorFactory()
    w.superuser = UserFactory(is_superuser=True, is_staff=True)
    w.editor_membership = Membership.objects.get(user=w.editor, organization=owner)
    w.invitation = InvitationFactory(organization=owner, user=w.user, invited_by=w.manager)
    owner.logo.save("logo.png", ContentFile(_png()))

    w.topic = TopicFactory(slug="matrix-topic")
    w.published = PracticeFactory(organization=owner, slug="published", topics=[w.topic])
    w.published_b = PracticeFactory(organization=owner, slug="published-b")
    w.draft = PracticeFactory(organization=owner, slug="draft", status=PracticeStatus.DRAFT)
    w.on_review = PracticeFactory(
        organization=owner, slug="on-review", status=PracticeStatus.ON_REVIEW
    )
    w.newcomer_draft = PracticeFactory(
        organization=newcomer, slug="newcomer-draft", status=PracticeStatus.DRAFT
    )
    w.newcomer_published = PracticeFactory(organization=newcomer, slug="newcomer-published")
    for practice in (w.published, w.draft):
        practice.cover_alt = "Двор"
        practice.cover.save("cover.png", ContentFile(_png()))
    w.attachment = PracticeAttachmentFactory(
        practice=w.published, file=ContentFile(PDF, name="guide.pdf")
    )
    w.draft_attachment = PracticeAttachmentFactory(
        practice=w.draft, file=ContentFile(PDF, name="draft.pdf")
    )
    w.replication = ReplicationFactory(practice=w.published, adopter=other, requested_by=w.outsider)
    w.replication_in_progress = ReplicationFactory(
        practice=w.published_b,
        adopter=other,
        requested_by=w.outsider,
        status=ReplicationStatus.IN_PROGRESS,
        started_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    w.published_c = PracticeFactory(organization=owner, slug="published-c")
    w.replication_implemented = ReplicationFactory(
        practice=w.published_c,
        adopter=other,
        requested_by=w.outsider,
        status=ReplicationStatus.IMPLEMENTED,
        implemented_on=timezone.localdate(),
        results="Внедрили в двух сёлах.",
    )
    w.replication_file = ReplicationAttachment(
        replication=w.replication_implemented,
        title="Отчёт",
        file=ContentFile(PDF, name="report.pdf"),
    )
    w.replication_file.save()

    w.event = EventFactory(organizer=owner, slug="event")
    w.draft_event = EventFactory(organizer=owner, slug="draft-event", status=EventStatus.DRAFT)
    w.newcomer_event = EventFactory(organizer=newcomer, slug="newcomer-event")
    w.newcomer_draft_event = EventFactory(
        organizer=newcomer, slug="newcomer-draft-event", status=EventStatus.DRAFT
    )
    w.newcomer_review_event = EventFactory(
        organizer=newcomer, slug="newcomer-review-event", status=EventStatus.ON_REVIEW
    )
    w.material = _material(w.event, "slides.pdf")
    w.draft_material = _material(w.draft_event, "draft-slides.pdf")
    w.internship = InternshipFactory(organizer=owner, slug="internship")
    w.application = ApplicationFactory(event=w.internship, user=w.user)
    w.calendar_feed = CalendarFeed.objects.issue(w.user)
    w.project = GrantProjectFactory(implementer=owner, slug="project")
    w.notification = NotificationFactory(recipient=w.user)
    return w


def _material(event, name):
    material = EventMaterial(event=event, title="Презентация", file=ContentFile(PDF, name=name))
    material.save()
    return material


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once; each test runs in a savepoint inside this transaction and is rolled back
    to it, and the whole world is rolled back after the module."""
    media = tmp_path_factory.mktemp("matrix-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media)),
        transaction.atomic(),
    ):
        w = build_world()
        w.media_root = str(media)
        yield w
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, world):
    """The world's files live in the module's media folder (overrides tests/conftest.py)."""
    settings.MEDIA_ROOT = world.media_root


def snapshot():
    """Every row and state a request of the table could change."""
    return {
        "users": get_user_model().objects.count(),
        "organizations": list(
            Organization.objects.order_by("pk").values_list(
                "pk", "verified_at", "parent_id", "requested_parent_id", "version"
            )
        ),
        "verification records": VerificationRecord.objects.count(),
        "memberships": list(
            Membership.objects.order_by("pk").values_list(
                "pk", "user_id", "organization_id", "role"
            )
        ),
        "invitations": list(Invitation.objects.order_by("pk").values_list("pk", "status")),
        "practices": list(Practice.objects.order_by("pk").values_list("pk", "status", "version")),
        "attachments": PracticeAttachment.objects.count(),
        "replications": list(
            Replication.objects.order_by("pk").values_list("pk", "status", "results")
        ),
        "events": list(Event.objects.order_by("pk").values_list("pk", "status", "version")),
        "materials": EventMaterial.objects.count(),
        "applications": list(Application.objects.order_by("pk").values_list("pk", "status")),
        "notifications": list(Notification.objects.order_by("pk").values_list("pk", "read_at")),
        "follows": list(Follow.objects.order_by("pk").values_list("pk", "user_id")),
        "notification preferences": list(
            Preferences.objects.order_by("pk").values_list(
                "user_id", "language", "digest", "muted_kinds"
            )
        ),
        "calendar feeds": list(
            CalendarFeed.objects.order_by("pk").values_list("pk", "user_id", "selector", "verifier")
        ),
    }


# The table --------------------------------------------------------------------------------

# Rows used often, in USERS order.
PUBLIC = "200 200 200 200 200 200 200 200"
SIGNED_IN = "login 200 200 200 200 200 200 200"
HIDDEN = "404 404 404 200 200 404 200 200"  # the owner's draft: its members and moderators
SUPERUSER_ONLY_ADMIN = (
    "admin-login admin-login admin-login admin-login admin-login admin-login admin-login 200"
)
NO_SUCH_ACTION = "login 404 404 404 404 404 404 404"
EVERYONE_405 = "405 405 405 405 405 405 405 405"
NOBODY = "404 404 404 404 404 404 404 404"
EVERYONE_BACK = "back back back back back back back back"


@dataclass(frozen=True)
class Bug:
    """A cell where the code does not do what the row promises (a strict xfail there)."""

    reason: str
    vendor: str | None = None  # only on this database ("postgresql", "sqlite")

    def mark(self):
        applies = self.vendor is None or connection.vendor == self.vendor
        return pytest.mark.xfail(applies, strict=True, reason=f"BUG: {self.reason}")


@dataclass(frozen=True)
class Case:
    """One address of a URL pattern and what each user gets there, per method."""

    name: str
    label: str = ""
    kwargs: object = None  # world -> URL kwargs
    query: str = ""
    get: str | None = None
    post: str | None = None
    post_only: bool = False  # require_POST: GET is 405 for everyone
    data: object = None  # world -> POST data
    bugs: dict = field(default_factory=dict)  # (user, method) -> Bug

    def path(self, w):
        kwargs = self.kwargs(w) if self.kwargs else {}
        args = kwargs.pop("_args", None)
        url = reverse(self.name, args=args) if args else reverse(self.name, kwargs=kwargs)
        return url + (f"?{self.query}" if self.query else "")

    def post_data(self, w):
        return self.data(w) if callable(self.data) else (self.data or {})

    def rows(self):
        if self.post_only:
            yield "GET", EVERYONE_405
        elif self.get:
            yield "GET", self.get
        if self.post:
            yield "POST", self.post


def _slug(attr):
    return lambda w: {"slug": getattr(w, attr).slug}


def _file(practice_or_event, item):
    def kwargs(w):
        owner, thing = getattr(w, practice_or_event), getattr(w, item)
        return {"slug": owner.slug, "pk": thing.pk, "name": thing.download_name}

    return kwargs


def _cover(attr):
    def kwargs(w):
        practice = getattr(w, attr)
        return {"slug": practice.slug, "name": f"{practice.slug}.png"}

    return kwargs


def _stored(attr):
    return lambda w: {"name": getattr(w, attr).file.name}


def _pk(attr, **extra):
    return lambda w: {"pk": getattr(w, attr).pk, **extra}


def _org_action(attr, action):
    return lambda w: {"slug": getattr(w, attr).slug, "action": action}


def _membership(w):
    return {"slug": w.owner.slug, "pk": w.editor_membership.pk}


CASES = [
    # Machine endpoints (the same at every language).
    Case("healthz", get=PUBLIC),
    Case("robots-txt", get=PUBLIC),
    Case("sitemap", get=PUBLIC),
    Case("sitemap-section", kwargs=lambda w: {"section": "practices"}, get=PUBLIC),
    # Uploads' storage addresses lead to the owner's address, where its visibility applies.
    Case("stored-file", "published attachment", kwargs=_stored("attachment"), get=EVERYONE_BACK),
    Case(
        "stored-file",
        "draft attachment",
        kwargs=_stored("draft_attachment"),
        get="404 404 404 back back 404 back back",
    ),
    Case(
        "stored-file",
        "draft cover",
        kwargs=lambda w: {"name": w.draft.cover.name},
        get="404 404 404 back back 404 back back",
    ),
    Case(
        "stored-file",
        "draft material",
        kwargs=_stored("draft_material"),
        get="404 404 404 back back 404 back back",
    ),
    Case("stored-file", "logo", kwargs=lambda w: {"name": w.owner.logo.name}, get=EVERYONE_BACK),
    Case(
        "stored-file",
        "nobody's",
        kwargs=lambda w: {"name": "practices/attachments/missing.pdf"},
        get="404 404 404 404 404 404 404 404",
    ),
    Case(
        "set_language",
        get=EVERYONE_BACK,
        post=EVERYONE_BACK,
        data={"language": "en", "next": "/practices/"},
    ),
    # Portal.
    Case("home", get=PUBLIC),
    Case("search", query="q=практика", get=PUBLIC),
    Case("dashboard", get=SIGNED_IN),
    # A form's typing box's suggestions: public rows, for signed-in people only.
    Case(
        "suggest",
        "organisations",
        kwargs=lambda w: {"kind": "organizations"},
        query="q=Ресурсный",
        get="403 200 200 200 200 200 200 200",
    ),
    # Notifications: each person's own; the unsubscribe link works signed in or not.
    Case("notifications:list", get=SIGNED_IN),
    Case(
        "notifications:read",
        "the plain user's",
        kwargs=_pk("notification"),
        post_only=True,
        post="login done 404 404 404 404 404 404",
    ),
    Case(
        # Only the plain user has an unread notification.
        "notifications:read-all",
        post_only=True,
        post="login done back back back back back back",
    ),
    Case(
        "notifications:follow",
        "a topic",
        kwargs=lambda w: {"kind": "topic", "key": w.topic.slug},
        post_only=True,
        post="login done done done done done done done",
    ),
    Case(
        "notifications:follow",
        "a draft practice",
        kwargs=lambda w: {"kind": "practice", "key": w.draft.slug},
        post_only=True,
        post="login 404 404 404 404 404 404 404",
    ),
    Case(
        # Nobody in the world follows anything: told nothing, nothing changes.
        "notifications:unfollow",
        kwargs=lambda w: {"kind": "region", "key": "RU-SA"},
        post_only=True,
        post=EVERYONE_BACK.replace("back", "login", 1),
    ),
    Case(
        "notifications:preferences",
        get=SIGNED_IN,
        post="login done done done done done done done",
        data={"language": "en", "digest": "daily", "mailed_kinds": ["invitation"]},
    ),
    Case(
        "notifications:unsubscribe",
        "the plain user's digest",
        kwargs=lambda w: {"token": unsubscribe_token(w.user, "digest")},
        get=PUBLIC,
        post="done done done done done done done done",
    ),
    Case(
        "notifications:unsubscribe",
        "a forged token",
        kwargs=lambda w: {"token": "e30:forged:signature"},
        get="400 400 400 400 400 400 400 400",
        post="400 400 400 400 400 400 400 400",
    ),
    Case("signup", get=PUBLIC, post=PUBLIC),  # an empty form is shown again, nobody is created
    Case("login", get=PUBLIC, post=PUBLIC),
    Case("logout", post_only=True, post=EVERYONE_BACK),
    Case("password_change", get=SIGNED_IN, post=SIGNED_IN),
    Case("password_change_done", get=SIGNED_IN),
    Case("password_reset", get=PUBLIC, post=PUBLIC),
    Case("password_reset_done", get=PUBLIC),
    Case(
        "password_reset_confirm",
        "a bad link",
        kwargs=lambda w: {"uidb64": "MQ", "token": "bad-token"},
        get=PUBLIC,
    ),
    Case("password_reset_complete", get=PUBLIC),
    # Admin: every admin:* pattern is covered by these; only staff with rights get in.
    Case("admin:index", get=SUPERUSER_ONLY_ADMIN),
    Case("admin:practices_practice_changelist", get=SUPERUSER_ONLY_ADMIN),
    Case(
        "admin:practices_practice_change",
        "draft",
        kwargs=lambda w: {"_args": [w.draft.pk]},
        get=SUPERUSER_ONLY_ADMIN,
    ),
    # Organisations.
    Case("organizations:list", query="region=RU-SA", get=PUBLIC),
    Case("organizations:export-csv", get=PUBLIC),
    Case("organizations:new", get=SIGNED_IN, post=SIGNED_IN),
    Case(
        "organizations:invitation-accept",
        kwargs=_pk("invitation"),
        post_only=True,
        post="login done 404 404 404 404 404 404",
    ),
    Case(
        "organizations:invitation-decline",
        kwargs=_pk("invitation"),
        post_only=True,
        post="login done 404 404 404 404 404 404",
    ),
    Case(
        "organizations:invitation-cancel",
        kwargs=lambda w: {"slug": w.owner.slug, "pk": w.invitation.pk},
        post_only=True,
        post="login 403 403 403 done 403 done done",
    ),
    Case("organizations:detail", "verified", kwargs=_slug("owner"), get=PUBLIC),
    Case("organizations:detail", "unverified", kwargs=_slug("newcomer"), get=PUBLIC),
    Case(
        "organizations:logo",
        kwargs=lambda w: {"slug": w.owner.slug, "name": f"{w.owner.slug}.png"},
        get=PUBLIC,
    ),
    Case(
        "organizations:verify",
        "verify the unverified",
        kwargs=_org_action("newcomer", "verify"),
        post_only=True,
        post="login 403 403 403 403 403 done done",
        data={"comment": "ИНН сверен"},
    ),
    Case(
        "organizations:verify",
        "revoke",
        kwargs=_org_action("owner", "unverify"),
        post_only=True,
        post="login 403 403 403 403 403 done done",
    ),
    Case(
        "organizations:verify",
        "unknown action",
        kwargs=_org_action("newcomer", "approve"),
        post_only=True,
        post=NO_SUCH_ACTION,
    ),
    Case(
        "organizations:parent-link",
        "accept",
        kwargs=_org_action("newcomer", "accept"),
        post_only=True,
        post="login 403 403 403 done 403 done done",
    ),
    Case(
        "organizations:parent-link",
        "decline",
        kwargs=_org_action("newcomer", "decline"),
        post_only=True,
        post="login 403 403 403 done 403 done done",
    ),
    Case(
        "organizations:parent-link",
        "unknown action",
        kwargs=_org_action("newcomer", "maybe"),
        post_only=True,
        post=NO_SUCH_ACTION,
    ),
    Case(
        "organizations:edit",
        kwargs=_slug("owner"),
        get="login 403 403 200 200 403 200 200",
        post="login 403 403 200 200 403 200 200",  # empty: the form again, nothing saved
    ),
    Case(
        "organizations:members",
        kwargs=_slug("owner"),
        get="login 403 403 403 200 403 200 200",
        post="login 403 403 403 200 403 200 200",
    ),
    Case(
        "organizations:member-remove",
        kwargs=_membership,
        post_only=True,
        post="login 403 403 403 done 403 done done",
    ),
    Case(
        "organizations:member-role",
        kwargs=_membership,
        post_only=True,
        post="login 403 403 403 done 403 done done",
        data={"role": "manager"},
    ),
    Case("organizations:region-list", get=PUBLIC),
    # The read API: public and read-only for everyone (no session counts there: a signed-in
    # member or moderator sees no draft either); a write is 405.
    Case("api:root", get=PUBLIC, post=EVERYONE_405),
    Case("api:schema", get=PUBLIC, post=EVERYONE_405),
    Case("api:docs", get=PUBLIC, post=EVERYONE_405),
    Case("api:not-found", kwargs=lambda w: {"path": "v1/nothing/here/"}, get=NOBODY),
    Case("api:region-list", get=PUBLIC, post=EVERYONE_405),
    Case("api:region-detail", kwargs=lambda w: {"code": "RU-SA"}, get=PUBLIC, post=EVERYONE_405),
    Case("api:topic-list", get=PUBLIC, post=EVERYONE_405),
    Case("api:topic-detail", kwargs=_slug("topic"), get=PUBLIC, post=EVERYONE_405),
    Case("api:organization-list", query="region=RU-SA", get=PUBLIC, post=EVERYONE_405),
    Case("api:organization-detail", kwargs=_slug("owner"), get=PUBLIC, post=EVERYONE_405),
    Case("api:practice-list", query="topic=matrix-topic", get=PUBLIC, post=EVERYONE_405),
    Case(
        "api:practice-detail", "published", kwargs=_slug("published"), get=PUBLIC, post=EVERYONE_405
    ),
    Case("api:practice-detail", "draft", kwargs=_slug("draft"), get=NOBODY, post=EVERYONE_405),
    Case("api:practice-detail", "on review", kwargs=_slug("on_review"), get=NOBODY),
    Case("api:replication-list", get=PUBLIC, post=EVERYONE_405),
    Case(
        "api:replication-detail",
        "requested",
        kwargs=lambda w: {"id": w.replication.pk},
        get=PUBLIC,
        post=EVERYONE_405,
    ),
    Case("api:event-list", get=PUBLIC, post=EVERYONE_405),
    Case("api:event-detail", "published", kwargs=_slug("event"), get=PUBLIC, post=EVERYONE_405),
    Case("api:event-detail", "draft", kwargs=_slug("draft_event"), get=NOBODY),
    Case("api:project-list", get=PUBLIC, post=EVERYONE_405),
    Case("api:project-detail", kwargs=_slug("project"), get=PUBLIC, post=EVERYONE_405),
    # Grant projects: public pages and reports; the implementer's staff keep the indicators.
    Case("projects:list", get=PUBLIC),
    Case("projects:detail", kwargs=_slug("project"), get=PUBLIC),
    Case("projects:report-docx", kwargs=_slug("project"), get=PUBLIC),
    Case("projects:report-csv", kwargs=_slug("project"), get=PUBLIC),
    Case(
        "projects:indicators",
        kwargs=_slug("project"),
        get="login 403 403 200 200 403 200 200",
        post="login 403 403 200 200 403 200 200",  # empty: the form again, nothing saved
    ),
    Case("organizations:region-detail", kwargs=lambda w: {"code": "RU-SA"}, get=PUBLIC),
    # Practices.
    Case("practices:list", query="topic=matrix-topic", get=PUBLIC),
    Case(
        "practices:new",
        get="login 403 200 200 200 200 200 200",
        post="login 403 200 200 200 200 200 200",
    ),
    Case("practices:feed", get=PUBLIC),
    Case("practices:export-csv", get=PUBLIC),
    Case("practices:topics", get=PUBLIC),
    Case("practices:topic", kwargs=_slug("topic"), get=PUBLIC),
    Case(
        "practices:replication-action",
        "accept",
        kwargs=_pk("replication", action="accept"),
        post_only=True,
        post="login 403 403 done done 403 done done",
    ),
    Case(
        "practices:replication-action",
        "decline",
        kwargs=_pk("replication", action="decline"),
        post_only=True,
        post="login 403 403 done done 403 done done",
    ),
    Case(
        "practices:replication-action",
        "drop",
        kwargs=_pk("replication", action="drop"),
        post_only=True,
        post="login 403 403 403 403 done done done",
    ),
    Case(
        "practices:replication-action",
        "implemented",
        kwargs=_pk("replication_in_progress", action="implemented"),
        post_only=True,
        post="login 403 403 403 403 done done done",
        data={"results": "Внедрили в трёх сёлах."},
    ),
    Case(
        # The results of an implemented replication: the adopter's members and moderators,
        # not the practice's own organisation.
        "practices:replication-results",
        "implemented",
        kwargs=_pk("replication_implemented"),
        get="login 403 403 403 403 200 200 200",
        post="login 403 403 403 403 done done done",
        data={
            "results": "Внедрили в трёх сёлах, 40 семей.",
            "figures-TOTAL_FORMS": "0",
            "figures-INITIAL_FORMS": "0",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        },
    ),
    Case(
        "practices:replication-results",
        "in progress",
        kwargs=_pk("replication_in_progress"),
        get="login 403 403 403 403 403 403 403",
        post="login 403 403 403 403 403 403 403",
    ),
    Case(
        "practices:replication-file",
        "published",
        kwargs=lambda w: {
            "pk": w.replication_implemented.pk,
            "file_pk": w.replication_file.pk,
            "name": w.replication_file.download_name,
        },
        get=PUBLIC,
    ),
    Case(
        "practices:replication-action",
        "unknown action",
        kwargs=_pk("replication", action="explode"),
        post_only=True,
        post=NO_SUCH_ACTION,
    ),
    Case("practices:detail", "published", kwargs=_slug("published"), get=PUBLIC),
    Case("practices:detail", "draft", kwargs=_slug("draft"), get=HIDDEN),
    Case("practices:detail", "on review", kwargs=_slug("on_review"), get=HIDDEN),
    Case(
        "practices:edit",
        "published",
        kwargs=_slug("published"),
        get="login 403 403 200 200 403 200 200",
        post="login 403 403 200 200 403 200 200",
    ),
    Case(
        "practices:edit",
        "draft",
        kwargs=_slug("draft"),
        get="login 404 404 200 200 404 200 200",
        post="login 404 404 200 200 404 200 200",
    ),
    Case(
        # An unverified organisation edits only its drafts.
        "practices:edit",
        "unverified organisation's published",
        kwargs=_slug("newcomer_published"),
        get="login 403 403 403 403 403 200 200",
        post="login 403 403 403 403 403 200 200",
    ),
    Case("practices:file", "published", kwargs=_file("published", "attachment"), get=PUBLIC),
    Case("practices:file", "draft", kwargs=_file("draft", "draft_attachment"), get=HIDDEN),
    Case("practices:passport-docx", "published", kwargs=_slug("published"), get=PUBLIC),
    Case("practices:passport-docx", "draft", kwargs=_slug("draft"), get=HIDDEN),
    Case("practices:cover", "published", kwargs=_cover("published"), get=PUBLIC),
    Case("practices:cover", "draft", kwargs=_cover("draft"), get=HIDDEN),
    Case(
        "practices:return",
        "on review",
        kwargs=_slug("on_review"),
        post_only=True,
        post="login 404 404 403 403 404 done done",
        data={"comment": "Добавьте шаги."},
    ),
    Case(
        # Only the unverified organisation may still ask: the owner cannot ask for its own
        # practice, the adopter has asked already, the others have no organisation to ask for.
        "practices:request",
        "published",
        kwargs=_slug("published"),
        post_only=True,
        post="login back done back back back back back",
    ),
    Case(
        # Nobody can ask for a draft; those who may see it are told so.
        "practices:request",
        "draft",
        kwargs=_slug("draft"),
        post_only=True,
        post="login 404 404 back back 404 back back",
    ),
    Case(
        "practices:action",
        "submit a draft",
        kwargs=_org_action("draft", "submit"),
        post_only=True,
        post="login 404 404 done done 404 done done",
    ),
    Case(
        # Moderators publish what was submitted to them, not drafts.
        "practices:action",
        "publish a draft",
        kwargs=_org_action("draft", "publish"),
        post_only=True,
        post="login 404 404 done done 404 403 done",
    ),
    Case(
        "practices:action",
        "publish on review",
        kwargs=_org_action("on_review", "publish"),
        post_only=True,
        post="login 404 404 done done 404 done done",
    ),
    Case(
        "practices:action",
        "submit an unverified organisation's draft",
        kwargs=_org_action("newcomer_draft", "submit"),
        post_only=True,
        post="login 404 done 404 404 404 done done",
    ),
    Case(
        "practices:action",
        "publish an unverified organisation's draft",
        kwargs=_org_action("newcomer_draft", "publish"),
        post_only=True,
        post="login 404 403 404 404 404 403 done",
    ),
    Case(
        "practices:action",
        "archive",
        kwargs=_org_action("published", "archive"),
        post_only=True,
        post="login 403 403 done done 403 done done",
    ),
    Case(
        "practices:action",
        "unknown action",
        kwargs=_org_action("published", "explode"),
        post_only=True,
        post=NO_SUCH_ACTION,
    ),
    # Events.
    Case("events:list", query="kind=internship", get=PUBLIC),
    Case("events:feed", get=PUBLIC),
    Case("events:calendar-ics", get=PUBLIC),
    # A person's own calendar: the secret address is the key, signed in or not.
    Case(
        "events:personal-calendar",
        "the address",
        kwargs=lambda w: {"token": w.calendar_feed.token},
        get=PUBLIC,
    ),
    Case(
        "events:personal-calendar",
        "an unknown address",
        kwargs=lambda w: {"token": "A" * len(w.calendar_feed.token)},
        get="404 404 404 404 404 404 404 404",
    ),
    # Each signed-in person issues or replaces only their own address.
    Case(
        "events:personal-calendar-reset",
        post_only=True,
        post="login done done done done done done done",
    ),
    Case("events:export-csv", get=PUBLIC),
    Case(
        "events:new",
        get="login 403 200 200 200 200 200 200",
        post="login 403 200 200 200 200 200 200",
    ),
    Case(
        "events:application-withdraw",
        kwargs=_pk("application"),
        post_only=True,
        post="login done 403 403 403 403 403 done",
    ),
    Case(
        "events:application-accept",
        kwargs=_pk("application"),
        post_only=True,
        post="login 403 403 done done 403 done done",
    ),
    Case(
        "events:application-decline",
        kwargs=_pk("application"),
        post_only=True,
        post="login 403 403 done done 403 done done",
    ),
    Case("events:detail", "published", kwargs=_slug("event"), get=PUBLIC),
    Case("events:detail", "draft", kwargs=_slug("draft_event"), get=HIDDEN),
    Case(
        "events:detail",
        "unverified organisation's on review",
        kwargs=_slug("newcomer_review_event"),
        get="404 404 200 404 404 404 200 200",
    ),
    Case("events:ics", "published", kwargs=_slug("event"), get=PUBLIC),
    Case("events:ics", "draft", kwargs=_slug("draft_event"), get=HIDDEN),
    Case("events:file", "published", kwargs=_file("event", "material"), get=PUBLIC),
    Case("events:file", "draft", kwargs=_file("draft_event", "draft_material"), get=HIDDEN),
    Case(
        "events:edit",
        "published",
        kwargs=_slug("event"),
        get="login 403 403 200 200 403 200 200",
        post="login 403 403 200 200 403 200 200",
    ),
    Case(
        "events:edit",
        "draft",
        kwargs=_slug("draft_event"),
        get="login 404 404 200 200 404 200 200",
        post="login 404 404 200 200 404 200 200",
    ),
    Case(
        # An unverified organisation edits only its drafts.
        "events:edit",
        "unverified organisation's published",
        kwargs=_slug("newcomer_event"),
        get="login 403 403 403 403 403 200 200",
        post="login 403 403 403 403 403 200 200",
    ),
    Case(
        "events:publish",
        "draft",
        kwargs=_slug("draft_event"),
        post_only=True,
        post="login 404 404 done done 404 done done",
    ),
    Case(
        "events:publish",
        "unverified organisation's draft",
        kwargs=_slug("newcomer_draft_event"),
        post_only=True,
        post="login 404 403 404 404 404 done done",
    ),
    Case(
        "events:publish",
        "unverified organisation's on review",
        kwargs=_slug("newcomer_review_event"),
        post_only=True,
        post="login 404 403 404 404 404 done done",
    ),
    Case(
        "events:submit",
        "unverified organisation's draft",
        kwargs=_slug("newcomer_draft_event"),
        post_only=True,
        post="login 404 done 404 404 404 403 done",
    ),
    Case(
        # A verified organisation publishes directly: nothing to submit.
        "events:submit",
        "verified organisation's draft",
        kwargs=_slug("draft_event"),
        post_only=True,
        post="login 404 404 403 403 404 403 done",
    ),
    Case(
        "events:return",
        "unverified organisation's on review",
        kwargs=_slug("newcomer_review_event"),
        post_only=True,
        post="login 404 403 404 404 404 done done",
        data={"comment": "Уточните программу."},
    ),
    Case(
        "events:cancel",
        "published",
        kwargs=_slug("event"),
        post_only=True,
        post="login 403 403 done done 403 done done",
        data={"reason": "Карантин"},
    ),
    Case(
        # The plain user has applied already: told so, nothing changes.
        "events:apply",
        "open internship",
        kwargs=_slug("internship"),
        post_only=True,
        post="login back done done done done done done",
        data={"organization_name": "ТОС «Северный»", "motivation": "Хотим научиться."},
    ),
    Case(
        "events:apply",
        "draft",
        kwargs=_slug("draft_event"),
        post_only=True,
        post="login 404 404 403 403 404 403 back",
        data={"organization_name": "ТОС «Северный»", "motivation": "Хотим научиться."},
    ),
]


def _cells():
    for case in CASES:
        for method, row in case.rows():
            outcomes = row.split()
            assert len(outcomes) == len(USERS), f"{case.name} [{case.label}] {method}: {row!r}"
            for who, expected in zip(USERS, outcomes, strict=True):
                label = f"[{case.label}]" if case.label else ""
                bug = case.bugs.get((who, method))
                marks = bug.mark() if bug else ()
                yield pytest.param(
                    case,
                    who,
                    method,
                    expected,
                    id=f"{case.name}{label}-{who}-{method}",
                    marks=marks,
                )


CELLS = list(_cells())


def _body(response):
    """The whole body; reading a streamed one to its end also closes it (the test client
    then keeps the database connection, which an explicit close() would not)."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def check_outcome(response, expected, context):
    status = response.status_code
    location = response.get("Location", "")
    got = f"{status} {location}".strip()
    where = urlsplit(location).path
    message = f"{context}: expected {expected}, got {got}"
    if expected == "login":
        assert status == 302 and where.endswith("/accounts/login/"), message
        assert "next=" in location, message
    elif expected == "admin-login":
        assert status == 302 and where.endswith("/admin/login/"), message
    elif expected in ("done", "back"):
        assert status == 302, message
        assert not where.endswith(("/accounts/login/", "/admin/login/")), message
    else:
        assert status == int(expected), message


def writes(queries):
    """The statements that changed a table of ours (a session row is not the portal's data)."""
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in query["sql"]
    ]


def run_cell(client, world, case, who, method, expected, path):
    """Sends the request as ``who`` and checks the outcome: a GET writes nothing; a POST
    changes the database exactly when the outcome is ``done``."""
    if who != "anonymous":
        client.force_login(getattr(world, who))
    before = snapshot() if method == "POST" else None

    send = client.get if method == "GET" else partial(client.post, data=case.post_data(world))
    with CaptureQueriesContext(connection) as queries:
        response = send(path)
        _body(response)

    context = f"{method} {path} as {who}"
    check_outcome(response, expected, context)
    if method == "GET":
        assert not writes(queries), f"{context} wrote: {writes(queries)}"
    elif expected == "done":
        assert snapshot() != before, f"{context}: 302 but nothing changed"
    else:
        after = snapshot()
        changed = [key for key in before if before[key] != after[key]]
        assert not changed, f"{context} ({expected}) changed {changed}"


# The tests --------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "who", "method", "expected"), CELLS)
def test_authorization_matrix(client, world, case, who, method, expected):
    run_cell(client, world, case, who, method, expected, case.path(world))


# Every page at most 12 queries (issue #8), counted on a second visit: the first page a
# process shows in a minute reads the regions', topics' and target groups' lists and
# Django's content types once more. The bound holds whatever the rows: the event form and
# the dashboard with every part filled are held to it in tests/events/test_views.py and
# tests/practices/test_dashboard.py.
QUERY_BUDGET = 12
PAGES = [
    cell for cell in CELLS if cell.values[2] == "GET" and cell.values[3] == "200" and not cell.marks
]


@pytest.mark.parametrize(("case", "who", "method", "expected"), PAGES)
def test_every_page_runs_at_most_twelve_queries(
    client, world, settings, case, who, method, expected
):
    settings.PAGE_CACHE_SECONDS = 0  # the second visit is rendered again, not served whole
    settings.FRAGMENT_CACHE_SECONDS = 0
    path = case.path(world)
    if who != "anonymous":
        client.force_login(getattr(world, who))
    _body(client.get(path))

    with CaptureQueriesContext(connection) as queries:
        _body(client.get(path))

    assert len(queries) <= QUERY_BUDGET, "\n".join(q["sql"][:120] for q in queries)


def walk(resolver=None, prefix="", namespace=(), localized=False):
    """(route, name, localized) of every pattern; ``name`` is namespaced, or the route."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(
                pattern,
                prefix + str(pattern.pattern),
                namespace + ((pattern.namespace,) if pattern.namespace else ()),
                localized or isinstance(pattern.pattern, LocalePrefixPattern),
            )
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = ":".join((*namespace, pattern.name)) if pattern.name else route
            yield route, name, localized, namespace[:1] == ("admin",)


def test_every_url_pattern_has_an_entry():
    patterns = [(route, name) for route, name, _, admin in walk() if not admin]
    names = [name for _, name in patterns]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    in_table = {case.name for case in CASES}

    missing = sorted(f"{name} ({route})" for route, name in patterns if name not in in_table)
    stale = sorted(name for name in in_table - set(names) if not name.startswith("admin:"))

    assert not duplicates, f"Patterns sharing a name (key the table by route): {duplicates}"
    assert not missing, (
        "URL patterns without a row in tests/portal/test_authorization_matrix.py CASES: "
        f"{missing}. Add a Case with the outcome for each kind of user."
    )
    assert not stale, f"Rows for URL patterns that no longer exist: {stale}"
    assert any(admin for *_, admin in walk()), "admin is mounted"
    assert any(name.startswith("admin:") for name in in_table), "admin has representative rows"


def test_english_addresses_mirror_the_russian_ones():
    russian = {(route, localized) for route, _, localized, _ in walk()}
    with translation.override("en"):
        english = {route for route, _, _, _ in walk()}

    expected = {("en/" + route) if localized else route for route, localized in russian}
    assert english == expected


LOCALIZED = {name for _, name, localized, _ in walk() if localized}


@pytest.mark.parametrize(
    ("case", "who", "method", "expected"),
    [
        cell
        for cell in CELLS
        if cell.values[0].name in LOCALIZED and cell.values[1] in ("anonymous", "editor")
    ],
)
def test_english_addresses_answer_as_the_russian_ones(client, world, case, who, method, expected):
    with translation.override("en"):
        path = case.path(world)

    assert path.startswith("/en/")
    run_cell(client, world, case, who, method, expected, path)
