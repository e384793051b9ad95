"""Tests of network.signon: the configured provider, whether it answers, and Streamlit's logged failures audited."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from network import signon
from network.store import Workspace
from tests.browser import free_port

METADATA = "/.well-known/openid-configuration"


# --- a real OpenID provider (oidc-provider-mock) in a process of its own ----------------------------------

def require_provider_mock() -> None:
    """Skip (locally) or fail (in CI) when the test provider ``oidc-provider-mock`` is not installed."""
    if importlib.util.find_spec("oidc_provider_mock") is None:
        message = "oidc-provider-mock is not installed (pip install -r requirements-dev.txt)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"single sign-on tests cannot run in CI: {message}")
        pytest.skip(f"single sign-on tests skipped: {message}")


@contextlib.contextmanager
def running_provider(users: Sequence[tuple[str, dict[str, Any]]] = (), *, log: Path | None = None,
                     timeout: float = 60.0) -> Iterator[str]:
    """An OpenID provider on ``localhost`` (a free port) with the given ``(sub, claims)`` users, one button each
    on its authorization page; yields its address, e.g. ``http://localhost:40123``.

    It runs as a process of its own, like the app: in a thread of the test process, pytest's "warnings are
    errors" would turn Authlib's deprecation warnings into failed token requests."""
    require_provider_mock()
    port = free_port()
    command = [sys.executable, "-W", "ignore::DeprecationWarning", "-m", "oidc_provider_mock",
               "--host", "127.0.0.1", "--port", str(port)]
    for sub, claims in users:
        command += ["--user-claims", json.dumps({"sub": sub, **claims})]
    with contextlib.ExitStack() as stack:
        output = stack.enter_context(log.open("w")) if log is not None else subprocess.DEVNULL
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        stack.callback(_stop, process)
        url = f"http://localhost:{port}"
        deadline = time.monotonic() + timeout
        while not signon.provider_reachable(url + METADATA, timeout=2):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the test provider did not start (exit code {process.poll()}); see {log}")
            time.sleep(0.2)
        yield url


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


@pytest.fixture(scope="module")
def provider_url() -> Iterator[str]:
    with running_provider() as url:
        yield url


@pytest.fixture
def workspace(tmp_path) -> Iterator[Workspace]:
    with Workspace(f"sqlite:///{tmp_path / 'network.db'}") as ws:
        yield ws


@pytest.fixture
def installed(workspace) -> Iterator[signon.FailureAuditHandler]:
    handler = signon.install_audit_of_failures(workspace)
    yield handler
    signon.remove_audit_of_failures()


def audit_details(workspace: Workspace) -> list[str]:
    table = workspace.audit.table(action="sign_in_failed")
    return table["detail"].tolist()


# --- which provider st.login will use ---------------------------------------------------------------------

SHARED = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "0123456789abcdef" * 2}
COMPANY = {"client_id": "rcn", "client_secret": "secret", "server_metadata_url": "https://sso.example.com" + METADATA}


def test_default_provider_is_the_auth_section_itself():
    auth = {**SHARED, **COMPANY}
    assert signon.provider_name(auth) is None  # st.login() without a name
    assert signon.provider_metadata_url(auth) == "https://sso.example.com" + METADATA


def test_named_provider_is_the_first_table_with_a_metadata_url():
    auth = {**SHARED, "expose_tokens": ["id"], "empty": {"client_id": "x"},
            "company": COMPANY, "other": {**COMPANY, "server_metadata_url": "https://other.example.com" + METADATA}}
    assert signon.provider_name(auth) == "company"
    assert signon.provider_metadata_url(auth) == "https://sso.example.com" + METADATA


def test_default_provider_wins_over_named_ones():
    auth = {**SHARED, **COMPANY, "other": {**COMPANY, "server_metadata_url": "https://other.example.com" + METADATA}}
    assert signon.provider_name(auth) is None
    assert signon.provider_metadata_url(auth) == "https://sso.example.com" + METADATA


@pytest.mark.parametrize("auth", [{}, SHARED, {**SHARED, "company": {"client_id": "x"}},
                                  {**SHARED, "server_metadata_url": "  "}, "not a mapping"])
def test_no_provider_configured(auth):
    assert signon.provider_metadata_url(auth) is None
    assert signon.provider_name(auth) is None


# --- whether the provider answers ------------------------------------------------------------------------

def test_running_provider_is_reachable(provider_url):
    assert signon.provider_reachable(provider_url + METADATA)


def test_closed_port_is_not_reachable():
    started = time.monotonic()
    assert not signon.provider_reachable(f"http://127.0.0.1:{free_port()}{METADATA}", timeout=5)
    assert time.monotonic() - started < 5  # refused at once, no waiting


@pytest.mark.parametrize("path", ["/no-such-page", "/", "/jwks"], ids=["404", "html", "json-without-issuer"])
def test_an_answer_that_is_not_openid_metadata_is_not_reachable(provider_url, path):
    assert not signon.provider_reachable(provider_url + path)


def test_a_server_that_never_answers_is_not_reachable_after_the_timeout():
    with socket.socket() as silent:  # accepts connections (backlog) and never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        started = time.monotonic()
        assert not signon.provider_reachable(f"http://127.0.0.1:{silent.getsockname()[1]}{METADATA}", timeout=0.5)
        assert time.monotonic() - started < 5


@pytest.mark.parametrize("url", ["file:///etc/hostname", "ftp://example.com/x", "not a url", ""])
def test_only_http_addresses_are_tried(url):
    assert not signon.provider_reachable(url)


# --- what the audit log says for Streamlit's logged failures ------------------------------------------------

def record(msg: str, *args: object, level: int = logging.WARNING, exc: BaseException | None = None
           ) -> logging.LogRecord:
    exc_info = (type(exc), exc, None) if exc is not None else None
    return logging.LogRecord(signon.LOGGERS[0], level, __file__, 1, msg, args or None, exc_info)


@pytest.mark.parametrize("log_record, reason", [
    (record("Error during authentication: %s. Error description: %s", "access_denied", "The user said no",
            level=logging.ERROR), "single sign-on: provider answered access_denied"),
    (record("OAuth token exchange failed for provider '%s'. Clearing auth cookies.", "company",
            exc=ValueError("bad code")), "single sign-on: token exchange failed (ValueError)"),
    (record("Error during OAuth authorization redirect.", exc=ConnectionError("refused")),
     "single sign-on: redirect to the provider failed (ConnectionError)"),
    (record("Error, misconfigured origin for `redirect_uri` in secrets.", level=logging.ERROR),
     "single sign-on: redirect_uri misconfigured"),
    (record("OAuth provider '%s' did not return user information during callback.", "company", level=logging.ERROR),
     "single sign-on: no user information from the provider"),
])
def test_failure_reason_of_each_logged_failure(log_record, reason):
    assert signon.failure_reason(log_record) == reason


@pytest.mark.parametrize("log_record", [
    record("Missing provider for OAuth callback; this often indicates a stale or replayed callback."),  # sign-out
    record("Failed to get provider logout URL: %s", "down"),
    record("No end_session_endpoint found for provider %s", "company", level=logging.INFO),
    record("Redirect URI does not end with /oauth2callback"),
])
def test_other_records_are_no_failure(log_record):
    assert signon.failure_reason(log_record) is None


def test_provider_error_code_is_kept_short_and_printable():
    reason = signon.failure_reason(record("Error during authentication: %s. Error description: %s",
                                          "bad\x1b[31m" + "x" * 200, None))
    assert reason is not None and "\x1b" not in reason and len(reason) < 120


def test_a_logged_failure_becomes_an_audit_entry(workspace, installed):
    logger = logging.getLogger(signon.LOGGERS[0])
    logger.error("Error during authentication: %s. Error description: %s", "access_denied", None)
    try:
        raise ConnectionError("provider down")
    except ConnectionError:
        logging.getLogger(signon.LOGGERS[0]).warning("Error during OAuth authorization redirect.", exc_info=True)
    table = workspace.audit.table()
    assert table[["actor", "action"]].values.tolist() == [[None, "sign_in_failed"]] * 2
    assert table["detail"].tolist() == ["single sign-on: redirect to the provider failed (ConnectionError)",
                                        "single sign-on: provider answered access_denied"]  # newest first


def test_other_records_write_nothing(workspace, installed):
    logger = logging.getLogger(signon.LOGGERS[0])
    logger.warning("Missing provider for OAuth callback; this often indicates a stale or replayed callback.")
    logger.warning("Failed to get provider logout URL: %s", "down")
    logging.getLogger("some.other.module").error("Error during authentication: %s", "access_denied")
    assert workspace.audit.table().empty


def test_every_streamlit_auth_logger_is_watched(workspace, installed):
    for name in signon.LOGGERS:
        logging.getLogger(name).warning("OAuth token exchange failed for provider '%s'.", "company")
    assert audit_details(workspace) == ["single sign-on: token exchange failed"] * len(signon.LOGGERS)


def test_install_is_idempotent(workspace, installed):
    assert signon.install_audit_of_failures(workspace) is installed
    for name in signon.LOGGERS:
        handlers = [h for h in logging.getLogger(name).handlers if isinstance(h, signon.FailureAuditHandler)]
        assert handlers == [installed]
    logging.getLogger(signon.LOGGERS[0]).warning("OAuth token exchange failed for provider '%s'.", "company")
    assert len(audit_details(workspace)) == 1  # one entry, not one per install


def test_install_for_another_workspace_replaces_the_handler(workspace, installed, tmp_path):
    with Workspace(f"sqlite:///{tmp_path / 'other.db'}") as other:
        handler = signon.install_audit_of_failures(other)
        assert handler is not installed
        logging.getLogger(signon.LOGGERS[0]).warning("OAuth token exchange failed for provider '%s'.", "company")
        assert audit_details(other) == ["single sign-on: token exchange failed"]
        assert audit_details(workspace) == []


def test_remove_detaches_the_handler(workspace, installed):
    signon.remove_audit_of_failures()
    logging.getLogger(signon.LOGGERS[0]).warning("OAuth token exchange failed for provider '%s'.", "company")
    assert workspace.audit.table().empty
    signon.remove_audit_of_failures()  # nothing attached: nothing happens


def test_a_database_failure_never_reaches_streamlit(tmp_path, monkeypatch, capsys):
    gone = Workspace(f"sqlite:///{tmp_path / 'gone.db'}")
    gone.close()
    (tmp_path / "gone.db").unlink()
    (tmp_path / "gone.db").mkdir()  # the file is now a folder: every write fails
    monkeypatch.setattr(logging, "raiseExceptions", True)
    handler = signon.install_audit_of_failures(gone)
    try:
        logging.getLogger(signon.LOGGERS[0]).error("Error during authentication: %s. Error description: %s",
                                                   "access_denied", None)  # does not raise
    finally:
        signon.remove_audit_of_failures()
    assert "Logging error" in capsys.readouterr().err  # logging's own report of a handler that failed
    assert handler.workspace is gone
