"""Recount the map's tallies from the data (after writes that bypassed the models)."""

import time

from django.core.management.base import BaseCommand

from practices import tallies


class Command(BaseCommand):
    help = (
        "Recount the map's tallies (practices.tallies) from the practices, organisations and "
        "replications: after bulk SQL or a load that sent no signals."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        tallies.refresh_all()
        self.stdout.write(f"Map tallies recounted in {time.monotonic() - started:.1f} s.")
