"""Tests of the package as a whole: no Streamlit in the library, the command line, docstrings."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

import network

REPO = Path(network.__file__).resolve().parent.parent

PUBLIC_MODULES = sorted(info.name for info in pkgutil.iter_modules(network.__path__) if not info.name.startswith("_"))

#: Public functions allowed without an ``Examples`` section, and why.
NO_EXAMPLE_NEEDED: dict[str, str] = {
    "network.cli.main": "command-line entry point (argv, stdout, exit code); tests/test_cli.py runs it",
    "network.cli.build_parser": "argparse plumbing behind main; tests/test_cli.py runs it",
    "network.cli.run_check": "sub-command handler behind main (prints, writes files)",
    "network.cli.run_sample": "sub-command handler behind main (writes files)",
    "network.cli.run_recommend": "sub-command handler behind main (writes a file); tests/test_cli.py runs it",
    "network.cli.run_evaluate": "sub-command handler behind main (prints); tests/test_cli.py runs it",
    "network.cli.run_analyze": "sub-command handler behind main (writes files); tests/test_cli.py runs it",
    "network.cli.run_coverage": "sub-command handler behind main (writes a file); tests/test_coverage.py runs it",
    "network.cli.run_plan": "sub-command handler behind main (writes files); tests/test_cli.py runs it",
    "network.cli.write_outputs": "writes files into a directory",
    "network.export.write_table": "writes a file; to_csv_bytes / to_xlsx_bytes carry the examples",
    "network.sample.write_sample": "writes files into a directory",
    "network.sample.generate_members": "a stage of generate_sample (needs a Generator); generate_sample has the example",
    "network.sample.generate_partnerships": "a stage of generate_sample (needs a members table)",
    "network.sample.generate_visits": "a stage of generate_sample (needs members and offices)",
    "network.sample.generate_offices": "a stage of generate_sample; its 34 rows are checked in tests/test_sample.py",
    "network.sample.federation_areas": "a stage of generate_sample (reference tables in, weights out)",
}


def _run_python(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=REPO, capture_output=True, text=True, timeout=120)


def _public_functions() -> list[tuple[str, types.FunctionType]]:
    found = []
    for name in PUBLIC_MODULES:
        module = importlib.import_module(f"network.{name}")
        for fname, obj in inspect.getmembers(module, inspect.isfunction):
            if obj.__module__ == module.__name__ and not fname.startswith("_"):
                found.append((f"{module.__name__}.{fname}", obj))
    return found


# ----------------------------------------------------------------------------
# the library never imports Streamlit


@pytest.mark.parametrize("module", ["network", "network.sample", "network.render_map", "network.cli",
                                    "network.analysis", "network.graph", "network.recommend", "network.evaluate",
                                    "network.render_chart"])
def test_import_does_not_load_streamlit(module):
    code = f"import sys; import {module}; assert 'streamlit' not in sys.modules, '{module} imported streamlit'"
    result = _run_python("-c", code)
    assert result.returncode == 0, result.stderr


def test_package_exports_modules_only():
    assert network.__all__
    for name in network.__all__:
        assert isinstance(getattr(network, name), types.ModuleType), name


# ----------------------------------------------------------------------------
# the command line


def test_python_m_network_help_lists_commands():
    result = _run_python("-m", "network", "--help")
    assert result.returncode == 0, result.stderr
    assert "check" in result.stdout
    assert "sample" in result.stdout


def test_python_m_network_without_command_fails():
    result = _run_python("-m", "network")
    assert result.returncode == 2
    assert "COMMAND" in result.stderr or "required" in result.stderr


# ----------------------------------------------------------------------------
# docstrings


def test_public_modules_found():
    assert {"analysis", "cli", "io", "regions", "render_map", "sample", "validate"} <= set(PUBLIC_MODULES)


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_module_has_docstring(name):
    module = importlib.import_module(f"network.{name}")
    assert (module.__doc__ or "").strip(), f"network.{name} has no module docstring"


@pytest.mark.parametrize(("qualname", "func"), _public_functions(), ids=lambda v: v if isinstance(v, str) else "")
def test_public_function_has_docstring(qualname, func):
    assert (inspect.getdoc(func) or "").strip(), f"{qualname} has no docstring"


@pytest.mark.parametrize(("qualname", "func"), _public_functions(), ids=lambda v: v if isinstance(v, str) else "")
def test_public_function_has_examples(qualname, func):
    if qualname in NO_EXAMPLE_NEEDED:
        pytest.skip(NO_EXAMPLE_NEEDED[qualname])
    assert "Examples" in (inspect.getdoc(func) or ""), f"{qualname} has no Examples section"


def test_allow_list_is_current():
    """Every allowed name still exists, so the list does not silently grow stale."""
    names = {q for q, _ in _public_functions()}
    assert set(NO_EXAMPLE_NEEDED) <= names, sorted(set(NO_EXAMPLE_NEEDED) - names)
