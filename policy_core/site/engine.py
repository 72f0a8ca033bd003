"""The checker as Pyodide loads it: the engine wheel, compiled to bytecode, and its lock-file entry.

Made with the Pyodide toolchain (see shared/TOOLCHAIN.md): ``python -m build`` packs the engine,
``pyodide lockfile add-wheels`` records its sha256, ``pyodide py-compile`` compiles it. Compiling
needs a host Python of the runtime's own version (3.13 for Pyodide 0.29), so it is done when the
package itself is built (``_wheel_hook.py``) and the result ships in the wheel, in ``engine/``: a
site that installs the package needs neither that Python nor the toolchain. A checkout of this
repository has no shipped engine and builds it, once per change of the sources.

This module uses the standard library only, so that the package's build hook can load it alone.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE = "policy-core"
ENGINE = Path(__file__).resolve().parents[1]  # the policy_core package
# The engine is the package without its command line, its site adapter and the writer's version
# tools (diff, release, history), which the browser never runs.
ENGINE_EXCLUDES = ("cli.py", "__main__.py", "cli_versions.py", "cli_site.py", "_diff.py", "_case_diff.py", "_history.py")
SHIPPED = Path(__file__).resolve().parent / "engine"
RECORD = "engine.json"

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
    record = {"sources": sources_digest(), "pyodide": pyodide_version, "entry": entry}
    (out / RECORD).write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
    return out


def _run(step: str, command: list[str], cwd: Path) -> None:
    try:
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise EngineBuildError(f"{step} needs {command[0]}, which is not installed (pip install 'policy-core[dev]')") from None
    if result.returncode != 0:
        raise EngineBuildError(f"{step} failed:\n{result.stdout}{result.stderr}")


def _tool(name: str) -> str:
    """A console script of the running environment (pyodide's CLI has no ``-m`` entry)."""
    candidate = Path(sys.executable).with_name(name)
    return str(candidate) if candidate.exists() else name
