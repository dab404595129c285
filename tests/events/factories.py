"""factory_boy factories for the events app (re-exported by tests/factories.py later)."""

import datetime

import factory
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
from tests.factories import OrganizationFactory, UserFactory, region


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
