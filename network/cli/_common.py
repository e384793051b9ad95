"""What every command shares: exit codes, option checks, reading ``--data``, the progress bar."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import pandas as pd

from network import dataset as _dataset
from network import texts
from network.dataset import Dataset
from network.errors import DataError, OptionError
from network.texts import Language

if TYPE_CHECKING:
    from network.evaluate import Model
    from network.store import VersionInfo, Workspace

EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE = 0, 1, 2


def at_least(option: str, value: float, minimum: float) -> None:
    """Raise :class:`OptionError` unless ``value >= minimum``."""
    if value < minimum:
        raise OptionError("error.option_at_least", option=option, value=value, minimum=minimum)


def positive(option: str, value: float) -> None:
    """Raise :class:`OptionError` unless ``value > 0``."""
    if not value > 0:
        raise OptionError("error.option_positive", option=option, value=value)


def suffix(option: str, path: Path, allowed: Sequence[str]) -> str:
    """The lower-case suffix of ``path``; raise :class:`OptionError` unless it is one of ``allowed``."""
    found = path.suffix.lower()
    if found not in allowed:
        raise OptionError("error.option_suffix", option=option, value=str(path), allowed=", ".join(allowed))
    return found


def current_version(workspace: Workspace, language: Language) -> VersionInfo:
    """The workspace's current version (an empty one starts with the sample); when that is the bundled sample,
    a note on stderr says so: results about fictional firms must never pass for the user's own (an import that
    failed leaves the sample current)."""
    version = workspace.current_or_sample(language=language)
    if version.is_sample:
        print(texts.t("cli.on_sample", language, members=version.tables.get("members", 0)), file=sys.stderr)
    return version


def load_data(directory: Path | None, language: Language, db: str | None = None) -> Dataset:
    """The data an analysis command works on: the workspace's current version (``--db``, default the
    workspace the app uses; an empty one starts with the sample), or the files of ``--data DIR``,
    read and validated (rejected rows are noted on stderr).

    Raises
    ------
    DataError
        If a file of ``--data`` cannot be read at all.
    StoreError
        If the workspace cannot be opened.
    """
    if directory is None:
        from network.store import Workspace

        workspace = Workspace(db)
        return workspace.load(current_version(workspace, language).id)
    dataset = _dataset.load_dataset(directory)
    if dataset.report.file_errors:
        raise DataError(dataset.report.file_errors)
    if dataset.report.n_rejected:
        print(texts.t("error.rows_rejected_note", language, rejected=dataset.report.n_rejected), file=sys.stderr)
    return dataset


def load_for_suggestions(directory: Path | None, language: Language, db: str | None = None
                         ) -> tuple[Dataset, pd.DataFrame | None, Model]:
    """The data suggestions are made from, the pairs not to suggest, and the suggestion model.

    From the workspace: its current version with what was recorded in the app (partnered pairs are
    partnerships), the pairs declined within the settings' months and the version's model
    (:meth:`network.store.Workspace.suggestion_model`, chosen once per version).  From ``--data``: the files, no
    declined pairs, and the model chosen from them (:func:`network.evaluate.choose_model`).
    """
    from network import evaluate

    if directory is None:
        from network.store import Workspace

        workspace = Workspace(db)
        current_version(workspace, language)
        return (workspace.load_with_records(language=language), workspace.outcomes.declined(),
                workspace.suggestion_model())
    dataset = load_data(directory, language)
    return dataset, None, evaluate.choose_model(dataset.members, dataset.partnerships)


def cli_actor() -> str:
    """Who a command acts as in the audit log: ``cli:`` and the operating-system user."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no name for the uid (e.g. in a container)
        return "cli"


def db_argument(parser: argparse.ArgumentParser) -> None:
    """``--db URL``: the workspace (default: ``DATABASE_URL``, else the app's SQLite file in ``.workspace/``)."""
    parser.add_argument("--db", metavar="URL",
                        help="workspace database (default: DATABASE_URL, else .workspace/network.db)")


def data_argument(parser: argparse.ArgumentParser, tables: str = "members.csv, partnerships.csv, …") -> None:
    """``--db URL`` (the workspace's current version, the default) or ``--data DIR`` (files)."""
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--data", type=Path, help=f"read files instead of the workspace: a directory with {tables}")
    source.add_argument("--db", metavar="URL",
                        help="workspace database (default: DATABASE_URL, else .workspace/network.db)")


class ProgressBar:
    """A one-line progress bar on stderr: ``partnerships  [########------]  57%``."""

    def __init__(self, stream: TextIO | None = None, width: int = 30):
        self.stream = stream or sys.stderr
        self.width = width
        self.stage = ""
        self.started = time.perf_counter()

    def __call__(self, stage: str, step: int, total: int) -> None:
        if stage != self.stage and self.stage:
            self.stream.write("\n")
        self.stage = stage
        frac = 0.0 if total <= 0 else min(1.0, step / total)
        filled = int(round(frac * self.width))
        elapsed = time.perf_counter() - self.started
        self.stream.write(f"\r{stage:<13} [{'#' * filled}{'-' * (self.width - filled)}] {frac:4.0%}  {elapsed:5.1f}s")
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.stage:
            self.stream.write("\n")
            self.stream.flush()
