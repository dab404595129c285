"""Factories for the practices app (re-exported from tests/factories.py by the lead)."""

import factory
from django.utils import timezone

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
from tests.factories import OrganizationFactory


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

    practice = factory.SubFactory(PracticeFactory)
    adopter = factory.SubFactory(OrganizationFactory)
