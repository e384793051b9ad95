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

__all__ = ["ROOT", "SETTINGS", "Defaults", "Limits", "Settings", "load_settings"]

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

    def __post_init__(self) -> None:
        _check_at_least(self, 1)


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
    """

    suggestions: int = 10
    diversity_factor: int = 2
    backtest_cutoff: str = "2024-01-01"
    window_months: int = 12
    plan_sites: int = 10
    plan_radius_km: float = 30.0

    def __post_init__(self) -> None:
        _check_at_least(self, 1)

    def diversity_cap(self, top: int) -> int:
        """How often one firm may be suggested across all members' lists of ``top`` suggestions.

        Examples
        --------
        >>> Defaults().diversity_cap(10)
        20
        """
        return self.diversity_factor * top


@dataclass(frozen=True)
class Settings:
    """Everything configurable, in one validated object.

    Attributes
    ----------
    limits, defaults
        See :class:`Limits` and :class:`Defaults`.
    workspace_dir
        The folder of the embedded workspace (an SQLite file; git-ignored).
    database_url
        A database URL for a shared workspace (``postgresql+psycopg://…``); ``None`` means the
        embedded SQLite file in ``workspace_dir``.
    """

    limits: Limits = field(default_factory=Limits)
    defaults: Defaults = field(default_factory=Defaults)
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
    """Settings from the environment: ``DATABASE_URL`` and ``NETWORK_WORKSPACE_DIR`` (both optional).

    Examples
    --------
    >>> load_settings({"DATABASE_URL": "postgresql+psycopg://rcn@db/rcn"}).workspace_url
    'postgresql+psycopg://rcn@db/rcn'
    >>> load_settings({}).workspace_dir.name
    '.workspace'
    """
    env = os.environ if environ is None else environ
    directory = env.get("NETWORK_WORKSPACE_DIR")
    return Settings(workspace_dir=Path(directory) if directory else ROOT / ".workspace",
                    database_url=env.get("DATABASE_URL") or None)


#: The settings with every default (what the app and the command line use unless told otherwise).
SETTINGS = Settings()
