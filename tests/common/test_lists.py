"""common.lists: the remembered filter options (RememberedChoices) and deep pages."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from common.lists import CappedPaginator, RememberedChoices
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


# --- deep pages: keys first ---


def _titles(client, url):
    return [practice.title for practice in client.get(url).context["page_obj"].object_list]


@pytest.mark.parametrize("url", ["/practices/?page=2", "/practices/?page=2&sort=title"])
def test_a_deep_page_read_keys_first_holds_the_same_rows_in_the_same_order(
    client, monkeypatch, url
):
    for n in range(25):
        PracticeFactory(
            title=f"Практика {n:02d}", published_at=timezone.now() - timedelta(days=n % 4)
        )
    by_offset = _titles(client, url)
    monkeypatch.setattr(CappedPaginator, "keys_first_after", 0)

    assert _titles(client, url) == by_offset
    assert len(by_offset) == 5


def test_a_deep_page_reads_its_keys_then_its_rows(client, monkeypatch, count_queries):
    PracticeFactory.create_batch(25)
    client.get("/practices/?page=2")  # the filter options, remembered for a minute
    shallow = count_queries(lambda: client.get("/practices/?page=2"))
    monkeypatch.setattr(CappedPaginator, "keys_first_after", 0)

    assert count_queries(lambda: client.get("/practices/?page=2")) == shallow + 1


# --- remembered options in forms: a chosen row is always offered ---


def test_a_topic_chosen_since_the_options_were_remembered_stays_chosen_in_the_editor(
    client, moderator
):
    """A topic added in the last minute and already given to a practice: the editor shows
    it chosen (reading the options again), so that saving does not drop it."""
    practice = PracticeFactory()
    client.force_login(moderator)
    edit = reverse("practices:edit", args=[practice.slug])
    client.get(edit)  # the topics are remembered without the new one
    topic = TopicFactory(slug="novaya", name_ru="Новая тема")
    practice.topics.add(topic)

    form = client.get(edit).context["form"]

    assert _checked(form["topics"], topic)


def test_a_topic_posted_since_the_options_were_remembered_stays_chosen_on_a_bad_post(
    client, moderator
):
    practice = PracticeFactory()
    client.force_login(moderator)
    edit = reverse("practices:edit", args=[practice.slug])
    client.get(edit)
    topic = TopicFactory(slug="svezhaya", name_ru="Свежая тема")

    form = client.post(edit, {"title": "", "topics": [topic.pk]}).context["form"]

    assert form.errors["title"]
    assert _checked(form["topics"], topic)


def _checked(field, row):
    box = re.search(
        rf'<input type="checkbox" name="{field.name}" value="{row.pk}"[^>]*>', str(field)
    )
    return box is not None and " checked" in box.group(0)


def test_a_posted_value_that_is_no_row_reads_the_options_once(client, moderator):
    practice = PracticeFactory()
    client.force_login(moderator)
    edit = reverse("practices:edit", args=[practice.slug])
    client.get(edit)

    with CaptureQueriesContext(connection) as captured:
        response = client.post(edit, {"title": "", "topics": ["999999"]})

    assert response.status_code == 200
    whole_list = 'FROM "practices_topic" ORDER BY "practices_topic"."name_ru" ASC'
    assert len([q for q in captured if q["sql"].endswith(whole_list)]) == 1
