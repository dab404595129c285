from django.core.management.base import BaseCommand

from portal.search import rebuild_words


class Command(BaseCommand):
    help = 'Rebuild the table of words in use for the search page\'s "did you mean".'

    def handle(self, *args, **options):
        count = rebuild_words()
        self.stdout.write(f"{count} words in use.")
