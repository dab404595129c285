"""``manage.py restore PATH [--noinput]``: bring a backup archive back into an empty database.

"Empty" means no user accounts and no organisations; a freshly migrated database qualifies.
See ``portal/backup.py`` for the archive and every check made before anything is written.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from portal import backup
from portal.management.commands.backup import human_size


class Command(BaseCommand):
    help = (
        "Restore an archive written by the backup command into an EMPTY database (no users, "
        "no organisations; migrated is fine) and MEDIA_ROOT."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .tar.gz archive written by the backup command.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, path, interactive=True, **options):
        confirm = self._confirm if interactive else None
        try:
            result = backup.restore_backup(path, confirm=confirm)
        except backup.RestoreCancelled:
            self.stdout.write("Restore cancelled.")
            return
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc

        manifest = result.manifest
        rows = manifest["rows"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {path} (made {manifest['created_at']}) in {result.seconds:.2f} s"
            )
        )
        self.stdout.write(
            f"  database: {sum(rows.values())} rows in {len(rows)} tables, counts match the "
            "manifest"
        )
        self.stdout.write(
            f"  media: {manifest['media']['files']} files, "
            f"{human_size(manifest['media']['bytes'])} into {settings.MEDIA_ROOT}"
        )
        if result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"  {len(result.pending_migrations)} migrations of this code are not "
                    "applied yet: run manage.py migrate."
                )
            )

    def _confirm(self, manifest):
        rows = sum(manifest["rows"].values())
        answer = input(
            f"Restore a backup made {manifest['created_at']} ({rows} rows, "
            f"{manifest['media']['files']} media files) into database "
            f"{connection.settings_dict['NAME']!r} and MEDIA_ROOT {settings.MEDIA_ROOT}?\n"
            "Media files with the same names are overwritten. Type 'yes' to continue: "
        )
        return answer.strip().lower() == "yes"
