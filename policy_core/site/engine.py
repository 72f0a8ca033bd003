"""The checker as Pyodide loads it: the engine wheel, compiled to bytecode, its lock-file entry, and
the part of Python's standard library it needs.

Made with the Pyodide toolchain (see shared/TOOLCHAIN.md): ``python -m build`` packs the engine,
``pyodide lockfile add-wheels`` records its sha256, ``pyodide py-compile`` compiles it. Compiling
needs a host Python of the runtime's own version (3.13 for Pyodide 0.29), so it is done when the
package itself is built (``_wheel_hook.py``) and the result ships in the wheel, in ``engine/``: a
site that installs the package needs neither that Python nor the toolchain. A checkout of this
repository has no shipped engine and builds it, once per change of the sources.

The standard library is trimmed to what the checker loads, found by running it: the engine is
imported in real Pyodide (Node), every module its sources name is imported (some only when a
customer mistypes an answer), and every case of the probe policies (this repository's fixtures
and reference policies) is checked, with its share link and wrong answers. Only the files of
``python_stdlib.zip`` loaded then are kept (``probe/``).

This module uses the standard library only, so that the package's build hook can load it alone.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "policy-core"
ENGINE = Path(__file__).resolve().parents[1]  # the policy_core package
# The engine is the package without its command line, its site adapter and the writer's version
# tools (diff, release, history), which the browser never runs.
ENGINE_EXCLUDES = ("cli.py", "__main__.py", "cli_versions.py", "cli_site.py", "_diff.py", "_case_diff.py", "_history.py")
SHIPPED = Path(__file__).resolve().parent / "engine"
RECORD = "engine.json"
STDLIB = "python_stdlib.zip"  # the trimmed standard library, under Pyodide's own name
PROBE = Path(__file__).resolve().parent / "probe"
PROBE_POLICIES = ("tests/fixtures/*.yml", "docs/policies/*.yml")  # from the repository's root
PROBE_DAY = "2026-06-15"

_PYPROJECT = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "{name}"
version = "{version}"
description = "The policy_core checker alone, for the browser."
requires-python = ">=3.12"

[tool.hatch.build.targets.wheel]
packages = ["policy_core"]
"""


class EngineBuildError(Exception):
    """The engine could not be built; the message says which step failed and why."""


def engine_sources() -> list[Path]:
    return sorted(p for p in ENGINE.glob("*.py") if p.name not in ENGINE_EXCLUDES)


def sources_digest() -> str:
    """A hash of the engine's sources: a shipped engine is used only while it matches."""
    digest = hashlib.sha256()
    for path in engine_sources():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def shipped_engine(pyodide_version: str) -> Path | None:
    """The engine the installed package ships, if it was made from these sources for this Pyodide."""
    try:
        record = json.loads((SHIPPED / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("sources") != sources_digest() or record.get("pyodide") != pyodide_version:
        return None
    return SHIPPED


def build_engine(out: Path, pyodide_lock: Path, pyodide_version: str, version: str) -> Path:
    """Write the compiled engine wheel and ``engine.json`` (its lock-file entry) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="policy-core-engine-") as scratch:
        source, built = Path(scratch) / "source", Path(scratch) / "built"
        (source / "policy_core").mkdir(parents=True)
        built.mkdir()
        for path in engine_sources():
            shutil.copy2(path, source / "policy_core" / path.name)
        (source / "pyproject.toml").write_text(_PYPROJECT.format(name=PACKAGE, version=version), encoding="utf-8")
        _run(
            "building the engine wheel",
            [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(built), "."],
            source,
        )
        wheels = [p.name for p in built.glob("*.whl")]
        lock = ["--input", str(pyodide_lock), "--output", "pyodide-lock.json", "--base-path", "."]
        _run("registering the wheel in the lock file", [_tool("pyodide"), "lockfile", "add-wheels", *lock, *wheels], built)
        _run("compiling the wheel", [_tool("pyodide"), "py-compile", "--silent", "."], built)
        entry = json.loads((built / "pyodide-lock.json").read_text(encoding="utf-8"))["packages"][PACKAGE]
        wheel = built / entry["file_name"]
        shutil.copy2(wheel, out / wheel.name)
        stdlib = trim_stdlib(pyodide_lock.parent, wheel, out / STDLIB)
    record = {"sources": sources_digest(), "pyodide": pyodide_version, "entry": entry, "stdlib": stdlib}
    (out / RECORD).write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
    return out


def trim_stdlib(pyodide_dir: Path, wheel: Path, out: Path) -> dict[str, object]:
    """Write to ``out`` the entries of Pyodide's ``python_stdlib.zip`` that the engine loads; return the keep-list."""
    node = shutil.which("node")
    if node is None:
        raise EngineBuildError("trimming the standard library needs Node.js (to run the engine in Pyodide)")
    request = {"imports": sorted(source_imports()), "policies": probe_policies(), "today": PROBE_DAY}
    with tempfile.TemporaryDirectory(prefix="policy-core-probe-") as scratch:
        request_file = Path(scratch) / "request.json"
        request_file.write_text(json.dumps(request), encoding="utf-8")
        paths = (PROBE / "stdlib_probe.mjs", pyodide_dir, wheel, PROBE / "exercise.py", request_file)
        command = [node, *(str(path.resolve()) for path in paths)]
        result = _run("running the engine in Pyodide to find the standard library it needs", command, PROBE)
    kept = set(json.loads(result)["files"])
    with zipfile.ZipFile(pyodide_dir / STDLIB) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as trimmed:
        for info in source.infolist():
            if info.filename in kept:
                # The same bytes on every build; stored, so that the host's brotli or gzip
                # compresses across files (better than each file deflated on its own).
                trimmed.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), source.read(info))
        total = len([i for i in source.infolist() if not i.is_dir()])
    # As bytecode: larger, but the browser then compiles nothing at start-up (bench/README.md).
    compile_it = [_tool("pyodide"), "py-compile", "--silent", "--compression-level", "0", out.name]
    _run("compiling the standard library", compile_it, out.parent)
    return {"files": sorted(kept), "kept": len(kept), "of": total}


def source_imports(sources: list[Path] | None = None) -> set[str]:
    """Every module the engine's sources (or ``sources``) import, at the top or inside a function."""
    names: set[str] = set()
    for path in engine_sources() if sources is None else sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
                names |= {f"{node.module}.{alias.name}" for alias in node.names}  # a submodule, or nothing
    return {name for name in names if name.split(".")[0] not in ("policy_core", "__future__")}


def probe_policies() -> list[str]:
    """The probe policies, compiled by the host's Python from the repository (the package itself reads YAML)."""
    root = ENGINE.parent
    paths = [str(path) for pattern in PROBE_POLICIES for path in sorted(root.glob(pattern))]
    if not paths:
        raise EngineBuildError(f"no probe policies in {root} ({', '.join(PROBE_POLICIES)})")
    script = (
        "import json, sys\n"
        "from policy_core import compile_policy, load_policy\n"
        "print(json.dumps([compile_policy(load_policy(p)) for p in sys.argv[1:]]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run([sys.executable, "-c", script, *paths], capture_output=True, text=True, check=False, env=env)
    if result.returncode != 0:
        raise EngineBuildError(f"compiling the probe policies failed:\n{result.stderr}")
    return list(json.loads(result.stdout))


def _run(step: str, command: list[str], cwd: Path) -> str:
    try:
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise EngineBuildError(f"{step} needs {command[0]}, which is not installed (pip install 'policy-core[dev]')") from None
    if result.returncode != 0:
        raise EngineBuildError(f"{step} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def _tool(name: str) -> str:
    """A console script of the running environment (pyodide's CLI has no ``-m`` entry)."""
    candidate = Path(sys.executable).with_name(name)
    return str(candidate) if candidate.exists() else name
