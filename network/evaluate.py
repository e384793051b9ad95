"""How good have the suggestions been? Back-tests on past data, and fitting the weights.

A back-test hides the partnerships that started on or after a cut-off date,
recommends from the rest, and checks the suggestions against what actually
happened next.  The combined model is compared with simple baselines on the
same members:

``combined``             the engine with weights fitted on the data *before* the cut-off
``random``               random members within the scope
``common_neighbours``    number of shared partners
``adamic_adar``          Σ 1 / log(degree) of shared partners
``resource_allocation``  Σ 1 / degree of shared partners
``same_group``           members of the same 교류회 (ties broken by id)
``industry``             industry complementarity only

Metrics, over the members with at least one new partnership after the cut-off:
``precision@k`` (share of the k suggestions that came true), ``recall@k`` (share
of the member's new partners that were suggested), ``mrr`` (1 / rank of the
first hit), ``hit_rate`` (members with at least one hit), ``coverage`` (members
who got at least one suggestion), and how concentrated the suggestions are:
``top1pct_share`` (share of all suggestion slots taken by the 1 % most-suggested
firms) and ``gini``.

For data without dates, :func:`random_split` hides a random share of partnerships instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import pandas as pd

from network import recommend, texts
from network.errors import InsufficientDataError
from network.recommend import DEFAULT_WEIGHTS, SIGNALS, Options, Weights
from network.texts import Language

__all__ = [
    "METHODS", "METRICS", "MIN_WINDOW_PAIRS", "Model", "Split", "VALIDATION_MEMBERS", "WINDOW_SHARE", "backtest",
    "choose_model", "fit_weights", "method_label", "outcome_window", "random_split", "reading", "time_split",
    "weights_text",
]

METHODS: tuple[str, ...] = (
    "combined", "random", "common_neighbours", "adamic_adar", "resource_allocation", "same_group", "industry",
)
METRICS: tuple[str, ...] = ("precision@k", "recall@k", "mrr", "hit_rate", "coverage", "top1pct_share", "gini")


@dataclass(frozen=True)
class Split:
    """Partnerships split into what the engine may see (``train``) and what it must find (``test``)."""

    train: pd.DataFrame
    test: pd.DataFrame
    kind: str
    cutoff: pd.Timestamp | None = None


def time_split(partnerships: pd.DataFrame, cutoff: str | pd.Timestamp) -> Split:
    """Partnerships started before ``cutoff`` to learn from; those on or after it to find.

    Raises
    ------
    InsufficientDataError
        If there are no start dates, or nothing falls on one side of the cut-off.

    Examples
    --------
    >>> p = pd.DataFrame({"source_id": ["a", "b"], "target_id": ["b", "c"],
    ...                   "started": pd.to_datetime(["2020-01-01", "2024-05-01"])})
    >>> s = time_split(p, "2024-01-01")
    >>> len(s.train), len(s.test)
    (1, 1)
    """
    cutoff = pd.Timestamp(cutoff)
    if len(partnerships) < 2:  # before the dates: with no partnership at all, a random split cannot help either
        raise InsufficientDataError("error.too_few_partnerships", count=len(partnerships))
    started = pd.to_datetime(partnerships["started"], errors="coerce") if "started" in partnerships.columns else None
    if started is None or started.notna().sum() == 0:
        raise InsufficientDataError("error.no_start_dates_split")
    train = partnerships[started < cutoff]
    test = partnerships[started >= cutoff]
    if train.empty or test.empty:
        first, last = started.min().date(), started.max().date()
        raise InsufficientDataError("error.cutoff_outside_data", cutoff=cutoff.date(), first=first, last=last)
    return Split(train, test, "time", cutoff)


def random_split(partnerships: pd.DataFrame, *, test_share: float = 0.2, seed: int = 42) -> Split:
    """Hide a random ``test_share`` of partnerships (for data without dates).

    Examples
    --------
    >>> p = pd.DataFrame({"source_id": list("abcde"), "target_id": list("bcdea")})
    >>> s = random_split(p, test_share=0.4, seed=1)
    >>> len(s.train), len(s.test)
    (3, 2)
    """
    if not 0 < test_share < 1:
        raise ValueError(f"test_share was {test_share} but is expected to be between 0 and 1")
    if len(partnerships) < 2:
        raise InsufficientDataError("error.too_few_partnerships", count=len(partnerships))
    rng = np.random.default_rng(seed)
    hidden = np.zeros(len(partnerships), dtype=bool)
    hidden[rng.choice(len(partnerships), size=max(1, int(round(test_share * len(partnerships)))), replace=False)] = True
    return Split(partnerships[~hidden], partnerships[hidden], "random")


def _test_pairs(engine: recommend.Engine, test: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """New partnerships (both directions) as (rows, cols), excluding pairs already linked before."""
    src = engine.index.get_indexer(test["source_id"].astype(str))
    dst = engine.index.get_indexer(test["target_id"].astype(str))
    ok = (src >= 0) & (dst >= 0) & (src != dst)
    src, dst = src[ok], dst[ok]
    rows, cols = np.r_[src, dst], np.r_[dst, src]
    known = np.asarray(engine.A[rows, cols]).ravel() > 0
    keys = np.unique(rows[~known].astype(np.int64) * engine.n + cols[~known])
    return keys // engine.n, keys % engine.n


def _random_lists(engine: recommend.Engine, rows: np.ndarray, k: int, scope: str, seed: int) -> pd.DataFrame:
    """k random non-partners per member, drawn from the member's scope."""
    rng = np.random.default_rng(seed)
    label = {"all": np.zeros(engine.n, dtype=np.int64), "group": engine.group,
             "federation": engine.federation, "sido": engine.sido}[scope]
    pools = {value: np.flatnonzero(label == value) for value in np.unique(label[rows])}
    out_rows: list[int] = []
    out_cols: list[int] = []
    out_rank: list[int] = []
    for row in rows.tolist():
        pool = pools[label[row]]
        partners = set(engine.A.indices[engine.A.indptr[row]:engine.A.indptr[row + 1]].tolist())
        drawn = rng.choice(pool, size=min(len(pool), k + len(partners) + 1), replace=False)
        picks = [p for p in drawn.tolist() if p != row and p not in partners][:k]
        out_rows += [row] * len(picks)
        out_cols += picks
        out_rank += list(range(1, len(picks) + 1))
    return pd.DataFrame({"row": out_rows, "col": out_cols, "rank": out_rank, "score": 1.0})


def _metrics(lists: pd.DataFrame, rows: np.ndarray, truth_rows: np.ndarray, truth_cols: np.ndarray,
             n: int, k: int) -> dict[str, float]:
    truth = truth_rows.astype(np.int64) * n + truth_cols
    per_member_truth = pd.Series(truth_rows).value_counts()
    if lists.empty:
        hits = pd.DataFrame(columns=["row", "rank"])
    else:
        keys = lists["row"].to_numpy().astype(np.int64) * n + lists["col"].to_numpy()
        hits = lists[np.isin(keys, truth)]
    n_hits = hits.groupby("row").size().reindex(rows, fill_value=0).to_numpy()
    first = hits.groupby("row")["rank"].min().reindex(rows).to_numpy(dtype=float)
    wanted = per_member_truth.reindex(rows, fill_value=0).to_numpy()
    got = (lists.groupby("row").size().reindex(rows, fill_value=0).to_numpy() if not lists.empty
           else np.zeros(len(rows)))
    counts = np.bincount(lists["col"].to_numpy(), minlength=n) if not lists.empty else np.zeros(n)
    ordered = np.sort(counts)[::-1]
    top = max(1, int(np.ceil(0.01 * n)))
    total = ordered.sum()
    return {
        "precision@k": float(np.mean(n_hits / k)),
        "recall@k": float(np.mean(np.divide(n_hits, wanted, out=np.zeros(len(rows)), where=wanted > 0))),
        "mrr": float(np.mean(np.where(np.isnan(first), 0.0, 1.0 / np.nan_to_num(first, nan=1.0)))),
        "hit_rate": float(np.mean(n_hits > 0)),
        "coverage": float(np.mean(got > 0)),
        "top1pct_share": float(ordered[:top].sum() / total) if total else 0.0,
        "gini": _gini(counts),
    }


def _gini(counts: np.ndarray) -> float:
    """Gini coefficient of how often each firm is suggested (0 = evenly, 1 = all to one)."""
    x = np.sort(np.asarray(counts, dtype=float))
    if x.sum() == 0:
        return 0.0
    n = len(x)
    return float((2 * np.arange(1, n + 1) - n - 1).dot(x) / (n * x.sum()))


def backtest(
    members: pd.DataFrame,
    partnerships: pd.DataFrame,
    *,
    cutoff: str | pd.Timestamp | None = "2024-01-01",
    split: str = "time",
    k: int = 10,
    weights: Weights | None = None,
    options: Options = Options(),
    methods: Sequence[str] = METHODS,
    test_share: float = 0.2,
    seed: int = 42,
    progress: Callable[[str, int, int], None] | None = None,
) -> pd.DataFrame:
    """Score every method on a time split (or random split) of the partnerships.

    Parameters
    ----------
    members, partnerships
        Validated tables.
    cutoff
        For ``split="time"``: partnerships started on or after it are hidden.
    split
        ``"time"`` or ``"random"``.
    k
        Suggestions per member.
    weights
        Weights of the ``combined`` method.  ``None`` or :data:`~network.recommend.DEFAULT_WEIGHTS`
        (what the app shows until someone changes a weight) choose them from the data before the cut-off
        (:func:`choose_model`: fitted, checked on a later slice, the best single signal when the fit does
        not hold up) in a time split: the defaults were fitted on the sample's own later years, so testing
        them as they are would let the test see the future.  Other weights are tested as given.
    options
        Scope, distance limit … as for the recommendations (``top`` is set to ``k``).
    methods
        Which of :data:`METHODS` to run.

    Returns
    -------
    pandas.DataFrame
        One row per method: ``method`` and the :data:`METRICS`, plus
        ``members_evaluated``, ``members_with_partners`` (of those, the members who had a partner before the
        cut-off: new members are mostly unpredictable from structure), ``precision@k_with_partners`` (precision
        on those members) and ``seconds``. ``attrs["weights"]`` holds the weights used by ``combined``,
        ``attrs["model"]`` how they were chosen (:meth:`Model.as_dict`), ``attrs["split"]`` the split.

    Raises
    ------
    InsufficientDataError
        If the data cannot be split (no dates, empty side) or no member has a new
        partnership to find.

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": list("abcd"), "group": ["g"] * 4})
    >>> p = pd.DataFrame({"source_id": ["a", "b", "a"], "target_id": ["b", "c", "c"],
    ...                   "started": pd.to_datetime(["2020-01-01", "2020-06-01", "2024-03-01"])})
    >>> table = backtest(m, p, cutoff="2024-01-01", k=1, weights=Weights.only("common_neighbours"),
    ...                  methods=["combined", "same_group"], options=Options(hub_quantile=None))
    >>> table.set_index("method").loc["combined", "precision@k"]
    np.float64(1.0)
    """
    import time

    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        raise ValueError(f"methods {unknown} are not known; expected some of {list(METHODS)}")
    if k < 1:
        raise ValueError(f"k was {k} but is expected to be at least 1")
    if split == "time":
        if cutoff is None:
            raise ValueError("a time split needs a cutoff date")
        parts = time_split(partnerships, cutoff)
    elif split == "random":
        parts = random_split(partnerships, test_share=test_share, seed=seed)
    else:
        raise ValueError(f"split was {split!r} but is expected to be in ['time', 'random']")
    options = recommend.with_options(options, top=k, diversity_cap=None)
    engine = recommend.prepare(members, parts.train)
    truth_rows, truth_cols = _test_pairs(engine, parts.test)
    rows = np.unique(truth_rows)
    if len(rows) == 0:
        raise InsufficientDataError("error.no_new_partnerships")
    if weights is None or (weights == DEFAULT_WEIGHTS and split == "time"):
        model = (choose_model(members, parts.train, options=options, k=k, seed=seed)
                 if "combined" in methods and split == "time"
                 else Model(DEFAULT_WEIGHTS, options.hub_quantile, "default", reason="no_dates"))
    else:
        model = Model(weights, options.hub_quantile, "given")
    with_partners = rows[engine.degree[rows] > 0]
    results = []
    for i, method in enumerate(methods):
        started = time.perf_counter()
        if method == "random":
            lists = _random_lists(engine, rows, k, options.scope, seed)
        elif method == "combined":
            lists = _lists(engine, rows, model.weights, model.options(options))
        else:
            lists = _lists(engine, rows, Weights.only(method), options)
        prior = (_metrics(lists[lists["row"].isin(with_partners)], with_partners, truth_rows, truth_cols, engine.n, k)
                 if len(with_partners) else {"precision@k": float("nan")})
        row = {"method": method, **_metrics(lists, rows, truth_rows, truth_cols, engine.n, k),
               "members_evaluated": len(rows), "members_with_partners": len(with_partners),
               "precision@k_with_partners": prior["precision@k"],
               "seconds": round(time.perf_counter() - started, 2)}
        results.append(row)
        if progress is not None:
            progress("evaluate", i + 1, len(methods))
    table = pd.DataFrame(results)
    table.attrs["weights"] = model.weights.as_dict()
    table.attrs["model"] = model.as_dict()
    table.attrs["split"] = {"kind": parts.kind, "cutoff": None if parts.cutoff is None else str(parts.cutoff.date()),
                            "train": len(parts.train), "test": len(parts.test), "k": k}
    return table


#: Share of the dated partnerships (the latest ones) that make an outcome window of the fit.
WINDOW_SHARE = 0.2
#: An outcome window holds at least this many partnerships: it reaches further back when the share holds fewer.
MIN_WINDOW_PAIRS = 200
#: Members scored on the validation slice at most (a random sample beyond that).
VALIDATION_MEMBERS = 2000
#: New partnerships the validation slice needs before :func:`choose_model` lets it choose the weights: with fewer
#: (a federation's or a 시도's own data), chance decides between the signals, so the default weights are kept.
MIN_VALIDATION_PAIRS = 30
#: Below this many members evaluated, a back-test's reading warns that its percentages rest on too few members.
FEW_MEMBERS_EVALUATED = 20


def outcome_window(started: pd.Series, *, share: float = WINDOW_SHARE, min_pairs: int = MIN_WINDOW_PAIRS
                   ) -> pd.Timestamp:
    """Where the outcome window of a fit starts: the latest ``share`` of the dated partnerships, at least
    ``min_pairs`` of them, and never all of them (the fit needs a graph before the window).

    The window is chosen from the data, not as a fixed number of days: a short history still leaves the fit
    enough new partnerships to learn from, and a long one does not learn from a distant past.

    Raises
    ------
    InsufficientDataError
        If fewer than two distinct start dates are known.

    Examples
    --------
    >>> started = pd.Series(pd.to_datetime([f"20{y}-01-01" for y in range(10, 20)]))
    >>> outcome_window(started, share=0.2, min_pairs=1).year
    2018
    >>> outcome_window(started, share=0.2, min_pairs=5).year
    2015
    """
    dates = np.sort(pd.to_datetime(started, errors="coerce").dropna().to_numpy())
    if len(np.unique(dates)) < 2:
        raise InsufficientDataError("error.no_start_dates_fit")
    take = max(int(np.ceil(share * len(dates))), min_pairs)
    start = dates[max(len(dates) - take, 0)]
    if start <= dates[0]:  # keep the earliest day's partnerships before the window
        start = dates[dates > dates[0]][0]
    return pd.Timestamp(start)


def _started(partnerships: pd.DataFrame, error: str) -> pd.Series:
    started = pd.to_datetime(partnerships["started"], errors="coerce") if "started" in partnerships.columns else None
    if started is None or started.notna().sum() == 0:
        raise InsufficientDataError(error)
    return started


def fit_weights(
    members: pd.DataFrame,
    partnerships: pd.DataFrame,
    *,
    since: str | pd.Timestamp | None = None,
    options: Options = Options(),
    max_members: int = 4000,
    negatives_per_positive: int = 20,
    l2: float = 1.0,
    seed: int = 42,
) -> Weights:
    """Fit the signal weights with a logistic regression on the data's own history.

    The partnerships started on or after ``since`` (default: :func:`outcome_window`) are the outcome;
    the graph before gives the candidate pairs and their signals. Candidates that became partners are
    positives; a random sample of the others are negatives. Coefficients are fitted on standardised
    signals with an L2 penalty and turned back into weights per signal unit, so they can be read and
    adjusted. Weights are kept non-negative: a signal that would get a negative weight (usually one of
    the three nearly identical shared-partner signals) is left out.  :func:`choose_model` checks the
    fit on a later slice and falls back to the best single signal when it does not hold up.

    Raises
    ------
    InsufficientDataError
        If there are no dates or no new partnership among candidates to learn from.

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": list("abcdef"), "group": list("ggghhh")})
    >>> p = pd.DataFrame({"source_id": list("abde"), "target_id": list("bcef"),
    ...                   "started": pd.to_datetime(["2015-01-01", "2024-01-01", "2015-01-01", "2024-02-01"])})
    >>> w = fit_weights(m, p, since="2023-01-01")
    >>> all(v >= 0 for v in w.as_dict().values())
    True
    """
    return _fit(members, partnerships, since=since, options=options, max_members=max_members,
                negatives_per_positive=negatives_per_positive, l2=l2, seed=seed)[0]


def _fit(members: pd.DataFrame, partnerships: pd.DataFrame, *, since: str | pd.Timestamp | None, options: Options,
         max_members: int = 4000, negatives_per_positive: int = 20, l2: float = 1.0, seed: int = 42
         ) -> tuple[Weights, int]:
    """:func:`fit_weights` and the number of positive pairs it learned from."""
    started = _started(partnerships, "error.no_start_dates_fit")
    split_at = outcome_window(started) if since is None else pd.Timestamp(since)
    engine = recommend.prepare(members, partnerships[started < split_at])
    later = partnerships[started >= split_at]
    truth_rows, truth_cols = _test_pairs(engine, later)
    rows = np.unique(truth_rows)
    rng = np.random.default_rng(seed)
    if len(rows) > max_members:
        rows = np.sort(rng.choice(rows, size=max_members, replace=False))
    if len(rows) == 0:
        raise InsufficientDataError("error.no_outcomes_to_fit")
    pairs = recommend.candidate_signals(engine, rows, options)
    keys = pairs["row"].to_numpy().astype(np.int64) * engine.n + pairs["col"].to_numpy()
    label = np.isin(keys, truth_rows.astype(np.int64) * engine.n + truth_cols)
    positives = int(label.sum())
    if positives == 0:
        raise InsufficientDataError("error.no_outcomes_to_fit")
    negatives = np.flatnonzero(~label)
    take = min(len(negatives), positives * negatives_per_positive)
    chosen = np.r_[np.flatnonzero(label), rng.choice(negatives, size=take, replace=False)]
    X = pairs[list(SIGNALS)].to_numpy()[chosen]
    y = label[chosen].astype(float)
    mean, std = X.mean(axis=0), X.std(axis=0)
    std[std == 0] = 1.0
    Z = (X - mean) / std
    # keep weights non-negative so each reads as "this helps": a signal whose weight comes out
    # negative (usually one of the three near-identical shared-partner signals) is dropped and
    # the rest refitted
    active = np.ones(len(SIGNALS), dtype=bool)
    coef = np.zeros(len(SIGNALS))
    for _ in range(len(SIGNALS)):
        fitted = _logistic_regression(Z[:, active], y, l2=l2)[1:]
        coef[:] = 0.0
        coef[active] = fitted
        if (fitted >= 0).all():
            break
        active[np.flatnonzero(active)[np.argmin(fitted)]] = False
    weights = Weights(**{name: float(np.round(c / s, 3)) for name, c, s in zip(SIGNALS, coef, std)})
    return weights, positives


Decision = Literal["fitted", "fallback", "default", "given"]


@dataclass(frozen=True)
class Model:
    """The weights and hub cap the suggestions use, and how they were chosen (see :func:`choose_model`).

    ``decision`` is ``fitted`` (the regression held up on the validation slice), ``fallback`` (the best
    single signal on that slice: the fit was degenerate, lost, or had nothing to learn from — ``reason``
    says which), ``default`` (no dated history to learn from: :data:`~network.recommend.DEFAULT_WEIGHTS`) or
    ``given`` (weights a person chose, used as they are).  ``validation`` holds precision@k on the
    validation slice of the fitted weights (``fitted``) and of each single signal; ``hub_cap`` that of the
    chosen weights with and without the hub cap (``with_cap``, ``without_cap``).
    """

    weights: Weights
    hub_quantile: float | None
    decision: Decision
    reason: str = ""
    fallback_signal: str | None = None
    fitted: Weights | None = None
    positives: int = 0
    fit_window: tuple[str, str] | None = None
    validation_window: tuple[str, str] | None = None
    validation_members: int = 0
    validation: dict[str, float] = field(default_factory=dict)
    hub_cap: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Model:
        """The model back from :meth:`as_dict` (e.g. a back-test table's ``attrs["model"]``).

        Examples
        --------
        >>> m = Model(Weights.only("tags"), None, "fallback", reason="fit_lost", fallback_signal="tags")
        >>> Model.from_dict(m.as_dict()) == m
        True
        """
        window = lambda w: None if w is None else (str(w[0]), str(w[1]))  # noqa: E731
        fitted = values.get("fitted_weights")
        return cls(Weights(**values["weights"]), values["hub_quantile"], values["decision"],
                   reason=values.get("reason", ""), fallback_signal=values.get("fallback_signal"),
                   fitted=None if fitted is None else Weights(**fitted), positives=values.get("positives", 0),
                   fit_window=window(values.get("fit_window")), validation_window=window(values.get("validation_window")),
                   validation_members=values.get("validation_members", 0),
                   validation=dict(values.get("validation_precision", {})), hub_cap=dict(values.get("hub_cap_precision", {})))

    def options(self, options: Options) -> Options:
        """``options`` with this model's hub cap."""
        return recommend.with_options(options, hub_quantile=self.hub_quantile)

    def as_dict(self) -> dict[str, Any]:
        """Everything as plain JSON-ready values (weights as ``{signal: weight}``)."""
        return {"decision": self.decision, "reason": self.reason, "fallback_signal": self.fallback_signal,
                "weights": self.weights.as_dict(), "fitted_weights": None if self.fitted is None else self.fitted.as_dict(),
                "hub_quantile": self.hub_quantile, "positives": self.positives,
                "fit_window": None if self.fit_window is None else list(self.fit_window),
                "validation_window": None if self.validation_window is None else list(self.validation_window),
                "validation_members": self.validation_members,
                "validation_precision": {k: round(v, 6) for k, v in self.validation.items()},
                "hub_cap_precision": {k: round(v, 6) for k, v in self.hub_cap.items()}}

    def describe(self, language: Language = "ko") -> str:
        """One plain sentence: which weights are used and why.

        Examples
        --------
        >>> Model(Weights.only("adamic_adar"), None, "fallback", reason="fit_lost",
        ...       fallback_signal="adamic_adar").describe("en")  # doctest: +ELLIPSIS
        'Suggestions use the best single signal on the validation slice, shared partners (Adamic–Adar): the fitted...'
        """
        hub = texts.t("model.hub_off" if self.hub_quantile is None
                      else "model.hub_on" if self.hub_cap else "model.hub_on_default", language)
        if self.decision == "fitted":
            return texts.t("model.fitted", language, positives=self.positives, start=self.fit_window[0] if self.fit_window
                           else "", end=self.fit_window[1] if self.fit_window else "", hub=hub,
                           fitted=self.validation.get("fitted", 0.0), best=self._best_single(language),
                           best_value=self._best_value())
        if self.decision == "fallback":
            signal = recommend.signal_label(self.fallback_signal or "same_group", language)
            why = texts.t(f"model.reason.{self.reason}", language, fitted=self.validation.get("fitted", 0.0),
                          best_value=self._best_value())
            return texts.t("model.fallback", language, signal=signal, why=why, hub=hub)
        return texts.t(f"model.{self.decision}", language, hub=hub)

    def table(self, language: Language = "ko") -> pd.DataFrame:
        """Per signal: the weight used, the fitted weight and precision@k alone on the validation slice
        (``signal``, ``weight``, ``fitted_weight``, ``validation_precision``; NaN where not known).

        Examples
        --------
        >>> Model(Weights.only("tags"), None, "fallback", validation={"tags": 0.02}).table("en").iloc[4].to_dict()
        {'signal': 'offers ↔ needs', 'weight': 1.0, 'fitted_weight': nan, 'validation_precision': 0.02}
        """
        fitted = self.fitted.as_dict() if self.fitted is not None else {}
        return pd.DataFrame({
            "signal": [recommend.signal_label(name, language) for name in SIGNALS],
            "weight": self.weights.as_array(),
            "fitted_weight": [fitted.get(name, np.nan) for name in SIGNALS],
            "validation_precision": [self.validation.get(name, np.nan) for name in SIGNALS],
        })

    def _single(self) -> dict[str, float]:
        return {k: v for k, v in self.validation.items() if k in SIGNALS}

    def _best_value(self) -> float:
        return max(self._single().values(), default=0.0)

    def _best_single(self, language: Language) -> str:
        single = self._single()
        return recommend.signal_label(max(single, key=single.__getitem__), language) if single else "-"


def _precision_at_k(engine: recommend.Engine, rows: np.ndarray, truth_rows: np.ndarray, truth_cols: np.ndarray,
                    weights: Weights, options: Options) -> float:
    lists = _lists(engine, rows, weights, options)
    return _metrics(lists, rows, truth_rows, truth_cols, engine.n, options.top)["precision@k"]


def _lists(engine: recommend.Engine, rows: np.ndarray, weights: Weights, options: Options) -> pd.DataFrame:
    """Each row's suggestions (``row``, ``col``, ``rank``, ``score``); pairs scoring 0 are not suggestions."""
    lists = recommend.score_members(engine, rows, weights=weights, options=options)
    return lists[lists["score"] > 0]


def choose_model(
    members: pd.DataFrame,
    partnerships: pd.DataFrame,
    *,
    options: Options = Options(),
    k: int = 10,
    seed: int = 42,
) -> Model:
    """The weights and hub cap to suggest with, learned from the data and checked on a later slice.

    Two outcome windows are taken from the dated partnerships (:func:`outcome_window`): the latest one is the
    *validation slice*, the one before it the *fit window*.

    1. The weights are fitted (:func:`fit_weights`) on the graph before the fit window, with the fit
       window's new partnerships as the outcome.
    2. On the graph before the validation slice, the fitted weights and each single signal suggest ``k``
       partners to the members who formed new partnerships in the slice; precision@k says which did best.
    3. The fitted weights are kept when they do at least as well as the best single signal; otherwise
       (all-zero or degenerate fit, no new partnership to learn from, or simply worse) the best single
       signal is used (``decision = "fallback"``). Kept fitted weights are then fitted again on the latest
       window (the validation slice) so they reflect the most recent years.
    4. The hub cap (``options.hub_quantile``) is kept only when it raises precision@k on the slice.

    With no dated partnerships, or fewer than :data:`MIN_VALIDATION_PAIRS` new ones in the validation slice,
    the result is :data:`~network.recommend.DEFAULT_WEIGHTS` (``default``).

    Examples
    --------
    >>> m = pd.DataFrame({"member_id": list("abcdefgh"), "group": list("ggggghhh")})
    >>> p = pd.DataFrame({"source_id": list("abcdefa"), "target_id": list("bcdefgh"),
    ...                   "started": pd.to_datetime([f"20{y}-01-01" for y in range(15, 22)])})
    >>> model = choose_model(m, p, k=2)
    >>> model.decision, model.reason, model.validation_window  # 6 new partnerships cannot choose the weights
    ('default', 'too_few_outcomes', ('2016-01-01', '2021-01-01'))
    """
    options = recommend.with_options(options, top=k, diversity_cap=None)
    started = pd.to_datetime(partnerships["started"], errors="coerce") if "started" in partnerships.columns else None
    if started is None or started.nunique() < 3:
        return Model(DEFAULT_WEIGHTS, options.hub_quantile, "default", reason="no_dates")
    day = lambda ts: str(pd.Timestamp(ts).date())  # noqa: E731
    validation_start = outcome_window(started)
    earlier = started < validation_start
    try:
        fit_start = outcome_window(started[earlier])
        fitted, positives = _fit(members, partnerships[earlier], since=fit_start, options=options, seed=seed)
    except InsufficientDataError:
        fit_start, fitted, positives = None, None, 0
    engine = recommend.prepare(members, partnerships[earlier])
    truth_rows, truth_cols = _test_pairs(engine, partnerships[~earlier & started.notna()])
    rows = np.unique(truth_rows)
    if len(rows) > VALIDATION_MEMBERS:
        rows = np.sort(np.random.default_rng(seed).choice(rows, size=VALIDATION_MEMBERS, replace=False))
    base = Model(DEFAULT_WEIGHTS, options.hub_quantile, "default", reason="no_outcomes", fitted=fitted,
                 positives=positives, validation_members=len(rows),
                 fit_window=None if fit_start is None else (day(fit_start), day(started[earlier].max())),
                 validation_window=(day(validation_start), day(started.max())))
    if len(truth_rows) < MIN_VALIDATION_PAIRS:  # a handful of pairs cannot tell the signals apart
        return replace(base, reason="too_few_outcomes")
    def precision(lists: pd.DataFrame) -> float:
        lists = lists[lists["score"] > 0]
        return round(_metrics(lists, rows, truth_rows, truth_cols, engine.n, options.top)["precision@k"], 6)

    score = lambda w, o=options: round(_precision_at_k(engine, rows, truth_rows, truth_cols, w, o), 6)  # noqa: E731
    degenerate = fitted is None or not (fitted.as_array() > 0).any()
    candidates = {name: Weights.only(name) for name in SIGNALS}
    if not degenerate:
        assert fitted is not None
        candidates = {"fitted": fitted, **candidates}
    lists = recommend.score_members_many(engine, rows, list(candidates.values()), options=options)
    validation = {name: precision(found) for name, found in zip(candidates, lists)}
    best = max(SIGNALS, key=lambda name: (validation[name], -SIGNALS.index(name)))
    if not degenerate and validation["fitted"] >= validation[best]:
        assert fitted is not None
        decision: Decision = "fitted"
        reason, signal = "fitted_best", None
        try:
            refitted = fit_weights(members, partnerships, since=validation_start, options=options, seed=seed)
        except InsufficientDataError:
            refitted = fitted
        weights = refitted if (refitted.as_array() > 0).any() else fitted
        chosen = fitted
    else:
        decision, signal = "fallback", best
        reason = "no_outcomes" if fitted is None else "fit_degenerate" if degenerate else "fit_lost"
        weights = chosen = Weights.only(best)
    hub_quantile = options.hub_quantile
    hub_cap: dict[str, float] = {}
    if hub_quantile is not None:
        with_cap = validation["fitted" if decision == "fitted" else best]
        without_cap = score(chosen, recommend.with_options(options, hub_quantile=None))
        hub_cap = {"with_cap": with_cap, "without_cap": without_cap}
        if with_cap <= without_cap:
            hub_quantile = None
    return replace(base, weights=weights, hub_quantile=hub_quantile, decision=decision, reason=reason,
                   fallback_signal=signal, validation=validation, hub_cap=hub_cap)


def _logistic_regression(X: np.ndarray, y: np.ndarray, *, l2: float = 1.0, iterations: int = 50) -> np.ndarray:
    """Newton–Raphson for L2-penalised logistic regression; returns [intercept, coefficients…]."""
    Xb = np.c_[np.ones(len(X)), X]
    beta = np.zeros(Xb.shape[1])
    penalty = np.full(Xb.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(Xb @ beta, -30, 30)))
        gradient = Xb.T @ (p - y) + penalty * beta
        hessian = (Xb * (p * (1 - p))[:, None]).T @ Xb + np.diag(penalty)
        step = np.linalg.solve(hessian + 1e-9 * np.eye(len(beta)), gradient)
        beta -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return beta


def method_label(method: str, language: Language = "ko") -> str:
    """The name people see for a back-test method: the combined model, random suggestions, or a signal's name.

    Examples
    --------
    >>> method_label("combined"), method_label("same_group"), method_label("random", "en")
    ('종합 모델', '같은 교류회', 'random')
    """
    if method in ("combined", "random"):
        return texts.t(f"method.{method}", language)
    return recommend.signal_label(method, language)


def weights_text(weights: recommend.Weights | dict[str, float], language: Language = "ko") -> str:
    """Weights as people read them: each signal's name and weight, the strongest first, zeros last.

    Examples
    --------
    >>> weights_text({"same_group": 2.5, "distance": 0.0, "tags": 0.391})
    '같은 교류회 2.5, 제공↔필요 0.391, 거리 0'
    """
    items = weights.as_dict().items() if hasattr(weights, "as_dict") else dict(weights).items()
    ordered = sorted(items, key=lambda kv: -float(kv[1]))
    return ", ".join(f"{recommend.signal_label(k, language)} {float(v):.3g}" for k, v in ordered)


def reading(table: pd.DataFrame, *, language: Language = "ko") -> str:
    """A short plain-language reading of a back-test table.

    Examples
    --------
    >>> t = pd.DataFrame({"method": ["combined", "adamic_adar", "random"], "precision@k": [0.06, 0.04, 0.001],
    ...                   "hit_rate": [0.4, 0.3, 0.01], "coverage": [1.0, 0.8, 1.0], "members_evaluated": [100] * 3})
    >>> t.attrs["split"] = {"kind": "time", "cutoff": "2024-01-01", "k": 10}
    >>> print(reading(t, language="en"))  # doctest: +NORMALIZE_WHITESPACE
    Hiding the partnerships started on or after 2024-01-01 and suggesting 10 partners to each of the 100 members
    who formed new ones: 6.0% of the combined model's suggestions came true (40% of members got at least one
    right), 1.5× the best single signal (shared partners (Adamic–Adar), 4.0%) and 60× random suggestions (0.1%).
    """
    t = table.set_index("method")
    split = table.attrs.get("split", {})
    k = split.get("k", 10)
    n = int(t["members_evaluated"].iloc[0])
    baselines = [m for m in t.index if m not in ("combined", "random")]
    best = max(baselines, key=lambda m: t.loc[m, "precision@k"]) if baselines else None
    kind = "reading.intro_time" if split.get("kind") == "time" else "reading.intro_random"
    intro = texts.t(kind, language, cutoff=split.get("cutoff"), members=n, k=k)
    if "combined" not in t.index:
        return texts.t("reading.intro_only", language, intro=intro)
    combined = t.loc["combined", "precision@k"]
    first = texts.t("reading.combined", language, intro=intro, precision=combined, hit=t.loc["combined", "hit_rate"])
    comparisons = []
    if best is not None:
        other = t.loc[best, "precision@k"]
        if combined >= other:
            comparisons.append(texts.t("reading.above_best", language, best=method_label(best, language), other=other,
                                       ratio=combined / other if other > 0 else float("inf")))
        else:
            comparisons.append(texts.t("reading.below_best", language, best=method_label(best, language), other=other,
                                       gap=other - combined))
    if "random" in t.index and t.loc["random", "precision@k"] > 0:
        r = t.loc["random", "precision@k"]
        comparisons.append(texts.t("reading.vs_random", language, random=r, times=combined / r))
    if not comparisons:
        text = texts.t("reading.combined_only", language, combined=first)
    else:
        text = texts.t("reading.with_comparisons", language, combined=first,
                       comparisons=texts.t("reading.and", language).join(comparisons))
    if "members_with_partners" in t.columns and t.loc["combined", "members_with_partners"] > 0:
        text += " " + texts.t("reading.with_partners", language, k=k,
                              with_partners=int(t.loc["combined", "members_with_partners"]),
                              precision=t.loc["combined", "precision@k_with_partners"])
    if n < FEW_MEMBERS_EVALUATED:  # a handful of members: percentages that chance alone could give
        text += " " + texts.t("reading.few_members", language, members=n)
    return text
