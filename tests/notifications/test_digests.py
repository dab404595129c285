"""Digests: exactly what is new in what a person follows since their last digest."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications import tokens
from notifications.digests import send_digests
from notifications.models import Follow, Preferences
from practices import services as practice_services
from practices.models import PracticeStatus, ReplicationStatus
from tests.factories import (
    DraftPracticeFactory,
    InternshipFactory,
    OrganizationFactory,
    PracticeFactory,
    ReplicationFactory,
    TopicFactory,
    UserFactory,
    member_of,
    region,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(days=7)


@pytest.fixture
def topic(db):
    return TopicFactory(name_ru="Соседские центры", name_en="Neighbourhood centres")


def follower(target_name, target, digest="weekly", last=WEEK, language="ru"):
    """A leader who follows ``target`` and whose last digest was ``last`` ago."""
    leader = member_of(OrganizationFactory())
    Preferences.objects.create(
        user=leader, digest=digest, language=language, last_digest_at=timezone.now() - last
    )
    Follow.objects.create(user=leader, **{target_name: target})
    return leader


def published(days_ago=1, **kwargs):
    return PracticeFactory(published_at=timezone.now() - days_ago * DAY, **kwargs)


def digests_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def run(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return send_digests()


def test_a_leader_following_neighbourhood_centres_gets_the_new_practice(
    topic, moderator, django_capture_on_commit_callbacks
):
    leader = follower("topic", topic)
    practice = DraftPracticeFactory(
        title="Соседский центр в микрорайоне", topics=[topic], status=PracticeStatus.ON_REVIEW
    )
    practice_services.publish_practice(practice=practice, user=moderator)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", verbosity=0)

    [digest] = digests_to(leader)
    assert "Соседский центр в микрорайоне" in digest.body
    assert practice.get_absolute_url() in digest.body
    assert "Соседский центр в микрорайоне" in digest.alternatives[0][0]
    assert "Новые практики" in digest.body


def test_a_digest_holds_only_what_is_new_since_the_last_one(
    topic, django_capture_on_commit_callbacks
):
    leader = follower("topic", topic, last=3 * DAY, digest="daily")
    published(days_ago=5, title="Старая практика", topics=[topic])
    published(days_ago=2, title="Новая практика", topics=[topic])

    run(django_capture_on_commit_callbacks)

    [digest] = digests_to(leader)
    assert "Новая практика" in digest.body
    assert "Старая практика" not in digest.body


def test_running_twice_sends_nothing_new(topic, django_capture_on_commit_callbacks):
    leader = follower("topic", topic)
    published(topics=[topic])

    first = run(django_capture_on_commit_callbacks)
    second = run(django_capture_on_commit_callbacks)

    assert (first, second) == (1, 0)
    assert len(digests_to(leader)) == 1


def test_the_next_digest_starts_where_the_last_ended(topic, django_capture_on_commit_callbacks):
    leader = follower("topic", topic, digest="daily", last=2 * DAY)
    published(days_ago=1, title="Первая", topics=[topic])
    run(django_capture_on_commit_callbacks)
    ended = Preferences.objects.get(user=leader).last_digest_at
    # A day later: one more practice on the topic.
    Preferences.objects.filter(user=leader).update(last_digest_at=ended - 2 * DAY)
    PracticeFactory(title="Вторая", topics=[topic], published_at=ended - DAY)

    run(django_capture_on_commit_callbacks)

    first, second = digests_to(leader)
    assert "Первая" in first.body and "Вторая" not in first.body
    assert "Вторая" in second.body


def test_nothing_new_sends_nothing(topic, django_capture_on_commit_callbacks):
    leader = follower("topic", topic)
    published(days_ago=30, topics=[topic])
    published(days_ago=1)  # new, but on another topic

    assert run(django_capture_on_commit_callbacks) == 0

    assert digests_to(leader) == []


def test_a_weekly_digest_waits_for_its_week(topic, django_capture_on_commit_callbacks):
    leader = follower("topic", topic, last=3 * DAY)
    published(topics=[topic])

    run(django_capture_on_commit_callbacks)

    assert digests_to(leader) == []


def test_a_daily_digest_comes_the_next_day(topic, django_capture_on_commit_callbacks):
    leader = follower("topic", topic, digest="daily", last=DAY)
    published(days_ago=0.5, topics=[topic])

    run(django_capture_on_commit_callbacks)

    assert len(digests_to(leader)) == 1


def test_no_digest_for_who_turned_it_off(topic, django_capture_on_commit_callbacks):
    leader = follower("topic", topic, digest="off", last=30 * DAY)
    published(topics=[topic])

    run(django_capture_on_commit_callbacks)

    assert digests_to(leader) == []


def test_a_draft_is_never_in_a_digest(topic, django_capture_on_commit_callbacks):
    leader = follower("topic", topic)
    DraftPracticeFactory(title="Черновик", topics=[topic])

    run(django_capture_on_commit_callbacks)

    assert digests_to(leader) == []


def test_following_a_region_brings_its_practices_and_internships(
    django_capture_on_commit_callbacks,
):
    yakutia = region("RU-SA")
    leader = follower("region", yakutia)
    published(title="Практика Якутии", region=yakutia)
    internship = InternshipFactory(
        title="Стажировка в Якутске", region=yakutia, published_at=timezone.now() - DAY
    )

    run(django_capture_on_commit_callbacks)

    [digest] = digests_to(leader)
    assert "Практика Якутии" in digest.body
    assert "Стажировка в Якутске" in digest.body
    assert internship.get_absolute_url() in digest.body
    assert "Заявки принимаются" in digest.body


def test_following_an_organisation_brings_its_practices(django_capture_on_commit_callbacks):
    centre = OrganizationFactory()
    leader = follower("organization", centre)
    published(title="Практика центра", organization=centre)
    published(title="Чужая практика")

    run(django_capture_on_commit_callbacks)

    [digest] = digests_to(leader)
    assert "Практика центра" in digest.body
    assert "Чужая практика" not in digest.body


def test_following_a_practice_brings_its_replication_results(
    django_capture_on_commit_callbacks,
):
    practice = published(days_ago=60, title="Соседский центр")
    leader = follower("practice", practice)
    ReplicationFactory(
        practice=practice,
        status=ReplicationStatus.IMPLEMENTED,
        implemented_on=timezone.localdate(),
        results="Открыли два центра в Челябинске.",
    )

    run(django_capture_on_commit_callbacks)

    [digest] = digests_to(leader)
    assert "Открыли два центра в Челябинске." in digest.body
    assert "Результаты тиражирования" in digest.body


def test_the_digest_comes_in_the_followers_language(topic, django_capture_on_commit_callbacks):
    leader = follower("topic", topic, language="en")
    published(title="Соседский центр", topics=[topic])

    run(django_capture_on_commit_callbacks)

    [digest] = digests_to(leader)
    assert digest.subject.startswith("What is new in what you follow")
    assert "New practices" in digest.body
    assert "/en/practices/" in digest.body


def test_the_digest_has_the_one_click_unsubscribe_of_the_digest(
    client, topic, django_capture_on_commit_callbacks
):
    leader = follower("topic", topic)
    published(topics=[topic])
    run(django_capture_on_commit_callbacks)
    [digest] = digests_to(leader)
    link = digest.extra_headers["List-Unsubscribe"][1:-1]
    token = link.rstrip("/").rsplit("/", 1)[1]

    assert tokens.read(token) == (leader, tokens.DIGEST)
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    client.post(link.removeprefix("http://127.0.0.1:8000"))
    assert Preferences.objects.get(user=leader).digest == "off"


def test_a_person_without_follows_or_address_gets_nothing(
    topic, django_capture_on_commit_callbacks
):
    lonely = UserFactory()
    Preferences.objects.create(user=lonely, last_digest_at=timezone.now() - WEEK)
    silent = follower("topic", topic)
    silent.email = ""
    silent.save()
    published(topics=[topic])

    assert run(django_capture_on_commit_callbacks) == 0

    assert mail.outbox == []


def test_reading_queries_do_not_grow_with_the_number_of_followers(topic):
    def reads(count):
        Preferences.objects.all().delete()
        for _ in range(count):
            follower("topic", topic)
        with CaptureQueriesContext(connection) as context:
            send_digests()
        return [q for q in context.captured_queries if q["sql"].startswith("SELECT")]

    published(topics=[topic])

    assert len(reads(1)) == len(reads(10))
