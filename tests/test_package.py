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

#: Every public module, subpackages' modules included (``cli.check``, ``render.map`` …), without ``network.``.
PUBLIC_MODULES = sorted(
    info.name.removeprefix("network.") for info in pkgutil.walk_packages(network.__path__, "network.")
    if not any(part.startswith("_") for part in info.name.split(".")))

_COMMANDS = ("check", "sample", "recommend", "evaluate", "analyze", "coverage", "plan", "import_files", "versions",
             "rollback", "export_tables", "users", "audit", "report", "difficulties", "feedback", "meeting")

#: Public functions allowed without an ``Examples`` section, and why.
NO_EXAMPLE_NEEDED: dict[str, str] = {
    "network.cli.main": "command-line entry point (argv, stdout, exit code); tests/test_cli.py runs it",
    "network.cli.build_parser": "argparse plumbing behind main; tests/test_cli.py runs it",
    **{f"network.cli.{name}.run": "sub-command behind main (prints, writes files); tests/test_cli.py runs it"
       for name in _COMMANDS},
    **{f"network.cli.{name}.add_arguments": "argparse plumbing of a sub-command; tests/test_cli.py runs it"
       for name in _COMMANDS},
    "network.cli.check.write_outputs": "writes files into a directory; tests/test_dataset.py reads them back",
    "network.cli.check.written_tables": "which files write_outputs writes; tests/test_cli.py checks the folder",
    "network.store.audit.record": "writes inside a caller's transaction; AuditLog.add carries the example",
    "network.export.write_table": "writes a file; to_csv_bytes / to_xlsx_bytes carry the examples",
    "network.sample.write_sample": "writes files into a directory",
    "network.report.to_pdf": "renders with WeasyPrint (about a second); to_html carries the example, "
                             "tests/test_report.py reads the PDF back",
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


@pytest.mark.parametrize("module", ["network", "network.sample", "network.render.map", "network.cli",
                                    "network.analysis", "network.graph", "network.recommend", "network.evaluate",
                                    "network.render.chart", "network.render.network", "network.dataset",
                                    "network.texts", "network.config"])
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
    assert {"analysis", "cli", "cli.check", "config", "dataset", "errors", "fieldwork", "io", "regions", "render",
            "render.map", "render.chart", "render.network", "sample", "texts", "validate"} <= set(PUBLIC_MODULES)


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_public_module_declares_all(name):
    module = importlib.import_module(f"network.{name}")
    assert isinstance(getattr(module, "__all__", None), list), f"network.{name} has no __all__ list"
    missing = [item for item in module.__all__ if not hasattr(module, item)]
    assert not missing, f"network.{name}.__all__ names what it does not have: {missing}"


def _imports_of(path: Path, module: str) -> set[str]:
    """The ``network.*`` modules that ``path`` imports anywhere (functions included)."""
    import ast

    found = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("network.")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + ([base] if base else []))
            if base == "network" or base.startswith("network."):
                for alias in node.names:  # "from network import io" imports the module network.io
                    candidate = f"{base}.{alias.name}"
                    found.add(candidate if (REPO / (candidate.replace(".", "/") + ".py")).exists()
                              or (REPO / candidate.replace(".", "/")).is_dir() else base)
    return {name for name in found if name != module and name != "network"}


def test_no_import_cycle_inside_the_library():
    """Modules form a hierarchy: no module imports (even lazily, inside a function) one that imports it back."""
    graph = {}
    for path in sorted((REPO / "network").rglob("*.py")):
        module = ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        graph[module] = _imports_of(path, module)
    packages = {m for m in graph if (REPO / m.replace(".", "/")).is_dir()}
    # a package's __init__ only gathers its modules: its edges to them are not dependencies
    edges = {m: {d for d in deps if not (m in packages and d.startswith(m + "."))} for m, deps in graph.items()}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        path.append(m)
        for d in sorted(edges.get(m, ())):
            if state.get(d) == 1:
                raise AssertionError("import cycle: " + " → ".join(path[path.index(d):] + [d]))
            if d not in state:
                visit(d)
        path.pop()
        state[m] = 2

    for m in sorted(edges):
        if m not in state:
            visit(m)


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
