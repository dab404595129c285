"""Properties that hold for any input (hypothesis): hostile text, control characters, NUL,
very long strings, markup, Cyrillic, numbers and dates in odd formats, repeated and unknown
keys.

* Every form and filter set of the project validates any data without raising; validating
  writes nothing; a form found valid saves without error.
* Every form view, posted any data by a user allowed to use it, answers without a 5xx; when
  it shows the form again (invalid input) nothing is saved.
* Every filtered list, export and calendar answers any query string with 200 (or 404 for a
  page that does not exist), never an error.

Each example runs in a savepoint that is rolled back, so examples never see each other's
rows. Generated data starts from valid values for each field, so examples reach the code
behind validation too.
"""

import datetime
import string

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.db import connection, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from events.filters import EventFilter
from events.forms import (
    FORMSETS,
    ApplicationForm,
    CancelForm,
    EventForm,
)
from events.forms import ReturnForm as EventReturnForm
from events.models import (
    Application,
    Event,
    EventMaterial,
    EventPartner,
    EventStatus,
    ProgrammeItem,
    SiteVisit,
)
from organizations.filters import OrganizationFilter
from organizations.forms import InvitationForm, OrganizationForm, RoleForm, VerificationForm
from organizations.models import (
    Invitation,
    Membership,
    MembershipRole,
    Organization,
    Person,
    VerificationRecord,
)
from portal.forms import SignUpForm
from practices.filters import PracticeFilter
from practices.forms import (
    AttachmentFormSet,
    CompleteReplicationForm,
    DecisionForm,
    KeyFigureFormSet,
    PracticeForm,
    ReplicationRequestForm,
    StepFormSet,
)
from practices.forms import ReturnForm as PracticeReturnForm
from practices.models import (
    KeyFigure,
    Practice,
    PracticeAttachment,
    PracticeStatus,
    PracticeStep,
    Replication,
    ReplicationStatus,
)
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    InternshipFactory,
    ModeratorFactory,
    OrganizationFactory,
    PersonFactory,
    PracticeFactory,
    ReplicationFactory,
    TargetGroupFactory,
    TopicFactory,
    UserFactory,
    member_of,
    region,
)

pytestmark = pytest.mark.django_db


def examples(n):
    """Hypothesis settings for a test that uses function-scoped fixtures (its examples share
    them; each example rolls its own writes back). No example database on disk."""
    return settings(
        max_examples=n,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# Hostile values ---------------------------------------------------------------------------

ODD_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n\t",
    "\x1b[31m\x7f",
    "\u202eevil",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[link](javascript:alert(1))",
    "' OR 1=1; DROP TABLE practices_practice; --",
    "%",
    "%00",
    "_",
    "../../etc/passwd",
    "${7*7}{{7*7}}",
    "я" * 100_000,
    "x" * 301,
    "9" * 5000,
    "-1",
    "0",
    "1e309",
    "NaN",
    "-9223372036854775809",
    "2147483648",
    "2026-02-30",
    "2026-13-45",
    "0001-01-01",
    "9999-12-31",
    "99999-01-01",
    "31.12.2026",
    "12/31/2026",
    "2026-06-01T25:61",
    "2026-06-01 10:00:00+99:00",
    "RU-SA\x00",
    "😀" * 50,
    "Технология «Добрые соседи»",
]
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯҕҥөүһ "
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%m/%d/%Y", "%Y%m%d", "%d %B %Y", "%Y-%m-%dT%H:%M"]

hostile_text = st.one_of(
    st.sampled_from(ODD_VALUES),
    st.text(max_size=60),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=8),
    st.text(alphabet=CYRILLIC, max_size=60),
    st.integers().map(str),
    st.floats().map(str),
    st.builds(
        lambda day, fmt: day.strftime(fmt),
        st.datetimes(
            min_value=datetime.datetime(1000, 1, 1), max_value=datetime.datetime(9999, 12, 31)
        ),
        st.sampled_from(DATE_FORMATS),
    ),
)
hostile_value = st.one_of(hostile_text, st.lists(hostile_text, min_size=2, max_size=3))


def valid_values(name, field):
    """Values this form field accepts, so that examples get past validation too."""
    if isinstance(field, forms.ModelMultipleChoiceField | forms.ModelChoiceField):
        values = [str(value) for value, _ in field.choices if value != ""][:5]
        return values or ["1"]
    if isinstance(field, forms.ChoiceField):
        return [str(value) for value, _ in field.choices if value != ""][:8] or [""]
    if isinstance(field, forms.BooleanField):
        return ["on", ""]
    if isinstance(field, forms.DateTimeField):
        return ["2030-06-01T10:00", "2030-06-01T18:00"]
    if isinstance(field, forms.DateField):
        return [datetime.date.today().isoformat(), "2030-06-01"]
    if isinstance(field, forms.IntegerField):
        return ["0", "1", "2", "2020"] if "year" in name else ["0", "1", "2"]
    if isinstance(field, forms.EmailField):
        return ["someone@example.org"]
    if isinstance(field, forms.URLField):
        return ["https://example.org/page"]
    if isinstance(field, forms.FileField):
        return [""]
    return ["Обычный текст", "Text"]


def beyond_int64(value):
    """A number no SQLite INTEGER holds (as text, or in a list of texts)."""
    for item in value if isinstance(value, list) else [value]:
        try:
            number = int(item)
        except ValueError:
            continue
        if not -(2**63) <= number < 2**63:
            return True
    return False


def many(value):
    """A number of formset rows above a handful."""
    for item in value if isinstance(value, list) else [value]:
        try:
            if int(item) > 5:
                return True
        except ValueError:
            continue
    return False


def hostile_for(name, field):
    if name.endswith(("TOTAL_FORMS", "INITIAL_FORMS")):
        # Thousands of rows are valid input that takes tens of seconds to show again
        # (reported separately); a handful keeps this suite fast.
        return hostile_value.filter(lambda value: not many(value))
    return hostile_value


def payloads(fields, base=None, extra_keys=()):
    """Dicts over ``fields`` (name -> form field): each key absent, valid or hostile,
    over ``base`` (valid data) when given, plus now and then an unknown key."""
    optional = {
        name: st.one_of(st.sampled_from(valid_values(name, field)), hostile_for(name, field))
        for name, field in fields.items()
    }
    for key in extra_keys:
        optional.setdefault(key, hostile_value)
    unknown = st.dictionaries(
        st.text(max_size=20).filter(lambda key: key not in optional), hostile_value, max_size=2
    )
    overrides = st.fixed_dictionaries({}, optional=optional)
    return st.builds(lambda o, u: {**(base or {}), **u, **o}, overrides, unknown)


def fields_of(form):
    """name -> field of a form, a formset (management form and two rows) or a filter set,
    as the names appear in posted data."""
    if isinstance(form, forms.BaseFormSet):
        management = form.management_form
        named = {management.add_prefix(n): f for n, f in management.fields.items()}
        for row in form.forms[:2]:
            named.update({row.add_prefix(n): f for n, f in row.fields.items()})
        return named
    form = getattr(form, "form", form)  # a FilterSet's form
    return {form.add_prefix(name): field for name, field in form.fields.items()}


# The world and what a form may change ------------------------------------------------------


@pytest.fixture
def world(db):
    owner = OrganizationFactory(slug="owner", verified=True)
    newcomer = OrganizationFactory(slug="newcomer")
    other = OrganizationFactory(slug="other", verified=True)
    topic = TopicFactory(slug="topic")
    TargetGroupFactory(slug="youth")
    w = type("World", (), {})()
    w.owner, w.newcomer, w.other, w.topic = owner, newcomer, other, topic
    w.user = UserFactory(username="plain")
    w.editor = member_of(owner)
    w.manager = member_of(owner, role=MembershipRole.MANAGER)
    w.unverified = member_of(newcomer)
    w.outsider = member_of(other, role=MembershipRole.MANAGER)
    w.moderator = ModeratorFactory()
    w.editor_membership = Membership.objects.get(user=w.editor, organization=owner)
    PersonFactory(organization=owner)
    w.published = PracticeFactory(organization=owner, slug="published", topics=[topic])
    w.plain_practice = PracticeFactory(organization=owner, slug="plain-practice")
    w.on_review = PracticeFactory(
        organization=owner, slug="on-review", status=PracticeStatus.ON_REVIEW
    )
    w.replication = ReplicationFactory(
        practice=w.published,
        adopter=other,
        requested_by=w.outsider,
        status=ReplicationStatus.IN_PROGRESS,
        started_on=datetime.date.today() - datetime.timedelta(days=30),
    )
    w.event = EventFactory(organizer=owner, slug="event")
    w.internship = InternshipFactory(organizer=owner, slug="internship")
    ApplicationFactory(event=w.internship, user=w.user)
    EventFactory(organizer=other, status=EventStatus.PUBLISHED, slug="past-event")
    return w


STATE_MODELS = [
    get_user_model(),
    Organization,
    VerificationRecord,
    Person,
    Membership,
    Invitation,
    Practice,
    PracticeStep,
    KeyFigure,
    PracticeAttachment,
    Replication,
    Event,
    ProgrammeItem,
    EventPartner,
    SiteVisit,
    EventMaterial,
    Application,
]


def state():
    """Row counts of every model a form writes, and the versions and statuses of the
    objects edit pages and actions change."""
    counts = {model.__name__: model.objects.count() for model in STATE_MODELS}
    counts["organizations"] = list(
        Organization.objects.order_by("pk").values_list("pk", "version", "verified_at")
    )
    counts["practices"] = list(
        Practice.objects.order_by("pk").values_list("pk", "version", "status")
    )
    counts["events"] = list(Event.objects.order_by("pk").values_list("pk", "version", "status"))
    counts["replications"] = list(Replication.objects.order_by("pk").values_list("pk", "status"))
    counts["memberships"] = list(Membership.objects.order_by("pk").values_list("pk", "role"))
    return counts


def querydict(data):
    """What a form gets from a request: a QueryDict, lists for repeated keys."""
    result = QueryDict(mutable=True)
    for key, value in data.items():
        result.setlist(key, value if isinstance(value, list) else [value])
    return result


def writes(queries):
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


class rolled_back:
    """A savepoint that is always rolled back: one example's writes never reach the next."""

    def __enter__(self):
        self.atomic = transaction.atomic()
        self.atomic.__enter__()

    def __exit__(self, *exc):
        transaction.set_rollback(True)
        return self.atomic.__exit__(*exc)


# Forms, formsets and filter sets, directly -------------------------------------------------


def _formset(cls, prefix, instance):
    return lambda w, data: cls(data, None, instance=getattr(w, instance), prefix=prefix)


def _event_formset(prefix, cls):
    return lambda w, data: cls(
        data, None, instance=w.event, prefix=prefix, form_kwargs={"zone": None, "user": w.editor}
    )


FORMS = {
    "SignUpForm": lambda w, data: SignUpForm(data),
    "OrganizationForm new": lambda w, data: OrganizationForm(data, user=w.user),
    "OrganizationForm edit": lambda w, data: OrganizationForm(
        data, instance=w.owner, user=w.editor
    ),
    "OrganizationForm by a moderator": lambda w, data: OrganizationForm(
        data, instance=w.newcomer, user=w.moderator
    ),
    "InvitationForm": lambda w, data: InvitationForm(data),
    "RoleForm": lambda w, data: RoleForm(data),
    "VerificationForm": lambda w, data: VerificationForm(data),
    "PracticeForm new": lambda w, data: PracticeForm(data, user=w.editor),
    "PracticeForm edit": lambda w, data: PracticeForm(data, instance=w.published, user=w.editor),
    "StepFormSet": _formset(StepFormSet, "steps", "published"),
    "KeyFigureFormSet": _formset(KeyFigureFormSet, "figures", "published"),
    "AttachmentFormSet": _formset(AttachmentFormSet, "attachments", "published"),
    "practices ReturnForm": lambda w, data: PracticeReturnForm(data),
    "ReplicationRequestForm": lambda w, data: ReplicationRequestForm(
        data, organizations=Organization.objects.filter(pk=w.newcomer.pk)
    ),
    "ReplicationRequestForm several": lambda w, data: ReplicationRequestForm(
        data, organizations=Organization.objects.exclude(pk=w.owner.pk)
    ),
    "DecisionForm": lambda w, data: DecisionForm(data),
    "CompleteReplicationForm": lambda w, data: CompleteReplicationForm(data),
    "EventForm new": lambda w, data: EventForm(data, user=w.editor),
    "EventForm edit": lambda w, data: EventForm(data, instance=w.event, user=w.editor),
    **{
        f"{cls.form.__name__} rows": _event_formset(prefix, cls)
        for prefix, cls, _ in FORMSETS  # programme, partners, site visits, materials
    },
    # Validation only: events.services.apply saves the application.
    "ApplicationForm without organisation": lambda w, data: ApplicationForm(data, user=w.user),
    "ApplicationForm member": lambda w, data: ApplicationForm(data, user=w.outsider),
    "CancelForm": lambda w, data: CancelForm(data),
    "events ReturnForm": lambda w, data: EventReturnForm(data),
    "AuthenticationForm": lambda w, data: AuthenticationForm(None, data),
}
FILTERS = {
    "OrganizationFilter": lambda w, data: OrganizationFilter(
        data, queryset=Organization.objects.with_related()
    ),
    "PracticeFilter": lambda w, data: PracticeFilter(
        data, queryset=Practice.objects.published().for_list()
    ),
    "EventFilter": lambda w, data: EventFilter(data, queryset=Event.objects.public().for_cards()),
}


@pytest.mark.parametrize("name", sorted(FORMS))
@examples(20)
@given(draw=st.data())
def test_a_form_validates_any_data_and_saves_what_it_accepts(world, name, draw):
    build = FORMS[name]
    data = draw.draw(payloads(fields_of(build(world, None))), label="data")

    with rolled_back():
        form = build(world, querydict(data))
        with CaptureQueriesContext(connection) as queries:
            valid = form.is_valid()
        assert not writes(queries), f"validation wrote to the database: {writes(queries)}"
        if valid and hasattr(form, "save") and not isinstance(form, ApplicationForm):
            form.save()


@pytest.mark.parametrize("name", sorted(FILTERS))
@examples(30)
@given(draw=st.data())
def test_a_filter_set_takes_any_data(world, name, draw):
    build = FILTERS[name]
    data = draw.draw(payloads(fields_of(build(world, None)), extra_keys=["page"]))

    with rolled_back():
        filterset = build(world, querydict(data))
        filterset.is_valid()
        list(filterset.qs[:5])


# Form views, through the test client ------------------------------------------------------


def _management(prefix, initial=0):
    return {f"{prefix}-TOTAL_FORMS": str(initial), f"{prefix}-INITIAL_FORMS": str(initial)}


def _practice_base(w, instance=None):
    base = {
        "title": "Практика соседей",
        "summary": "Кратко.",
        "organization": str(w.owner.pk),
        "format": "in_person",
    }
    if instance is not None:
        base["version"] = str(instance.version)
    for prefix in ("steps", "figures", "attachments"):
        base.update(_management(prefix))
    return base


def _event_base(w, instance=None):
    base = {
        "kind": "seminar",
        "title": "Семинар",
        "summary": "Кратко.",
        "organizer": str(w.owner.pk),
        "region": str(region("RU-SA").pk),
        "start": "2030-06-01T10:00",
        "end": "2030-06-01T18:00",
        "format": "in-person",
        "accepts_applications": "on",
    }
    if instance is not None:
        base["version"] = str(instance.version)
    for prefix, _, _ in FORMSETS:
        base.update(_management(prefix))
    return base


def _org_base(w, instance=None):
    base = {"name": "Новая НКО", "kind": "ngo", "region": str(region("RU-SA").pk)}
    if instance is not None:
        base.update({"name": instance.name, "version": str(instance.version)})
    return base


def _event_form_fields(w, instance=None):
    event = instance or Event()
    named = fields_of(EventForm(instance=instance, user=w.editor))
    for prefix, cls, _ in FORMSETS:
        named.update(
            fields_of(
                cls(instance=event, prefix=prefix, form_kwargs={"zone": None, "user": w.editor})
            )
        )
    return named


def _practice_form_fields(w, instance=None):
    named = fields_of(PracticeForm(instance=instance, user=w.editor))
    for prefix, cls in (
        ("steps", StepFormSet),
        ("figures", KeyFigureFormSet),
        ("attachments", AttachmentFormSet),
    ):
        named.update(fields_of(cls(instance=instance or Practice(), prefix=prefix)))
    return named


SIGN_UP = {
    "username": "newbie",
    "email": "newbie@example.org",
    "first_name": "Анна",
    "last_name": "Петрова",
    "password1": "Sl0zhnyi-parol-2026",
    "password2": "Sl0zhnyi-parol-2026",
}

# name: (URL name, URL kwargs, who posts, fields, valid base data)
FORM_VIEWS = {
    "sign up": ("signup", None, None, lambda w: fields_of(SignUpForm()), lambda w: SIGN_UP),
    "sign in": (
        "login",
        None,
        None,
        lambda w: fields_of(AuthenticationForm()),
        lambda w: {"username": "plain", "password": "secret-pass-123"},
    ),
    "password reset": (
        "password_reset",
        None,
        None,
        lambda w: {"email": forms.EmailField()},
        lambda w: {"email": "plain@example.org"},
    ),
    "new organisation": (
        "organizations:new",
        None,
        "user",
        lambda w: fields_of(OrganizationForm(user=w.user)),
        _org_base,
    ),
    "edit organisation": (
        "organizations:edit",
        lambda w: {"slug": w.owner.slug},
        "editor",
        lambda w: fields_of(OrganizationForm(instance=w.owner, user=w.editor)),
        lambda w: _org_base(w, w.owner),
    ),
    "invite a member": (
        "organizations:members",
        lambda w: {"slug": w.owner.slug},
        "manager",
        lambda w: fields_of(InvitationForm()),
        lambda w: {"identifier": "plain", "role": "editor"},
    ),
    "new practice": (
        "practices:new",
        None,
        "editor",
        _practice_form_fields,
        _practice_base,
    ),
    "edit practice": (
        "practices:edit",
        lambda w: {"slug": w.plain_practice.slug},
        "editor",
        lambda w: _practice_form_fields(w, w.plain_practice),
        lambda w: _practice_base(w, w.plain_practice),
    ),
    "new event": ("events:new", None, "editor", _event_form_fields, _event_base),
    "edit event": (
        "events:edit",
        lambda w: {"slug": w.event.slug},
        "editor",
        lambda w: _event_form_fields(w, w.event),
        lambda w: _event_base(w, w.event),
    ),
}

# Actions: (URL name, URL kwargs, who posts, form class, the form's keyword arguments)
ACTIONS = {
    "apply": (
        "events:apply",
        lambda w: {"slug": w.internship.slug},
        "outsider",
        lambda w, data: ApplicationForm(data, user=w.outsider),
    ),
    "cancel an event": (
        "events:cancel",
        lambda w: {"slug": w.event.slug},
        "editor",
        lambda w, data: CancelForm(data),
    ),
    "return a practice": (
        "practices:return",
        lambda w: {"slug": w.on_review.slug},
        "moderator",
        lambda w, data: PracticeReturnForm(data),
    ),
    "ask to implement": (
        "practices:request",
        lambda w: {"slug": w.published.slug},
        "unverified",
        lambda w, data: ReplicationRequestForm(
            data, organizations=Organization.objects.filter(pk=w.newcomer.pk)
        ),
    ),
    "mark implemented": (
        "practices:replication-action",
        lambda w: {"pk": w.replication.pk, "action": "implemented"},
        "outsider",
        lambda w, data: CompleteReplicationForm(data),
    ),
    "verify": (
        "organizations:verify",
        lambda w: {"slug": w.newcomer.slug, "action": "verify"},
        "moderator",
        lambda w, data: VerificationForm(data),
    ),
    "change a role": (
        "organizations:member-role",
        lambda w: {"slug": w.owner.slug, "pk": w.editor_membership.pk},
        "manager",
        lambda w, data: RoleForm(data),
    ),
}


def _sign_in(client, world, who):
    if who is not None:
        client.force_login(getattr(world, who))


def _check_answer(response, path):
    assert response.status_code < 500, f"POST {path}: {response.status_code}"
    if response.streaming:
        b"".join(response.streaming_content)


@pytest.mark.parametrize("name", sorted(FORM_VIEWS))
def test_a_form_views_base_data_is_accepted(client, world, name):
    """The generated data starts from this, so it must get past validation."""
    url_name, kwargs, who, _, base = FORM_VIEWS[name]
    _sign_in(client, world, who)
    path = reverse(url_name, kwargs=kwargs(world) if kwargs else None)
    before = state()

    response = client.post(path, base(world))

    errors = response.context and response.context.get("form") and response.context["form"].errors
    assert response.status_code == 302, errors
    if name not in ("sign in", "password reset"):  # these store nothing of ours
        assert state() != before


@pytest.mark.parametrize("name", sorted(FORM_VIEWS))
@examples(10)
@given(draw=st.data())
def test_a_form_view_answers_any_post_and_saves_nothing_it_shows_again(client, world, name, draw):
    url_name, kwargs, who, fields, base = FORM_VIEWS[name]
    _sign_in(client, world, who)
    path = reverse(url_name, kwargs=kwargs(world) if kwargs else None)
    data = draw.draw(
        st.one_of(payloads(fields(world), base=base(world)), payloads(fields(world))),
        label="data",
    )

    with rolled_back():
        before = state()
        response = client.post(path, data)

        _check_answer(response, path)
        event(f"status {response.status_code}")  # --hypothesis-show-statistics
        if response.status_code == 200:  # the form again, with its errors
            assert state() == before, f"POST {path} showed the form again but saved"


@pytest.mark.parametrize("name", sorted(ACTIONS))
@examples(10)
@given(draw=st.data())
def test_an_action_answers_any_post_and_changes_nothing_on_invalid_input(client, world, name, draw):
    url_name, kwargs, who, form_for = ACTIONS[name]
    _sign_in(client, world, who)
    path = reverse(url_name, kwargs=kwargs(world))
    data = draw.draw(payloads(fields_of(form_for(world, None))), label="data")

    with rolled_back():
        valid = form_for(world, querydict(data)).is_valid()
        before = state()
        response = client.post(path, data)

        _check_answer(response, path)
        if not valid and name not in ("cancel an event", "verify"):
            # (a cancelling reason or a verification comment is optional: a bad one is dropped)
            assert state() == before, f"POST {path} with an invalid form changed the database"


# On SQLite an id beyond 64 bits in ``pk__in`` raises OverflowError (Django's
# ModelMultipleChoiceField catches only ValueError and TypeError): common.forms'
# ModelMultipleChoiceField makes it the form's error on both databases.
@pytest.mark.parametrize(
    ("url_name", "field"),
    [
        ("practices:new", "topics"),
        ("practices:new", "target_groups"),
        ("events:new", "practices"),
        ("events:new", "programme-0-speakers"),
    ],
)
def test_a_huge_id_in_a_multiple_choice_is_a_form_error(client, world, url_name, field):
    client.force_login(world.editor)
    data = _practice_base(world) if url_name == "practices:new" else _event_base(world)
    data.update(
        {"programme-TOTAL_FORMS": "1", "programme-0-start": "2030-06-01T10:00"},
        **{"programme-0-title": "Доклад", field: ["9223372036854775808"]},
    )
    before = state()

    response = client.post(reverse(url_name), data)

    assert response.status_code == 200
    assert state() == before


# Lists with any query string ---------------------------------------------------------------

LIST_KEYS = [
    "q",
    "region",
    "topic",
    "kind",
    "page",
    "from",
    "to",
    "past",
    "sort",
    "district",
    "format",
    "organizer",
    "replicated",
    "target_group",
]
LIST_VALUES = [
    "RU-SA",
    "ru-sa",
    "topic",
    "youth",
    "internship",
    "seminar",
    "ngo",
    "far-eastern",
    "online",
    "owner",
    "yes",
    "no",
    "title",
    "replicated",
    "newest",
    "1",
    "2",
    "on",
    "2026-06-01",
    "практика",
    "технологии",
]
LISTS = [
    ("practices:list", None),
    ("practices:export-csv", None),
    ("practices:topic", {"slug": "topic"}),
    ("events:list", None),
    ("events:export-csv", None),
    ("events:calendar-ics", None),
    ("organizations:list", None),
    ("organizations:export-csv", None),
    ("search", None),
]

query_value = st.one_of(st.sampled_from(LIST_VALUES), hostile_text)
query = st.dictionaries(
    st.one_of(st.sampled_from(LIST_KEYS), st.text(max_size=12)),
    st.one_of(query_value, st.lists(query_value, min_size=2, max_size=3)),
    max_size=6,
)
raw_query = st.text(alphabet=string.ascii_letters + string.digits + "%&=+;_-.[]", max_size=80)


def _get(client, path, **extra):
    response = client.get(path, **extra)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize(("url_name", "kwargs"), LISTS)
@examples(20)
@given(params=query)
def test_a_list_answers_any_query(client, world, url_name, kwargs, params):
    path = reverse(url_name, kwargs=kwargs)

    response = _get(client, path, data=params)

    assert response.status_code in (200, 404), f"GET {path} {params!r}: {response.status_code}"


@pytest.mark.parametrize(("url_name", "kwargs"), LISTS)
@examples(8)
@given(raw=raw_query)
def test_a_list_answers_any_raw_query_string(client, world, url_name, kwargs, raw):
    path = reverse(url_name, kwargs=kwargs)

    response = _get(client, path, QUERY_STRING=raw)

    assert response.status_code in (200, 404), f"GET {path}?{raw}: {response.status_code}"
