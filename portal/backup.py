"""Backups that restore: one ``.tar.gz`` archive holds the whole state of the portal.

What is in the archive:

- ``database.pgdump`` on PostgreSQL: ``pg_dump`` in custom format, without owners or grants,
  so it restores under any role; or ``database.sqlite3`` on SQLite: a consistent copy made with
  SQLite's online backup API while the site keeps running.
- ``media/...``: every regular file under ``MEDIA_ROOT`` (uploaded logos, covers,
  attachments). Symlinks and special files are left out; ``restore`` would refuse them.
- ``manifest.json``: format version, when it was made, the database vendor, the last applied
  migration per app, the media file count and bytes, and the row count of every table. The
  counts come from the same snapshot as the dump, so a restore checks itself against them.

The database is dumped before the media are copied: an upload that lands in between becomes an
extra file, never a row pointing at a missing one.

``restore`` goes only into an *empty* database, which here means one with no user accounts and
no organisations. A freshly migrated database is empty in this sense although its migrations
filled regions, topics, groups, content types and permissions: the restore replaces those
tables along with the rest. Every check (manifest, vendor, member names, migrations,
emptiness) runs before anything is written.
"""

import glob
import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.backends.postgresql.client import DatabaseClient as PostgresClient
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from organizations.models import Organization

FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media"
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


class RestoreCancelled(BackupError):
    """The operator answered no at the confirmation."""


@dataclass
class BackupResult:
    path: Path
    size: int
    seconds: float
    manifest: dict
    skipped: list = field(default_factory=list)


@dataclass
class RestoreResult:
    manifest: dict
    seconds: float
    pending_migrations: list


# --- backup ---


def default_output(moment=None):
    """``backups/portal-YYYYmmdd-HHMMSS.tar.gz`` under the current directory, in local time."""
    moment = timezone.localtime(moment)
    return Path("backups") / f"portal-{moment:%Y%m%d-%H%M%S}.tar.gz"


def create_backup(output=None):
    """Write the archive to ``output`` (default: :func:`default_output`) and return figures.

    Refuses to overwrite an existing file. The archive is written under a temporary name with
    mode 0600 (it holds password hashes) and renamed into place only when complete.
    """
    vendor = _supported_vendor()
    _outside_transaction()
    started = time.monotonic()
    moment = timezone.localtime()
    output = Path(output) if output else default_output(moment)
    if output.exists():
        raise BackupError(f"{output} already exists; choose another --output.")
    output.parent.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix=".portal-backup-", dir=output.parent) as scratch:
        dump = Path(scratch) / DUMP_NAMES[vendor]
        if vendor == "postgresql":
            rows, migrations = _dump_postgresql(dump)
        else:
            rows, migrations = _dump_sqlite(dump)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": moment.isoformat(timespec="seconds"),
            "database": {"vendor": vendor, "file": DUMP_NAMES[vendor]},
            "migrations": migrations,
            "media": {"files": 0, "bytes": 0},
            "rows": rows,
        }
        skipped = _write_archive(output, dump, manifest)

    return BackupResult(
        path=output,
        size=output.stat().st_size,
        seconds=time.monotonic() - started,
        manifest=manifest,
        skipped=skipped,
    )


def _dump_postgresql(target):
    """pg_dump inside an exported snapshot; the row counts are read from the same snapshot."""
    pg_dump = find_pg_tool("pg_dump")
    args, env = _pg_connection()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(
            [
                pg_dump,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
                *args,
            ],
            env,
        )
        tables = set(connection.introspection.table_names(cursor))
        return _database_state(cursor, tables)


def _dump_sqlite(target):
    """Copy through SQLite's backup API, then count rows in the copy itself.

    Django's own connection is the source, so an in-memory database (as under pytest) is
    copied as well as a file.
    """
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {name for (name,) in cursor.fetchall()}
        return _database_state(cursor, tables)
    finally:
        copy.close()


def _database_state(cursor, tables):
    """Row count per model table (by model label) and the last applied migration per app."""
    rows = {}
    for label, table in _model_tables():
        if table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            rows[label] = cursor.fetchone()[0]
    migrations = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        for app, name in cursor.fetchall():
            migrations[app] = name
    return rows, migrations


def _model_tables():
    """(label, table) of every concrete table Django manages, many-to-many tables included."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            yield model._meta.label, model._meta.db_table


def _write_archive(output, dump, manifest):
    """Write dump, media and manifest; fill in the media figures. Returns skipped paths."""
    media_root = Path(settings.MEDIA_ROOT)
    fd, partial = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".partial", dir=output.parent)
    skipped = []
    try:
        # Level 6 (gzip's own default): level 9 takes twice as long for a 5% smaller archive.
        with (
            os.fdopen(fd, "wb") as raw,
            tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar,
        ):
            tar.add(dump, arcname=dump.name)
            files, skipped = _media_files(media_root)
            for path in files:
                try:
                    info = tar.gettarinfo(path, arcname=_media_name(path, media_root))
                    with path.open("rb") as source:
                        tar.addfile(info, source)
                except FileNotFoundError:  # deleted while we were writing
                    continue
                manifest["media"]["files"] += 1
                manifest["media"]["bytes"] += info.size
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST_NAME)
            info.size, info.mtime, info.mode = len(data), int(time.time()), 0o644
            tar.addfile(info, io.BytesIO(data))
        os.replace(partial, output)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return skipped


def _media_files(media_root):
    """Regular files under ``media_root`` in a stable order, and what was skipped."""
    files, skipped = [], []
    if not media_root.is_dir():
        return files, skipped
    for dirpath, dirnames, filenames in os.walk(media_root):
        dirnames.sort()
        skipped.extend(Path(dirpath, d) for d in dirnames if Path(dirpath, d).is_symlink())
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if stat.S_ISREG(path.lstat().st_mode):
                files.append(path)
            else:
                skipped.append(path)
    return files, skipped


def _media_name(path, media_root):
    return f"{MEDIA_PREFIX}/{path.relative_to(media_root).as_posix()}"


# --- restore ---


def restore_backup(path, *, confirm=None):
    """Bring the archive at ``path`` back into the current (empty) database and MEDIA_ROOT.

    ``confirm(manifest)`` is called after every check and before anything is written; a false
    answer raises RestoreCancelled. Raises BackupError for a database that is not empty, an
    archive from another vendor or from newer code, an unsafe member, or row counts that do
    not match the manifest after the restore.
    """
    vendor = _supported_vendor()
    _outside_transaction()
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file.")
    if not tarfile.is_tarfile(path):
        raise BackupError(f"{path} is not a .tar.gz archive.")

    with tarfile.open(path, "r:*") as tar:
        try:
            members = tar.getmembers()
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            raise BackupError(f"{path} is damaged or truncated: {exc}") from exc
        manifest = _read_manifest(tar, members, path)
        _check_vendor(manifest, vendor)
        dump_member, media_members = _check_members(members, manifest)
        _check_migrations(manifest)
        check_database_is_empty()
        if confirm is not None and not confirm(manifest):
            raise RestoreCancelled("Restore cancelled.")

        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="portal-restore-") as scratch:
            dump = Path(scratch) / DUMP_NAMES[vendor]
            with tar.extractfile(dump_member) as source, dump.open("wb") as out:
                shutil.copyfileobj(source, out)
            if vendor == "postgresql":
                _restore_postgresql(dump)
            else:
                _restore_sqlite(dump)
        _restore_media(tar, media_members)

    _check_restored_rows(manifest)
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return RestoreResult(
        manifest=manifest,
        seconds=time.monotonic() - started,
        pending_migrations=[f"{m.app_label}.{m.name}" for m, _ in pending],
    )


def check_database_is_empty():
    """Raise BackupError unless the database has no user accounts and no organisations.

    Tables that do not exist yet count as empty: an unmigrated database is fine too.
    """
    tables = set(connection.introspection.table_names())
    held = []
    for model, what in ((get_user_model(), "user accounts"), (Organization, "organisations")):
        if model._meta.db_table in tables:
            count = model._base_manager.count()
            if count:
                held.append(f"{count} {what}")
    if held:
        raise BackupError(
            f"The database is not empty: it holds {' and '.join(held)}. Restore only into an "
            "empty database: create a new one, point DATABASE_URL at it (running migrate "
            "first is fine) and run restore again."
        )


def _read_manifest(tar, members, path):
    member = next((m for m in members if m.name == MANIFEST_NAME and m.isfile()), None)
    if member is None:
        raise BackupError(f"{path} is not a portal backup: it has no {MANIFEST_NAME}.")
    try:
        manifest = json.loads(tar.extractfile(member).read())
        vendor = manifest["database"]["vendor"]
        if not all(isinstance(manifest[key], dict) for key in ("rows", "migrations", "media")):
            raise TypeError("rows, migrations and media must be objects")
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"{path}: {MANIFEST_NAME} is damaged ({exc}).") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(
            f"{path} has archive format {manifest.get('format')!r}; this code reads format "
            f"{FORMAT_VERSION}. Restore it with the code version that made it."
        )
    if vendor not in DUMP_NAMES:
        raise BackupError(f"{path}: unknown database vendor {vendor!r} in the manifest.")
    return manifest


def _check_vendor(manifest, vendor):
    archived = manifest["database"]["vendor"]
    if archived != vendor:
        raise BackupError(
            f"This archive holds a {VENDOR_NAMES[archived]} database ({archived}) but "
            f"DATABASE_URL points to {VENDOR_NAMES[vendor]} ({vendor}). Restore it into a "
            f"{VENDOR_NAMES[archived]} database; to move between the two, use dumpdata and "
            "loaddata instead."
        )


def _check_members(members, manifest):
    """The dump member and the media file members; raises BackupError on any unsafe member."""
    dump_name = DUMP_NAMES[manifest["database"]["vendor"]]
    dump, media = None, []
    for member in members:
        name = member.name
        parts = PurePosixPath(name).parts
        if not parts or name.startswith("/") or ".." in parts:
            raise BackupError(
                f"Refusing the archive: member {name!r} has an absolute path or '..'; a "
                "portal backup never does."
            )
        if not (member.isfile() or member.isdir()):
            raise BackupError(
                f"Refusing the archive: member {name!r} is a link or a device file; a portal "
                "backup holds only regular files."
            )
        if name == MANIFEST_NAME:
            continue
        if name == dump_name and member.isfile():
            dump = member
        elif parts[0] == MEDIA_PREFIX:
            if member.isfile():
                _media_target(parts)  # raises if it would land outside MEDIA_ROOT
                media.append(member)
        else:
            raise BackupError(f"Refusing the archive: unexpected member {name!r}.")
    if dump is None:
        raise BackupError(f"The archive has no {dump_name}: it holds no database.")
    return dump, media


def _media_target(parts):
    """Where a ``media/...`` member goes, checked to stay inside MEDIA_ROOT after symlinks."""
    root = Path(settings.MEDIA_ROOT).resolve()
    target = root.joinpath(*parts[1:])
    if not target.resolve().is_relative_to(root) or target.resolve() == root:
        raise BackupError(
            f"Refusing the archive: {'/'.join(parts)!r} would be written outside MEDIA_ROOT."
        )
    return target


def _check_migrations(manifest):
    """Refuse an archive made by code with migrations this code does not have."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unknown = sorted(
        f"{app}.{name}"
        for app, name in manifest["migrations"].items()
        if app in loader.migrated_apps and (app, name) not in loader.disk_migrations
    )
    if unknown:
        raise BackupError(
            "The archive was made by newer code: this code has no migration "
            f"{', '.join(unknown)}. Deploy the version the backup was made with, then restore."
        )


def _restore_postgresql(dump):
    """pg_restore in one transaction: --clean replaces the tables a migrate created."""
    pg_restore = find_pg_tool("pg_restore")
    args, env = _pg_connection()
    connection.close()
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            *args,
            str(dump),
        ],
        env,
    )


def _restore_sqlite(dump):
    """Overwrite the database's pages with the copy's through SQLite's backup API.

    The destination is a fresh Django connection (so an in-memory test database works too);
    it is closed afterwards so the next query starts clean.
    """
    connection.close()
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
        connection.close()


def _restore_media(tar, members):
    for member in members:
        target = _media_target(PurePosixPath(member.name).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        with tar.extractfile(member) as source, target.open("wb") as out:
            shutil.copyfileobj(source, out)
        os.utime(target, (member.mtime, member.mtime))


def _check_restored_rows(manifest):
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        rows, _ = _database_state(cursor, tables)
    known = dict(_model_tables())
    differ = [
        f"{label}: {rows.get(label)} instead of {count}"
        for label, count in manifest["rows"].items()
        if label in known and rows.get(label) != count
    ]
    if differ:
        raise BackupError(
            "Restored, but the row counts differ from the manifest: " + "; ".join(differ)
        )


# --- shared ---


def find_pg_tool(name):
    """Path of a PostgreSQL client program: PATH first, then the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found

    def major(candidate):
        try:
            return int(Path(candidate).parts[-3])
        except ValueError:
            return 0

    for candidate in sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=major, reverse=True
    ):
        if os.access(candidate, os.X_OK):
            return candidate
    raise BackupError(
        f"{name} not found on PATH or in /usr/lib/postgresql/*/bin. Install the PostgreSQL "
        "client tools of the server's version or newer (Debian: postgresql-client) or add "
        "their bin directory to PATH."
    )


def _pg_connection():
    """Command-line arguments and environment for pg_dump/pg_restore; the password goes in
    PGPASSWORD, never on the command line."""
    settings_dict = connection.settings_dict
    _, env = PostgresClient.settings_to_cmd_args_env(settings_dict, [])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args.append(f"{flag}={settings_dict[key]}")
    args.append(f"--dbname={settings_dict['NAME']}")
    return args, env or {}


def _run(args, env):
    try:
        result = subprocess.run(
            args,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            errors="replace",
            check=False,
        )
    except OSError as exc:
        raise BackupError(f"Could not run {args[0]}: {exc}") from exc
    if result.returncode:
        raise BackupError(
            f"{Path(args[0]).name} failed (exit {result.returncode}): "
            f"{result.stderr.strip()[-2000:]}"
        )


def _supported_vendor():
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(
            f"Backups support PostgreSQL and SQLite, not {connection.vendor}; use the "
            "database's own tools."
        )
    return connection.vendor


def _outside_transaction():
    if connection.in_atomic_block:
        raise BackupError("Run backup and restore outside a transaction.")
