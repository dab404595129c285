from django.core.management.base import BaseCommand

from notifications.digests import send_digests


class Command(BaseCommand):
    help = (
        "Queue the digest of everyone whose daily or weekly digest is due: what is new in what "
        "they follow since their last one. Idempotent: run it daily (or hourly) by a timer."
    )

    def handle(self, *args, **options):
        count = send_digests()
        self.stdout.write(f"{count} digest(s) queued.")
