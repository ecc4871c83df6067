"""The SQLite database every part of the toolkit logs to.

One file (see ``settings.resolve_db_path``), WAL mode, a generous busy timeout, and writes that
start with ``BEGIN IMMEDIATE`` so two processes recording at once queue instead of failing with
"database is locked". The schema only changes through the named migration sets in
``toolkit.migrations``; opening a store applies whatever is pending.

Before anything is written, a damaged file (``PRAGMA quick_check``) or one from a newer toolkit
(``PRAGMA user_version``, or migrations this version does not know) is refused with a sentence and
left untouched. Every SQLite failure reaches callers as a ``StorageError`` sentence.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from ._sqlite_utils import sqlite_utils
from .errors import StorageError
from .settings import resolve_db_path

BUSY_TIMEOUT_S = 30.0
QUICK_CHECK_MAX_BYTES = 512 * 1024 * 1024  # above this, opening would take seconds: SQLite's own errors then tell


def _disk_full(path: Path | str) -> bool:
    """SQLite reports a full disk as an I/O error when its -wal or -shm file cannot grow."""
    try:
        return shutil.disk_usage(Path(path).parent).free < 1024 * 1024
    except OSError:
        return False


def storage_error(path: Path | str, exc: BaseException, doing: str = "written") -> StorageError:
    """One sentence for a SQLite failure, with the next step for its usual causes."""
    text = str(exc)
    where = f"The database {str(path)!r}"
    if "full" in text or ("I/O error" in text and _disk_full(path)):
        return StorageError(f"{where} could not be {doing}: the disk is full: free some space, or pass --db with a file on another disk.")
    if "readonly" in text or "read-only" in text:
        return StorageError(f"{where} is read-only: make it writable, or pass --db with another file.")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return StorageError(f"{where} is damaged ({text}): restore a backup, or pass --db with another file.")
    if "locked" in text or "busy" in text:
        return StorageError(f"{where} stayed locked for {BUSY_TIMEOUT_S:.0f} s ({text}): retry when the other process finishes.")
    return StorageError(f"{where} could not be {doing} ({text}): check the file, or pass --db with another file.")


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL, retrying: the switch needs a lock SQLite won't wait for while another
    process is creating the same new database file."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    delay = 0.02
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


class Store:
    """A connection to the toolkit database, safe to share across threads (one writer at a time)."""

    def __init__(self, path: str | Path | None = None, *, migrate: bool = True):
        self.path = resolve_db_path(path) if path != ":memory:" else Path(":memory:")
        try:
            if str(self.path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                str(self.path), timeout=BUSY_TIMEOUT_S, check_same_thread=False, isolation_level=None
            )
            conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        except (sqlite3.Error, OSError) as exc:
            raise StorageError(
                f"Cannot open the database {str(self.path)!r} ({exc}): pass --db PATH or set TOOLKIT_DB to a writable file."
            ) from None
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self._lock = threading.RLock()
        self.unlogged: list[str] = []  # why best-effort logging writes failed (``history.log_run``)
        try:
            self._refuse_damaged()
            if migrate:
                self._refuse_newer()
            _enable_wal(conn)
            conn.execute("PRAGMA foreign_keys=ON")
        except StorageError:
            conn.close()
            raise
        except sqlite3.Error as exc:
            conn.close()
            raise storage_error(self.path, exc, "opened") from None
        if migrate:
            try:
                self.migrate()
            except BaseException:
                conn.close()
                raise

    def _refuse_damaged(self) -> None:
        """``quick_check`` before the first write: a damaged file must never take a new run."""
        if str(self.path) == ":memory:" or not self.path.exists() or self.path.stat().st_size > QUICK_CHECK_MAX_BYTES:
            return
        verdict = self.conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        if verdict != "ok":
            raise StorageError(f"The database {str(self.path)!r} is damaged ({verdict}): restore a backup, or pass --db "
                               "with another file; it was left unchanged.")

    def _refuse_newer(self) -> None:
        """A database from a newer toolkit may hold tables this one would misread: leave it alone."""
        from .migrations import SCHEMA_VERSION, unknown_migrations

        found = self.conn.execute("PRAGMA user_version").fetchone()[0]
        unknown = unknown_migrations(self.db)
        if found > SCHEMA_VERSION or unknown:
            detail = f"schema {found}, this toolkit knows {SCHEMA_VERSION}" if found > SCHEMA_VERSION else f"migration {unknown[0]!r}"
            raise StorageError(f"The database {str(self.path)!r} was written by a newer toolkit ({detail}): upgrade the "
                               "toolkit, or pass --db with another file; it was left unchanged.")

    def migrate(self) -> None:
        """Apply every pending migration, serialised against other processes by ``BEGIN IMMEDIATE``,
        and stamp ``user_version`` so an older toolkit can tell this file is newer than it."""
        from .migrations import MIGRATION_SETS, SCHEMA_VERSION

        with self.write():
            for migration_set in MIGRATION_SETS:
                migration_set.apply(self.db)
            if self.conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                self.conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    @contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """A short write transaction that takes the database write lock up front."""
        with self._lock:
            if self.conn.in_transaction:  # nested: the outer transaction already holds the lock
                yield self.db
                return
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise storage_error(self.path, exc) from None
            try:
                yield self.db
            except sqlite3.Error as exc:
                self._rollback()
                raise storage_error(self.path, exc) from None
            except BaseException:
                self._rollback()
                raise
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise storage_error(self.path, exc) from None

    def _rollback(self) -> None:
        try:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
        except sqlite3.Error:  # SQLite already rolled back (disk full, I/O error): nothing is left to undo
            pass

    def query(self, sql: str, params: tuple | dict = ()) -> list[dict]:
        """Read rows as dicts (parameterised SQL only)."""
        with self._lock:
            try:
                return list(self.db.query(sql, params))
            except sqlite3.DatabaseError as exc:  # not OperationalError from a typo: that is a bug to surface
                if isinstance(exc, sqlite3.OperationalError) and "no such" in str(exc):
                    raise
                raise storage_error(self.path, exc, "read") from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(db_path: str | None) -> tuple[Store | None, str | None]:
    """The database, or ``None`` and the reason: the work still runs and its output is still
    written; only logging is skipped (output first, log second)."""
    try:
        return Store(db_path), None
    except StorageError as exc:
        return None, str(exc)
