import io

import pytest
from django.core.management import CommandError, call_command

from events.models import Event
from organizations.models import Organization
from portal.management.commands import _vocabulary as vocabulary
from practices.models import Practice, Replication
from tests.factories import TargetGroupFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        list(
            Organization.objects.order_by("slug").values_list(
                "name", "kind", "region__code", "locality", "verified_at"
            )
        ),
        list(
            Practice.objects.order_by("slug").values_list(
                "title", "summary", "problem", "status", "organization__slug", "search_text"
            )
        ),
        list(
            Practice.topics.through.objects.order_by("practice__slug", "topic__slug").values_list(
                "practice__slug", "topic__slug"
            )
        ),
        list(
            Replication.objects.order_by("practice__slug", "adopter__slug").values_list(
                "practice__slug", "adopter__slug", "status"
            )
        ),
        list(
            Event.objects.order_by("slug").values_list(
                "title", "kind", "status", "region__code", "start", "search_text"
            )
        ),
    )


def _seed(**counts):
    err = io.StringIO()
    call_command("seed_bulk", stdout=io.StringIO(), stderr=err, **counts)
    return err.getvalue()


def _share(word, rows):
    return Practice.objects.search(word).count() / rows


def test_seed_bulk_creates_the_requested_volume():
    _seed(organizations=5, practices=30, events=12, seed=3)

    assert Organization.objects.count() == 5
    assert Practice.objects.count() == 30
    assert Event.objects.count() == 12


def test_seed_bulk_rows_are_searchable_with_morphology():
    _seed(organizations=2, practices=10, events=0, seed=3)
    practice = Practice.objects.order_by("pk").first()
    lemmas = vocabulary.lemmas(vocabulary.DOMAIN_WORDS)
    word, forms = next(
        (word, forms)
        for word in practice.title.lower().split()
        for _, forms in lemmas
        if word in forms and len(forms) > 1
    )
    other_form = next(form for form in forms if form != word)

    found = Practice.objects.search(other_form)

    assert practice in found


def test_the_same_seed_gives_the_same_rows():
    TopicFactory.create_batch(4)
    _seed(organizations=4, practices=20, events=5, seed=11)
    first = _snapshot()
    Event.objects.all().delete()
    Practice.objects.all().delete()
    Organization.objects.all().delete()

    _seed(organizations=4, practices=20, events=5, seed=11)

    assert _snapshot() == first
    assert first[1][0][0]  # titles are not empty


def test_another_seed_gives_other_text():
    _seed(organizations=2, practices=5, events=0, seed=1)
    first = set(Practice.objects.values_list("title", flat=True))

    _seed(organizations=0, practices=5, events=0, seed=2)

    assert set(Practice.objects.values_list("title", flat=True)) - first


def test_fast_search_text_is_what_the_models_build():
    warnings = _seed(organizations=20, practices=150, events=60, seed=5)

    assert "differ" not in warnings
    for practice in Practice.objects.all():
        assert practice.search_text == practice.build_search_text()
    for event in Event.objects.all():
        assert event.search_text == event.build_search_text()
    for organization in Organization.objects.all():
        assert organization.search_text == organization.build_search_text()


def test_words_follow_a_realistic_distribution():
    rows = 2000
    _seed(organizations=100, practices=rows, events=0, seed=7)
    common = vocabulary.lemmas(vocabulary.COMMON_WORDS)
    domain = vocabulary.lemmas(vocabulary.DOMAIN_WORDS)

    commonest = _share(common[0][1][-1], rows)
    mid_frequency = [_share(forms[-1], rows) for _, forms in domain[150:160]]
    common_shares = [_share(forms[-1], rows) for _, forms in common[10:40]]

    assert commonest > 0.9
    assert all(0.001 <= share <= 0.05 for share in mid_frequency), mid_frequency
    assert any(0.4 <= share <= 0.6 for share in common_shares), common_shares


def test_texts_have_the_lengths_of_real_passports():
    _seed(organizations=5, practices=50, events=0, seed=9)

    for title, summary, problem in Practice.objects.values_list("title", "summary", "problem"):
        assert 4 <= len(title.split()) <= 9
        assert 20 <= len(summary.split()) <= 40
        assert 60 <= len(problem.split()) <= 200


def test_topics_replications_and_verified_organisations():
    TopicFactory.create_batch(6)
    TargetGroupFactory.create_batch(3)
    _seed(organizations=300, practices=300, events=100, seed=4)

    topic_counts = [p.topics.count() for p in Practice.objects.prefetch_related("topics")]
    replicated = Replication.objects.values("practice").distinct().count()
    verified = Organization.objects.filter(verified_at__isnull=False).count()
    drafts = Event.objects.filter(status="draft").count()

    assert set(topic_counts) <= {1, 2, 3} and 1 in topic_counts and 2 in topic_counts
    assert 0.1 * 300 < replicated < 0.35 * 300
    assert 0.2 * 300 < verified < 0.45 * 300
    assert 0.03 * 100 <= drafts <= 0.2 * 100


def test_negative_counts_are_refused():
    with pytest.raises(CommandError):
        call_command("seed_bulk", organizations=-1)
