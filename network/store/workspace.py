"""The workspace: where the data lives, each import is a version, and the current version opens at once.

A :class:`Workspace` is a database — an SQLite file by default (``.workspace/network.db`` in the checkout,
WAL mode), or PostgreSQL for a shared server (``DATABASE_URL=postgresql+psycopg://…``) — created at the
latest migration or upgraded to it when opened.  Each import is checked like any upload
(:func:`network.dataset.validate_dataset`) together with the tables it does not replace, then saved as a
new *version* in one transaction that also makes it current: readers see the old version or the new one,
never half of one, and a process killed in the middle leaves the old one current.  Loading a version reads
its rows and its stored report back; nothing is validated again.

Examples
--------
>>> import tempfile
>>> ws = Workspace(f"sqlite:///{tempfile.mkdtemp()}/network.db")
>>> ws.current() is None
True
>>> result = ws.import_files({"members": "회원번호,회사명,시도,시군구\\nA1,가나,서울,종로구\\n".encode()}, note="첫 명단")
>>> result.version.id, ws.load().members["sigungu_code"].tolist()
(1, ['11110'])
>>> ws.import_files({"members": "회원번호,회사명,시도,시군구\\nA2,다라,부산,중구\\n".encode()}).version.id
2
>>> ws.rollback(1).id, ws.load().members["member_id"].tolist()
(1, ['A1'])
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy import event

from network import export, io, schema, texts, validate
from network.config import Settings, load_settings
from network.dataset import Dataset, validate_dataset
from network.errors import (
    ConflictError,
    DataError,
    InsufficientDataError,
    NetworkError,
    NotFoundError,
    OptionError,
    Problem,
    StoreError,
)
from network.io import Source
from network.store import audit as _audit
from network.store import tables as t
from network.store.accounts import Accounts
from network.store.audit import AuditLog
from network.store.outcomes import Outcomes
from network.store.records import Records

if TYPE_CHECKING:
    from network import evaluate
from network.texts import Language, Text

__all__ = ["HEAD_REVISION", "MIGRATIONS_DIR", "CheckedImport", "ImportResult", "VersionDiff", "VersionInfo", "Workspace"]

#: The Alembic scripts that create and upgrade the workspace's tables.
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

Progress = Callable[[str, int, int], None]
_CHUNK = 20_000  # rows per insert batch (and per progress report)


# ----------------------------------------------------------------------------
# what the workspace answers with


@dataclass(frozen=True)
class VersionInfo:
    """One version of the data set.

    Attributes
    ----------
    id
        The version number (1, 2, …), in the order they were made.
    created_at
        When it was saved (UTC).
    note
        What the person importing said about it.
    is_sample
        Whether it is the bundled sample data.
    created_by
        Who saved it (``None`` until sign-in exists).
    based_on
        The version that was current when it was made (its kept tables came from there).
    tables
        ``{table: rows}`` of the tables it holds.
    files
        ``{table: file name}`` of the files imported into this version.
    kept
        ``{table: version}`` of the tables taken from an earlier version.
    current
        Whether it is the current version.
    """

    id: int
    created_at: dt.datetime
    note: str
    is_sample: bool
    created_by: str | None
    based_on: int | None
    tables: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)
    current: bool = False

    @property
    def cache_key(self) -> str:
        """A short name for this version's content, for caches: its number and the moment it was saved (a
        workspace made anew numbers from 1 again, so the number alone could name other data).

        Examples
        --------
        >>> VersionInfo(3, dt.datetime(2026, 1, 2, 3, 4, 5, 678, tzinfo=dt.timezone.utc), "", False, None, 2).cache_key
        'v3-20260102030405000678'
        """
        return f"v{self.id}-{self.created_at.astimezone(dt.timezone.utc):%Y%m%d%H%M%S%f}"

    def sources(self, language: Language = "ko") -> dict[str, str]:
        """``{table: where it came from}``: the file imported, or the version a kept table was taken from.

        Examples
        --------
        >>> info = VersionInfo(2, dt.datetime.now(dt.timezone.utc), "", False, None, 1,
        ...                    files={"members": "명단.xlsx"}, kept={"partnerships": 1})
        >>> info.sources()
        {'members': '명단.xlsx', 'partnerships': 'partnerships.csv (1번 버전에서 유지)'}
        """
        return _sources(self.files, self.kept, language)


@dataclass(frozen=True)
class CheckedImport:
    """Files read and checked together with the current version's other tables, ready to be saved.

    Attributes
    ----------
    dataset
        The data set the new version would hold, with its report (show it before saving).
    sources
        ``{table: (file name, SHA-256 of its bytes)}`` of the files given.
    kept
        The tables taken from the version the check was based on.
    based_on
        The current version when checked (``None``: the workspace was empty).
    """

    dataset: Dataset
    sources: dict[str, tuple[str, str]]
    kept: tuple[str, ...]
    based_on: int | None

    @property
    def savable(self) -> bool:
        """Whether it can become a version: every file was readable and there are members."""
        return not self.dataset.report.file_errors and self.dataset.usable


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the new version (``None`` when nothing was saved) and the checked data set."""

    version: VersionInfo | None
    checked: CheckedImport


@dataclass(frozen=True)
class VersionDiff:
    """What changed from one version (``before``) to another (``after``).

    ``members_added`` / ``members_removed``: the members' rows; ``members_changed``: ``member_id``,
    ``name`` and ``changed`` (the columns whose value changed, ``", "``-joined); ``partnerships_added`` /
    ``partnerships_removed``: ``source_id``, ``target_id`` (pairs, either direction the same).
    """

    before: int | None
    after: int
    members_added: pd.DataFrame
    members_removed: pd.DataFrame
    members_changed: pd.DataFrame
    partnerships_added: pd.DataFrame
    partnerships_removed: pd.DataFrame

    def counts(self) -> dict[str, int]:
        """How many of each kind of change."""
        return {"members_added": len(self.members_added), "members_removed": len(self.members_removed),
                "members_changed": len(self.members_changed), "partnerships_added": len(self.partnerships_added),
                "partnerships_removed": len(self.partnerships_removed)}


# ----------------------------------------------------------------------------
# the database


def _safe_url(url: str) -> str:
    """The URL as it may be shown: without the password."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL: show it without anything that looks like a password
        return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


def _engine(url: str) -> sa.Engine:
    """An engine for ``url`` (SQLite file or PostgreSQL with psycopg 3); a clear error for anything else."""
    shown = _safe_url(url)
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError as err:
        raise StoreError("error.workspace_bad_url", url=shown) from err
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):  # postgres://… is how many hosts write it
        parsed = parsed.set(drivername="postgresql+psycopg")
        engine = sa.create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 5})
        return engine
    if backend != "sqlite":
        raise StoreError("error.workspace_unsupported", url=shown)
    is_uri = parsed.database is not None and parsed.database.startswith("file:")  # SQLite's own URI form
    if parsed.database and parsed.database != ":memory:" and not is_uri:
        with contextlib.suppress(OSError):  # an unwritable place is reported when it is opened
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(parsed, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun below, not by the driver
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        # a writer takes SQLite's write lock at once (and waits up to the busy timeout for another)
        immediate = connection.get_execution_options().get("write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _driver_errors() -> tuple[type[Exception], ...]:
    """The drivers' own error classes (raised by the bulk insert and read, which use the driver directly)."""
    import sqlite3

    found: list[type[Exception]] = [sqlite3.Error]
    with contextlib.suppress(ImportError):
        import psycopg

        found.append(psycopg.Error)
    return tuple(found)


@contextlib.contextmanager
def _errors(url: str) -> Iterator[None]:
    """Turn database failures into :class:`StoreError` messages people can act on."""
    try:
        yield
    except NetworkError:
        raise
    except sa.exc.DBAPIError as err:
        raise _store_error(err, url) from err
    except _driver_errors() as err:
        raise _store_error(err, url) from err
    except sa.exc.SQLAlchemyError as err:
        raise StoreError("error.workspace_failed", url=_safe_url(url), detail=type(err).__name__) from err


def _store_error(err: Exception, url: str) -> StoreError:
    text = str(getattr(err, "orig", err)).lower()
    shown = _safe_url(url)
    if "password authentication failed" in text or "no password supplied" in text:
        return StoreError("error.workspace_login", url=shown)
    if "readonly" in text or "read-only" in text or "read only" in text:
        return StoreError("error.workspace_readonly", url=shown)
    if "disk is full" in text or "no space left" in text or "disk full" in text:
        return StoreError("error.workspace_full", url=shown)
    if "database is locked" in text or "lock timeout" in text or "could not obtain lock" in text:
        return StoreError("error.workspace_busy", url=shown)
    if "unable to open database file" in text:
        return StoreError("error.workspace_unopenable", url=shown)
    if ("connection refused" in text or "could not connect" in text or "timeout expired" in text
            or "could not translate host name" in text or "name or service not known" in text
            or "connection failed" in text or ("database" in text and "does not exist" in text)):
        detail = str(getattr(err, "orig", err)).strip().splitlines()[-1][:200]
        return StoreError("error.workspace_unreachable", url=shown, detail=detail)
    return StoreError("error.workspace_failed", url=shown, detail=str(getattr(err, "orig", err)).splitlines()[0][:200])


def _alembic_config(connection: sa.Connection) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def _migrations() -> dict[str, str | None]:
    """``{revision: the revision it upgrades}`` of the migration scripts, read from their ``revision`` /
    ``down_revision`` lines (as Alembic does) without loading Alembic."""
    found: dict[str, str | None] = {}
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revision = re.search(r'^revision = "([^"]+)"', text, re.M)
        down = re.search(r'^down_revision = (?:"([^"]+)"|None)', text, re.M)
        if revision and down:
            found[revision.group(1)] = down.group(1)
    return found


def _head_revision(migrations: Mapping[str, str | None]) -> str:
    """The latest migration: the one no other upgrades."""
    heads = set(migrations) - {down for down in migrations.values() if down}
    if len(heads) != 1:
        raise RuntimeError(f"the workspace migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


_MIGRATIONS = _migrations()
#: The revision a workspace is at when its tables are those of this program.
HEAD_REVISION = _head_revision(_MIGRATIONS)


def _revision(engine: sa.Engine) -> str | None:
    """The workspace's revision when it is complete (its state row exists), else ``None``."""
    try:
        with engine.connect() as connection:
            revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            state = connection.exec_driver_sql("SELECT count(*) FROM workspace_state").scalar()
    except sa.exc.DBAPIError as err:
        if "no such table" in str(err.orig).lower() or "does not exist" in str(err.orig).lower():
            return None  # a new database
        raise
    return revision if state else None


def migrate(engine: sa.Engine) -> str:
    """Create the workspace's tables, or upgrade them to the latest migration; return the revision.

    Runs in one transaction (serialised between processes: SQLite's write lock, an advisory lock on
    PostgreSQL), so two programs opening a new workspace at once do not both create it.

    Raises
    ------
    StoreError
        If the database was made by a newer program (a revision these migrations do not know).

    Examples
    --------
    >>> migrate(sa.create_engine("sqlite://"))
    '0005'
    """
    found = _revision(engine)
    if found == HEAD_REVISION:  # the usual case: up to date, nothing written, Alembic not even loaded
        return HEAD_REVISION
    if found is not None and found not in _MIGRATIONS:  # said before taking any lock
        raise StoreError("error.workspace_newer", revision=found, url=_safe_url(str(engine.url)))
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    with engine.connect().execution_options(write=True) as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(748201)")  # the workspace's own number
        current = MigrationContext.configure(connection).get_current_revision()  # again, under the lock
        if current is not None and current not in _MIGRATIONS:
            raise StoreError("error.workspace_newer", revision=current, url=_safe_url(str(engine.url)))
        if current != HEAD_REVISION:
            command.upgrade(_alembic_config(connection), "head")
        has_state = connection.execute(sa.select(sa.func.count()).select_from(t.workspace_state)).scalar_one()
        if not has_state:
            connection.execute(t.workspace_state.insert().values(id=1, current_version=None, updated_at=_now()))
    return HEAD_REVISION


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


# ----------------------------------------------------------------------------
# frames ↔ rows


def _json(value: object) -> object:
    """A parameter or cell value as JSON can hold it (a Text keeps both languages)."""
    if isinstance(value, Text):
        return {"__text__": [value.ko, value.en]}
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, (dt.date, pd.Timestamp)):
        return str(value)[:10]
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    return value


def _from_json(value: object) -> object:
    if isinstance(value, dict) and "__text__" in value:
        ko, en = value["__text__"]
        return Text(ko=ko, en=en)
    return value


def _column_values(frame: pd.DataFrame, column: str, kind: str, dialect: str) -> list[Any]:
    """One column as Python values the database takes (``None`` for missing)."""
    if column not in frame.columns:
        return [None] * len(frame)
    values = frame[column]
    if kind == "date":
        dates = pd.to_datetime(values, errors="coerce")
        text = dates.dt.strftime("%Y-%m-%d")
        out = text.astype(object).where(dates.notna(), None).tolist()
        return out if dialect == "sqlite" else [None if d is None else dt.date.fromisoformat(d) for d in out]
    missing = pd.isna(values).to_numpy()
    if kind in ("int", "float", "lat", "lon"):
        numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        cast = int if kind == "int" else float
        return [None if gone or np.isnan(v) else cast(v) for v, gone in zip(numbers.tolist(), missing.tolist())]
    cells = values.astype(object).to_numpy(copy=True)
    cells[missing] = None
    return [v if v is None or isinstance(v, str) else str(v) for v in cells.tolist()]


def _rows(table: str, frame: pd.DataFrame, dialect: str) -> tuple[list[str], list[tuple]]:
    """The stored columns and the rows of ``frame`` for data table ``table`` (position first)."""
    spec = schema.TABLES[table]
    kinds = {c.name: c.kind for c in spec.columns}
    stored = t.data_columns(table)
    columns = ["position", *[c for c in stored if c != "source_row"], "source_row", "extra"]
    values: list[list[Any]] = [list(range(len(frame)))]
    values += [_column_values(frame, c, kinds.get(c, "text"), dialect) for c in stored if c != "source_row"]
    values.append(_column_values(frame, "source_row", "int", dialect))
    extras = [c for c in frame.columns if c not in stored]
    if extras:
        values.append([json.dumps({k: cell for k, cell in ((k, _json(v)) for k, v in zip(extras, row))
                                   if cell is not None}, ensure_ascii=False)
                       for row in frame[extras].astype(object).itertuples(index=False, name=None)])
    else:
        values.append([None] * len(frame))
    return columns, list(zip(*values)) if len(frame) else []


def _content_hash(table: str, columns: list[str], rows: list[tuple]) -> str:
    digest = hashlib.sha256(f"{table}\x1f{columns}".encode())
    for start in range(0, len(rows), _CHUNK):
        digest.update(repr(rows[start:start + _CHUNK]).encode())
    return digest.hexdigest()


def _frame(table: str, columns: list[str], rows: list[tuple]) -> pd.DataFrame:
    """Rows read back (``columns`` as stored) as the validated table they came from."""
    spec = schema.TABLES[table]
    kinds = {c.name: c.kind for c in spec.columns}
    data = list(zip(*rows)) if rows else [() for _ in columns]
    raw = dict(zip(columns, data))
    out: dict[str, Any] = {}
    for column in t.data_columns(table):
        values = raw[column]
        kind = "int" if column == "source_row" else kinds.get(column, "text")
        if kind == "date":
            dates = pd.Series(values, dtype=object)
            text = values and isinstance(next((v for v in values if v is not None), None), str)
            out[column] = (pd.to_datetime(dates, format="%Y-%m-%d", errors="coerce") if text
                           else pd.to_datetime(dates, errors="coerce")).astype("datetime64[ns]")
        elif column == "source_row":
            out[column] = np.fromiter((0 if v is None else v for v in values), dtype=np.int64, count=len(values))
        elif kind == "int":
            out[column] = pd.array(values, dtype="Int64")
        elif kind in ("float", "lat", "lon"):
            out[column] = np.array(values, dtype=float)  # None becomes NaN
        else:
            out[column] = pd.Series(values, dtype=object)
    frame = pd.DataFrame(out)
    extra = raw.get("extra", ())
    if any(e is not None for e in extra):
        parsed = [json.loads(e) if e else {} for e in extra]
        names = list(dict.fromkeys(k for cell in parsed for k in cell))
        for name in names:
            frame[name] = pd.Series([cell.get(name) for cell in parsed], dtype=object)
    if table in ("attendance", "difficulties"):
        return frame
    # source_row last, as the validators leave it
    return frame[[c for c in frame.columns if c != "source_row"] + ["source_row"]]


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Reading hundreds of thousands of rows makes millions of small objects that are never garbage; the
    cycle collector would scan them again and again (a third of the time at 100,000 members)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _insert(connection: sa.Connection, table: str, columns: list[str], rows: list[tuple], snapshot: int,
            progress: Callable[[int], None]) -> None:
    """Insert the rows of one snapshot in batches (COPY on PostgreSQL, executemany on SQLite)."""
    names = ["snapshot_id", *columns]
    quoted = ", ".join(f'"{c}"' for c in names)
    raw = connection.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        for start in range(0, len(rows), _CHUNK):
            batch = [(snapshot, *row) for row in rows[start:start + _CHUNK]]
            if connection.dialect.name == "postgresql":
                with cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                    for row in batch:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" * len(names))
                cursor.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', batch)
            progress(len(batch))
    finally:
        cursor.close()


def _select(connection: sa.Connection, table: str, snapshot: int) -> tuple[list[str], list[tuple]]:
    columns = [*[c for c in t.data_columns(table) if c != "source_row"], "source_row", "extra"]
    quoted = ", ".join(f'"{c}"' for c in columns)
    mark = "%s" if connection.dialect.name == "postgresql" else "?"
    raw = connection.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        cursor.execute(f'SELECT {quoted} FROM "{table}" WHERE snapshot_id = {mark} ORDER BY position', (snapshot,))
        return columns, list(cursor.fetchall())
    finally:
        cursor.close()


# ----------------------------------------------------------------------------
# the workspace


class Workspace:
    """A workspace database: versions of the data set, the current one, imports, rollback and export.

    Parameters
    ----------
    url
        ``sqlite:////path/network.db`` or ``postgresql+psycopg://user:password@host:5432/db``; default the
        settings' :attr:`~network.config.Settings.workspace_url` (``DATABASE_URL``, else the SQLite file in
        ``.workspace/`` of the checkout).
    settings
        Where the default URL comes from (default: :func:`network.config.load_settings`).

    Raises
    ------
    StoreError
        If the address is wrong, the server cannot be reached or refuses the login, the file cannot be
        opened, or the database was made by a newer program.

    Examples
    --------
    >>> import tempfile
    >>> ws = Workspace(f"sqlite:///{tempfile.mkdtemp()}/w.db")
    >>> ws.versions()
    []
    """

    def __init__(self, url: str | None = None, *, settings: Settings | None = None):
        self.url = url or (settings or load_settings()).workspace_url
        with _errors(self.url):
            self.engine = _engine(self.url)
            try:
                self.revision = migrate(self.engine)
            except BaseException:
                self.engine.dispose()
                raise

    def __repr__(self) -> str:
        return f"Workspace({_safe_url(self.url)!r})"

    def errors(self) -> contextlib.AbstractContextManager[None]:
        """A context in which database failures become :class:`StoreError` messages naming this workspace."""
        return _errors(self.url)

    @property
    def accounts(self) -> Accounts:
        """The workspace's accounts (:class:`network.store.accounts.Accounts`, with the default policy)."""
        return Accounts(self)

    @property
    def records(self) -> Records:
        """The field work recorded in the app (:class:`network.store.records.Records`, with the default policy)."""
        return Records(self)

    @property
    def outcomes(self) -> Outcomes:
        """What became of the suggestions, and the suggestions shown (:class:`network.store.outcomes.Outcomes`,
        with the settings' :class:`~network.config.Feedback`)."""
        return Outcomes(self)

    @property
    def audit(self) -> AuditLog:
        """The workspace's audit log (:class:`network.store.audit.AuditLog`)."""
        return AuditLog(self)

    @property
    def shown_url(self) -> str:
        """The address without its password, for messages."""
        return _safe_url(self.url)

    def close(self) -> None:
        """Close the database connections (also done when the workspace is left by ``with`` or forgotten)."""
        engine = self.__dict__.get("engine")
        if engine is not None:
            engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __del__(self) -> None:  # a forgotten workspace does not leave server connections open
        with contextlib.suppress(Exception):
            self.close()

    # --- reading ---------------------------------------------------------------------------------------

    def current(self) -> VersionInfo | None:
        """The current version, or ``None`` when nothing was imported yet."""
        with _errors(self.url), self.engine.connect() as connection:
            current = _current(connection)
            return None if current is None else self._info(connection, current, current)

    def current_id(self) -> int | None:
        """The number of the current version (one small query)."""
        with _errors(self.url), self.engine.connect() as connection:
            return _current(connection)

    def current_or_sample(self, *, language: Language = "ko") -> VersionInfo:
        """The current version; an empty workspace first gets the bundled sample as version 1
        (:meth:`ensure_sample`), so the app and the commands always have data to show.

        Examples
        --------
        >>> import tempfile
        >>> Workspace(f"sqlite:///{tempfile.mkdtemp()}/w.db").current_or_sample().is_sample
        True
        """
        version = self.current()
        if version is None:
            self.ensure_sample(language=language)
            version = self.current()
        if version is None:  # cannot happen: the sample, or another import that came first, is current
            raise InsufficientDataError("error.workspace_empty")
        return version

    def has_real_data(self) -> bool:
        """Whether any version holds imported data rather than the bundled sample (one small query)."""
        with _errors(self.url), self.engine.connect() as connection:
            return connection.execute(sa.select(t.versions.c.id).where(t.versions.c.is_sample == sa.false())
                                      .limit(1)).first() is not None

    def versions(self) -> list[VersionInfo]:
        """Every version, newest first (two queries, however many versions)."""
        with _errors(self.url), self.engine.connect() as connection:
            return self._infos(connection, None, _current(connection))

    def version(self, number: int) -> VersionInfo:
        """One version; :class:`NotFoundError` when there is no such version."""
        with _errors(self.url), self.engine.connect() as connection:
            return self._info(connection, self._existing(connection, number), _current(connection))

    def _existing(self, connection: sa.Connection, number: int | None) -> int:
        if number is None:
            current = _current(connection)
            if current is None:
                raise InsufficientDataError("error.workspace_empty")
            return int(current)
        found = connection.execute(sa.select(t.versions.c.id).where(t.versions.c.id == int(number))).scalar()
        if found is None:
            known = connection.execute(sa.select(t.versions.c.id).order_by(t.versions.c.id)).scalars().all()
            raise NotFoundError("error.unknown_version", version=number, known=", ".join(map(str, known)) or "-")
        return int(found)

    def _info(self, connection: sa.Connection, number: int, current: int | None) -> VersionInfo:
        return self._infos(connection, number, current)[0]

    def _infos(self, connection: sa.Connection, number: int | None, current: int | None) -> list[VersionInfo]:
        """Version ``number``, or every version (newest first) when it is ``None``."""
        versions = sa.select(t.versions).order_by(t.versions.c.id.desc())
        parts_query = (sa.select(t.version_tables.c.version_id, t.version_tables.c.table_name,
                                 t.version_tables.c.file_name, t.version_tables.c.kept_from, t.snapshots.c.rows)
                       .join(t.snapshots, t.snapshots.c.id == t.version_tables.c.snapshot_id))
        if number is not None:
            versions = versions.where(t.versions.c.id == number)
            parts_query = parts_query.where(t.version_tables.c.version_id == number)
        order = list(schema.TABLES)
        parts_of: dict[int, list[sa.Row]] = {}
        for part in sorted(connection.execute(parts_query).all(), key=lambda p: order.index(p.table_name)):
            parts_of.setdefault(int(part.version_id), []).append(part)
        out = []
        for row in connection.execute(versions).mappings():
            created = row["created_at"]
            if created.tzinfo is None:  # SQLite gives naive UTC back
                created = created.replace(tzinfo=dt.timezone.utc)
            parts = parts_of.get(int(row["id"]), [])
            out.append(VersionInfo(
                id=int(row["id"]), created_at=created, note=row["note"], is_sample=bool(row["is_sample"]),
                created_by=row["created_by"], based_on=row["based_on"],
                tables={p.table_name: int(p.rows) for p in parts},
                files={p.table_name: p.file_name for p in parts if p.file_name},
                kept={p.table_name: int(p.kept_from) for p in parts if p.kept_from is not None},
                current=row["id"] == current))
        return out

    def load(self, version: int | None = None, *, language: Language = "ko") -> Dataset:
        """The data set of ``version`` (default: the current one), with its report, as it was saved.

        ``dataset.files`` names the files imported into the version, and a table kept from an earlier
        version by that version's number (in ``language``).

        Raises
        ------
        InsufficientDataError
            If the workspace has no version yet.
        NotFoundError
            If there is no such version.
        """
        with _errors(self.url), self.engine.connect() as connection, _no_gc():
            number = self._existing(connection, version)
            parts = connection.execute(sa.select(t.version_tables).where(t.version_tables.c.version_id == number)
                                       ).mappings().all()
            frames = {name: validate.empty_table(spec) for name, spec in schema.TABLES.items()}
            for part in parts:
                name = part["table_name"]
                frames[name] = _frame(name, *_select(connection, name, part["snapshot_id"]))
            report = self._report(connection, number, _counts(parts))
        return Dataset(**frames, report=report, files=_files(parts, language))

    def load_with_records(self, version: int | None = None, *, language: Language = "ko") -> Dataset:
        """The data set of ``version`` (default: the current one) with what was recorded in the app added: the
        field work (:func:`network.fieldwork.with_records`), then the partnered outcomes of suggestions as
        partnerships started on the day they were recorded (:func:`network.feedback.with_outcomes`; its
        ``partnerships`` have a ``recorded`` column, ``True`` for those).  What the app's pages and the
        field-work and feedback commands show.

        Examples
        --------
        >>> import tempfile
        >>> ws = Workspace(f"sqlite:///{tempfile.mkdtemp()}/w.db")
        >>> _ = ws.ensure_sample()
        >>> ds = ws.load_with_records()
        >>> ds.difficulties["status"].unique().tolist(), int(ds.partnerships["recorded"].sum())
        (['이력'], 0)
        """
        from network.feedback import with_outcomes
        from network.fieldwork import with_records

        merged = with_records(self.load(version, language=language), self.records.tables())
        return with_outcomes(merged, self.outcomes.table())

    def suggestion_model(self, version: int | None = None) -> evaluate.Model:
        """How suggestions are weighted on ``version`` (default: the current one): :func:`network.evaluate.choose_model`
        on its imported tables with the default options, chosen the first time it is asked for and kept (a version
        never changes), so the app, ``recommend`` and ``meeting`` use the same weights without fitting again.

        Examples
        --------
        >>> import tempfile
        >>> ws = Workspace(f"sqlite:///{tempfile.mkdtemp()}/w.db")
        >>> _ = ws.ensure_sample()
        >>> first = ws.suggestion_model()
        >>> first.decision, ws.suggestion_model() == first
        ('fitted', True)
        """
        from network import evaluate, recommend
        from network.config import SETTINGS

        with _errors(self.url), self.engine.connect() as connection:
            number = self._existing(connection, version)
            stored = connection.execute(sa.select(t.suggestion_models.c.model)
                                        .where(t.suggestion_models.c.version_id == number)).scalar()
        if stored is not None:
            return evaluate.Model.from_dict(json.loads(stored))
        ds = self.load(number)
        model = evaluate.choose_model(ds.members, ds.partnerships,
                                      options=recommend.Options(top=SETTINGS.defaults.suggestions))
        with _errors(self.url), self.engine.connect().execution_options(write=True) as connection, connection.begin():
            exists = connection.execute(sa.select(t.suggestion_models.c.version_id)
                                        .where(t.suggestion_models.c.version_id == number)).scalar()
            if exists is None:  # another process may have chosen it meanwhile: the same result, kept once
                connection.execute(t.suggestion_models.insert().values(
                    version_id=number, model=json.dumps(model.as_dict(), ensure_ascii=False), created_at=_now()))
        return model

    def report(self, version: int | None = None) -> validate.ValidationReport:
        """The validation report saved with ``version`` (default: the current one), without its tables.

        Examples
        --------
        >>> import tempfile
        >>> ws = Workspace(f"sqlite:///{tempfile.mkdtemp()}/w.db")
        >>> _ = ws.import_files({"members": "회원번호,회사명\\nA1,가나\\nA1,다라\\n".encode()})
        >>> [(p.code, p.row) for p in ws.report().errors()]
        [('duplicate_id', 3)]
        """
        with _errors(self.url), self.engine.connect() as connection:
            number = self._existing(connection, version)
            parts = connection.execute(sa.select(t.version_tables).where(t.version_tables.c.version_id == number)
                                       ).mappings().all()
            return self._report(connection, number, _counts(parts))

    def _report(self, connection: sa.Connection, number: int, counts: dict[str, dict[str, int]]
                ) -> validate.ValidationReport:
        stored = connection.execute(sa.select(t.problems).where(t.problems.c.version_id == number)
                                    .order_by(t.problems.c.seq)).mappings().all()
        by_seq: dict[int, Problem] = {}
        found: list[Problem] = []
        file_errors: list[Problem] = []
        for row in stored:
            params = tuple((k, _from_json(v)) for k, v in json.loads(row["params"]))
            problem = Problem(row["code"], file=row["file"], row=row["row"], column=row["column"], value=row["value"],
                              severity=row["severity"], params=params)
            by_seq[row["seq"]] = problem
            (file_errors if row["file_error"] else found).append(problem)
        rejected: dict[str, pd.DataFrame] = {}
        lines = connection.execute(sa.select(t.rejected_rows).where(t.rejected_rows.c.version_id == number)
                                   .order_by(t.rejected_rows.c.table_name, t.rejected_rows.c.seq)).mappings().all()
        per_table: dict[str, list[dict]] = {}
        for line in lines:
            problem = by_seq[line["problem_seq"]]
            cells = json.loads(line["cells"])
            per_table.setdefault(line["table_name"], []).append(
                {"row": problem.row, "key": line["key"], "column": problem.column, "value": problem.value,
                 "_problem": problem, **{k: v for k, v in cells if k not in ("row", "key", "column", "value")}})
        for name, records in per_table.items():
            rejected[name] = pd.DataFrame(records)
        return validate.ValidationReport(tuple(found), rejected, counts, tuple(file_errors))

    # --- importing -------------------------------------------------------------------------------------

    def check_files(self, sources: str | Path | Mapping[str, Source], *, sheet: str | int | None = None,
                    language: Language = "ko") -> CheckedImport:
        """Read files and check them with the current version's other tables, as they would be saved.

        A table given replaces the current one; the others are kept from the current version (except the
        attendance and difficulties of the visits: a new visits file brings its own), unless the current version
        is the bundled sample: a first import never mixes its own members with the sample's fictional
        partnerships, visits or offices.  Kept tables are
        checked again against the new ones (a partnership of a member who is gone is rejected); only their
        errors are reported, their old warnings are not repeated.

        Parameters
        ----------
        sources
            A folder of table files (``members.csv`` …) or ``{table: path, bytes or file object}``.
        sheet
            Sheet of each XLSX file (first by default).
        language
            Language of the names given to kept tables in the report.
        """
        files = io.find_table_files(sources) if isinstance(sources, (str, Path)) else dict(sources)
        if not files:
            raise OptionError("error.import_needs_files")
        raws: dict[str, io.RawTable] = {}
        file_errors: list[Problem] = []
        given: dict[str, tuple[str, str]] = {}
        for table, source in files.items():
            if table not in schema.TABLES:
                raise ValueError(f"table was {table!r} but is expected to be in {list(schema.TABLES)}")
            if isinstance(source, (str, Path)) and not Path(source).is_file():
                file_errors.append(Problem("file_not_found", file=Path(source).name, value=str(source)))
                continue
            data, name = _read_source(source, table)
            given[table] = (name, hashlib.sha256(data).hexdigest())
            try:
                raws[table] = io.read_table(data, table, sheet=sheet, file_name=name)
            except DataError as err:
                file_errors.extend(err.problems)
        with _errors(self.url), self.engine.connect() as connection:
            base = _current(connection)
        kept_rows: dict[str, pd.Series] = {}  # a kept table's rows as numbered in the file it came from
        if base is not None and not self.version(base).is_sample:  # the sample's fictional tables are never kept
            current = self.load(base)
            skip = set(files) | ({"attendance", "difficulties"} if "visits" in files else set())
            for table, frame in current.tables().items():
                if table in skip or frame.empty:
                    continue
                label = texts.t("workspace.kept", language, table=f"{table}.csv", version=base)
                raws[table] = io.read_table(_plain_csv(frame.drop(columns=["source_row"])), table, file_name=label)
                # the re-read row numbers → the numbers in the file the row came from (by position)
                kept_rows[table] = pd.Series(frame["source_row"].to_numpy(), index=raws[table].df["source_row"].to_numpy())
        checked = validate_dataset(raws, file_errors=file_errors)
        if kept_rows:
            checked = _kept_as_before(checked, {table: (raws[table].file, rows) for table, rows in kept_rows.items()})
        return CheckedImport(checked, given, tuple(kept_rows), base)

    def save(self, checked: CheckedImport, *, note: str = "", created_by: str | None = None, is_sample: bool = False,
             progress: Progress | None = None) -> VersionInfo:
        """Save a checked import as a new version and make it current, in one transaction.

        Raises
        ------
        DataError
            If a file could not be read (nothing is saved).
        InsufficientDataError
            If there are no members.
        ConflictError
            If another version became current since ``checked`` was made (check again).
        StoreError
            If the database cannot be written (read-only, full, busy); the current version is unchanged.
        """
        ds = checked.dataset
        if ds.report.file_errors:
            raise DataError(ds.report.file_errors)
        if not ds.usable:
            raise InsufficientDataError("error.no_members")
        with _errors(self.url), self.engine.connect().execution_options(write=True) as connection:
            dialect = connection.dialect.name
            # a table given or kept is recorded even when no row of it is valid (its file, its counts)
            recorded = set(checked.sources) | set(checked.kept)
            prepared = {name: _rows(name, frame, dialect) for name, frame in ds.tables().items()
                        if not frame.empty or name in recorded}
            digests = {name: _content_hash(name, columns, rows) for name, (columns, rows) in prepared.items()}
            total = sum(len(rows) for _, rows in prepared.values())
            done = 0

            def advance(rows: int) -> None:
                nonlocal done
                done += rows
                if progress is not None:
                    progress("storing", done, total)

            with connection.begin():
                if dialect == "postgresql":
                    connection.exec_driver_sql("SET LOCAL lock_timeout = '60s'")
                # the write lock: SQLite's is already held (BEGIN IMMEDIATE), PostgreSQL's row lock is taken here
                current = _current(connection, for_update=True)
                if current != checked.based_on:
                    raise ConflictError("error.workspace_changed", current=current)
                now = _now()
                # numbered here, under the lock: a killed import leaves no gap in the numbers
                number = int(connection.execute(sa.select(sa.func.coalesce(sa.func.max(t.versions.c.id), 0))
                                                ).scalar_one()) + 1
                connection.execute(t.versions.insert().values(
                    id=number, created_at=now, note=note or "", is_sample=is_sample, created_by=created_by,
                    based_on=current))
                for name, (columns, rows) in prepared.items():
                    snapshot = connection.execute(sa.select(t.snapshots.c.id).where(
                        t.snapshots.c.table_name == name, t.snapshots.c.content_sha256 == digests[name])).scalar()
                    if snapshot is None:
                        snapshot = int(connection.execute(t.snapshots.insert().values(
                            table_name=name, content_sha256=digests[name], rows=len(rows), created_at=now,
                        ).returning(t.snapshots.c.id)).scalar_one())
                        _insert(connection, name, columns, rows, snapshot, advance)
                    else:
                        advance(len(rows))
                    file_name, file_sha = checked.sources.get(name, (None, None))
                    counts = ds.report.counts.get(name, {})
                    connection.execute(t.version_tables.insert().values(
                        version_id=number, table_name=name, snapshot_id=snapshot, file_name=file_name,
                        file_sha256=file_sha, kept_from=checked.based_on if name in checked.kept else None,
                        rows_read=counts.get("read"), rows_valid=counts.get("valid"),
                        rows_rejected=counts.get("rejected")))
                self._write_report(connection, number, ds)
                connection.execute(t.workspace_state.update().where(t.workspace_state.c.id == 1).values(
                    current_version=number, updated_at=now))
                _audit.record(connection, created_by, "import", target=f"v{number}",
                       rows=sum(len(rows) for name, (_, rows) in prepared.items() if name in checked.sources),
                       detail=", ".join(f"{name}: {file_name}" for name, (file_name, _) in checked.sources.items())
                       or note, at=now)
                return self._info(connection, number, number)  # read under the same lock, before COMMIT

    def _write_report(self, connection: sa.Connection, number: int, ds: Dataset) -> None:
        report = ds.report
        seq_of: dict[int, int] = {}
        rows = []
        for seq, (problem, is_file) in enumerate(
                [*((p, True) for p in report.file_errors), *((p, False) for p in report.problems)]):
            seq_of[id(problem)] = seq
            rows.append({"version_id": number, "seq": seq, "file_error": is_file, "code": problem.code,
                         "file": problem.file, "row": problem.row, "column": problem.column, "value": problem.value,
                         "severity": problem.severity,
                         "params": json.dumps([[k, _json(v)] for k, v in problem.params], ensure_ascii=False)})
        if rows:
            connection.execute(t.problems.insert(), rows)
        lines = []
        for name, frame in report.rejected.items():
            if frame is None or frame.empty:
                continue
            originals = [c for c in frame.columns if c not in ("row", "key", "column", "value", "_problem")]
            for seq, record in enumerate(frame.to_dict("records")):
                problem = record["_problem"]  # one of the report's problems: a rejected row says why
                cells = [[c, _json(record[c])] for c in originals]
                key = record["key"]
                lines.append({"version_id": number, "table_name": name, "seq": seq, "problem_seq": seq_of[id(problem)],
                              "key": None if _json(key) is None else str(key),
                              "cells": json.dumps(cells, ensure_ascii=False)})
        if lines:
            connection.execute(t.rejected_rows.insert(), lines)

    def import_files(self, sources: str | Path | Mapping[str, Source], *, sheet: str | int | None = None,
                     note: str = "", strict: bool = False, created_by: str | None = None, is_sample: bool = False,
                     progress: Progress | None = None, language: Language = "ko") -> ImportResult:
        """Check files (:meth:`check_files`) and save them as the new current version (:meth:`save`).

        With ``strict``, nothing is saved when rows were rejected (``result.version`` is ``None``).  If
        another import becomes current in between, the files are checked again against it once.

        Raises
        ------
        DataError
            If a file cannot be read at all (nothing is saved).
        """
        for attempt in range(2):
            checked = self.check_files(sources, sheet=sheet, language=language)
            if checked.dataset.report.file_errors:
                raise DataError(checked.dataset.report.file_errors)
            if strict and checked.dataset.report.n_rejected:
                return ImportResult(None, checked)
            try:
                return ImportResult(self.save(checked, note=note, created_by=created_by, is_sample=is_sample,
                                              progress=progress), checked)
            except ConflictError:
                if attempt:
                    raise
        raise AssertionError("not reached")

    def ensure_sample(self, *, language: Language = "ko") -> VersionInfo | None:
        """On an empty workspace, import the bundled sample as version 1 (marked as sample data).

        Returns the new version, or ``None`` when the workspace already had one.
        """
        if self.current_id() is not None:
            return None
        from network.sample import SAMPLE_DIR

        checked = self.check_files(SAMPLE_DIR, language=language)
        if checked.based_on is not None:  # another import came first
            return None
        try:  # saved only onto the empty workspace: never on top of an import that came first
            return self.save(checked, note=texts.t("workspace.sample_note", language), is_sample=True)
        except ConflictError:
            return None

    # --- changing which version is current, and exporting ------------------------------------------------

    def rollback(self, to: int, *, actor: str | None = None) -> VersionInfo:
        """Make an earlier (or later) version current again; nothing is deleted.

        Raises
        ------
        NotFoundError
            If there is no such version.
        OptionError
            If it is already the current version.
        """
        with (_errors(self.url), self.engine.connect().execution_options(write=True) as connection,
              connection.begin()):
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql("SET LOCAL lock_timeout = '60s'")
            current = _current(connection, for_update=True)
            number = self._existing(connection, to)
            if number == current:
                raise OptionError("error.rollback_current", version=number)
            connection.execute(t.workspace_state.update().where(t.workspace_state.c.id == 1).values(
                current_version=number, updated_at=_now()))
            _audit.record(connection, actor, "rollback", target=f"v{number}", detail=f"v{current} → v{number}")
            return self._info(connection, number, number)

    def export(self, out: str | Path, *, version: int | None = None) -> list[Path]:
        """Write a version's tables (default: the current one) as CSV files that :meth:`import_files` reads back
        to the same data.

        Examples
        --------
        >>> import tempfile
        >>> ws = Workspace(f"sqlite:///{tempfile.mkdtemp()}/w.db")
        >>> _ = ws.import_files({"members": "회원번호,회사명,시도,시군구\\nA1,가나,서울,종로구\\n".encode()})
        >>> [p.name for p in ws.export(tempfile.mkdtemp())]
        ['members.csv']
        """
        ds = self.load(version)
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, frame in ds.tables().items():
            if frame.empty:
                continue
            written.append(export.write_table(frame.drop(columns=["source_row"]), folder / f"{name}.csv"))
        return written

    def compare(self, version: int | None = None, *, to: int | None = None) -> VersionDiff:
        """What changed in ``version`` (default: the current one) since ``to`` (default: the version it was
        made from, the one current when it was saved; after a rollback that is not the number before it).

        Examples
        --------
        >>> import tempfile
        >>> ws = Workspace(f"sqlite:///{tempfile.mkdtemp()}/w.db")
        >>> _ = ws.import_files({"members": "회원번호,회사명,시도,시군구\\nA1,가나,서울,종로구\\nA2,다,서울,중구\\n".encode()})
        >>> _ = ws.import_files({"members": "회원번호,회사명,시도,시군구\\nA1,가나다,서울,종로구\\nA3,라,부산,중구\\n".encode()})
        >>> ws.compare().counts()
        {'members_added': 1, 'members_removed': 1, 'members_changed': 1, 'partnerships_added': 0, 'partnerships_removed': 0}
        """
        with _errors(self.url), self.engine.connect() as connection:
            after = self._existing(connection, version)
            if to is None:
                before = connection.execute(sa.select(t.versions.c.based_on).where(t.versions.c.id == after)).scalar()
            else:
                before = self._existing(connection, to)
        new = self.load(after)
        old = self.load(before) if before is not None else None
        return _diff(old, new, before, after)

    def versions_table(self, *, language: Language = "ko") -> pd.DataFrame:
        """The versions as a table for people: number, time, note, sample, rows per table, current, files.

        Examples
        --------
        >>> import tempfile
        >>> ws = Workspace(f"sqlite:///{tempfile.mkdtemp()}/w.db")
        >>> _ = ws.import_files({"members": "회원번호,회사명\\nA1,가나\\n".encode()}, note="시험")
        >>> ws.versions_table()[["version", "note", "members", "current"]].values.tolist()
        [[1, '시험', 1, True]]
        """
        rows = []
        for info in self.versions():
            rows.append({"version": info.id, "created_at": info.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                         "note": info.note, "sample": info.is_sample,
                         **{name: info.tables.get(name, 0) for name in schema.TABLES},
                         "files": ", ".join(info.files.values()), "current": info.current})
        columns = ["version", "created_at", "note", "sample", *schema.TABLES, "files", "current"]
        return pd.DataFrame(rows, columns=columns)


def _counts(parts: Sequence[sa.RowMapping]) -> dict[str, dict[str, int]]:
    """``ValidationReport.counts`` from the stored ``version_tables`` rows (tables that were checked)."""
    order = list(schema.TABLES)
    return {p["table_name"]: {"read": p["rows_read"], "valid": p["rows_valid"], "rejected": p["rows_rejected"]}
            for p in sorted(parts, key=lambda p: order.index(p["table_name"])) if p["rows_read"] is not None}


def _files(parts: Sequence[sa.RowMapping], language: Language) -> dict[str, str]:
    """``Dataset.files`` from the stored ``version_tables`` rows."""
    return _sources({p["table_name"]: p["file_name"] for p in parts if p["file_name"]},
                    {p["table_name"]: p["kept_from"] for p in parts if p["kept_from"] is not None}, language)


def _sources(files: Mapping[str, str], kept: Mapping[str, int], language: Language) -> dict[str, str]:
    """The file each table was imported from, or the version a kept table came from (in ``language``)."""
    out = dict(files)
    for table, version in kept.items():
        out.setdefault(table, texts.t("workspace.kept", language, table=f"{table}.csv", version=version))
    return out


def _kept_as_before(checked: Dataset, kept: Mapping[str, tuple[str, pd.Series]]) -> Dataset:
    """An import's check with its kept tables as they were before: their rows numbered as in the file they came
    from (so an unchanged table is stored once, shared with the version it came from), and of their problems
    only those that remove rows now (their warnings were reported when they were imported), after the problems
    of the files given.

    ``kept`` is ``{table: (the name the kept table was checked under, its row numbers: re-read → original)}``.
    """
    numbers = dict(kept.values())

    def renumber(problem: Problem) -> Problem:
        original = numbers[problem.file]
        params = tuple((k, int(original.get(v, v)) if k == "first_row" and isinstance(v, (int, np.integer)) else v)
                       for k, v in problem.params)
        row = None if problem.row is None else int(original.get(problem.row, problem.row))
        return replace(problem, row=row, params=params)

    renumbered: dict[int, Problem] = {}
    problems = []
    for problem in checked.report.problems:
        if problem.file in numbers:
            if problem.severity != "error":
                continue
            renumbered[id(problem)] = renumber(problem)
            problem = renumbered[id(problem)]
        problems.append(problem)
    problems.sort(key=lambda p: p.file in numbers)  # stable: the given files' problems first
    rejected = dict(checked.report.rejected)
    tables = checked.tables()
    for table, (_, original) in kept.items():
        frame = rejected.get(table)
        if frame is not None and not frame.empty:
            frame = frame.copy()
            frame["_problem"] = [renumbered.get(id(p), p) for p in frame["_problem"]]
            frame["row"] = [p.row for p in frame["_problem"]]
            rejected[table] = frame
        tables[table] = tables[table].assign(source_row=tables[table]["source_row"].map(original).to_numpy())
    report = validate.ValidationReport(tuple(problems), rejected, checked.report.counts, checked.report.file_errors)
    return Dataset(**tables, files=checked.files, report=report)


def _current(connection: sa.Connection, *, for_update: bool = False) -> int | None:
    """The current version's number (with ``for_update``, locking the state row on PostgreSQL until COMMIT)."""
    query = sa.select(t.workspace_state.c.current_version).where(t.workspace_state.c.id == 1)
    if for_update and connection.dialect.name == "postgresql":
        query = query.with_for_update()
    return connection.execute(query).scalar_one_or_none()


def _plain_csv(frame: pd.DataFrame) -> bytes:
    """A stored table as CSV for checking it again: every value as it is (no spreadsheet escaping: this file
    never reaches Excel), dates as ``YYYY-MM-DD``, numbers exact.

    Examples
    --------
    >>> _plain_csv(pd.DataFrame({"name": ["=SUM(A1)"], "started": pd.to_datetime(["2024-01-02"])}))
    b'name,started\\n=SUM(A1),2024-01-02\\n'
    """
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _read_source(source: Source, table: str) -> tuple[bytes, str]:
    """The bytes and the name of a file given to an import."""
    if isinstance(source, (str, Path)):
        return Path(source).read_bytes(), Path(source).name
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), f"{table}.csv"
    name = Path(getattr(source, "name", f"{table}.csv")).name
    data = source.getvalue() if hasattr(source, "getvalue") else source.read()
    return bytes(data), name


def _pairs(partnerships: pd.DataFrame) -> pd.DataFrame:
    src, dst = partnerships["source_id"].astype(str), partnerships["target_id"].astype(str)
    low, high = src.where(src <= dst, dst), dst.where(src <= dst, src)
    return pd.DataFrame({"source_id": low.to_numpy(), "target_id": high.to_numpy()}).drop_duplicates()


def _diff(old: Dataset | None, new: Dataset, before: int | None, after: int) -> VersionDiff:
    empty_old = validate.empty_table(schema.MEMBERS)
    old_members = old.members if old is not None else empty_old
    old_partnerships = old.partnerships if old is not None else validate.empty_table(schema.PARTNERSHIPS)
    compared = [c for c in t.data_columns("members") if c != "source_row"]
    old_ids, new_ids = set(old_members["member_id"]), set(new.members["member_id"])
    added = new.members[~new.members["member_id"].isin(old_ids)].drop(columns=["source_row"])
    removed = old_members[~old_members["member_id"].isin(new_ids)].drop(columns=["source_row"])
    both = old_members[compared].merge(new.members[compared], on="member_id", suffixes=("_old", "_new"))
    changed_rows = []
    for record in both.to_dict("records"):
        columns = [c for c in compared[1:] if not _same(record[f"{c}_old"], record[f"{c}_new"])]
        if columns:
            changed_rows.append({"member_id": record["member_id"], "name": record["name_new"],
                                 "changed": ", ".join(columns)})
    changed = pd.DataFrame(changed_rows, columns=["member_id", "name", "changed"])
    old_pairs, new_pairs = _pairs(old_partnerships), _pairs(new.partnerships)
    merged = old_pairs.merge(new_pairs, how="outer", indicator=True)
    return VersionDiff(before, after, added.reset_index(drop=True), removed.reset_index(drop=True), changed,
                       merged.loc[merged["_merge"] == "right_only", ["source_id", "target_id"]].reset_index(drop=True),
                       merged.loc[merged["_merge"] == "left_only", ["source_id", "target_id"]].reset_index(drop=True))


def _same(a: object, b: object) -> bool:
    missing_a = a is None or a is pd.NA or a is pd.NaT or (isinstance(a, float) and np.isnan(a))
    missing_b = b is None or b is pd.NA or b is pd.NaT or (isinstance(b, float) and np.isnan(b))
    if missing_a or missing_b:
        return missing_a and missing_b
    return bool(a == b)

