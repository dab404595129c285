import pytest
from django.core.management import CommandError, call_command

from events.models import Event
from organizations.models import Organization
from practices.models import Practice

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        list(Organization.objects.order_by("slug").values_list("name", "kind", "region__code")),
        list(
            Practice.objects.order_by("slug").values_list("title", "status", "organization__slug")
        ),
        list(Event.objects.order_by("slug").values_list("title", "kind", "region__code")),
    )


def test_seed_bulk_creates_the_requested_volume():
    call_command("seed_bulk", organizations=5, practices=30, events=12, seed=3)

    assert Organization.objects.count() == 5
    assert Practice.objects.count() == 30
    assert Event.objects.count() == 12


def test_seed_bulk_rows_are_searchable_with_morphology():
    call_command("seed_bulk", organizations=2, practices=10, events=0, seed=3)

    assert Practice.objects.search("технологии").count() == 10


def test_the_same_seed_gives_the_same_rows():
    call_command("seed_bulk", organizations=4, practices=8, events=5, seed=11)
    first = _snapshot()
    Event.objects.all().delete()
    Practice.objects.all().delete()
    Organization.objects.all().delete()

    call_command("seed_bulk", organizations=4, practices=8, events=5, seed=11)

    assert _snapshot() == first


def test_negative_counts_are_refused():
    with pytest.raises(CommandError):
        call_command("seed_bulk", organizations=-1)
