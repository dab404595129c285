"""Following a topic, a region, an organisation or a practice: buttons, permissions, no-JS."""

import pytest
from django.urls import reverse

from notifications.models import Follow, Preferences
from practices.models import PracticeStatus
from tests.factories import DraftPracticeFactory, PracticeFactory, TopicFactory, region

pytestmark = pytest.mark.django_db


def follow_url(kind, key, action="follow"):
    return reverse(f"notifications:{action}", args=[kind, key])


@pytest.fixture
def topic(db):
    return TopicFactory(name_ru="Соседские центры", slug="sosedskie-centry")


@pytest.fixture
def targets(topic, organization):
    practice = PracticeFactory(organization=organization)
    return {
        "topic": (topic, topic.slug),
        "region": (region("RU-SA"), "RU-SA"),
        "organization": (organization, organization.slug),
        "practice": (practice, practice.slug),
    }


@pytest.mark.parametrize("kind", ["topic", "region", "organization", "practice"])
def test_anonymous_is_sent_to_sign_in_and_nothing_is_saved(client, targets, kind):
    _target, key = targets[kind]

    response = client.post(follow_url(kind, key))

    assert response["Location"].startswith(reverse("login"))
    assert not Follow.objects.exists()


@pytest.mark.parametrize("who", ["user", "member", "outsider", "moderator"])
@pytest.mark.parametrize("kind", ["topic", "region", "organization", "practice"])
def test_anyone_signed_in_follows_and_is_sent_back(client, targets, kind, who, request):
    person = request.getfixturevalue(who)
    target, key = targets[kind]
    client.force_login(person)

    response = client.post(follow_url(kind, key))

    assert response["Location"] == target.get_absolute_url()
    follow = Follow.objects.get()
    assert (follow.user, follow.target) == (person, target)


def test_following_twice_keeps_one_follow(client, member, topic):
    client.force_login(member)

    client.post(follow_url("topic", topic.slug))
    client.post(follow_url("topic", topic.slug))

    assert Follow.objects.count() == 1


def test_the_first_follow_records_the_language_of_the_page(client, member, topic):
    client.force_login(member)

    client.post("/en" + follow_url("topic", topic.slug))

    assert Preferences.objects.get(user=member).language == "en"


def test_unfollowing_removes_only_mine(client, member, outsider, topic):
    Follow.objects.create(user=member, topic=topic)
    Follow.objects.create(user=outsider, topic=topic)
    client.force_login(member)

    client.post(follow_url("topic", topic.slug, "unfollow"))
    client.post(follow_url("topic", topic.slug, "unfollow"))

    assert list(Follow.objects.values_list("user", flat=True)) == [outsider.pk]


def test_a_draft_practice_cannot_be_followed(client, member, organization):
    draft = DraftPracticeFactory(organization=organization, status=PracticeStatus.DRAFT)
    client.force_login(member)

    response = client.post(follow_url("practice", draft.slug))

    assert response.status_code == 404
    assert not Follow.objects.exists()


@pytest.mark.parametrize(
    ("kind", "key"),
    [("topic", "no-such-topic"), ("region", "RU-XX"), ("user", "1"), ("practice", "x" * 500)],
)
def test_unknown_targets_are_404(client, member, kind, key):
    client.force_login(member)

    assert client.post(follow_url(kind, key)).status_code == 404


def test_following_is_post_only(client, member, topic):
    client.force_login(member)

    assert client.get(follow_url("topic", topic.slug)).status_code == 405


def test_the_next_address_is_kept_on_site(client, member, topic):
    client.force_login(member)

    response = client.post(follow_url("topic", topic.slug), {"next": "https://evil.example/"})

    assert response["Location"] == topic.get_absolute_url()


# The buttons on the pages --------------------------------------------------------------


@pytest.mark.parametrize("kind", ["topic", "region", "organization", "practice"])
def test_each_page_has_a_follow_form_that_works_without_javascript(client, member, targets, kind):
    target, key = targets[kind]
    client.force_login(member)

    page = client.get(target.get_absolute_url()).content.decode()

    assert f'action="{follow_url(kind, key)}"' in page

    Follow.objects.create(user=member, **{kind: target})
    page = client.get(target.get_absolute_url()).content.decode()
    assert f'action="{follow_url(kind, key, "unfollow")}"' in page
    assert 'aria-pressed="true"' in page


def test_anonymous_see_a_sign_in_link_instead(client, topic):
    page = client.get(topic.get_absolute_url()).content.decode()

    assert "notifications/follow/" not in page
    assert f"{reverse('login')}?next=" in page


def test_the_preferences_page_lists_what_i_follow_with_unfollow(client, member, targets):
    for kind, (target, _key) in targets.items():
        Follow.objects.create(user=member, **{kind: target})
    client.force_login(member)

    page = client.get(reverse("notifications:preferences")).content.decode()

    for kind, (target, key) in targets.items():
        assert str(target) in page or getattr(target, "title", "") in page
        assert f'action="{follow_url(kind, key, "unfollow")}"' in page


def test_preferences_page_queries_do_not_grow_with_follows(
    client, member, targets, django_assert_max_num_queries
):
    for kind, (target, _key) in targets.items():
        Follow.objects.create(user=member, **{kind: target})
    client.force_login(member)

    with django_assert_max_num_queries(8):
        client.get(reverse("notifications:preferences"))
