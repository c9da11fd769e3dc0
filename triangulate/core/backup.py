"""Backup and restore of the whole database, and the audit head kept outside it.

A backup is one file and a manifest beside it (``<file>.manifest.json``): the database
vendor, when it was taken, the file's SHA-256 and the audit log's head (the last entry's
sequence and hash). SQLite is copied with SQLite's online backup, which reads a consistent
snapshot with the write-ahead log folded in; PostgreSQL is dumped with ``pg_dump`` in its
custom format and restored with ``pg_restore`` in a single transaction, so a restore that
fails changes nothing.

A restore checks the file against its manifest before it touches the database, then checks
the whole audit chain and that its head is the one the manifest recorded.

The hash chain proves that no entry was changed in place, but someone able to rewrite the
whole log could compute a new chain. The head store is the answer: an append-only file
(on another disk, or synchronised to object storage) that each check adds the head to, and
against which the log is checked: every head once recorded must still be in the log.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from .audit import audit, verify_chain
from .models import AuditAction, AuditEntry, AuditHead

SYSTEM = "system: backup"


class BackupError(Exception):
    """A backup or restore could not be done; the message says why and what to do."""


@dataclasses.dataclass(frozen=True)
class Manifest:
    vendor: str
    taken_at: str
    sha256: str
    audit_sequence: int
    audit_hash: str

    @classmethod
    def path_for(cls, backup: Path) -> Path:
        return backup.with_name(backup.name + ".manifest.json")

    @classmethod
    def read(cls, backup: Path) -> Manifest:
        path = cls.path_for(backup)
        try:
            data = json.loads(path.read_text())
            return cls(**{field.name: data[field.name] for field in dataclasses.fields(cls)})
        except FileNotFoundError:
            raise BackupError(
                f"There is no manifest beside the backup ({path.name}): restore only a backup "
                "this command made, with its manifest"
            ) from None
        except (ValueError, KeyError, TypeError):
            raise BackupError(f"The manifest {path.name} cannot be read") from None

    def write(self, backup: Path) -> None:
        self.path_for(backup).write_text(json.dumps(dataclasses.asdict(self), indent=2) + "\n")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _head() -> tuple[int, str]:
    head = AuditHead.objects.filter(id=1).first()
    return (head.sequence, head.entry_hash) if head else (0, "0" * 64)


def _pg_environment() -> tuple[list[str], dict]:
    settings = connection.settings_dict
    arguments = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            arguments += [flag, str(settings[key])]
    environment = dict(os.environ)
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = settings["PASSWORD"]
    return arguments + ["--dbname", settings["NAME"]], environment


def _run(command: list[str], environment: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed: install the PostgreSQL client tools of the "
            "server's version"
        )
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-500:]}")


def backup(path: Path) -> Manifest:
    """Write the database to ``path`` with its manifest; the backup is audited in itself."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists: choose a new file name")
    path.parent.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():
        audit(SYSTEM, AuditAction.EXPORT, ("database", connection.vendor), "Backup taken")
    sequence, entry_hash = _head()
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
            # One self-contained file: no write-ahead log beside it to lose in a copy.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        arguments, environment = _pg_environment()
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(path), *arguments],
            environment,
        )
    else:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported")
    manifest = Manifest(
        vendor=connection.vendor,
        taken_at=timezone.now().isoformat(),
        sha256=_sha256(path),
        audit_sequence=sequence,
        audit_hash=entry_hash,
    )
    manifest.write(path)
    return manifest


def holds_data() -> bool:
    return AuditEntry.objects.exists()


def restore(path: Path, *, replace: bool = False) -> Manifest:
    """Replace the database with the backup at ``path`` and prove the audit log came back.

    Refuses, changing nothing, when the file does not match its manifest, was taken from
    another kind of database, or the database holds data and ``replace`` is not given.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}")
    manifest = Manifest.read(path)
    if _sha256(path) != manifest.sha256:
        raise BackupError(
            "The backup does not match its manifest: the file has changed or is incomplete"
        )
    if manifest.vendor != connection.vendor:
        raise BackupError(
            f"The backup is of a {manifest.vendor} database and this is {connection.vendor}"
        )
    if holds_data() and not replace:
        raise BackupError(
            "This database already holds records: restoring replaces every one of them. "
            "Run again with --replace if that is what you mean"
        )
    if connection.vendor == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("The backup file fails SQLite's integrity check")
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        arguments, environment = _pg_environment()
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *arguments,
                str(path),
            ],
            environment,
        )
    problem = verify_chain()
    if problem is not None:
        raise BackupError(f"The database was restored, but its audit log is not intact: {problem}")
    if _head_at(manifest.audit_sequence) != manifest.audit_hash:
        raise BackupError(
            "The database was restored, but its audit log does not end where the manifest says"
        )
    with transaction.atomic():
        audit(
            SYSTEM,
            AuditAction.CHANGE,
            ("database", connection.vendor),
            "Restored from a backup",
            detail={"taken_at": manifest.taken_at, "sha256": manifest.sha256},
        )
    return manifest


def _head_at(sequence: int) -> str | None:
    if sequence == 0:
        return "0" * 64
    return AuditEntry.objects.filter(sequence=sequence).values_list("entry_hash", flat=True).first()


# The head store ------------------------------------------------------------------------------


def check_head_store(store: Path) -> int:
    """Check every head recorded in ``store`` is still in the log; return how many were."""
    store = Path(store)
    if not store.exists():
        return 0
    recorded = []
    for number, line in enumerate(store.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            recorded.append((number, int(item["sequence"]), str(item["hash"]), item["at"]))
        except (ValueError, KeyError, TypeError):
            raise BackupError(f"Line {number} of the head store cannot be read") from None
    current, _ = _head()
    for number, sequence, entry_hash, at in recorded:
        if sequence > current:
            raise BackupError(
                f"The audit log ends at entry {current}, but entry {sequence} was recorded in "
                f"the head store on {at} (line {number}): entries have been removed"
            )
        if _head_at(sequence) != entry_hash:
            raise BackupError(
                f"Entry {sequence} of the audit log is not the one recorded in the head store "
                f"on {at} (line {number}): the log has been rewritten"
            )
    return len(recorded)


def append_head(store: Path) -> tuple[int, str]:
    """Add the log's current head to ``store`` (opened for appending only)."""
    sequence, entry_hash = _head()
    line = json.dumps(
        {"sequence": sequence, "hash": entry_hash, "at": dt.datetime.now(dt.UTC).isoformat()}
    )
    with Path(store).open("a") as file:
        file.write(line + "\n")
    return sequence, entry_hash
