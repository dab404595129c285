"""The lists' remembered filter options (common.lists.RememberedChoices)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.lists import RememberedChoices
from tests.factories import PracticeFactory, TargetGroupFactory, TopicFactory

pytestmark = pytest.mark.django_db

LIST = reverse("practices:list")


def _option(slug):
    return f'<option value="{slug}"'


def test_the_options_are_read_once_not_on_every_page(client):
    TopicFactory(slug="dvory")
    client.get(LIST)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST, {"sort": "title"})  # a page of its own, not a cache hit

    assert _option("dvory") in response.content.decode()
    assert not [q for q in captured if 'FROM "practices_targetgroup"' in q["sql"]]


def test_a_new_topic_is_offered_once_the_memory_expires(client, monkeypatch):
    client.get(LIST)
    TopicFactory(slug="novaya-tema")
    assert _option("novaya-tema") not in client.get(LIST, {"sort": "title"}).content.decode()

    later = RememberedChoices.clock() + RememberedChoices.seconds
    monkeypatch.setattr(RememberedChoices, "clock", staticmethod(lambda: later))

    assert _option("novaya-tema") in client.get(LIST, {"sort": "newest"}).content.decode()


def test_a_topic_not_yet_offered_still_filters_the_list(client):
    client.get(LIST)
    topic = TopicFactory(slug="svezhaya")
    practice = PracticeFactory(topics=[topic])
    PracticeFactory()

    response = client.get(LIST, {"topic": "svezhaya"})

    assert [p.pk for p in response.context["object_list"]] == [practice.pk]


def test_the_options_follow_the_language(client):
    TargetGroupFactory(slug="semi", name_ru="Семьи", name_en="Families")

    russian = client.get(LIST).content.decode()
    english = client.get("/en" + LIST).content.decode()

    assert ">Семьи</option>" in russian
    assert ">Families</option>" in english
