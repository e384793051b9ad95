"""Checking uploaded files in a worker process, with a time limit and a memory ceiling.

A Streamlit server answers every session from one process.  Reading and checking a large or hostile upload
there would hold the interpreter (parsing holds the GIL: every other session waits) or swell the server's
memory (a "zip bomb"), and nothing could stop it halfway.  :func:`check_uploads` runs the whole check —
:meth:`network.store.Workspace.check_files`, reading the files and validating them with the current
version's other tables — in a process of its own, with an address-space ceiling (``RLIMIT_AS``,
:attr:`~network.config.Limits.upload_check_memory_mb` above the worker's own size), and stops it after
:attr:`~network.config.Limits.upload_check_seconds`.  The thread that asked only waits on a pipe.

The reading itself refuses files past the limits of :mod:`network.io` (an XLSX's parts, rows, cells)
before they cost much; what stops the worker becomes a file-level problem of the report like an
unreadable file: ``check_timeout``, ``check_memory`` or ``check_stopped``, naming the files.

Each worker is a fresh interpreter (``python -c``, not a fork of the server: a server with threads
cannot be forked safely) that checks one upload and ends.  One is kept started ahead of need
(:func:`start_worker`, and after each check), importing the library and loading the region tables a check
uses while it waits (about 1 s of work, 200 MB of memory); so a check does not wait for a process to
start: the sample's members file is checked in 0.67 s instead of 0.64 s in the server's own process
(1.5–2 s when no worker was waiting).
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import pickle
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from io import BytesIO
from typing import cast

from network import dataset, io
from network.config import ROOT, SETTINGS, Limits
from network.errors import DataError, NetworkError, Problem
from network.store import CheckedImport, Workspace
from network.texts import Language, t

__all__ = ["UploadCheck", "check_uploads", "limits_note", "start_worker"]

#: ``{table: (file name, bytes)}``: the files of one upload.
Files = Mapping[str, tuple[str, bytes]]

_MB = 1 << 20
_WARM_UP = "회원번호,회사명,시도,시군구,위도,경도,설립일\nW1,가,서울,종로구,37.57,126.98,2020-01-01\n"


@dataclass(frozen=True)
class UploadCheck:
    """What checking an upload gave.

    Attributes
    ----------
    checked
        The files checked with the current version's other tables (:class:`network.store.CheckedImport`);
        a check stopped for time or memory has no tables and its report says why (a file-level problem).
    seconds
        Wall time of the check, the worker's hand-over included.
    peak_mb
        The worker's peak resident memory (``None`` where the system does not say).
    """

    checked: CheckedImport
    seconds: float
    peak_mb: float | None


def check_uploads(url: str, files: Files, *, sheet: str | int | None = None, language: Language = "ko",
                  limits: Limits | None = None) -> UploadCheck:
    """Check uploaded files with the workspace's current version, in a worker process.

    The worker runs :meth:`network.store.Workspace.check_files` on the workspace at ``url``.  It may use at
    most ``limits.upload_check_memory_mb`` of memory beyond its own size and ``limits.upload_check_seconds``
    of time; past either it is stopped and the report has one file-level problem naming the files.

    Parameters
    ----------
    url
        The workspace's database URL (:attr:`network.store.Workspace.url`).
    files
        ``{table: (file name, bytes)}``.
    sheet
        Sheet of each XLSX file (first by default).
    language
        Language of the names given to kept tables in the report.
    limits
        The time and memory of the worker (the defaults when not given).  The limits of the files
        themselves (rows, cells, an XLSX's parts) are :func:`network.io.read_table`'s defaults.

    Returns
    -------
    UploadCheck

    Raises
    ------
    NetworkError
        What :meth:`~network.store.Workspace.check_files` raises (a workspace that cannot be opened …).

    Examples
    --------
    >>> import tempfile
    >>> url = f"sqlite:///{tempfile.mkdtemp()}/network.db"
    >>> result = check_uploads(url, {"members": ("명단.csv", "회원번호,회사명,시도,시군구\\nA1,가나,서울,종로구\\n".encode())})
    >>> result.checked.dataset.members["sigungu_code"].tolist(), result.checked.savable
    (['11110'], True)
    """
    limits = SETTINGS.limits if limits is None else limits
    started = time.perf_counter()
    turn = _turns(limits.upload_checks_at_once)
    if not turn.acquire(timeout=limits.upload_check_seconds):  # a few at a time: each may use the memory budget
        return UploadCheck(_stopped("busy", None, files, limits), time.perf_counter() - started, None)
    try:
        worker = _take_worker()
        try:
            kind, payload, peak_mb = worker.run((url, dict(files), sheet, language, limits.upload_check_memory_mb),
                                                limits.upload_check_seconds)
        finally:
            worker.close()
            _start_spare()
    finally:
        turn.release()
    if kind == "ok":
        checked = cast(CheckedImport, payload)
    elif kind == "data_error":
        raise DataError(cast(list[Problem], payload))
    elif kind == "error":
        raise _error(*cast(tuple[type[NetworkError], tuple[tuple[str, dict[str, object]], ...]], payload))
    elif kind == "failed":
        raise RuntimeError(f"checking the upload failed in its worker process:\n{payload}")
    else:
        checked = _stopped(kind, payload, files, limits)
    return UploadCheck(checked, time.perf_counter() - started, peak_mb)


def _error(kind: type[NetworkError], parts: tuple[tuple[str, dict[str, object]], ...]) -> NetworkError:
    """The worker's error again (an exception's own pickling would keep only its Korean message)."""
    error = kind.__new__(kind)
    error.parts = parts
    Exception.__init__(error, error.message("ko"))
    return error


def start_worker() -> None:
    """Start a worker ahead of the first check, unless one is waiting already (the data page calls it as it
    shows the uploaders, so the first upload does not wait a second or two for a process to start).

    Examples
    --------
    >>> start_worker()
    """
    _start_spare()


_turns_lock = threading.Lock()
_turns_of: dict[int, threading.BoundedSemaphore] = {}


def _turns(at_once: int) -> threading.BoundedSemaphore:
    """The semaphore letting ``at_once`` checks run together (one per setting, for the whole server)."""
    with _turns_lock:
        return _turns_of.setdefault(at_once, threading.BoundedSemaphore(at_once))


def _stopped(kind: str, code: object, files: Files, limits: Limits) -> CheckedImport:
    """A check stopped for time (``timeout``), memory (``memory``) or by the system (``stopped``): no tables,
    and a report with one file-level problem naming the files."""
    names = ", ".join(name for name, _ in files.values())
    if kind == "busy":
        problem = Problem("check_busy", file=names, params=(("checks", limits.upload_checks_at_once),
                                                            ("seconds", limits.upload_check_seconds)))
    elif kind == "timeout":
        problem = Problem("check_timeout", file=names, params=(("seconds", limits.upload_check_seconds),))
    elif kind == "memory":
        problem = Problem("check_memory", file=names, params=(("limit_mb", limits.upload_check_memory_mb),))
    else:
        problem = Problem("check_stopped", file=names,
                          params=(("code", code), ("limit_mb", limits.upload_check_memory_mb)))
    sources = {table: (name, hashlib.sha256(data).hexdigest()) for table, (name, data) in files.items()}
    return CheckedImport(dataset.validate_dataset({}, file_errors=[problem]), sources, (), None)


def limits_note(upload_mb: int, *, language: Language = "ko", limits: Limits | None = None) -> str:
    """The note beside the uploaders: how large a file may be and how long a check may take.

    Parameters
    ----------
    upload_mb
        The largest upload the server accepts, in MB (Streamlit's ``server.maxUploadSize``).

    Examples
    --------
    >>> limits_note(50)
    '파일 하나는 50 MB, 1,000,000행까지 올릴 수 있습니다 (XLSX는 압축을 풀어 500 MB까지). 검사가 300초 안에 끝나지 않으면 중단합니다.'
    """
    limits = SETTINGS.limits if limits is None else limits
    return t("upload.limits_note", language, upload_mb=upload_mb, rows=limits.upload_max_rows,
             unpacked_mb=limits.upload_max_unpacked_mb, seconds=limits.upload_check_seconds)


# ----------------------------------------------------------------------------
# the worker processes


class _Worker:
    """One worker process, a fresh interpreter: it loads what a check needs, reads one job from its standard
    input, checks, writes the answer to its standard output and ends."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        self.process = subprocess.Popen([sys.executable, "-c", "from network.uploads import _serve; _serve()"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)

    def run(self, job: tuple, seconds: float) -> tuple[str, object, float | None]:
        """Hand ``job`` over and wait at most ``seconds`` for the answer: ``(kind, payload, peak MB)``."""
        try:
            out, _ = self.process.communicate(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL), timeout=seconds)
        except subprocess.TimeoutExpired:
            peak_kb = _status_kb("VmHWM", self.process.pid)
            self.close()
            return "timeout", None, None if peak_kb is None else peak_kb / 1024
        except OSError:  # it had died before the job was handed over
            out = b""
        if not out:  # it died: the system's out-of-memory killer, a crash in C code
            return "stopped", self.process.wait(), None
        kind, payload, peak_mb = pickle.loads(out)
        return kind, payload, peak_mb

    def close(self) -> None:
        """End the process (it ends by itself once its input is closed) and release its pipes."""
        process = self.process
        if process.stdin is not None and not process.stdin.closed:
            with contextlib.suppress(OSError):
                process.stdin.close()
        try:
            process.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


_spare_lock = threading.Lock()
_spares: list[_Worker] = []  # at most one worker started ahead of need (a process resource, like a pool's)


def _take_worker() -> _Worker:
    with _spare_lock:
        worker = _spares.pop() if _spares else None
    if worker is not None and worker.process.poll() is None:
        return worker
    if worker is not None:
        worker.close()
    return _Worker()


def _start_spare() -> None:
    with _spare_lock:
        if not _spares:
            _spares.append(_Worker())


@atexit.register
def _close_spares() -> None:
    with _spare_lock:
        while _spares:
            _spares.pop().close()


def _serve() -> None:
    """The worker's main: warm up, take one job from the standard input, check, answer on the standard output."""
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # whatever else is printed goes to the server's log
    _warm_up()
    try:
        url, files, sheet, language, memory_mb = pickle.load(sys.stdin.buffer)
    except (EOFError, pickle.UnpicklingError):  # nobody will ask: the server ended, or the spare was not needed
        return
    _limit_memory(memory_mb)
    answer = _check(url, files, sheet, language)
    del files
    peak_kb = _status_kb("VmHWM")
    peak_mb = None if peak_kb is None else peak_kb / 1024
    try:
        data = pickle.dumps((*answer, peak_mb), protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:  # the answer itself did not fit
        data = pickle.dumps(("memory", None, peak_mb))
    with answers:
        answers.write(data)
    sys.stderr.flush()
    os._exit(0)  # at once: the server is waiting, and tearing the interpreter down takes a tenth of a second


def _warm_up() -> None:
    """Load what a check uses (openpyxl, the region tables, the 읍면동 boundaries) before the job comes."""
    import openpyxl  # noqa: F401  (read_table imports it at the first XLSX file)

    dataset.validate_dataset({"members": io.read_table(_WARM_UP.encode(), "members")})


class _Upload(BytesIO):
    """An uploaded file: its bytes and its name, as :meth:`~network.store.Workspace.check_files` takes it."""

    def __init__(self, name: str, data: bytes):
        super().__init__(data)
        self.name = name


def _check(url: str, files: Files, sheet: str | int | None, language: Language) -> tuple[str, object]:
    try:
        with Workspace(url) as workspace:
            return "ok", workspace.check_files({table: _Upload(name, data) for table, (name, data) in files.items()},
                                               sheet=sheet, language=language)
    except MemoryError:
        return "memory", None
    except DataError as err:
        return "data_error", err.problems
    except NetworkError as err:
        return "error", (type(err), err.parts)
    except Exception:
        return "failed", traceback.format_exc()


def _limit_memory(memory_mb: int) -> None:
    """Cap this process's address space at its present size plus ``memory_mb`` (Linux; elsewhere no cap)."""
    try:
        import resource
    except ImportError:  # not a POSIX system
        return
    size_kb = _status_kb("VmSize")
    if size_kb is None:  # no /proc: RLIMIT_AS is not enforced the same way either
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = size_kb * 1024 + memory_mb * _MB
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))


def _status_kb(field: str, pid: int | str = "self") -> int | None:
    """A ``kB`` field of ``/proc/<pid>/status`` (``VmSize``, ``VmHWM`` …); ``None`` where there is none."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None
