"""Build a real, public, dated collaboration network for the back-test: EU Horizon 2020 co-participation.

Data set
    CORDIS — *EU research projects under Horizon 2020 (2014-2020)*, published by the European Commission
    (Community Research and Development Information Service, https://cordis.europa.eu/; listing
    https://data.europa.eu/data/datasets/cordisH2020projects; original files
    https://cordis.europa.eu/data/cordis-h2020projects.csv and ``cordis-h2020organizations.csv``), as of its
    2020-12-14 update.  One row per organisation taking part in a project: the project's record number
    (``rcn``), the organisation's Participant Identification Code (``pic``), its activity type (``type``:
    PRC private company, HES higher education, REC research body, PUB public body, OTH other), its
    ``country`` and the project's ``start_date``.

Licence
    © European Union.  Reused under the Commission's reuse policy (Decision 2011/833/EU), whose standard
    licence is Creative Commons Attribution 4.0 International (CC BY 4.0,
    https://creativecommons.org/licenses/by/4.0/): attribute "CORDIS, European Commission".

Where it is read from
    The public repository https://github.com/zambujo/eunets (João Martins, MIT licence for its code), file
    ``data/h2020.csv.gz`` (2.3 MB, 144,726 participations, made by its ``R/clean.R`` from the two CORDIS
    files above).  ``--source`` is a clone of that repository, a bare git directory of it (e.g. a mirror),
    a directory holding its files, or the ``h2020.csv.gz`` file itself.

How the network is built
    * A participation without a project start date is left out (7 of 144,726).  An organisation listed
      twice in one project counts once.
    * Only projects with 2 to ``--max-consortium`` (default 10) distinct organisations are used: sharing a
      small consortium means working together, sharing one of 50–180 partners hardly does (and one such
      project alone would add up to 16,000 pairs).  Single-organisation grants (ERC, SME instrument,
      fellowships) make no pair.
    * Every two organisations in the same project are a pair; a pair is written once (``source_id`` <
      ``target_id``), ``started`` is the start date of their FIRST joint project, ``weight`` the number of
      joint projects, ``kind`` is ``H2020``.
    * Members are the organisations in at least one pair: ``member_id`` is the PIC, ``name`` is
      ``PIC <pic> (<type>, <country>)`` (the file has no names), ``federation`` is the country code (the
      most frequent over the organisation's participations; ties broken alphabetically).  There is no Korean
      location: the importer keeps such members with one ``missing_location`` warning, and the distance
      signal is simply absent.  No ``group`` (교류회): CORDIS has nothing like it.
    * Output rows are sorted, so the same input gives byte-identical files.

Usage::

    git clone https://github.com/zambujo/eunets /tmp/eunets
    python benchmarks/real_network.py --source /tmp/eunets --out /tmp/real_network
    python -m network evaluate --data /tmp/real_network --cutoff 2020-01-01 --k 10

The data is not committed to this project (see ``data/README.md``).
"""

from __future__ import annotations

import argparse
import gzip
import io
import subprocess
import sys
from pathlib import Path

import pandas as pd

REPOSITORY = "https://github.com/zambujo/eunets"
DATA_PATH = "data/h2020.csv.gz"
COLUMNS = ("rcn", "pic", "type", "country", "start_date")
DEFAULT_MAX_CONSORTIUM = 10
TARGET_TEST_SHARE = 0.2


def _is_git_dir(path: Path) -> bool:
    return (path / "HEAD").is_file() and (path / "objects").is_dir()


def read_source(source: Path) -> bytes:
    """The bytes of ``data/h2020.csv.gz`` from a file, a checkout, a directory of files or a (bare) git dir."""
    if source.is_file():
        return source.read_bytes()
    if not source.is_dir():
        raise FileNotFoundError(f"{source}: no such file or directory")
    in_tree = source / DATA_PATH
    if in_tree.is_file():
        return in_tree.read_bytes()
    flat = source / Path(DATA_PATH).name
    if flat.is_file():
        return flat.read_bytes()
    git_dir = source if _is_git_dir(source) else source / ".git"
    if _is_git_dir(git_dir):
        done = subprocess.run(
            ["git", f"--git-dir={git_dir}", "show", f"HEAD:{DATA_PATH}"], capture_output=True, check=False
        )
        if done.returncode == 0:
            return done.stdout
        raise FileNotFoundError(f"{git_dir}: no {DATA_PATH} at HEAD ({done.stderr.decode(errors='replace').strip()})")
    raise FileNotFoundError(f"{source}: neither {DATA_PATH}, {Path(DATA_PATH).name} nor a git directory")


def read_participations(raw: bytes) -> pd.DataFrame:
    """One row per (project, organisation): ``rcn``, ``pic``, ``type``, ``country``, ``start`` (Timestamp)."""
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    table = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"not the eunets h2020 table: missing column(s) {', '.join(missing)}")
    table = table[list(COLUMNS)].apply(lambda col: col.str.strip())
    table["start"] = pd.to_datetime(table["start_date"], format="%Y-%m-%d", errors="coerce")
    table = table[(table["rcn"] != "") & (table["pic"] != "") & table["start"].notna()]
    return table.drop(columns="start_date").reset_index(drop=True)


def _most_frequent(values: pd.Series) -> pd.Series:
    """Per index value (pic), its most frequent non-empty value; ties broken alphabetically."""
    values = values[values != ""]
    counts = values.groupby([values.index, values]).size().rename("n").reset_index()
    counts.columns = pd.Index(["pic", "value", "n"])
    counts = counts.sort_values(["pic", "n", "value"], ascending=[True, False, True])
    return counts.drop_duplicates("pic").set_index("pic")["value"]


def build(participations: pd.DataFrame, *, max_consortium: int = DEFAULT_MAX_CONSORTIUM) -> tuple[
    pd.DataFrame, pd.DataFrame
]:
    """``(members, partnerships)`` in the project's input format (see the module docstring)."""
    once = participations.drop_duplicates(["rcn", "pic"])
    size = once.groupby("rcn")["pic"].transform("size")
    kept = once.loc[(size >= 2) & (size <= max_consortium), ["rcn", "pic", "start"]]
    joint = kept.merge(kept[["rcn", "pic"]], on="rcn", suffixes=("_a", "_b"))
    joint = joint[joint["pic_a"] < joint["pic_b"]]
    pairs = (
        joint.groupby(["pic_a", "pic_b"], sort=True)
        .agg(started=("start", "min"), weight=("rcn", "nunique"))
        .reset_index()
        .rename(columns={"pic_a": "source_id", "pic_b": "target_id"})
    )
    pairs["kind"] = "H2020"
    pairs = pairs.sort_values(["started", "source_id", "target_id"], kind="stable").reset_index(drop=True)
    pairs["started"] = pairs["started"].dt.strftime("%Y-%m-%d")
    partnerships = pairs[["source_id", "target_id", "kind", "started", "weight"]]

    ids = sorted(set(partnerships["source_id"]) | set(partnerships["target_id"]))
    by_pic = once.set_index("pic")
    country = _most_frequent(by_pic["country"]).reindex(ids).fillna("")
    kind = _most_frequent(by_pic["type"]).reindex(ids).fillna("")
    members = pd.DataFrame({"member_id": ids})
    details = [", ".join(p for p in (t, c) if p) for t, c in zip(kind.to_numpy(), country.to_numpy())]
    members["name"] = [f"PIC {pic} ({d})" if d else f"PIC {pic}" for pic, d in zip(ids, details)]
    members["federation"] = country.to_numpy()
    return members, partnerships


def suggest_cutoff(started: pd.Series, share: float = TARGET_TEST_SHARE) -> tuple[str, float]:
    """The first day of a month leaving the share of pairs started on or after it closest to ``share``."""
    dates = pd.to_datetime(started)
    months = pd.date_range(dates.min().to_period("M").to_timestamp(), dates.max(), freq="MS")
    shares = [(abs(float((dates >= m).mean()) - share), m) for m in months]
    _, best = min(shares)
    return best.strftime("%Y-%m-%d"), float((dates >= best).mean())


def write(members: pd.DataFrame, partnerships: pd.DataFrame, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    members.to_csv(out / "members.csv", index=False, encoding="utf-8", lineterminator="\n")
    partnerships.to_csv(out / "partnerships.csv", index=False, encoding="utf-8", lineterminator="\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--source", required=True, type=Path,
                        help=f"clone, bare git dir or files of {REPOSITORY}, or its {DATA_PATH}")
    parser.add_argument("--out", required=True, type=Path, help="directory for members.csv and partnerships.csv")
    parser.add_argument("--max-consortium", type=int, default=DEFAULT_MAX_CONSORTIUM,
                        help="largest project (distinct organisations) whose members are paired (default %(default)s)")
    args = parser.parse_args(argv)
    if args.max_consortium < 2:
        parser.error("--max-consortium must be at least 2")
    try:
        participations = read_participations(read_source(args.source))
    except (OSError, ValueError) as exc:
        print(f"real_network: {exc}", file=sys.stderr)
        return 2
    members, partnerships = build(participations, max_consortium=args.max_consortium)
    write(members, partnerships, args.out)
    projects = participations.drop_duplicates(["rcn", "pic"]).groupby("rcn").size()
    used = int(((projects >= 2) & (projects <= args.max_consortium)).sum())
    cutoff, share = suggest_cutoff(partnerships["started"])
    print(f"{len(participations):,} participations in {len(projects):,} projects; {used:,} projects of 2–"
          f"{args.max_consortium} organisations used")
    print(f"{len(members):,} members, {len(partnerships):,} pairs, first joint project "
          f"{partnerships['started'].min()} … {partnerships['started'].max()} → {args.out}")
    print(f"suggested back-test cut-off: {cutoff} ({share:.1%} of pairs on or after it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
