"""factory_boy factories for every model; regions come from the data migration."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from events.models import (
    Application,
    Event,
    EventFormat,
    EventKind,
    EventPartner,
    EventStatus,
    ProgrammeItem,
    SiteVisit,
)
from organizations.models import (
    GrantProgramme,
    GrantProject,
    Invitation,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    Person,
    Region,
)
from organizations.rules import MODERATORS_GROUP
from practices.models import (
    KeyFigure,
    Practice,
    PracticeAttachment,
    PracticeStatus,
    PracticeStep,
    Replication,
    TargetGroup,
    Topic,
)
from practices.services import refresh_replication_count


def region(code="RU-SA"):
    """A region loaded by the data migration (all 89 exist in every test database)."""
    return Region.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Анна"
    last_name = factory.Sequence(lambda n: f"Иванова-{n}")
    password = factory.django.Password("secret-pass-123")


class ModeratorFactory(UserFactory):
    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def moderator_group(self, create, extracted, **kwargs):
        if create:
            group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
            self.groups.add(group)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Организация {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = OrganizationKind.NGO
    region = factory.LazyFunction(lambda: region("RU-SA"))
    locality = "Якутск"

    class Params:
        # A trusted publisher, as a moderator's verification makes it.
        verified = factory.Trait(verified_at=factory.LazyFunction(timezone.now))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Участник {n}")
    position = "Руководитель"
    organization = factory.SubFactory(OrganizationFactory)
    public_consent = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = MembershipRole.EDITOR


class GrantProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantProgramme

    title = factory.Sequence(lambda n: f"Грантовая программа {n}")


class GrantProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantProject

    title = factory.Sequence(lambda n: f"Проект {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    programme = factory.SubFactory(GrantProgrammeFactory)
    implementer = factory.SubFactory(OrganizationFactory)


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation to join an organisation as editor."""

    class Meta:
        model = Invitation

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    identifier = factory.LazyAttribute(lambda i: i.user.username if i.user else "nobody")
    role = MembershipRole.EDITOR
    invited_by = factory.SubFactory(UserFactory)


def member_of(organization, role=MembershipRole.EDITOR, **user_kwargs):
    """A new user who is a member of ``organization`` with ``role``."""
    return MembershipFactory(organization=organization, role=role, **user_kwargs).user


# --- practices ---


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_ru = factory.Sequence(lambda n: f"Тема {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"group-{n}")
    name_ru = factory.Sequence(lambda n: f"Группа {n}")
    name_en = factory.Sequence(lambda n: f"Group {n}")


class PracticeFactory(factory.django.DjangoModelFactory):
    """A published practice; pass ``status=PracticeStatus.DRAFT`` for a draft."""

    class Meta:
        model = Practice
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Практика номер {n}")
    slug = factory.Sequence(lambda n: f"practice-{n}")
    summary = "Краткое описание практики."
    organization = factory.SubFactory(OrganizationFactory)
    region = factory.LazyAttribute(lambda p: p.organization.region)
    status = PracticeStatus.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda p: timezone.now() if p.status == PracticeStatus.PUBLISHED else None
    )

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_groups.set(extracted)


class DraftPracticeFactory(PracticeFactory):
    status = PracticeStatus.DRAFT


class PracticeStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeStep

    practice = factory.SubFactory(PracticeFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Шаг {n}")
    duration = "1 неделя"


class KeyFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyFigure

    practice = factory.SubFactory(PracticeFactory)
    value = "10"
    label = "семей"


class PracticeAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeAttachment

    practice = factory.SubFactory(PracticeFactory)
    title = "Методичка"
    file = factory.django.FileField(filename="guide.pdf", data=b"%PDF-1.4 test")


class ReplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Replication
        skip_postgeneration_save = True

    practice = factory.SubFactory(PracticeFactory)
    adopter = factory.SubFactory(OrganizationFactory)

    @factory.post_generation
    def counted(self, create, extracted, **kwargs):
        """The practice's stored count follows, as the services keep it."""
        if create:
            refresh_replication_count(self.practice_id)


# --- events ---


def _in_days(days, hour=10):
    moment = timezone.now() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = EventKind.SEMINAR
    title = factory.Sequence(lambda n: f"Семинар {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    summary = "Обмен опытом НКО."
    organizer = factory.SubFactory(OrganizationFactory)
    region = factory.LazyFunction(lambda: region("RU-SA"))
    start = factory.LazyFunction(lambda: _in_days(10))
    end = factory.LazyAttribute(lambda e: e.start + datetime.timedelta(hours=6))
    format = EventFormat.IN_PERSON
    venue = "Зал"
    status = EventStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class InternshipFactory(EventFactory):
    kind = EventKind.INTERNSHIP
    title = factory.Sequence(lambda n: f"Стажировка {n}")
    capacity = 2
    waitlist_enabled = True
    delegation_region = factory.LazyFunction(lambda: region("RU-CHE"))


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    event = factory.SubFactory(EventFactory)
    start = factory.LazyAttribute(lambda i: i.event.start)
    title = factory.Sequence(lambda n: f"Доклад {n}")


class EventPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventPartner

    event = factory.SubFactory(EventFactory)
    organization = factory.SubFactory(OrganizationFactory)


class SiteVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteVisit

    event = factory.SubFactory(InternshipFactory)
    organization = factory.SubFactory(OrganizationFactory)
    day = factory.LazyAttribute(lambda v: v.event.start.date())
    purpose = "Знакомство с практикой"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    event = factory.SubFactory(InternshipFactory)
    user = factory.SubFactory(UserFactory)
    organization_name = "НКО заявителя"
    motivation = "Хотим научиться."


# Notifications (appended; the import is here to keep the blocks above untouched).
from notifications.models import Kind, Notification  # noqa: E402


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = Kind.REPLICATION_REQUESTED
    title = factory.Sequence(lambda n: f"Уведомление {n}")
    text = "Организация хочет внедрить вашу практику."
    url = "/dashboard/"
