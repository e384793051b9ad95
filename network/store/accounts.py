"""Accounts: who may sign in, with which role, and the checks of a local sign-in.

An account has a username, a role (:data:`ROLES`), a federation (a leader's) or an office (a staff
member's), an e-mail (how a single sign-on user is matched) and, for local sign-in, a password hashed with
argon2id — never stored or logged in clear.  After :attr:`~network.config.SignIn.max_failed_attempts`
failed sign-ins in a row the account is locked for :attr:`~network.config.SignIn.lock_minutes`.  Every
sign-in, failure and account change is written to the audit log (:mod:`network.store.audit`) in the same
transaction.

Examples
--------
>>> import tempfile
>>> from network.store import Workspace
>>> accounts = Accounts(Workspace(f"sqlite:///{tempfile.mkdtemp()}/w.db"))
>>> accounts.add("kim", "leader", federation="서울", password="correct horse battery").role
'leader'
>>> accounts.sign_in("kim", "correct horse battery").federation
'서울'
>>> accounts.sign_in("kim", "wrong password!")
Traceback (most recent call last):
...
network.errors.SignInError: 아이디 또는 비밀번호가 맞지 않습니다
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from network.config import SETTINGS, SignIn
from network.errors import NotFoundError, OptionError, SignInError
from network.store import tables as t
from network.store.audit import Database, record
from network.texts import Language

if TYPE_CHECKING:
    from argon2 import PasswordHasher

__all__ = ["ROLES", "Accounts", "User", "hash_password", "check_password"]

#: The roles, from most to least allowed (see :mod:`network.access` for what each may see).
ROLES = ("admin", "staff", "leader", "analyst")


@dataclass(frozen=True)
class User:
    """An account as the app and the commands see it (never its password hash).

    Examples
    --------
    >>> User("lee", "staff").scope_label("ko")
    '직원'
    """

    username: str
    role: str
    federation: str | None = None
    office: str | None = None
    email: str | None = None
    disabled: bool = False
    locked_until: dt.datetime | None = None
    last_sign_in: dt.datetime | None = None
    has_password: bool = False
    from_claims: bool = False  # made from single sign-on claims, not an account of the workspace

    def scope_label(self, language: Language = "ko") -> str:
        """The role in words, with the federation or office it is tied to."""
        from network import texts

        label = texts.t(f"role.{self.role}", language)
        tied = self.federation if self.role == "leader" else self.office
        return f"{label} · {tied}" if tied else label


@cache
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id with the library's recommended (RFC 9106 low-memory) parameters


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (a new random salt each time).

    Examples
    --------
    >>> hash_password("correct horse battery").startswith("$argon2id$")
    True
    """
    return _hasher().hash(password)


def check_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (``False`` for no hash or a malformed one).

    Examples
    --------
    >>> check_password(hash_password("correct horse battery"), "correct horse battery")
    True
    >>> check_password(None, "anything at all")
    False
    """
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    if not password_hash:
        _hasher().hash(password)  # the same work as a real check, so timing does not tell who exists
        return False
    try:
        return bool(_hasher().verify(password_hash, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.timezone.utc)  # SQLite: naive UTC


def _user(row: Mapping[str, Any] | sa.RowMapping) -> User:
    return User(username=row["username"], role=row["role"], federation=row["federation"], office=row["office"],
                email=row["email"], disabled=bool(row["disabled"]), locked_until=_aware(row["locked_until"]),
                last_sign_in=_aware(row["last_sign_in"]), has_password=bool(row["password_hash"]))


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


class Accounts:
    """The accounts of a workspace.

    Parameters
    ----------
    workspace
        The :class:`~network.store.Workspace` holding them.
    policy
        Password length, lockout and claims (default: the settings' :class:`~network.config.SignIn`).
    """

    def __init__(self, workspace: Database, *, policy: SignIn | None = None):
        self.workspace = workspace
        self.policy = policy or SETTINGS.sign_in

    # --- reading ---------------------------------------------------------------------------------------

    def list(self) -> list[User]:
        """Every account, by username."""
        ws = self.workspace
        with ws.errors(), ws.engine.connect() as connection:
            rows = connection.execute(sa.select(t.users).order_by(t.users.c.username_key)).mappings().all()
        return [_user(r) for r in rows]

    def staff(self) -> tuple[str, ...]:
        """The usernames that may own a difficulty: enabled accounts with the role staff or admin, by name."""
        return tuple(u.username for u in self.list() if u.role in ("staff", "admin") and not u.disabled)

    def count(self) -> int:
        """How many accounts there are (disabled ones included)."""
        ws = self.workspace
        with ws.errors(), ws.engine.connect() as connection:
            return int(connection.execute(sa.select(sa.func.count()).select_from(t.users)).scalar_one())

    def get(self, username: str) -> User:
        """One account; :class:`NotFoundError` when there is none by that name (case-insensitive)."""
        ws = self.workspace
        with ws.errors(), ws.engine.connect() as connection:
            row = self._row(connection, username)
        return _user(row)

    def _row(self, connection: sa.Connection, username: str, *, for_update: bool = False) -> sa.RowMapping:
        query = sa.select(t.users).where(t.users.c.username_key == username.strip().lower())
        if for_update and connection.dialect.name == "postgresql":
            query = query.with_for_update()
        row = connection.execute(query).mappings().first()
        if row is None:
            raise NotFoundError("error.unknown_user", username=username)
        return row

    # --- changing --------------------------------------------------------------------------------------

    def check_password_policy(self, password: str, username: str = "") -> None:
        """Raise :class:`OptionError` unless ``password`` is long enough and not the username."""
        if len(password) < self.policy.min_password_length:
            raise OptionError("error.password_short", minimum=self.policy.min_password_length)
        if username and password.strip().lower() == username.strip().lower():
            raise OptionError("error.password_is_username")

    def _check_role(self, role: str, federation: str | None) -> None:
        if role not in ROLES:
            raise OptionError("error.option_choice", option="role", value=role, allowed=", ".join(ROLES))
        if role == "leader" and not federation:
            raise OptionError("error.leader_needs_federation")

    def add(self, username: str, role: str, *, password: str | None = None, federation: str | None = None,
            office: str | None = None, email: str | None = None, actor: str | None = None) -> User:
        """Create an account.  Without ``password`` it can only sign in by single sign-on (by ``email``).

        Raises
        ------
        OptionError
            If the role is unknown, a leader has no federation, the password is too short, or the
            username is taken or empty.
        """
        username = (username or "").strip()
        if not username or any(c.isspace() for c in username):
            raise OptionError("error.username_invalid", username=username)
        federation, office, email = _clean(federation), _clean(office), _clean(email)
        self._check_role(role, federation)
        if password is not None:
            self.check_password_policy(password, username)
        elif not email:
            raise OptionError("error.account_needs_password_or_email")
        now = _now()
        ws = self.workspace
        with ws.errors(), ws.engine.connect().execution_options(write=True) as connection, connection.begin():
            taken = connection.execute(sa.select(t.users.c.username).where(
                t.users.c.username_key == username.lower())).scalar()
            if taken is not None:
                raise OptionError("error.username_taken", username=taken)
            connection.execute(t.users.insert().values(
                username=username, username_key=username.lower(), role=role,
                federation=federation if role == "leader" else None, office=office,
                email=email.lower() if email else None,
                password_hash=hash_password(password) if password is not None else None,
                disabled=False, failed_attempts=0, created_at=now, updated_at=now))
            record(connection, actor, "user_added", target=username, detail=_describe(role, federation, office))
            return _user(self._row(connection, username))

    def change(self, username: str, *, role: str | None = None, federation: str | None = None,
               office: str | None = None, email: str | None = None, actor: str | None = None) -> User:
        """Change an account's role, federation, office or e-mail (``None`` keeps it; ``""`` clears it)."""
        ws = self.workspace
        with ws.errors(), ws.engine.connect().execution_options(write=True) as connection, connection.begin():
            row = self._row(connection, username, for_update=True)
            new_role = role or row["role"]
            new_federation = row["federation"] if federation is None else _clean(federation)
            self._check_role(new_role, new_federation)
            values: dict[str, Any] = {"role": new_role, "federation": new_federation if new_role == "leader" else None,
                      "office": row["office"] if office is None else _clean(office),
                      "email": row["email"] if email is None else (_clean(email) or "").lower() or None,
                      "updated_at": _now()}
            connection.execute(t.users.update().where(t.users.c.id == row["id"]).values(**values))
            record(connection, actor, "user_changed", target=row["username"],
                   detail=_describe(values["role"], values["federation"], values["office"]))
            return _user(self._row(connection, username))

    def disable(self, username: str, *, actor: str | None = None) -> User:
        """Stop an account from signing in (kept, with its history; :meth:`enable` undoes it)."""
        return self._set_disabled(username, True, actor)

    def enable(self, username: str, *, actor: str | None = None) -> User:
        """Let a disabled account sign in again."""
        return self._set_disabled(username, False, actor)

    def _set_disabled(self, username: str, disabled: bool, actor: str | None) -> User:
        ws = self.workspace
        with ws.errors(), ws.engine.connect().execution_options(write=True) as connection, connection.begin():
            row = self._row(connection, username, for_update=True)
            connection.execute(t.users.update().where(t.users.c.id == row["id"]).values(
                disabled=disabled, updated_at=_now()))
            record(connection, actor, "user_disabled" if disabled else "user_enabled", target=row["username"])
            return _user(self._row(connection, username))

    def reset_password(self, username: str, password: str, *, actor: str | None = None) -> User:
        """Give an account a new password; this also lifts a lock."""
        ws = self.workspace
        with ws.errors(), ws.engine.connect().execution_options(write=True) as connection, connection.begin():
            row = self._row(connection, username, for_update=True)
            self.check_password_policy(password, row["username"])
            connection.execute(t.users.update().where(t.users.c.id == row["id"]).values(
                password_hash=hash_password(password), failed_attempts=0, locked_until=None, updated_at=_now()))
            record(connection, actor, "password_reset", target=row["username"])
            return _user(self._row(connection, username))

    # --- signing in ------------------------------------------------------------------------------------

    def sign_in(self, username: str, password: str, *, now: dt.datetime | None = None) -> User:
        """Check a local sign-in; the audit log records it either way.

        An unknown username and a wrong password get the same message (nobody learns which names
        exist); a disabled account is said only to whoever knows its password.

        Raises
        ------
        SignInError
            ``error.sign_in_failed`` (unknown user or wrong password), ``error.account_locked`` (too
            many failures: try again after the time it names) or ``error.account_disabled``.
        """
        now = now or _now()
        name = (username or "").strip()
        ws = self.workspace
        failure: SignInError | None = None
        with ws.errors(), ws.engine.connect().execution_options(write=True) as connection, connection.begin():
            query = sa.select(t.users).where(t.users.c.username_key == name.lower())
            if connection.dialect.name == "postgresql":
                query = query.with_for_update()
            row = connection.execute(query).mappings().first()
            if row is None:
                check_password(None, password)
                record(connection, name or None, "sign_in_failed", detail="unknown user", at=now)
                failure = SignInError("error.sign_in_failed")
            else:
                locked_until = _aware(row["locked_until"])
                if locked_until is not None and locked_until > now:
                    record(connection, row["username"], "sign_in_failed", detail="locked", at=now)
                    failure = SignInError("error.account_locked",
                                          until=locked_until.astimezone().strftime("%H:%M"))
                elif not check_password(row["password_hash"], password):
                    failed = int(row["failed_attempts"]) + 1
                    values: dict[str, Any] = {"failed_attempts": failed}
                    detail = "wrong password"
                    if failed >= self.policy.max_failed_attempts:
                        values = {"failed_attempts": 0,
                                  "locked_until": now + dt.timedelta(minutes=self.policy.lock_minutes)}
                        detail = f"wrong password; locked for {self.policy.lock_minutes} minutes"
                    connection.execute(t.users.update().where(t.users.c.id == row["id"]).values(**values))
                    record(connection, row["username"], "sign_in_failed", detail=detail, at=now)
                    failure = SignInError("error.sign_in_failed")
                elif row["disabled"]:
                    record(connection, row["username"], "sign_in_failed", detail="disabled", at=now)
                    failure = SignInError("error.account_disabled")
                else:
                    values = {"failed_attempts": 0, "locked_until": None, "last_sign_in": now}
                    if _hasher().check_needs_rehash(row["password_hash"]):
                        values["password_hash"] = hash_password(password)
                    connection.execute(t.users.update().where(t.users.c.id == row["id"]).values(**values))
                    record(connection, row["username"], "sign_in", detail="password", at=now)
                    return _user(self._row(connection, name))
        raise failure

    def single_sign_on(self, claims: Mapping[str, Any], *, now: dt.datetime | None = None) -> User:
        """The user a single sign-on identity is: the account with its e-mail, else (when the settings
        name the claims) a user made from the token's role and federation claims, not stored.

        Raises
        ------
        SignInError
            ``error.sso_no_email`` (the provider sent no e-mail), ``error.sso_unknown`` (no account and
            no usable role claim) or ``error.account_disabled``.
        """
        now = now or _now()
        email = str(claims.get("email") or "").strip().lower()
        ws = self.workspace
        with ws.errors(), ws.engine.connect().execution_options(write=True) as connection, connection.begin():
            if not email:
                record(connection, None, "sign_in_failed", detail="single sign-on: no e-mail claim", at=now)
                raise_after = SignInError("error.sso_no_email")
            else:
                row = connection.execute(sa.select(t.users).where(t.users.c.email == email)
                                         .order_by(t.users.c.id)).mappings().first()
                if row is not None and row["disabled"]:
                    record(connection, row["username"], "sign_in_failed", detail="single sign-on: disabled", at=now)
                    raise_after = SignInError("error.account_disabled")
                elif row is not None:
                    connection.execute(t.users.update().where(t.users.c.id == row["id"]).values(last_sign_in=now))
                    record(connection, row["username"], "sign_in", detail="single sign-on", at=now)
                    return _user({**row, "last_sign_in": now})
                else:
                    user = self._from_claims(claims, email)
                    if user is None:
                        record(connection, email, "sign_in_failed", detail="single sign-on: no account", at=now)
                        raise_after = SignInError("error.sso_unknown", email=email)
                    else:
                        record(connection, email, "sign_in", detail=f"single sign-on: role from claims ({user.role})",
                               at=now)
                        return user
        raise raise_after

    def _from_claims(self, claims: Mapping[str, Any], email: str) -> User | None:
        policy = self.policy
        if not policy.role_claim:
            return None
        role = str(claims.get(policy.role_claim) or "").strip().lower()
        federation = _clean(str(claims.get(policy.federation_claim) or "")) if policy.federation_claim else None
        office = _clean(str(claims.get(policy.office_claim) or "")) if policy.office_claim else None
        if role not in ROLES or (role == "leader" and not federation):
            return None
        return User(username=email, role=role, federation=federation if role == "leader" else None, office=office,
                    email=email, from_claims=True)


def _describe(role: str, federation: str | None, office: str | None) -> str:
    return ", ".join(part for part in (role, federation and f"federation={federation}",
                                       office and f"office={office}") if part)
