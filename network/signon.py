"""Single sign-on around Streamlit's ``st.login``: the configured provider, whether it answers, failures audited.

Streamlit reads the provider from the ``[auth]`` section of ``.streamlit/secrets.toml``: either the default
provider (``client_id``, ``client_secret`` and ``server_metadata_url`` in ``[auth]`` itself) or a named one
(the same keys in an ``[auth.NAME]`` table).  :func:`provider_name` and :func:`provider_metadata_url` find it
the way ``st.login`` will; :func:`provider_reachable` asks the provider for its metadata before the browser is
sent there, so a provider that is down gets a clear message instead of Streamlit's bare "Authentication error"
page.

Some failures happen where no page script runs: the provider refuses (the user pressed "deny"), the token
exchange fails, the redirect to the provider fails.  Streamlit only logs them (with the :mod:`logging`
module, in its authentication routes); :func:`install_audit_of_failures` attaches a handler that writes each
of them to the workspace's audit log as a ``sign_in_failed`` entry.  This module never imports Streamlit.
"""

from __future__ import annotations

import http.client
import json
import logging
import threading
import urllib.request
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

from network.store.audit import AuditLog, Database

__all__ = ["LOGGERS", "FailureAuditHandler", "failure_reason", "install_audit_of_failures", "provider_metadata_url",
           "provider_name", "provider_reachable", "remove_audit_of_failures"]

#: The loggers of Streamlit's authentication routes (Starlette server, and the Tornado one of older releases).
#: Streamlit's loggers do not propagate, so the handler is attached to each of them.
LOGGERS = (
    "streamlit.web.server.starlette.starlette_auth_routes",
    "streamlit.auth_util",
    "streamlit.web.server.oauth_authlib_routes",
)

#: What Streamlit logs when a sign-in fails outside the page script (the start of the message, before its
#: arguments are filled in), and the reason the audit entry gives.  "Missing provider for OAuth callback" is
#: left out on purpose: every sign-out through the provider's end-session page logs it too.
_FAILURES = (
    ("Error during authentication:", "provider answered {error}"),
    ("OAuth token exchange failed", "token exchange failed"),
    ("Error during OAuth authorization redirect", "redirect to the provider failed"),
    ("Error, misconfigured origin for `redirect_uri`", "redirect_uri misconfigured"),
    ("OAuth provider '%s' did not return user information", "no user information from the provider"),
)

_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")

_install_lock = threading.Lock()  # two sessions' first runs may install at the same moment


def _provider(auth: Mapping[str, Any]) -> tuple[str | None, Mapping[str, Any]] | None:
    if not isinstance(auth, Mapping):
        return None
    if "server_metadata_url" in auth:  # the default provider: st.login()
        return None, auth
    for name, section in auth.items():  # the first named provider: st.login(name)
        if isinstance(section, Mapping) and "server_metadata_url" in section:
            return str(name), section
    return None


def provider_name(auth: Mapping[str, Any]) -> str | None:
    """The name to pass to ``st.login``: ``None`` for the default provider (or when none is configured).

    Parameters
    ----------
    auth
        The ``[auth]`` section as ``st.secrets["auth"]`` gives it (any mapping).

    Returns
    -------
    str or None
        The first ``[auth.NAME]`` table with a ``server_metadata_url``, unless ``[auth]`` itself has one
        (the default provider).

    Examples
    --------
    >>> provider_name({"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s",
    ...                "company": {"client_id": "rcn", "client_secret": "x",
    ...                            "server_metadata_url": "https://sso.example.com/.well-known/openid-configuration"}})
    'company'
    >>> provider_name({"client_id": "rcn", "client_secret": "x",
    ...                "server_metadata_url": "https://sso.example.com/.well-known/openid-configuration"}) is None
    True
    """
    found = _provider(auth)
    return found[0] if found is not None else None


def provider_metadata_url(auth: Mapping[str, Any]) -> str | None:
    """The provider's ``server_metadata_url`` (its OpenID configuration), or ``None`` when none is configured.

    Parameters
    ----------
    auth
        The ``[auth]`` section as ``st.secrets["auth"]`` gives it (any mapping): the default provider's keys
        in it, or a named provider's in a table of it (the one :func:`provider_name` names).

    Returns
    -------
    str or None
        The address ``st.login`` will fetch the provider's metadata from.

    Examples
    --------
    >>> provider_metadata_url({"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s",
    ...     "company": {"server_metadata_url": "https://sso.example.com/.well-known/openid-configuration"}})
    'https://sso.example.com/.well-known/openid-configuration'
    >>> provider_metadata_url({"redirect_uri": "http://localhost:8501/oauth2callback"}) is None
    True
    """
    found = _provider(auth)
    if found is None:
        return None
    url = str(found[1].get("server_metadata_url") or "").strip()
    return url or None


def provider_reachable(metadata_url: str, *, timeout: float = 3.0) -> bool:
    """Whether the provider answers: its metadata address gives HTTP 200 with a JSON object naming an issuer.

    Parameters
    ----------
    metadata_url
        The provider's ``server_metadata_url`` (``http`` or ``https``; anything else is not reachable).
    timeout
        Seconds to wait for the connection and the answer.

    Returns
    -------
    bool
        ``False`` when the server cannot be reached, answers with an error, or answers something that is not
        OpenID metadata; never raises for these.

    Examples
    --------
    >>> provider_reachable("http://127.0.0.1:9/.well-known/openid-configuration", timeout=0.5)  # nothing listens
    False
    >>> provider_reachable("file:///etc/passwd")
    False
    """
    if urlparse(metadata_url).scheme not in ("http", "https"):
        return False
    request = urllib.request.Request(metadata_url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if response.status != 200:
                return False
            metadata = json.loads(response.read(1_000_000))
    except (OSError, ValueError, http.client.HTTPException):  # refused, timed out, HTTP error, not JSON
        return False
    return isinstance(metadata, dict) and bool(metadata.get("issuer"))


def failure_reason(record: logging.LogRecord) -> str | None:
    """The audit log's words for a failed single sign-on that Streamlit logged, or ``None`` for other records.

    Parameters
    ----------
    record
        A record logged by one of Streamlit's authentication modules (:data:`LOGGERS`).

    Returns
    -------
    str or None
        ``"single sign-on: <short reason>"``, with the provider's error code or the exception's type when the
        record carries one.

    Examples
    --------
    >>> failure_reason(logging.makeLogRecord({"msg": "Error during authentication: %s. Error description: %s",
    ...                                       "args": ("access_denied", None), "levelno": logging.ERROR}))
    'single sign-on: provider answered access_denied'
    >>> failure_reason(logging.makeLogRecord({"msg": "Failed to get provider logout URL: %s", "args": ("x",)})) is None
    True
    """
    message = str(record.msg)
    reason = next((words for start, words in _FAILURES if message.startswith(start)), None)
    if reason is None:
        return None
    if "{error}" in reason:
        args = record.args if isinstance(record.args, tuple) else ()
        error = str(args[0]) if args else "an error"
        reason = reason.format(error="".join(c for c in error if c.isprintable())[:80])
    if record.exc_info and record.exc_info[0] is not None:
        reason += f" ({record.exc_info[0].__name__})"
    return f"single sign-on: {reason}"


class FailureAuditHandler(logging.Handler):
    """A :class:`logging.Handler` writing Streamlit's logged sign-in failures to a workspace's audit log.

    Each record :func:`failure_reason` recognises becomes an entry ``sign_in_failed`` of nobody (the
    provider has not said who it was) with the reason as detail; other records are ignored.  A failure to
    write the entry is reported the way :mod:`logging` reports handler errors, never raised into Streamlit.

    Parameters
    ----------
    workspace
        The :class:`~network.store.Workspace` whose audit log gets the entries.
    """

    def __init__(self, workspace: Database):
        super().__init__(level=logging.WARNING)
        self.workspace = workspace

    def emit(self, record: logging.LogRecord) -> None:
        """Write the record's failure to the audit log (nothing for a record that is not one)."""
        try:
            reason = failure_reason(record)
            if reason is not None:
                AuditLog(self.workspace).add(None, "sign_in_failed", detail=reason)
        except Exception:  # the database may be down: say so on stderr, never break Streamlit's route
            self.handleError(record)


def install_audit_of_failures(workspace: Database) -> FailureAuditHandler:
    """Attach a :class:`FailureAuditHandler` for ``workspace`` to Streamlit's authentication loggers.

    Idempotent: while a handler for the same workspace object is attached, it is returned and nothing
    changes, so the app may call this on every run; a handler for another workspace is replaced (there is
    at most one per process).

    Parameters
    ----------
    workspace
        The :class:`~network.store.Workspace` whose audit log gets the entries.

    Returns
    -------
    FailureAuditHandler
        The attached handler (:func:`remove_audit_of_failures` detaches it).

    Examples
    --------
    >>> import tempfile
    >>> from network.store import Workspace
    >>> ws = Workspace(f"sqlite:///{tempfile.mkdtemp()}/w.db")
    >>> handler = install_audit_of_failures(ws)
    >>> install_audit_of_failures(ws) is handler
    True
    >>> logging.getLogger(LOGGERS[0]).handle(logging.makeLogRecord({
    ...     "name": LOGGERS[0], "levelno": logging.WARNING, "levelname": "WARNING",
    ...     "msg": "OAuth token exchange failed for provider '%s'. Clearing auth cookies.", "args": ("company",)}))
    >>> ws.audit.table()[["action", "detail"]].values.tolist()
    [['sign_in_failed', 'single sign-on: token exchange failed']]
    >>> remove_audit_of_failures()
    """
    with _install_lock:
        loggers = [logging.getLogger(name) for name in LOGGERS]
        attached = {h for logger in loggers for h in logger.handlers if isinstance(h, FailureAuditHandler)}
        if len(attached) == 1:
            handler = attached.pop()
            if handler.workspace is workspace and all(handler in logger.handlers for logger in loggers):
                return handler
        _remove(loggers)
        handler = FailureAuditHandler(workspace)
        for logger in loggers:
            logger.addHandler(handler)
        return handler


def remove_audit_of_failures() -> None:
    """Detach the handler :func:`install_audit_of_failures` attached (nothing happens when there is none).

    Examples
    --------
    >>> remove_audit_of_failures()
    >>> any(isinstance(h, FailureAuditHandler) for h in logging.getLogger(LOGGERS[0]).handlers)
    False
    """
    with _install_lock:
        _remove([logging.getLogger(name) for name in LOGGERS])


def _remove(loggers: list[logging.Logger]) -> None:
    for logger in loggers:
        for handler in [h for h in logger.handlers if isinstance(h, FailureAuditHandler)]:
            logger.removeHandler(handler)
