import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import MAX_DURATION, Event
from tests.factories import EventFactory, ProgrammeItemFactory, region

pytestmark = pytest.mark.django_db

YEKATERINBURG = ZoneInfo("Asia/Yekaterinburg")


def test_database_refuses_an_event_that_ends_before_it_starts():
    event = EventFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(end=event.start - datetime.timedelta(hours=1))


def test_database_refuses_an_event_that_ends_when_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        start = datetime.datetime(2030, 5, 1, 10, tzinfo=YEKATERINBURG)
        EventFactory(start=start, end=start)


def test_database_refuses_negative_capacity():
    event = EventFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(capacity=-1)


def test_full_clean_explains_end_before_start_and_negative_capacity():
    event = EventFactory.build(
        region=region("RU-SA"),
        start=datetime.datetime(2030, 5, 1, 10, tzinfo=YEKATERINBURG),
        end=datetime.datetime(2030, 5, 1, 9, tzinfo=YEKATERINBURG),
        capacity=-3,
    )

    with pytest.raises(ValidationError) as info:
        event.clean()

    assert set(info.value.message_dict) == {"end", "capacity"}


def test_full_clean_refuses_an_event_longer_than_the_longest_allowed():
    start = datetime.datetime(2030, 5, 1, 10, tzinfo=YEKATERINBURG)
    event = EventFactory.build(
        region=region("RU-SA"), start=start, end=start + MAX_DURATION + datetime.timedelta(hours=1)
    )

    with pytest.raises(ValidationError) as info:
        event.clean()

    assert set(info.value.message_dict) == {"end"}


def test_full_clean_accepts_an_event_of_exactly_the_longest_allowed():
    start = datetime.datetime(2030, 5, 1, 10, tzinfo=YEKATERINBURG)
    event = EventFactory.build(region=region("RU-SA"), start=start, end=start + MAX_DURATION)

    event.clean()


def test_programme_item_must_end_after_it_starts():
    item = ProgrammeItemFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        type(item).objects.filter(pk=item.pk).update(end=item.start)


def test_time_zone_defaults_to_the_region_zone():
    chelyabinsk = EventFactory(region=region("RU-CHE"))
    yakutsk = EventFactory(region=region("RU-SA"), timezone="")

    assert chelyabinsk.timezone == "Asia/Yekaterinburg"
    assert yakutsk.timezone == "Asia/Yakutsk"


def test_zone_label_names_the_city_and_offset():
    start = datetime.datetime(2030, 5, 1, 5, 0, tzinfo=datetime.UTC)
    chelyabinsk = EventFactory(region=region("RU-CHE"), start=start)
    yakutsk = EventFactory(region=region("RU-SA"), start=start)

    assert chelyabinsk.zone_label == "Челябинск (UTC+5)"
    assert chelyabinsk.local_start.hour == 10
    assert yakutsk.zone_label == "Якутск (UTC+9)"
    assert yakutsk.local_start.hour == 14


def test_event_in_another_zone_than_its_region_is_named_by_the_zone_city():
    event = EventFactory(region=region("RU-CHE"), timezone="Europe/Moscow")

    assert event.zone_label.startswith("Москва (UTC+3)")


def test_search_finds_russian_word_forms():
    EventFactory(title="Стажировка по технологиям соседских центров")
    EventFactory(title="Вебинар о грантах")

    found = Event.objects.search("технология")

    assert [e.title for e in found] == ["Стажировка по технологиям соседских центров"]
