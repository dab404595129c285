"""``manage.py backup [--output PATH]``: the database and every media file in one archive.

What the archive holds is described in ``portal/backup.py``.
"""

from django.core.management.base import BaseCommand, CommandError

from portal import backup


class Command(BaseCommand):
    help = (
        "Write one .tar.gz archive with the database (pg_dump or a SQLite copy), every file "
        "under MEDIA_ROOT and a manifest. Restore it with the restore command."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            help="Archive path (default: backups/portal-YYYYmmdd-HHMMSS.tar.gz under the "
            "current directory). An existing file is never overwritten.",
        )

    def handle(self, *args, output=None, **options):
        try:
            result = backup.create_backup(output)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc

        manifest = result.manifest
        rows = manifest["rows"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {result.path} ({human_size(result.size)}) in {result.seconds:.2f} s"
            )
        )
        self.stdout.write(
            f"  database: {manifest['database']['vendor']}, {sum(rows.values())} rows in "
            f"{len(rows)} tables ({sum(1 for n in rows.values() if n)} not empty)"
        )
        self.stdout.write(
            f"  media: {manifest['media']['files']} files, {human_size(manifest['media']['bytes'])}"
        )
        for path in result.skipped:
            self.stderr.write(f"  skipped (a symlink or special file, not archived): {path}")


def human_size(size):
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
