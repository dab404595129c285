from django.core.management.base import BaseCommand

from notifications import outbox


class Command(BaseCommand):
    help = (
        "Enqueue a sending task for every queued e-mail that is due: a retry the task backend "
        "could not defer, or a message whose task was lost. Safe to run at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="At most this many (500).")

    def handle(self, *args, limit, **options):
        ids = list(outbox.due(limit=max(limit, 1)))
        for mail_id in ids:
            outbox.enqueue(mail_id)
        self.stdout.write(f"{len(ids)} queued e-mail(s) enqueued.")
