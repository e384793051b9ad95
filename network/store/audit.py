"""The audit log: who signed in (or failed to), imported, rolled back, changed an account or downloaded what.

Entries are only ever added.  :func:`record` writes one inside a transaction that is already open (an
import's, a rollback's, an account change's), so the entry and the change it describes are saved
together; :class:`AuditLog` adds entries on their own and reads them back as a table.

Examples
--------
>>> import tempfile
>>> from network.store import Workspace
>>> log = AuditLog(Workspace(f"sqlite:///{tempfile.mkdtemp()}/w.db"))
>>> log.add("kim", "download", target="members", rows=12)
>>> log.table()[["actor", "action", "target", "rows"]].values.tolist()
[['kim', 'download', 'members', 12]]
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from typing import Protocol

import pandas as pd
import sqlalchemy as sa

from network import texts
from network.access import ROLES
from network.errors import OptionError
from network.store import tables as t
from network.texts import Language

__all__ = ["ACTIONS", "AuditLog", "Database", "detail_words", "record"]


class Database(Protocol):
    """What the audit log and the accounts need of a :class:`~network.store.Workspace`."""

    engine: sa.Engine

    def errors(self) -> contextlib.AbstractContextManager[None]:
        """A context turning database failures into :class:`~network.errors.StoreError`."""
        ...

#: What an entry can say happened.
ACTIONS = ("sign_in", "sign_in_failed", "sign_out", "session_expired", "denied", "download", "import", "rollback",
           "user_added", "user_changed", "user_disabled", "user_enabled", "password_reset")

#: The columns of :meth:`AuditLog.table`, in order.
COLUMNS = ["at", "actor", "action", "target", "rows", "detail"]


#: The details the code writes (in English, as the log keeps them) and the texts that word them in the UI
#: language (:func:`detail_words`); a detail not listed (a file name, a command line) is shown as written.
_DETAILS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern), key) for pattern, key in (
    (r"password", "password"),
    (r"wrong password", "wrong_password"),
    (r"wrong password; locked for (?P<minutes>\d+) minutes", "wrong_password_locked"),
    (r"unknown user", "unknown_user"),
    (r"locked", "locked"),
    (r"disabled", "disabled"),
    (r"single sign-on", "single_sign_on"),
    (r"no e-mail claim", "no_email"),
    (r"no account", "no_account"),
    (rf"role from claims \((?P<role>{'|'.join(ROLES)})\)", "role_from_claims"),
    (r"no provider configured", "no_provider"),
    (r"provider unreachable", "provider_unreachable"),
    (r"misconfigured", "misconfigured"),
    (r"provider answered (?P<error>.*)", "provider_answered"),
    (r"token exchange failed", "token_exchange_failed"),
    (r"redirect to the provider failed", "redirect_failed"),
    (r"redirect_uri misconfigured", "redirect_uri_misconfigured"),
    (r"no user information from the provider", "no_user_information"),
))
_EXCEPTION = re.compile(r"(?P<reason>.+) (?P<exception>\(\w+\))")  # a reason and the exception's type
_ACCOUNT = re.compile(rf"(?P<role>{'|'.join(ROLES)})(?:, federation=(?P<federation>.+?))?(?:, office=(?P<office>.+))?")
_SOURCE = re.compile(rf"(?:^|(?<=, ))(?P<table>{'|'.join(t.DATA_TABLES)}): ")  # an import's "members: 회원.xlsx"


def detail_words(detail: str | None, language: Language) -> str | None:
    """An entry's detail in ``language``: what the code writes in English (a sign-in's way or reason, an
    account's role, an import's files) in words, anything else (a command line, a provider's error code) as
    written.

    Examples
    --------
    >>> detail_words("wrong password; locked for 15 minutes", "ko")
    '비밀번호 틀림, 15분 동안 잠금'
    >>> detail_words("single sign-on: provider answered access_denied", "ko")
    '통합 로그인: 공급자의 응답: access_denied'
    >>> detail_words("leader, federation=서울연합회", "ko")
    '연합회장, 연합회 서울연합회'
    >>> detail_words("members: 회원.xlsx, visits: 방문.csv", "ko")
    '회원사: 회원.xlsx, 방문: 방문.csv'
    >>> detail_words("report --month 2026-10", "ko")
    'report --month 2026-10'
    """
    return _words(detail, language) if detail else detail


def _words(detail: str, language: Language) -> str:
    for pattern, key in _DETAILS:
        matched = pattern.fullmatch(detail)
        if matched:
            params = dict(matched.groupdict())
            if "role" in params:
                params["role"] = texts.t(f"role.{params['role']}", language)
            return texts.t(f"audit.detail.{key}", language, **params)
    if detail.startswith("single sign-on: "):
        reason = detail.removeprefix("single sign-on: ")
        words = _words(reason, language)
        parts = _EXCEPTION.fullmatch(reason)
        if words == reason and parts:  # "token exchange failed (HTTPError)"
            words = f"{_words(parts['reason'], language)} {parts['exception']}"
        return texts.t("audit.detail.single_sign_on_reason", language, reason=words)
    matched = _ACCOUNT.fullmatch(detail)
    if matched:
        return ", ".join([texts.t(f"role.{matched['role']}", language)]
                         + [texts.t(f"audit.detail.{part}", language, **{part: matched[part]})
                            for part in ("federation", "office") if matched[part]])
    if _SOURCE.match(detail):
        return _SOURCE.sub(lambda m: f"{texts.t('table.' + m['table'], language)}: ", detail)
    return detail


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def record(connection: sa.Connection, actor: str | None, action: str, *, target: str | None = None,
           rows: int | None = None, detail: str = "", at: dt.datetime | None = None) -> None:
    """Add an entry inside the transaction of ``connection`` (saved with it, or not at all)."""
    if action not in ACTIONS:
        raise OptionError("error.option_choice", option="action", value=action, allowed=", ".join(ACTIONS))
    connection.execute(t.audit_log.insert().values(at=at or _now(), actor=actor, action=action, target=target,
                                                   rows=rows, detail=detail[:500]))


class AuditLog:
    """The workspace's audit log.

    Parameters
    ----------
    workspace
        The :class:`~network.store.Workspace` whose log it is.
    """

    def __init__(self, workspace: Database):
        self.workspace = workspace

    def add(self, actor: str | None, action: str, *, target: str | None = None, rows: int | None = None,
            detail: str = "") -> None:
        """Add one entry now (one short transaction).

        Raises
        ------
        OptionError
            If ``action`` is not one of :data:`ACTIONS`.
        StoreError
            If the database cannot be written.
        """
        ws = self.workspace
        with ws.errors(), ws.engine.connect().execution_options(write=True) as connection, connection.begin():
            record(connection, actor, action, target=target, rows=rows, detail=detail)

    def table(self, *, since: dt.date | dt.datetime | None = None, until: dt.date | dt.datetime | None = None,
              actor: str | None = None, action: str | None = None, limit: int | None = None,
              language: Language | None = None) -> pd.DataFrame:
        """The entries, newest first, as a table (``at`` in UTC).

        Parameters
        ----------
        since, until
            Only entries at or after ``since`` and before ``until`` (a date means its midnight, UTC).
        actor, action
            Only the entries of this user (case-insensitive) or of this kind.
        limit
            At most this many (the newest).
        language
            When given, ``action`` and ``detail`` are written in words (``"로그인"``, :func:`detail_words`),
            else as stored (``action`` as its code).
        """
        query = sa.select(*(t.audit_log.c[c] for c in COLUMNS)).order_by(t.audit_log.c.id.desc())
        if since is not None:
            query = query.where(t.audit_log.c.at >= _moment(since))
        if until is not None:
            query = query.where(t.audit_log.c.at < _moment(until))
        if actor:
            query = query.where(sa.func.lower(t.audit_log.c.actor) == actor.strip().lower())
        if action:
            query = query.where(t.audit_log.c.action == action)
        if limit is not None:
            query = query.limit(limit)
        ws = self.workspace
        with ws.errors(), ws.engine.connect() as connection:
            rows = connection.execute(query).all()
        frame = pd.DataFrame([tuple(r) for r in rows], columns=COLUMNS)
        if not frame.empty:
            frame["at"] = pd.to_datetime(frame["at"], utc=True)
        frame["rows"] = frame["rows"].astype("Int64")
        for column in ("actor", "target"):  # nobody / nothing stays None (not NaN)
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
        if language is not None:
            frame["action"] = [texts.t(f"audit.{a}", language) for a in frame["action"]]
            frame["detail"] = [detail_words(d, language) for d in frame["detail"]]
        return frame


def _moment(value: dt.date | dt.datetime) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.timezone.utc)
