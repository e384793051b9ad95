"""Settings shared by the app and the command line: limits, defaults and where the workspace lives.

One frozen :class:`Settings` object holds every number that used to be a literal
in a page or a command (how many candidate sites the planner considers, how many
members the network drawing shows …), so the app and the command line give the
same answer for the same choices.  Nothing here changes at run time: a server
serves many people, so the settings are made once (:func:`load_settings`, from
the environment) and passed along.

Examples
--------
>>> SETTINGS.limits.planner_candidate_sites
2000
>>> Limits(network_max_nodes=0)
Traceback (most recent call last):
...
network.errors.OptionError: network_max_nodes의 값 0: 1 이상이어야 합니다
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from network.errors import OptionError

__all__ = ["ROOT", "SETTINGS", "Defaults", "Feedback", "FieldWork", "Limits", "Settings", "SignIn", "load_settings"]

#: The checkout (the folder holding ``network/``).
ROOT = Path(__file__).resolve().parent.parent


def _check_at_least(obj: object, minimum: float) -> None:
    problems = [OptionError("error.option_at_least", option=f.name, value=getattr(obj, f.name), minimum=minimum)
                for f in fields(obj)  # type: ignore[arg-type]
                if isinstance(getattr(obj, f.name), (int, float)) and getattr(obj, f.name) < minimum]
    if problems:
        raise OptionError.combine(problems)


@dataclass(frozen=True)
class Limits:
    """How much work one request may cause; each at least 1.

    Attributes
    ----------
    planner_candidate_sites
        At most this many candidate sites go into the visit planner (a fixed random subset
        above it).  Member locations at 100,000 members would otherwise make a coverage matrix
        of billions of entries.
    network_max_nodes
        Above this many members a network slice is shown at region level instead of node by node.
    network_physics_max_nodes
        "Let it settle" (vis-network physics) is offered only up to this many members.
    network_suggested_members, network_suggested_per_member
        The suggested-partnership overlay of the network drawing covers at most this many
        members of the slice, with this many suggestions each.
    network_communities_listed
        The largest communities offered as a slice.
    rows_shown
        A table on a page shows at most this many rows (downloads have all of them).
    exact_betweenness_max_nodes, betweenness_samples
        Betweenness is exact up to this many members, above it estimated from this many sources.
    upload_max_rows, upload_max_cells
        A file read (a CSV, or the sheet of an XLSX) has at most this many rows, header and blank rows
        included (an XLSX's own statement of its size, ``<dimension ref="A1:Z3000000">``, counts too), and
        at most this many cells (rows × columns; an XLSX at most this many shared strings).  100,000
        members (20 MB as CSV) and their ~400,000 partnerships pass with room to spare.
    upload_max_unpacked_mb, upload_max_ratio, upload_max_entries
        An XLSX file (a zip archive) is refused before anything in it is unpacked when its parts would
        unpack to more than this many MB in all (a CSV: when it is larger), when a part over 1 MB would
        unpack to more than this many times its packed size (sheets: about 10×; a "zip bomb": up to
        1,000×), or when it holds more than this many parts (an Excel file: about ten).  The sheet of
        100,000 members unpacks to about 100 MB.
    upload_checks_at_once
        At most this many uploads are checked at the same time (each worker may use
        ``upload_check_memory_mb``); a further one waits its turn, up to ``upload_check_seconds``.
    upload_check_seconds, upload_check_memory_mb
        The data page checks an upload in a worker process (:mod:`network.uploads`), stopped after this
        many seconds or when it needs more than this many MB of memory (address space) beyond the
        program itself.  100,000 members with their partnerships and visits take about 75 s as XLSX
        (the worker's peak memory 0.7 GB), 7 s as CSV (0.5 GB).
    """

    planner_candidate_sites: int = 2000
    network_max_nodes: int = 3000
    network_physics_max_nodes: int = 300
    network_suggested_members: int = 2000
    network_suggested_per_member: int = 3
    network_communities_listed: int = 50
    rows_shown: int = 1000
    exact_betweenness_max_nodes: int = 10_000
    betweenness_samples: int = 500
    upload_max_rows: int = 1_000_000
    upload_max_cells: int = 20_000_000
    upload_max_unpacked_mb: int = 500
    upload_max_ratio: int = 100
    upload_max_entries: int = 1000
    upload_check_seconds: int = 300
    upload_check_memory_mb: int = 2048
    upload_checks_at_once: int = 2

    def __post_init__(self) -> None:
        _check_at_least(self, 1)


#: Firms one visit of each programme can take (the planner's seats; :attr:`Defaults.program_seats`).
DEFAULT_PROGRAM_SEATS: Mapping[str, int] = {"사업설명회": 40, "간담회": 20, "현장상담회": 10, "방문상담": 1}


@dataclass(frozen=True)
class Defaults:
    """What a page or a command starts with when the user has not chosen.

    Attributes
    ----------
    suggestions
        Suggested partners per member.
    diversity_factor
        In the all-members suggestions, one firm appears in at most ``diversity_factor × suggestions``
        lists, so a few hubs are not suggested to everyone.
    backtest_cutoff
        The back-test hides partnerships started on or after this date.
    window_months
        Coverage and planning count the visits of the last this many months of the data.
    plan_sites, plan_radius_km
        The planner's number of sites K and the reach of a visit.
    plan_program
        The programme the planner plans visits of unless told otherwise (it sets the seats of a visit).
    program_seats
        ``{programme: seats}``: how many firms one visit of the programme can take (a briefing 40, an
        on-site consultation 10 …); the planner invites at most this many per visit.
    """

    suggestions: int = 10
    diversity_factor: int = 2
    backtest_cutoff: str = "2024-01-01"
    window_months: int = 12
    plan_sites: int = 10
    plan_radius_km: float = 30.0
    plan_program: str = "사업설명회"
    program_seats: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_PROGRAM_SEATS))

    def __post_init__(self) -> None:
        _check_at_least(self, 1)
        for program, seats in self.program_seats.items():
            if seats < 1:
                raise OptionError("error.option_at_least", option=f"seats of {program}", value=seats, minimum=1)

    def seats_for(self, program: str | None) -> int | None:
        """Seats of one visit of ``program`` (``None``: not a known programme, no limit).

        Examples
        --------
        >>> Defaults().seats_for("사업설명회"), Defaults().seats_for("현장상담회"), Defaults().seats_for(None)
        (40, 10, None)
        """
        return self.program_seats.get(program) if program else None

    def diversity_cap(self, top: int) -> int:
        """How often one firm may be suggested across all members' lists of ``top`` suggestions.

        Examples
        --------
        >>> Defaults().diversity_cap(10)
        20
        """
        return self.diversity_factor * top


@dataclass(frozen=True)
class SignIn:
    """How accounts and sessions behave; each number at least 1.

    Attributes
    ----------
    min_password_length
        A password has at least this many characters.
    max_failed_attempts, lock_minutes
        After this many failed sign-ins in a row an account is locked for ``lock_minutes``.
    idle_minutes
        A session that did nothing for this long must sign in again.
    role_claim, federation_claim, office_claim
        Single sign-on: the claims of the identity provider's token that give a user's role, federation
        and office when the workspace has no account with the user's e-mail (``None``: only accounts of
        the workspace may sign in).
    """

    min_password_length: int = 12
    max_failed_attempts: int = 5
    lock_minutes: int = 15
    idle_minutes: int = 30
    role_claim: str | None = None
    federation_claim: str | None = None
    office_claim: str | None = None

    def __post_init__(self) -> None:
        _check_at_least(self, 1)


#: Days to answer a difficulty, per category, unless the settings say otherwise (``NETWORK_DUE_DAYS``).
DEFAULT_DUE_DAYS: dict[str, int] = {"자금": 14, "인력": 30, "판로·수출": 30, "기술": 30, "규제": 45,
                                    "원자재·물류": 14, "경영일반": 30}


@dataclass(frozen=True)
class FieldWork:
    """How recorded difficulties are followed up.

    Attributes
    ----------
    due_days
        ``{category: days}``: a new difficulty is due this many days after it was raised (a category not
        listed: ``other_due_days``).
    other_due_days
        The due time of a category not in ``due_days``.
    urgent_due_days
        An urgent difficulty is due within at most this many days.

    Examples
    --------
    >>> FieldWork().days_to_answer("자금", urgent=False), FieldWork().days_to_answer("규제", urgent=True)
    (14, 7)
    """

    due_days: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_DUE_DAYS))
    other_due_days: int = 30
    urgent_due_days: int = 7

    def __post_init__(self) -> None:
        for name, value in (("other_due_days", self.other_due_days), ("urgent_due_days", self.urgent_due_days),
                            *self.due_days.items()):
            if value < 1:
                raise OptionError("error.option_at_least", option=name, value=value, minimum=1)

    def days_to_answer(self, category: str | None, *, urgent: bool) -> int:
        """How many days after it was raised a difficulty of ``category`` is due."""
        days = self.due_days.get(category or "", self.other_due_days)
        return min(days, self.urgent_due_days) if urgent else days


def _due_days(text: str) -> dict[str, int]:
    """``자금=14,인력=30`` → ``{"자금": 14, "인력": 30}`` on top of the defaults.

    Examples
    --------
    >>> _due_days("자금=7, 규제 = 60")["규제"], _due_days("")["자금"]
    (60, 14)
    """
    out = dict(DEFAULT_DUE_DAYS)
    for part in filter(None, (p.strip() for p in text.split(","))):
        category, _, days = (x.strip() for x in part.partition("="))
        if not category or not days.isdigit() or int(days) < 1:
            raise OptionError("error.option_at_least", option=f"NETWORK_DUE_DAYS ({category or part})",
                              value=days or part, minimum=1)
        out[category] = int(days)
    return out


@dataclass(frozen=True)
class Feedback:
    """What the outcomes of suggestions change (:mod:`network.feedback`).

    Attributes
    ----------
    decline_months
        A pair declined (관심 없음) is not suggested again, in either direction, for this many months
        (``NETWORK_DECLINE_MONTHS``; 0: a decline suppresses nothing).

    Examples
    --------
    >>> Feedback().decline_months
    12
    >>> Feedback(decline_months=-1)
    Traceback (most recent call last):
    ...
    network.errors.OptionError: decline_months의 값 -1: 0 이상이어야 합니다
    """

    decline_months: int = 12

    def __post_init__(self) -> None:
        _check_at_least(self, 0)


def _months(text: str) -> int:
    """``NETWORK_DECLINE_MONTHS``: a whole number of months, 0 or more (empty: the default).

    Examples
    --------
    >>> _months(" 6 "), _months("")
    (6, 12)
    """
    value = text.strip()
    if not value:
        return Feedback.decline_months
    if not value.isdigit():
        raise OptionError("error.option_at_least", option="NETWORK_DECLINE_MONTHS", value=value, minimum=0)
    return int(value)


@dataclass(frozen=True)
class Settings:
    """Everything configurable, in one validated object.

    Attributes
    ----------
    limits, defaults, sign_in, field_work, feedback
        See :class:`Limits`, :class:`Defaults`, :class:`SignIn`, :class:`FieldWork` and :class:`Feedback`.
    workspace_dir
        The folder of the embedded workspace (an SQLite file; git-ignored).
    database_url
        A database URL for a shared workspace (``postgresql+psycopg://…``); ``None`` means the
        embedded SQLite file in ``workspace_dir``.
    """

    limits: Limits = field(default_factory=Limits)
    defaults: Defaults = field(default_factory=Defaults)
    sign_in: SignIn = field(default_factory=SignIn)
    field_work: FieldWork = field(default_factory=FieldWork)
    feedback: Feedback = field(default_factory=Feedback)
    workspace_dir: Path = ROOT / ".workspace"
    database_url: str | None = None

    @property
    def workspace_url(self) -> str:
        """The URL of the workspace database: ``database_url``, or the SQLite file in ``workspace_dir``.

        Examples
        --------
        >>> Settings(workspace_dir=Path("/srv/rcn")).workspace_url
        'sqlite:////srv/rcn/network.db'
        """
        return self.database_url or f"sqlite:///{self.workspace_dir / 'network.db'}"


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from the environment (all optional): ``DATABASE_URL``, ``NETWORK_WORKSPACE_DIR``,
    ``NETWORK_IDLE_MINUTES`` (sign in again after this idle time) and ``NETWORK_ROLE_CLAIM``,
    ``NETWORK_FEDERATION_CLAIM``, ``NETWORK_OFFICE_CLAIM`` (single sign-on claims, see :class:`SignIn`) and ``NETWORK_DUE_DAYS``
    (days to answer a difficulty per category, e.g. ``자금=14,규제=45``; see :class:`FieldWork`) and
    ``NETWORK_DECLINE_MONTHS`` (how long a declined pair is not suggested again; see :class:`Feedback`).

    Examples
    --------
    >>> load_settings({"DATABASE_URL": "postgresql+psycopg://rcn@db/rcn"}).workspace_url
    'postgresql+psycopg://rcn@db/rcn'
    >>> load_settings({}).workspace_dir.name
    '.workspace'
    >>> load_settings({"NETWORK_IDLE_MINUTES": "10"}).sign_in.idle_minutes
    10
    >>> load_settings({"NETWORK_DUE_DAYS": "자금=7"}).field_work.due_days["자금"]
    7
    >>> load_settings({"NETWORK_DECLINE_MONTHS": "6"}).feedback.decline_months
    6
    """
    env = os.environ if environ is None else environ
    directory = env.get("NETWORK_WORKSPACE_DIR")
    idle = env.get("NETWORK_IDLE_MINUTES", "").strip()
    if idle and not idle.isdigit():
        raise OptionError("error.option_at_least", option="NETWORK_IDLE_MINUTES", value=idle, minimum=1)
    sign_in = SignIn(idle_minutes=int(idle) if idle else SignIn.idle_minutes,
                     role_claim=env.get("NETWORK_ROLE_CLAIM") or None,
                     federation_claim=env.get("NETWORK_FEDERATION_CLAIM") or None,
                     office_claim=env.get("NETWORK_OFFICE_CLAIM") or None)
    return Settings(workspace_dir=Path(directory) if directory else ROOT / ".workspace",
                    database_url=env.get("DATABASE_URL") or None, sign_in=sign_in,
                    field_work=FieldWork(due_days=_due_days(env.get("NETWORK_DUE_DAYS", ""))),
                    feedback=Feedback(decline_months=_months(env.get("NETWORK_DECLINE_MONTHS", ""))))


#: The settings with every default (what the app and the command line use unless told otherwise).
SETTINGS = Settings()
