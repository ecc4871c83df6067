"""The SQLite database every part of the toolkit logs to.

One file (see ``settings.resolve_db_path``), WAL mode, a generous busy timeout, and writes that
start with ``BEGIN IMMEDIATE`` so two processes recording at once queue instead of failing with
"database is locked". The schema only changes through the named migration sets in
``toolkit.migrations``; opening a store applies whatever is pending.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ._sqlite_utils import sqlite_utils
from .errors import StorageError
from .settings import resolve_db_path

BUSY_TIMEOUT_S = 30.0


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
            _enable_wal(conn)
            conn.execute("PRAGMA foreign_keys=ON")
        except (sqlite3.Error, OSError) as exc:
            raise StorageError(
                f"Cannot open the database {str(self.path)!r} ({exc}): pass --db PATH or set TOOLKIT_DB to a writable file."
            ) from None
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self._lock = threading.RLock()
        if migrate:
            self.migrate()

    def migrate(self) -> None:
        """Apply every pending migration, serialised against other processes by ``BEGIN IMMEDIATE``."""
        from .migrations import MIGRATION_SETS

        with self.write():
            for migration_set in MIGRATION_SETS:
                migration_set.apply(self.db)

    @contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """A short write transaction that takes the database write lock up front."""
        with self._lock:
            if self.conn.in_transaction:  # nested: the outer transaction already holds the lock
                yield self.db
                return
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StorageError(
                    f"The database {str(self.path)!r} stayed locked for {BUSY_TIMEOUT_S:.0f} s ({exc}): retry when the other process finishes."
                ) from None
            try:
                yield self.db
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    def query(self, sql: str, params: tuple | dict = ()) -> list[dict]:
        """Read rows as dicts (parameterised SQL only)."""
        with self._lock:
            return list(self.db.query(sql, params))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
