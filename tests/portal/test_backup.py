"""backup and restore: a round trip keeps every row and file; restore refuses what it must.

Transactional tests: pg_dump and SQLite's backup API see only committed rows. Runs on SQLite
and, with DATABASE_URL set, on PostgreSQL.
"""

import io
import json
import re
import shutil
import stat
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from events.models import Event
from organizations.models import Organization
from portal import backup
from practices.models import Practice
from tests.factories import (
    ApplicationFactory,
    EventFactory,
    ModeratorFactory,
    OrganizationFactory,
    PracticeAttachmentFactory,
    PracticeFactory,
    PracticeStepFactory,
    ReplicationFactory,
    TopicFactory,
    member_of,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OTHER_VENDOR = {"sqlite": "postgresql", "postgresql": "sqlite"}


def _row_counts():
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def _files(root):
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in Path(root).rglob("*")
        if path.is_file()
    }


def _some_world(media_root):
    """Organisations, members, a moderator, a practice with an attachment, an event, a file."""
    organization = OrganizationFactory(name="Ассоциация ТОС")
    member_of(organization, role="manager", user__username="editor")
    ModeratorFactory(username="moderator")
    practice = PracticeFactory(organization=organization, topics=[TopicFactory()])
    PracticeStepFactory(practice=practice)
    PracticeAttachmentFactory(practice=practice)
    ReplicationFactory(practice=practice)
    ApplicationFactory(event__organizer=organization)
    EventFactory(organizer=organization)
    materials = Path(media_root) / "events" / "materials"
    materials.mkdir(parents=True, exist_ok=True)
    (materials / "программа.bin").write_bytes(bytes(range(256)) * 40)


def _flush():
    """Empty every table, keeping sequences where they are: the rows the next test reloads
    (serialized_rollback) carry their own ids, and a reset sequence would collide with them
    on PostgreSQL when the test's restore does not run."""
    call_command("flush", interactive=False, reset_sequences=False)


def _backup(tmp_path, name="portal.tar.gz"):
    archive = tmp_path / "backups" / name
    call_command("backup", output=str(archive), stdout=io.StringIO())
    return archive


def _restore(archive, **kwargs):
    out = io.StringIO()
    call_command("restore", str(archive), "--noinput", stdout=out, **kwargs)
    return out.getvalue()


def _manifest(archive):
    with tarfile.open(archive) as tar:
        return json.loads(tar.extractfile(backup.MANIFEST_NAME).read())


def _repack(archive, *, manifest=None, extra=()):
    """A copy of ``archive`` with its manifest replaced and ``extra`` (TarInfo, bytes) added."""
    forged = archive.with_name(f"forged-{archive.name}")
    with tarfile.open(archive) as source, tarfile.open(forged, "w:gz") as target:
        for member in source.getmembers():
            if member.name == backup.MANIFEST_NAME and manifest is not None:
                data = json.dumps(manifest).encode()
                member.size = len(data)
                target.addfile(member, io.BytesIO(data))
            else:
                target.addfile(member, source.extractfile(member))
        for info, data in extra:
            target.addfile(info, io.BytesIO(data) if data is not None else None)
    return forged


@pytest.mark.parametrize("emptied", ["flushed", "migrated"])
def test_restore_into_an_empty_database_brings_back_every_row_and_file(settings, tmp_path, emptied):
    media_root = Path(settings.MEDIA_ROOT)
    _some_world(media_root)
    rows = _row_counts()
    files = _files(media_root)
    archive = _backup(tmp_path)
    if emptied == "flushed":
        _flush()
    else:
        # What a fresh `migrate` leaves (regions, topics, groups, content types) plus
        # leftovers such as history rows: all of it must be replaced, not added to.
        for model in (Event, Practice, Organization, get_user_model()):
            model.objects.all().delete()
    shutil.rmtree(media_root)
    assert _row_counts() != rows

    output = _restore(archive)

    assert _row_counts() == rows
    assert _files(media_root) == files
    assert len(files) == 2
    assert {label for label, count in rows.items() if count} >= {
        "auth.User",
        "auth.User_groups",
        "organizations.Organization",
        "organizations.Membership",
        "organizations.Region",
        "practices.Practice",
        "practices.Practice_topics",
        "practices.PracticeAttachment",
        "practices.Replication",
        "events.Event",
        "events.Application",
    }
    assert get_user_model().objects.get(username="editor").check_password("secret-pass-123")
    assert Organization.objects.get(name="Ассоциация ТОС").memberships.count() == 1
    assert f"Restored {archive}" in output
    assert f"{sum(rows.values())} rows in" in output
    assert "2 files" in output


def test_backup_writes_a_private_archive_under_backups_by_default(tmp_path, monkeypatch):
    OrganizationFactory()
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()

    call_command("backup", stdout=out)

    [archive] = (tmp_path / "backups").iterdir()
    assert re.fullmatch(r"portal-\d{8}-\d{6}\.tar\.gz", archive.name)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert f"Wrote backups/{archive.name} (" in out.getvalue()
    manifest = _manifest(archive)
    assert manifest["format"] == backup.FORMAT_VERSION
    assert manifest["database"] == {
        "vendor": connection.vendor,
        "file": backup.DUMP_NAMES[connection.vendor],
    }
    assert manifest["rows"] == _row_counts()
    assert manifest["media"] == {"files": 0, "bytes": 0}
    leaves = MigrationLoader(connection).graph.leaf_nodes("organizations")
    assert manifest["migrations"]["organizations"] == leaves[0][1]
    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == [
            backup.DUMP_NAMES[connection.vendor],
            backup.MANIFEST_NAME,
        ]


def test_backup_never_overwrites_an_existing_file(tmp_path):
    existing = tmp_path / "portal.tar.gz"
    existing.write_bytes(b"keep me")

    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", output=str(existing))

    assert existing.read_bytes() == b"keep me"


def test_restore_refuses_a_database_that_holds_users_or_organisations(tmp_path):
    OrganizationFactory()
    member_of(OrganizationFactory())
    archive = _backup(tmp_path)
    OrganizationFactory(name="Created after the backup")

    with pytest.raises(CommandError) as excinfo:
        _restore(archive)

    assert str(excinfo.value).startswith(
        "The database is not empty: it holds 1 user accounts and 3 organisations. "
        "Restore only into an empty database"
    )
    assert Organization.objects.filter(name="Created after the backup").exists()


TRAVERSAL = "has an absolute path or '..'; a portal backup never does."
SPECIAL = "is a link or a device file; a portal backup holds only regular files."


def _member(name, kind=tarfile.REGTYPE, linkname=""):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, linkname
    data = b"evil" if kind == tarfile.REGTYPE else None
    info.size = len(data) if data else 0
    return info, data


@pytest.mark.parametrize(
    "name, kind, reason",
    [
        ("media/../evil", tarfile.REGTYPE, TRAVERSAL),
        ("../evil", tarfile.REGTYPE, TRAVERSAL),
        ("{tmp}/evil", tarfile.REGTYPE, TRAVERSAL),
        ("media/evil", tarfile.SYMTYPE, SPECIAL),
        ("media/evil", tarfile.LNKTYPE, SPECIAL),
        ("media/evil", tarfile.CHRTYPE, SPECIAL),
    ],
    ids=["media-dotdot", "dotdot", "absolute", "symlink", "hardlink", "device"],
)
def test_restore_refuses_a_member_that_escapes_media_root_and_writes_nothing(
    settings, tmp_path, name, kind, reason
):
    media_root = Path(settings.MEDIA_ROOT)
    _some_world(media_root)
    archive = _backup(tmp_path)
    name = name.format(tmp=tmp_path)
    forged = _repack(archive, extra=[_member(name, kind, linkname=str(tmp_path / "evil"))])
    _flush()
    shutil.rmtree(media_root)

    with pytest.raises(CommandError) as excinfo:
        _restore(forged)

    assert str(excinfo.value) == f"Refusing the archive: member {name!r} {reason}"
    assert not (tmp_path / "evil").exists()
    assert not media_root.exists()
    assert not Organization.objects.exists()


def test_restore_refuses_a_media_member_behind_a_symlink_out_of_media_root(settings, tmp_path):
    media_root = Path(settings.MEDIA_ROOT)
    _some_world(media_root)
    archive = _backup(tmp_path)
    _flush()
    shutil.rmtree(media_root)
    outside = tmp_path / "outside"
    outside.mkdir()
    media_root.mkdir()
    (media_root / "events").symlink_to(outside)

    with pytest.raises(CommandError, match="would be written outside MEDIA_ROOT"):
        _restore(archive)

    assert list(outside.iterdir()) == []
    assert not Organization.objects.exists()


def test_restore_refuses_an_archive_from_another_database_vendor(tmp_path):
    archive = _backup(tmp_path)
    other = OTHER_VENDOR[connection.vendor]
    manifest = _manifest(archive)
    manifest["database"] = {"vendor": other, "file": backup.DUMP_NAMES[other]}
    forged = _repack(archive, manifest=manifest)
    _flush()

    with pytest.raises(CommandError) as excinfo:
        _restore(forged)

    names = backup.VENDOR_NAMES
    assert str(excinfo.value).startswith(
        f"This archive holds a {names[other]} database ({other}) but DATABASE_URL points to "
        f"{names[connection.vendor]} ({connection.vendor}). Restore it into a {names[other]} "
        "database"
    )


def test_restore_refuses_an_archive_made_by_newer_code(tmp_path):
    archive = _backup(tmp_path)
    manifest = _manifest(archive)
    manifest["migrations"]["organizations"] = "0999_from_the_future"
    forged = _repack(archive, manifest=manifest)
    _flush()

    with pytest.raises(CommandError, match="made by newer code"):
        _restore(forged)

    assert not Organization.objects.exists()


def test_restore_asks_first_and_a_no_changes_nothing(tmp_path, monkeypatch):
    OrganizationFactory()
    archive = _backup(tmp_path)
    _flush()
    questions = []
    monkeypatch.setattr("builtins.input", lambda question: questions.append(question) or "no")
    out = io.StringIO()

    call_command("restore", str(archive), stdout=out)

    assert "Type 'yes' to continue" in questions[0]
    assert out.getvalue() == "Restore cancelled.\n"
    assert not Organization.objects.exists()


def test_missing_postgresql_client_tools_are_named(monkeypatch):
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    monkeypatch.setattr(backup.glob, "glob", lambda pattern: [])

    with pytest.raises(backup.BackupError, match=r"^pg_dump not found on PATH"):
        backup.find_pg_tool("pg_dump")
