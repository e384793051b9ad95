"""A real PostgreSQL server for the store's tests: a throw-away cluster made with ``initdb`` in a temporary
folder by an unprivileged user, listening on 127.0.0.1 only, stopped at the end of the session.

Without PostgreSQL's programs the tests that need it skip with a reason; under ``CI=true`` they fail.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

USER = "rcn_test"
PASSWORD = "rcn-test-password"


def _bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL tests cannot run in CI: {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


@dataclass
class PostgresServer:
    """A running cluster; :meth:`new_database` gives each test a database of its own."""

    port: int
    folder: Path
    run_as: list[str]
    bindir: Path
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    def url(self, database: str = "postgres", *, password: str = PASSWORD) -> str:
        return f"postgresql+psycopg://{USER}:{password}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = f"ws_{os.getpid()}_{next(self.counter)}"
        with psycopg.connect(host="127.0.0.1", port=self.port, user=USER, password=PASSWORD, dbname="postgres",
                             autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        subprocess.run([*self.run_as, str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m",
                        "immediate", "stop"], capture_output=True, timeout=60)


def start_postgres(folder: Path) -> PostgresServer:
    """initdb + pg_ctl start as an unprivileged user (``postgres`` when the tests run as root)."""
    bindir = _bindir()
    if bindir is None:
        _unavailable("PostgreSQL's programs (initdb, pg_ctl) were not found; apt-get install postgresql")
    assert bindir is not None
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed (pip install -r requirements-dev.txt)")
    run_as: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: run the server as the unprivileged postgres user
        import pwd

        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            _unavailable("running as root and there is no unprivileged 'postgres' user to run the server")
        os.chown(folder, account.pw_uid, account.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    password_file = folder / "password"
    password_file.write_text(PASSWORD)
    if run_as:
        os.chown(password_file, account.pw_uid, account.pw_gid)
    data = folder / "data"
    result = subprocess.run([*run_as, str(bindir / "initdb"), "-D", str(data), "-U", USER, "--auth=scram-sha-256",
                             f"--pwfile={password_file}", "-E", "UTF8", "--no-locale"],
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        _unavailable(f"initdb failed: {result.stderr[-500:]}")
    port = _free_port()
    options = (f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={folder} -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off")
    result = subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                             str(folder / "server.log"), "-w", "-t", "60", "start"],
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        log = (folder / "server.log").read_text(errors="replace")[-1500:] if (folder / "server.log").exists() else ""
        _unavailable(f"the server did not start: {result.stderr[-500:]} {log}")
    return PostgresServer(port, folder, run_as, bindir)
