"""The runtime's standard library: only what the checker loads, found by running it (engine.py)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from policy_core.runtime.engine import KEEP_LIST, RECORD, STDLIB, probe_stdlib, shipped_engine, source_imports
from policy_core.runtime.pyodide import PYODIDE_VERSION

from .conftest import ROOT

pytestmark = pytest.mark.pyodide


def runtime_of(site: Path) -> Path:
    return next((site / "assets").glob("policy-check-*"))


def test_the_site_ships_the_kept_modules_compiled_and_nothing_else(built_site: Path) -> None:
    with zipfile.ZipFile(runtime_of(built_site) / STDLIB) as shipped:
        names = set(shipped.namelist())
    with zipfile.ZipFile(ROOT / "node_modules" / "pyodide" / STDLIB) as full:
        everything = {n for n in full.namelist() if n.endswith(".py")}
    assert names, "an empty standard library"
    assert all(name.endswith(".pyc") for name in names), "bytecode: the browser compiles nothing at start-up"
    kept = {name.removesuffix("c") for name in names}
    assert kept < everything
    assert len(kept) < len(everything) / 2
    for needed in ("json/__init__.py", "datetime.py", "difflib.py", "traceback.py", "urllib/parse.py"):
        assert needed in kept, f"{needed}: the checker (or Pyodide's start-up) needs it"


def test_every_module_the_sources_import_loads_in_the_trimmed_runtime(built_site: Path) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed to run Pyodide"
    names = sorted(name for name in source_imports() if _in_the_standard_library(name))
    assert "difflib" in names, "a lazy import (only for a mistyped answer) is found by the scan"
    script = Path(__file__).parent / "pyodide" / "import_all.mjs"
    result = subprocess.run(
        [node, str(script), str(runtime_of(built_site)), *names], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def _in_the_standard_library(name: str) -> bool:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return False  # a name imported from a module, not a module
    return spec is not None and name.partition(".")[0] in sys.stdlib_module_names


def test_the_scan_finds_imports_inside_functions(tmp_path: Path) -> None:
    source = tmp_path / "module.py"
    source.write_text(
        "import json\nfrom urllib.parse import quote\nfrom . import sibling\n\n"
        "def later():\n    import statistics\n    from xml.dom import minidom\n",
        encoding="utf-8",
    )
    found = source_imports([source])
    assert {"json", "urllib.parse", "urllib.parse.quote", "statistics", "xml.dom", "xml.dom.minidom"} <= found
    assert not any(name.startswith("sibling") for name in found)


def test_the_shipped_keep_list_is_what_the_engine_loads() -> None:
    """`stdlib.json` ships with the package (a vendor's build never runs the probe): it must be the probe's
    finding for these sources. After an engine change, run `python -m policy_core.runtime.engine`."""
    recorded = json.loads(KEEP_LIST.read_text(encoding="utf-8"))
    assert recorded["pyodide"] == PYODIDE_VERSION
    assert recorded["files"] == probe_stdlib(ROOT / "node_modules" / "pyodide")


def test_a_checkout_has_no_shipped_engine_and_builds_its_own() -> None:
    assert shipped_engine(PYODIDE_VERSION) is None or json.loads((shipped_engine(PYODIDE_VERSION) / RECORD).read_text())["stdlib"]
