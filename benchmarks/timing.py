"""Timing helpers shared by the benchmark scripts (run as ``python benchmarks/bench_*.py``)."""

from __future__ import annotations

import time
from typing import Callable, TypeVar

T = TypeVar("T")


def best_of(func: Callable[[], T], repeat: int = 3) -> tuple[float, T]:
    """The fastest of ``repeat`` calls of ``func`` in seconds, and the last call's result."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - started)
    return best, result
