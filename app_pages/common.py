"""Shared app layer: language, the workspace and its current version (cached), cached results, downloads, tables.

Cached wrappers live here, in the app layer; the library stays free of Streamlit.  They take the data
set's key (``dataset_key()``) plus the choices that matter, and the big objects as ``_``-arguments
(not hashed); decisions are the library's, the wrappers only cache them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import networkx as nx
import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler
from streamlit.runtime.scriptrunner import get_script_run_ctx

from app_pages.texts import APP
from network import (
    access,
    analysis,
    coverage,
    evaluate,
    export,
    feedback,
    fieldwork,
    geo,
    graph,
    planner,
    recommend,
    regions,
    report,
    texts,
)
from network.access import Scope
from network.config import SETTINGS, load_settings
from network.dataset import Dataset
from network.errors import NetworkError, NotFoundError, PermissionDeniedError, SignInError
from network.render import payload
from network.store import VersionInfo, Workspace
from network.store.accounts import User
from network.store.records import RecordConflictError
from network.texts import Language

LANGUAGE_KEY = "ui_english"


def language() -> Language:
    """``"en"`` when the English toggle is on, else ``"ko"``."""
    return "en" if st.session_state.get(LANGUAGE_KEY, False) else "ko"


#: What the pages besides the first import: loaded once per server in the background (:func:`warm_up_server`).
WARM_MODULES = ("altair", "pydeck", "networkx", "igraph", "scipy.spatial", "scipy.optimize", "openpyxl", "jinja2",
                "network.analysis", "network.coverage", "network.evaluate", "network.planner", "network.recommend",
                "network.render.chart", "network.render.map", "network.render.network", "network.report")


@st.cache_resource(show_spinner=False)
def warm_up_server() -> threading.Thread:
    """Once per server, after its first page: import what the other pages need and load the region tables
    and 읍면동 polygons, in a background thread, so a person's first visit to each page does not wait for
    them (called at the end of the first run, so it never slows the first page)."""
    def work() -> None:
        for name in WARM_MODULES:
            importlib.import_module(name)
        regions.locate_points([37.5665], [126.9780])  # the region index and the 읍면동 tree, cached per process

    thread = threading.Thread(target=work, name="warm-up", daemon=True)
    thread.start()
    return thread


#: The cached functions whose entries belong to one version of the data set (:func:`per_version`), by their
#: source file and name (a page's are made anew at each of its runs; the cache behind them is the same).
_PER_VERSION: dict[tuple[str, str], Callable] = {}
#: Each workspace's current version as this server last saw it (:func:`release_old_versions`).
_LAST_VERSION: dict[str, str] = {}
_LAST_VERSION_LOCK = threading.Lock()

F = TypeVar("F", bound=Callable)


def per_version(cached: F) -> F:
    """Mark a cached function (``st.cache_data`` / ``st.cache_resource``, applied first) as holding results of one
    version of the data set: they are let go when another version becomes current (:func:`release_old_versions`),
    so the server holds the current version's results, not several versions' (each can be gigabytes)."""
    func = getattr(cached, "__wrapped__", cached)
    _PER_VERSION[(func.__code__.co_filename, func.__qualname__)] = cached
    return cached


def release_old_versions(url: str, version: VersionInfo) -> bool:
    """Empty the caches of :func:`per_version` functions when ``version`` is not the current version this server
    saw last for the workspace at ``url`` (an import or a rollback, in any session or by the command line); ``True``
    when they were emptied.  Every session reads the current version at the start of its next run, and computes
    only what the new version needs (what no session has asked for yet is not computed)."""
    with _LAST_VERSION_LOCK:
        seen = _LAST_VERSION.get(url)
        _LAST_VERSION[url] = version.cache_key
    if seen is None or seen == version.cache_key:
        return False
    for cached in list(_PER_VERSION.values()):
        cached.clear()
    return True


def localize_streamlit() -> None:
    """Streamlit's own words on the file uploader ("Upload", "200MB per file • CSV") in the UI language: a
    stylesheet puts the app's texts in their place (the size limit and file types are in each page's caption)."""
    button = t("upload_button").replace('"', "")
    drop = t("upload_drop").replace('"', "")
    st.html(
        "<style>"
        "[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p{font-size:0}"
        f"[data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p::after{{content:\"{button}\";"
        "font-size:0.875rem}"
        "[data-testid='stFileUploaderDropzoneInstructions'] span{font-size:0}"
        f"[data-testid='stFileUploaderDropzoneInstructions'] span::after{{content:\"{drop}\";font-size:0.875rem}}"
        "</style>")


#: The view scope every page shares and the address keeps (``?sido=47&federation=대구경북``): the query parameter
#: of each kind → its session key.  The pages' 시도 and federation boxes are bound to it (:func:`scope_selectbox`).
SCOPE_KEYS = {"sido": "view_sido", "federation": "view_federation"}


def unknown_address(pages: list) -> str | None:
    """The address the browser asked for when no page has it (``/overveiw``, an old bookmark), else ``None``.

    Streamlit would answer such an address with its own dialog in English ("Page not found"); instead the
    request is turned into one for the default page here, before ``st.navigation`` resolves it, and the caller
    says in a short notice which address was not found.  Pages asked for by their hash (the sidebar's links)
    and ``/`` are never unknown."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return None
    manager = ctx.pages_manager
    asked = (manager.intended_page_name or "").strip("/")
    if not asked or manager.intended_page_script_hash or asked in {page.url_path for page in pages}:
        return None
    manager.set_script_intent("", "")  # the default page, without Streamlit's "Page not found"
    return asked


def follow_url_scope() -> None:
    """A new session takes its view scope from the address (an unknown 시도 code is ignored; a federation the
    user cannot see is not among a page's choices, so it is ignored there)."""
    sido_codes = set(regions.sido_table()["sido_code"])
    for kind, key in SCOPE_KEYS.items():
        if key not in st.session_state:
            value = st.query_params.get(kind) or None
            st.session_state[key] = None if kind == "sido" and value not in sido_codes else value


def keep_scope_in_url() -> None:
    """The address says the view scope, on every page, so a reload or a shared link opens the same."""
    for kind, key in SCOPE_KEYS.items():
        value = st.session_state.get(key)
        if value:
            st.query_params[kind] = value
        elif kind in st.query_params:
            del st.query_params[kind]


def view_scope(kind: str) -> str | None:
    """The shared 시도 code or federation name (``None``: all)."""
    return st.session_state.get(SCOPE_KEYS[kind])


def set_view_scope(kind: str, value: str | None) -> None:
    """Change the shared scope (e.g. a click on a 시도 of the map, in a callback)."""
    st.session_state[SCOPE_KEYS[kind]] = value or None


def scope_selectbox(container, label: str, kind: str, options: list, *, key: str, none_option: object,
                    to_option: Callable[[str], object] | None = None, on_change: Callable[[], None] | None = None,
                    **kwargs: object):
    """A page's 시도 (``kind="sido"``) or federation box bound to the shared view scope: it starts at the scope
    the address or another page chose, and choosing changes the scope for every page.  ``none_option`` is the
    box's "all" choice; ``to_option`` turns a scope value into the box's option (e.g. a 시도 code into its name)
    and back by lookup."""
    to_option = to_option or (lambda value: value)
    shared = view_scope(kind)
    wanted = none_option if shared is None else to_option(shared)
    if wanted not in options:
        wanted = none_option
    if st.session_state.get(key) != wanted:
        st.session_state[key] = wanted
    back = {to_option(code): code for code in regions.sido_table()["sido_code"]} if kind == "sido" else {}

    def changed() -> None:
        chosen = st.session_state.get(key)
        set_view_scope(kind, None if chosen == none_option else str(back.get(chosen, chosen)))
        if on_change is not None:
            on_change()

    return container.selectbox(label, options, key=key, on_change=changed, **kwargs)


def follow_url_language() -> None:
    """A new session takes its language from the address (``?lang=en``), before the toggle is drawn."""
    if LANGUAGE_KEY not in st.session_state:
        st.session_state[LANGUAGE_KEY] = st.query_params.get("lang") == "en"


def keep_language_in_url() -> None:
    """The address says the language (``?lang=en``; Korean, the default, needs nothing), on every page, so a
    reload or a shared link opens the same language."""
    if language() == "en":
        st.query_params["lang"] = "en"
    elif "lang" in st.query_params:
        del st.query_params["lang"]


def t(key: str, **params: object) -> str:
    """The text ``key`` (the app's or the library's) in the session's language, for any place that renders
    Markdown (text, captions, alerts, headings, widget labels and help): the values filled in are escaped
    (:meth:`network.texts.Catalogue.markdown`), so a name or a cell from a file is shown as written, never as a
    link, an image, a heading or a formula.  For a place that shows text as it is (a table, a chart's title, a
    choice of a select box) use ``APP.t`` with :func:`language`."""
    return APP.markdown(key, language(), **params)


def plain(text: object) -> str:
    """A text made elsewhere (a library message, a file's name, a value) for a place that renders Markdown: shown
    as written (:func:`network.texts.markdown_escape`)."""
    return texts.markdown_escape(text)


def show_error(err: NetworkError) -> None:
    """A library error as an error box, in the session's language (never a traceback); the file names and values
    it quotes are shown as written."""
    st.error(plain(err.message(language())))


RUN_VERSION_KEY = "_current_version_of_this_run"
RUN_RECORDS_KEY = "_records_stamp_of_this_run"
RUN_OUTCOMES_KEY = "_outcomes_stamp_of_this_run"


@st.cache_resource(show_spinner=False, max_entries=4)
def _workspace(url: str) -> Workspace:
    """The workspace at ``url``, opened once per server."""
    return Workspace(url)


def workspace() -> Workspace:
    """The workspace this server uses (``DATABASE_URL``, else ``.workspace/network.db``); shared by all sessions."""
    return _workspace(load_settings().workspace_url)


@per_version
@st.cache_resource(show_spinner=False, max_entries=3)
def _version_dataset(url: str, version: int, cache_key: str) -> Dataset:
    """A version's data set, read once per server (versions never change; nobody mutates the frames).
    ``cache_key`` (:attr:`VersionInfo.cache_key`) tells a workspace made anew from the one before."""
    return _workspace(url).load(version)


def read_current_version() -> VersionInfo:
    """Ask the workspace for its current version, once at the start of each run (``app.py``), so a version saved
    in another session shows on the next rerun and the whole run uses the same one.  An empty workspace first
    gets the bundled sample."""
    version = workspace().current_or_sample(language=language())
    release_old_versions(load_settings().workspace_url, version)
    st.session_state[RUN_VERSION_KEY] = version
    _read_stamps()  # a visit or an outcome recorded elsewhere shows at once
    st.session_state.pop(SIGN_IN_REQUIRED_KEY, None)  # asked again once in this run
    return version


def current_version() -> VersionInfo:
    """The current version as read at the start of this run."""
    version = st.session_state.get(RUN_VERSION_KEY)
    return version if isinstance(version, VersionInfo) else read_current_version()


def _read_stamps() -> None:
    ws = workspace()
    st.session_state[RUN_RECORDS_KEY] = ws.records.stamp()
    st.session_state[RUN_OUTCOMES_KEY] = ws.outcomes.stamp()


def _stamp(key: str) -> int:
    stamp = st.session_state.get(key)
    if not isinstance(stamp, int):
        read_current_version()
        stamp = st.session_state[key]
    return int(stamp)


def outcomes_stamp() -> int:
    """Which state of the recorded suggestion outcomes this run shows (read with the version at the start of the
    run): part of :func:`dataset_key`, since a partnered pair is a partnership and a declined one is not suggested."""
    return _stamp(RUN_OUTCOMES_KEY)


def records_stamp() -> int:
    """Which state of what was recorded in the app (field work and suggestion outcomes) this run shows (read with
    the version at the start of the run)."""
    return _stamp(RUN_RECORDS_KEY) + outcomes_stamp()


def records_changed() -> None:
    """After this session recorded something: read the new state now, so the rest of the run shows it."""
    _read_stamps()


# --- who is signed in, and what they may see ------------------------------------------------------------

USER_KEY = "_signed_in_user"
LAST_SEEN_KEY = "_last_seen"
SIGN_IN_REQUIRED_KEY = "_sign_in_required_this_run"


def sign_in_required() -> bool:
    """Whether this run needs a signed-in user (read once per run in ``app.py``): as soon as the workspace has an
    account or imported data.  Before that (demo mode) the bundled sample opens without sign-in."""
    value = st.session_state.get(SIGN_IN_REQUIRED_KEY)
    if value is None:
        ws = workspace()
        value = access.sign_in_required(accounts=ws.accounts.count(), real_data=ws.has_real_data())
        st.session_state[SIGN_IN_REQUIRED_KEY] = value
    return bool(value)


def current_user() -> User | None:
    """The signed-in user, or ``None``."""
    user = st.session_state.get(USER_KEY)
    return user if isinstance(user, User) else None


def actor() -> str | None:
    """The signed-in user's name for the audit log (``None`` in demo mode)."""
    user = current_user()
    return user.username if user is not None else None


def current_scope() -> Scope:
    """What this session may see: the signed-in user's role, or everything in demo mode (the sample only).

    Raises :class:`PermissionDeniedError` when sign-in is required and nobody is signed in (``app.py`` shows
    only the sign-in page then, so a page never gets here without a user)."""
    user = current_user()
    if user is not None:
        return Scope(user.role, federation=user.federation, office=user.office)
    if sign_in_required():
        raise PermissionDeniedError("error.permission_denied")
    return Scope("admin")


def sign_in(user: User) -> None:
    """Start a signed-in session for ``user`` (after :meth:`Accounts.sign_in` or single sign-on)."""
    for key in list(st.session_state):  # nothing of an earlier session's choices or results survives
        if key not in (LANGUAGE_KEY, RUN_VERSION_KEY, SIGN_IN_REQUIRED_KEY):
            del st.session_state[key]
    st.session_state[USER_KEY] = user
    st.session_state[LAST_SEEN_KEY] = time.time()


def sign_out(*, action: str = "sign_out") -> bool:
    """End the session: the audit log says so, nothing of the user's stays in the session, and a single
    sign-on identity is forgotten too (``st.logout``, which sends the browser to the provider's end of session
    and back to a new session).  Returns whether the browser is being sent away (then the run must not rerun:
    a new run's messages could overtake the redirect)."""
    user = current_user()
    by_single_sign_on = bool(st.session_state.get(SSO_USER_KEY))
    if user is not None:
        workspace().audit.add(user.username, action)
    for key in list(st.session_state):
        if key != LANGUAGE_KEY:
            del st.session_state[key]
    if by_single_sign_on:
        st.logout()
    return by_single_sign_on


SIGNED_OUT_MESSAGE_KEY = "_signed_out_message"


def check_session() -> None:
    """At the start of each run: sign out a session idle for too long, or whose account was disabled
    meanwhile (the sign-in page then says why); a changed role applies from this run on."""
    user = current_user()
    if user is None:
        return
    idle = load_settings().sign_in.idle_minutes
    if access.session_expired(st.session_state.get(LAST_SEEN_KEY), time.time(), idle_minutes=idle):
        sign_out(action="session_expired")
        st.session_state[SIGNED_OUT_MESSAGE_KEY] = t("error.session_expired", minutes=idle)
        return
    if not user.from_claims:  # an account of the workspace: read it again
        try:
            fresh: User | None = workspace().accounts.get(user.username)
        except NotFoundError:  # the account is gone (a database that cannot be read is said, not signed out)
            fresh = None
        if fresh is None or fresh.disabled:
            sign_out()
            st.session_state[SIGNED_OUT_MESSAGE_KEY] = t("error.account_disabled")
            return
        if (fresh.role, fresh.federation, fresh.office) != (user.role, user.federation, user.office):
            st.session_state[USER_KEY] = fresh  # a changed role applies from this run on
    st.session_state[LAST_SEEN_KEY] = time.time()


SSO_REFUSED_KEY = "_single_sign_on_refused"


def single_sign_on_configured() -> bool:
    """Whether ``.streamlit/secrets.toml`` configures single sign-on (an ``[auth]`` section for ``st.login``)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all (Streamlit raises its own error type): no single sign-on
        return False


def finish_single_sign_on() -> None:
    """Back from the identity provider: sign in the workspace's account with the provider's e-mail (or the user
    the configured claims describe).  A refusal is kept for the sign-in page to show, and asked only once."""
    if not single_sign_on_configured() or SSO_REFUSED_KEY in st.session_state:
        return
    try:
        logged_in = bool(st.user.is_logged_in)
    except Exception:  # a misconfigured [auth] section: the sign-in page says so when the button is used
        return
    if not logged_in:
        return
    try:
        user = workspace().accounts.single_sign_on(st.user.to_dict())
    except SignInError as err:
        st.session_state[SSO_REFUSED_KEY] = err.message(language())
        return
    sign_in(user)
    st.session_state[SSO_USER_KEY] = True


SSO_USER_KEY = "_signed_in_by_single_sign_on"


def audit(action: str, *, target: str | None = None, rows: int | None = None, detail: str = "") -> None:
    """Write an entry of the signed-in user (or of nobody, in demo mode) to the audit log."""
    workspace().audit.add(actor(), action, target=target, rows=rows, detail=detail)


def deny(what: str) -> None:
    """Say "권한이 없습니다" (and nothing about what was asked for), log it, and stop the page."""
    audit("denied", target=what)
    st.error(t("error.permission_denied"))
    st.stop()


@per_version
@st.cache_resource(show_spinner=False, max_entries=3)
def _field_dataset(url: str, version: int, cache_key: str, stamp: int) -> Dataset:
    """A version's data set with the field work recorded in the app (:func:`network.fieldwork.with_records`) and the
    partnered outcomes of suggestions (:func:`network.feedback.with_outcomes`), made once per version and state of
    the records (a recorded visit or partnership counts at once, without an import)."""
    ws = _workspace(url)
    return feedback.with_outcomes(fieldwork.with_records(_version_dataset(url, version, cache_key), ws.records.tables()),
                                  ws.outcomes.table())


@per_version
@st.cache_resource(show_spinner=False, max_entries=4)
def _suggestion_model(url: str, version: int, cache_key: str) -> evaluate.Model:
    """How suggestions are weighted on a version (:meth:`network.store.Workspace.suggestion_model`: fitted on the
    whole imported data set and checked on a later slice, or the best single signal; kept in the workspace), read
    once per version and server."""
    return _workspace(url).suggestion_model(version)


def suggestion_model() -> evaluate.Model:
    """The current version's suggestion model (the same for every user: weights are not member data)."""
    version = current_version()
    with st.spinner(t("rec_model_fitting")):
        return _suggestion_model(load_settings().workspace_url, version.id, version.cache_key)


@per_version
@st.cache_data(show_spinner=False, max_entries=16)
def _leader_suggestions(url: str, version: int, cache_key: str, federation: str) -> list[str]:
    """The firms suggested to a federation's members (a leader sees their public profile), once per version."""
    whole = _version_dataset(url, version, cache_key)
    own = whole.members.loc[whole.members["federation"] == federation, "member_id"].tolist()
    if not own:
        return []
    engine = recommend.prepare(whole.members, whole.partnerships)
    model = _suggestion_model(url, version, cache_key)
    table = recommend.recommend_all(engine, member_ids=own, reasons=False, weights=model.weights,
                                    options=model.options(recommend.Options(top=SETTINGS.defaults.suggestions)))
    return [str(c) for c in table["candidate_id"]]


@per_version
@st.cache_resource(show_spinner=False, max_entries=16)
def _scoped_dataset(url: str, version: int, cache_key: str, stamp: int, scope: Scope) -> Dataset:
    """A version's data set (with the records) as ``scope`` may see it, made once per version, state of the
    records and scope (never mutated)."""
    whole = _field_dataset(url, version, cache_key, stamp)
    suggested: list[str] = []
    if scope.role == "leader" and scope.federation:
        suggested = _leader_suggestions(url, version, cache_key, scope.federation)
    return access.scoped_dataset(whole, scope, suggested=suggested)


def current_dataset() -> Dataset:
    """The data set of the current version with the recorded field work, as this session may see it (cached by
    version, state of the records and scope)."""
    version = current_version()
    with st.spinner(t("loading")):
        return _scoped_dataset(load_settings().workspace_url, version.id, version.cache_key, records_stamp(),
                               current_scope())


@per_version
@st.cache_resource(show_spinner=False, max_entries=8)
def _scoped_version(url: str, version: int, cache_key: str, scope: Scope) -> Dataset:
    """A version's data set as imported (without the recorded field work) as ``scope`` may see it."""
    suggested: list[str] = []
    if scope.role == "leader" and scope.federation:
        suggested = _leader_suggestions(url, version, cache_key, scope.federation)
    return access.scoped_dataset(_version_dataset(url, version, cache_key), scope, suggested=suggested)


def imported_dataset() -> Dataset:
    """The current version's tables as they were imported (the data page: the records are not versions), as this
    session may see them."""
    version = current_version()
    return _scoped_version(load_settings().workspace_url, version.id, version.cache_key, current_scope())


def whole_dataset() -> Dataset:
    """The whole data set with the records, for counts only (:mod:`network.access` decides what is shown)."""
    version = current_version()
    return _field_dataset(load_settings().workspace_url, version.id, version.cache_key, records_stamp())


def whole_dataset_counts(by: str) -> pd.DataFrame:
    """Members per federation (or federation and 시도) of the whole data set, as this session may see them
    (:func:`network.access.federation_counts_table`: small counts of other federations suppressed)."""
    return access.federation_counts_table(whole_dataset(), current_scope(), by=by)


def start_page(title_key: str, intro_key: str | None = None) -> tuple[Dataset, str]:
    """Title and introduction of a page, and the data set in use with its cache key.

    Stops the page with a hint when there are no members (e.g. an upload without a members file).
    """
    st.title(t(title_key))
    if intro_key:
        st.write(t(intro_key))
    data = current_dataset()
    if not data.usable:
        st.info(t("no_members"))
        st.stop()
    return data, dataset_key()


def source_label() -> str:
    """Which version is shown, in words (for the sidebar)."""
    version = current_version()
    when = version.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
    return t("source_sample" if version.is_sample else "source_version", version=version.id, when=when,
             note=version.note)


def download_buttons(df: pd.DataFrame | Callable[[], pd.DataFrame], *, name: str, key: str, table: str | None = None,
                     rows: int | None = None) -> None:
    """A CSV (UTF-8 with BOM, opens in Korean Excel) and an XLSX download of ``df``, under the headers the page
    shows (Korean in the Korean UI; :func:`column_header`, with ``table``'s own labels — the importer reads
    them back).

    The files are built only when a button is clicked (a callable), so showing a big table does not cost an
    XLSX conversion on every rerun.  ``df`` may itself be a callable that makes the table (then ``rows`` says how
    many rows it has, for the audit log): a download's own table is then made only when it is asked for.
    """
    lang = language()  # now: the session is not readable at the click

    def frame() -> pd.DataFrame:
        data = df() if callable(df) else df
        headers = {c: column_header(c, table, lang=lang) for c in data.columns}
        if len(set(headers.values())) < len(headers):  # two columns under one label: keep the names
            return data
        return data.rename(columns=headers)

    count = rows if callable(df) else len(df)
    left, right = st.columns(2)
    with left:
        download_button(t("download_csv"), lambda: export.to_csv_bytes(frame()),
                        file_name=f"{name}.csv", mime="text/csv", key=f"{key}_csv", rows=count)
    with right:
        download_button(t("download_xlsx"), lambda: export.to_xlsx_bytes({name: frame()}),
                        file_name=f"{name}.xlsx",
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        key=f"{key}_xlsx", rows=count)


def download_button(label: str, data: Callable[[], bytes], *, file_name: str, mime: str, key: str,
                    rows: int | None = None) -> None:
    """A download button whose file is built when it is clicked, and written to the audit log then (who, which
    file, how many rows).  Every download of the app goes through here; what it holds comes from the data set
    already cut to the user's scope (:func:`current_dataset`)."""
    who, log = actor(), workspace().audit  # taken now: the file is made after the run, when it is clicked

    def build() -> bytes:
        log.add(who, "download", target=file_name, rows=rows)
        return data()

    st.download_button(label, build, file_name=file_name, mime=mime, key=key, width="stretch", on_click="ignore")


def dataset_key() -> str:
    """A short key naming the data set in use, for caches of results computed from it: the workspace and the
    current version (as read at the start of this run, like the data set itself)."""
    digest = hashlib.sha1(load_settings().workspace_url.encode()).hexdigest()[:8]
    return f"{digest}-{current_version().cache_key}-{current_scope().key}-o{outcomes_stamp()}"


@per_version
@st.cache_resource(show_spinner=False, max_entries=16)
def _member_choices(key: str, _members: pd.DataFrame) -> analysis.FilterChoices:
    return analysis.filter_choices(_members)


def member_choices(dataset: Dataset) -> analysis.FilterChoices:
    """The federations, 교류회, 시도 and industries of the data set in use, to choose from (computed once per data
    set and scope, not at every run of a page)."""
    return _member_choices(dataset_key(), dataset.members)


def field_key() -> str:
    """:func:`dataset_key` plus the state of the recorded field work: for results that count visits or
    difficulties (coverage, the planner, the queue), so a visit recorded a moment ago counts at once."""
    return f"{dataset_key()}-r{records_stamp()}"


@per_version
@st.cache_resource(show_spinner=False, max_entries=4)
def _recommendation_engine(key: str, _members: pd.DataFrame, _partnerships: pd.DataFrame, _declined: pd.DataFrame
                           ) -> recommend.Engine:
    """The recommendation engine's arrays, prepared once per data set, state of the outcomes and day (never
    mutated)."""
    return recommend.prepare(_members, _partnerships, declined=_declined)


@st.cache_data(show_spinner=False, max_entries=8)
def _declined_pairs(url: str, stamp: int, day: dt.date) -> pd.DataFrame:
    return _workspace(url).outcomes.declined(today=day)


def engine_key() -> str:
    """:func:`dataset_key` and today's date: the key of the recommendation engine and of what it suggests (a pair
    declined is not suggested for some months from the day it was declined)."""
    return f"{dataset_key()}-{pd.Timestamp.now(tz=fieldwork.LOCAL_TIMEZONE).date()}"


def recommendation_engine(dataset: Dataset) -> recommend.Engine:
    """The recommendation engine of the data set in use; the pairs declined within the settings' months are never
    suggested (:func:`network.feedback.declined_pairs`, with the ids of the user's data set)."""
    day = pd.Timestamp.now(tz=fieldwork.LOCAL_TIMEZONE).date()
    declined = access.pairs_in_scope(_declined_pairs(load_settings().workspace_url, outcomes_stamp(), day),
                                     whole_dataset().members, current_scope())
    return _recommendation_engine(engine_key(), dataset.members, dataset.partnerships, declined)


@per_version
@st.cache_data(show_spinner=False, max_entries=512)
def _member_suggestions(key: str, member_id: str, weights: recommend.Weights, options: recommend.Options,
                        language: Language, _engine: recommend.Engine) -> pd.DataFrame:
    return recommend.recommend_for_member(_engine, member_id, weights=weights, options=options, language=language)


def member_suggestions(dataset: Dataset, member_id: str, *, weights: recommend.Weights,
                       options: recommend.Options) -> pd.DataFrame:
    """A member's suggestions (:func:`network.recommend.recommend_for_member`), made once per data set, day,
    member, weights and options, and shared by every session of the same scope."""
    return _member_suggestions(engine_key(), member_id, weights, options, language(), recommendation_engine(dataset))


@per_version
@st.cache_resource(show_spinner=False, max_entries=8)
def all_recommendations(key: str, options: recommend.Options, weights: recommend.Weights, language: Language,
                        _engine: recommend.Engine) -> pd.DataFrame:
    """Suggestions for every member (cached per data set, options, weights and language; one table shared by
    every session, never changed: a copy per run of 70,000 rows cost each session time and memory)."""
    return recommend.recommend_all(_engine, options=options, weights=weights, language=language)


@per_version
@st.cache_data(show_spinner=False, max_entries=8)
def backtest_table(key: str, cutoff: str, k: int, scope: str, max_km: float | None, weights: recommend.Weights | None,
                   _members: pd.DataFrame, _partnerships: pd.DataFrame) -> pd.DataFrame:
    """The back-test table with the page's settings (see :func:`network.evaluate.backtest` for the weights:
    ``None`` chooses them from the data before the cut-off)."""
    return evaluate.backtest(_members, _partnerships, cutoff=cutoff, k=k, weights=weights,
                             options=recommend.Options(scope=scope, max_km=max_km))


@per_version
@st.cache_resource(show_spinner=False, max_entries=4)
def member_graph(key: str, _members: pd.DataFrame, _partnerships: pd.DataFrame) -> nx.Graph:
    """The member graph, built once per data set (never mutated: library functions return new objects)."""
    return graph.build_graph(_members, _partnerships)


@per_version
@st.cache_data(show_spinner=False, max_entries=4)
def member_metrics(key: str, _G: nx.Graph) -> pd.DataFrame:
    """Per-member network measures (betweenness sampled above the configured size; see ``attrs``)."""
    return analysis.member_metrics_table(_G, max_exact_nodes=SETTINGS.limits.exact_betweenness_max_nodes,
                                         samples=SETTINGS.limits.betweenness_samples)


@per_version
@st.cache_data(show_spinner=False, max_entries=8)
def region_summary(key: str, level: str, _G: nx.Graph, _metrics: pd.DataFrame) -> pd.DataFrame:
    """Per-region (or federation) connectivity summary."""
    return analysis.region_summary_table(_G, level=level, metrics=_metrics)


@per_version
@st.cache_data(show_spinner=False, max_entries=8)
def region_matrix(key: str, level: str, _G: nx.Graph) -> pd.DataFrame:
    """Region × region partnership counts."""
    return graph.region_matrix_table(_G, level=level)


@per_version
@st.cache_data(show_spinner=False, max_entries=32)
def coverage_tables(key: str, level: str, months: int, programs: tuple[str, ...], federation: str | None,
                    sido_code: str | None, language: Language, _data: Dataset):
    """(window, region table, member table, office table) for the coverage page, cached per choice; the office
    table counts the members of ``federation`` and ``sido_code`` only."""
    window = coverage.time_window(_data.visits, months=months)
    chosen = list(programs) or None
    common = {"attendance": _data.attendance, "difficulties": _data.difficulties, "window": window,
              "programs": chosen}
    table = coverage.region_coverage_table(_data.members, _data.visits, _data.offices, level=level,
                                           federation=federation, language=language, **common)
    per_member = coverage.member_coverage_table(_data.members, _data.visits, _data.offices, **common)
    offices = coverage.office_coverage_table(_data.members, _data.visits, _data.offices, federation=federation,
                                             sido_code=sido_code, **common)
    return window, table, per_member, offices


BOUNDARIES_KEY = "map_boundaries"  # the boundary file this session draws its maps on (data page)


@st.cache_data(show_spinner=False, max_entries=4)
def read_boundary_upload(parts: tuple[tuple[str, bytes], ...]) -> geo.Boundaries:
    """An uploaded boundary file (or a Shapefile's parts) read and matched, cached by its bytes."""
    return geo.read_boundaries(dict(parts))


def user_boundaries() -> geo.Boundaries | None:
    """The boundaries this session chose on the data page, or ``None`` for the bundled ones."""
    return st.session_state.get(BOUNDARIES_KEY)


@per_version
@st.cache_data(show_spinner=False, max_entries=16)
def visit_plan(key: str, options: planner.PlanOptions, language: Language, _data: Dataset) -> planner.VisitPlan:
    """The next-visit plan for the page's choices: :func:`network.planner.plan_for_window`, as the CLI's."""
    return planner.plan_for_window(_data.members, _data.visits, _data.offices, _data.partnerships,
                                   attendance=_data.attendance, difficulties=_data.difficulties, options=options,
                                   language=language)


def column_header(column: str, table: str | None = None, *, lang: Language | None = None) -> str:
    """The header people see for a column: the label ``table`` gives it (offices' ``name`` is 지부명),
    else the app's ``col_<column>`` text, else the library's column label, else the name itself; in ``lang``
    (default: the session's language)."""
    lang = lang or language()
    if table is not None and f"column.{table}.{column}" in APP:
        return APP.t(f"column.{table}.{column}", lang)
    if f"col_{column}" in APP:
        return APP.t(f"col_{column}", lang)
    if f"column.{column}" in APP:
        return APP.t(f"column.{column}", lang)
    return column


SEVERITIES = ("error", "warning")


def dataframe(frame: pd.DataFrame | Styler, **options: object) -> None:
    """The one way a page shows a table grid: ``st.dataframe`` of the frame as the browser may get it
    (:func:`network.render.payload.table`: no ``attrs``, whose ``Infinity`` the browser cannot parse; no
    ``inf`` cells).  A ``Styler`` must style such a frame already; ``options`` go to ``st.dataframe``.  An empty
    frame shows "(행이 없습니다)" instead of Streamlit's empty grid (which says "empty" in English)."""
    if len(frame.data if isinstance(frame, Styler) else frame) == 0:  # Streamlit's empty grid says "empty" in English
        st.caption(t("table_empty"))
        return
    if isinstance(frame, Styler):
        if payload.table(frame.data) is not frame.data:
            raise ValueError("style payload.table(frame), not the frame itself")
        st.dataframe(frame, **options)  # type: ignore[arg-type]
    else:
        st.dataframe(payload.table(frame), **options)  # type: ignore[arg-type]


def bar_chart(frame: pd.DataFrame, **options: object) -> None:
    """``st.bar_chart`` of the frame as the browser may get it (see :func:`dataframe`)."""
    st.bar_chart(payload.table(frame), **options)  # type: ignore[arg-type]


def show_table(df: pd.DataFrame, *, percent: tuple[str, ...] = (), limit: int | None = None,
               table: str | None = None) -> None:
    """Show a table with its headers in the UI language (:func:`column_header`) and shares as percentages.

    At most ``limit`` rows (default: the configured ``rows_shown``) are shown; the caption says so when
    rows are left out (downloads have all of them).  ``table`` names the data model's table the frame
    holds, for its own column labels.
    """
    limit = limit or SETTINGS.limits.rows_shown
    if df.empty:  # Streamlit's empty grid says "empty" in English
        st.caption(t("table_empty"))
        return
    if "severity" in df.columns:  # 오류 / 경고, not the library's error / warning
        df = df.assign(severity=df["severity"].map(lambda v: t(f"severity_value_{v}") if v in SEVERITIES else v))
    names = {c: column_header(c, table) for c in df.columns}
    config = {names[c]: st.column_config.NumberColumn(format="percent") for c in percent if c in names}
    shown = df.head(limit)
    for c in df.columns:  # dates without a time of day read as dates (2015-01-01, not 2015-01-01 00:00:00)
        values = shown[c]
        if pd.api.types.is_datetime64_any_dtype(values) and (values.dropna().dt.normalize() == values.dropna()).all():
            config[names[c]] = st.column_config.DatetimeColumn(format="YYYY-MM-DD")
    dataframe(shown.rename(columns=names), hide_index=True, width="stretch", column_config=config)
    if len(df) > limit:
        st.caption(t("rows_shown", shown=limit, total=len(df)))


@per_version
@st.cache_data(show_spinner=False, max_entries=8)
def difficulty_queue_table(key: str, today: dt.date, _data: Dataset) -> pd.DataFrame:
    """Every difficulty the session may see with its follow-up (:func:`network.fieldwork.difficulty_queue`),
    cached per data set, state of the records and day."""
    return fieldwork.difficulty_queue(_data, today=today)


@per_version
@st.cache_data(show_spinner=False, max_entries=8)
def monthly_report_table(key: str, month: str, office: str | None, today: dt.date, language: Language,
                         _data: Dataset) -> report.MonthlyReport:
    """The month's report (:func:`network.report.monthly_report`), made once per data set, records, choice and
    day (not on every rerun of the page)."""
    return report.monthly_report(_data, month, office=office, today=today, language=language)


def show_conflict(err: RecordConflictError) -> None:
    """Someone saved the record first: the message, and both versions side by side — the one saved first and
    what this person entered (which the form keeps)."""
    show_error(err)
    both = pd.DataFrame({t("field_conflict_field"): list(err.attempted),
                         t("field_conflict_saved"): [str(getattr(err.stored, k, "")) for k in err.attempted],
                         t("field_conflict_yours"): [str(v) for v in err.attempted.values()]})
    dataframe(both, hide_index=True, width="stretch")


def show_record_history(record_id: str) -> None:
    """Every change of a recorded visit or difficulty: when, who, what, and each field from what to what."""
    history = workspace().records.history(record_id)
    st.markdown(f"**{t('field_history')}**")
    show_table(history.assign(changes=history["changes"].map(fieldwork.describe_changes)))


@per_version
@st.cache_data(show_spinner=False, max_entries=4)
def _outcome_summary(url: str, shown: int, key: str, _partnerships: pd.DataFrame) -> feedback.OutcomeSummary:
    ws = _workspace(url)
    return feedback.outcome_summary(ws.outcomes.shown(), ws.outcomes.table(), _partnerships)


def outcome_summary() -> feedback.OutcomeSummary:
    """What became of the suggestions shown so far (counts over all members: no firm is named)."""
    version = current_version()
    return _outcome_summary(load_settings().workspace_url, workspace().outcomes.shown_stamp(),
                            f"{version.cache_key}-{records_stamp()}", whole_dataset().partnerships)


SHOWN_LOG_KEY = "_suggestions_logged"


def log_suggestions_shown(member_id: str, suggestions: pd.DataFrame) -> None:
    """Note in the workspace that these suggestions were shown (once per member and list in a session, and only
    for a signed-in user): what :func:`network.feedback.outcome_summary` scores later."""
    user = current_user()
    if user is None or suggestions.empty:
        return
    seen = (member_id, tuple(zip(suggestions["candidate_id"], suggestions["rank"].astype(int),
                                 suggestions["score"].astype(float))))
    if st.session_state.get(SHOWN_LOG_KEY) == seen:
        return
    whole, scope = whole_dataset().members, current_scope()
    workspace().outcomes.log_shown(access.actual_member_id(member_id, whole, scope),
                                   [(access.actual_member_id(c, whole, scope), r, v) for c, r, v in seen[1]],
                                   actor=user.username)
    st.session_state[SHOWN_LOG_KEY] = seen


def show_suggestion_outcomes(dataset: Dataset, member_id: str, suggestions: pd.DataFrame, *, key_prefix: str) -> None:
    """What came of a member's suggestions: the outcomes recorded so far (as this session may see them), and a form
    to record one — for staff, and for the leader of the member's federation."""
    scope = current_scope()
    whole = whole_dataset()
    real_id = access.actual_member_id(member_id, whole.members, scope)
    recorded = access.outcomes_in_scope(workspace().outcomes.for_member(real_id), whole.members, scope)
    latest = feedback.member_outcomes(recorded, member_id)
    st.markdown(f"**{t('outcome_title')}**")
    if len(latest):
        table = feedback.outcome_table(latest, dataset.members, language=language())
        columns = ["candidate_id", "candidate_name", "outcome", "reason", "recorded_by", "recorded_at"]
        shown = table[columns].rename(columns={c: t(f"outcome_col_{c}") for c in columns})
        show_table(shown)
        download_buttons(shown, name=f"outcomes_{member_id}", key=f"{key_prefix}_outcomes")
    else:
        st.caption(t("outcome_none"))
    federation = whole.members.loc[whole.members["member_id"] == real_id, "federation"]
    user = current_user()
    if user is None or not scope.may_record_outcome(federation.iloc[0] if len(federation) else None):
        return
    names = dict(zip(dataset.members["member_id"], dataset.members["name"].fillna("")))
    choices = feedback.open_candidates(suggestions["candidate_id"], latest)
    if not choices:
        return
    with st.form(f"{key_prefix}_outcome_form", clear_on_submit=True):
        left, right = st.columns([2, 3])
        candidate = left.selectbox(t("outcome_candidate"), choices, key=f"{key_prefix}_outcome_candidate",
                                   format_func=lambda c: f"{names.get(c, '')} · {c}")
        outcome = right.radio(t("outcome_outcome"), list(feedback.OUTCOMES), horizontal=True,
                              key=f"{key_prefix}_outcome_choice",
                              format_func=lambda o: feedback.outcome_label(o, language()))
        reason = st.text_input(t("outcome_reason"), key=f"{key_prefix}_outcome_reason")
        submitted = st.form_submit_button(t("outcome_save"), type="primary")
    if submitted:
        try:
            saved = workspace().outcomes.record(real_id, access.actual_member_id(candidate, whole.members, scope),
                                                outcome, actor=user.username, reason=reason or None,
                                                members=whole.members, partnerships=whole.partnerships)
        except NetworkError as err:
            show_error(err)
        else:
            records_changed()
            st.session_state[f"{key_prefix}_outcome_saved"] = t(
                "outcome_saved", outcome=saved.label(language()), name=names.get(candidate, candidate))
            st.rerun()
    saved_message = st.session_state.pop(f"{key_prefix}_outcome_saved", None)
    if saved_message:
        st.success(saved_message)


@per_version
@st.cache_data(show_spinner=False, max_entries=256)
def _visits_attended(key: str, member_id: str, _dataset: Dataset) -> pd.DataFrame:
    return fieldwork.visits_attended_table(_dataset.visits, _dataset.attendance, _dataset.difficulties, member_id)


@per_version
@st.cache_data(show_spinner=False, max_entries=256)
def _partners(key: str, member_id: str, _G: nx.Graph) -> pd.DataFrame:
    return analysis.partners_table(_G, member_id)


def show_member_history(dataset: Dataset, member_id: str, *, key_prefix: str, outcomes: bool = False) -> None:
    """A firm's whole history, the same on every page that shows a member: the visits it attended, the
    difficulties it raised (with their status), its partners, its suggested partners and, on the member detail
    (``outcomes=True``), what came of its suggestions with the form to record one.  Difficulty texts appear only
    where the scope keeps them (:mod:`network.access`)."""
    st.markdown(f"**{t('history_visits')}**")
    show_table(_visits_attended(field_key(), member_id, dataset))
    if fieldwork.has_follow_up(dataset.difficulties):
        queue = difficulty_queue_table(field_key(), dt.date.today(), dataset)
        mine = fieldwork.member_difficulties(queue, member_id)
        st.markdown(f"**{t('history_difficulties', n=len(mine))}**")
        columns = ["difficulty_id", "raised_on", "category", "status", "due", "owner", "text"]
        show_table(mine[columns].assign(
            raised_on=lambda f: pd.to_datetime(f["raised_on"]).dt.strftime("%Y-%m-%d"),
            due=lambda f: pd.to_datetime(f["due"]).dt.strftime("%Y-%m-%d")).rename(
            columns={c: t(f"dq_col_{c}") for c in columns}))
    key = dataset_key()
    G = member_graph(key, dataset.members, dataset.partnerships)
    if member_id in G:
        st.markdown(f"**{t('history_partners')}**")
        show_table(_partners(key, member_id, G))
        engine = recommendation_engine(dataset)
        model = suggestion_model()
        options = model.options(recommend.Options(top=5))
        suggestions = member_suggestions(dataset, member_id, weights=model.weights, options=options)
        st.markdown(f"**{t('history_suggestions')}**")
        if suggestions.empty:
            st.caption(plain(recommend.no_suggestions_reason(engine, member_id, weights=model.weights,
                                                             options=options, language=language())))
        else:
            show_table(suggestions[["rank", "candidate_name", "score", "reasons"]].rename(
                columns={"rank": t("col_rank"), "candidate_name": t("col_candidate"), "score": t("col_score"),
                         "reasons": t("col_reasons")}))
            log_suggestions_shown(member_id, suggestions)
        if outcomes:
            show_suggestion_outcomes(dataset, member_id, suggestions, key_prefix=key_prefix)
