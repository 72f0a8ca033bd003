"""The browser runtime for the self-check: self-hosted Pyodide plus the policy_core engine wheel.

Built with the Pyodide toolchain (see shared/TOOLCHAIN.md): the engine is packed as a wheel with
``python -m build``, registered in Pyodide's lock file with ``pyodide lockfile add-wheels`` (which
records its sha256, so the browser verifies it), and compiled with ``pyodide py-compile``.

The result is cached under a key made of everything that goes into it, so ``mkdocs serve``
rebuilds it only when the engine, the widget or the Pyodide version changes, never for a text edit.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import policy_core

ENGINE = Path(policy_core.__file__).parent
# The engine is the package without its command line, its site adapter and the writer's version
# tools (diff, release, history), which the browser never runs.
ENGINE_EXCLUDES = ("cli.py", "__main__.py", "cli_versions.py", "_diff.py", "_case_diff.py", "_history.py")
# What a page needs from the npm package (see shared/TOOLCHAIN.md); the lock file is rewritten.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
PRECOMPRESS_MIN_BYTES = 10_000
RUNTIME_SIZES = "runtime.json"  # the bytes of each download, read by worker.js for its progress
RECIPE = "3"  # bump to rebuild every cached runtime after changing this module
PACKAGE = "policy-core"

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


class RuntimeBuildError(Exception):
    """The runtime could not be built; the message says which step failed and why."""


def engine_sources() -> list[Path]:
    return sorted(p for p in ENGINE.glob("*.py") if p.name not in ENGINE_EXCLUDES)


def runtime_key(pyodide_dir: Path, widget_dir: Path) -> str:
    """A short hash of everything the runtime folder is made from."""
    digest = hashlib.sha256(RECIPE.encode())
    package = json.loads((pyodide_dir / "package.json").read_text(encoding="utf-8"))
    digest.update(package["version"].encode())
    for path in [*engine_sources(), *sorted(widget_dir.iterdir())]:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _run(step: str, command: list[str], cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeBuildError(f"{step} failed:\n{result.stdout}{result.stderr}")


def _tool(name: str) -> str:
    """A console script of the running environment (pyodide's CLI has no ``-m`` entry)."""
    candidate = Path(sys.executable).with_name(name)
    return str(candidate) if candidate.exists() else name


def packaged_widget() -> Path:
    """The widget the package ships (``policy_core/site/widget`` in the wheel; ``widget/`` in this repository)."""
    for folder in (Path(__file__).parent / "widget", ENGINE.parent / "widget"):
        if (folder / "policy-check.js").is_file():
            return folder
    raise RuntimeBuildError(f"the widget is missing from the installed package ({Path(__file__).parent / 'widget'})")


KEEP_RUNTIMES = 3  # the newest built runtimes kept in a shared cache (several checkouts may build at once)


def build_runtime(cache: Path, pyodide_dir: Path, widget_dir: Path) -> Path:
    """Return the folder with the widget, the Pyodide runtime and the engine wheel, building it if needed."""
    if not (pyodide_dir / "pyodide.mjs").is_file():
        raise RuntimeBuildError(f"the Pyodide runtime is missing from {pyodide_dir} (run `policy-core runtime install`)")
    cache, pyodide_dir, widget_dir = cache.resolve(), pyodide_dir.resolve(), widget_dir.resolve()
    key = runtime_key(pyodide_dir, widget_dir)
    target = cache / f"policy-check-{key}"
    if (target / ".complete").is_file():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    # Each build works in a folder of its own: two builds at once (a test session beside
    # `mkdocs serve`) must not delete each other's files; the first to finish wins.
    work = Path(tempfile.mkdtemp(prefix=f".work-{key}-", dir=cache))
    source = work / "source"
    out = work / "out"
    (source / "policy_core").mkdir(parents=True)
    out.mkdir()
    for path in engine_sources():
        shutil.copy2(path, source / "policy_core" / path.name)
    (source / "pyproject.toml").write_text(_PYPROJECT.format(name=PACKAGE, version=policy_core_version()), encoding="utf-8")
    _run(
        "building the engine wheel",
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), "."],
        source,
    )
    for name in RUNTIME_FILES:
        shutil.copy2(pyodide_dir / name, out / name)
    wheels = [p.name for p in out.glob("*.whl")]
    _run(
        "registering the wheel in the lock file",
        [
            _tool("pyodide"),
            "lockfile",
            "add-wheels",
            "--input",
            str(pyodide_dir / "pyodide-lock.json"),
            "--output",
            "pyodide-lock.json",
            "--base-path",
            ".",
            *wheels,
        ],
        out,
    )
    _run("compiling the wheel", [_tool("pyodide"), "py-compile", "--silent", "--exclude", "python_stdlib.zip", "."], out)
    _prune_lock_file(out / "pyodide-lock.json")
    for path in widget_dir.iterdir():
        if path.is_file():
            shutil.copy2(path, out / path.name)
    _write_sizes(out)
    _precompress(out)
    (out / ".complete").write_text(key, encoding="utf-8")
    built = sorted(cache.glob("policy-check-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in built[KEEP_RUNTIMES - 1 :]:
        shutil.rmtree(stale, ignore_errors=True)
    try:
        out.rename(target)
    except OSError:
        if not (target / ".complete").is_file():  # not another build's finished runtime: a real failure
            raise
    shutil.rmtree(work, ignore_errors=True)
    return target


def _prune_lock_file(path: Path) -> None:
    """Keep only our package: the page loads nothing else, and the full list costs bytes and parse time."""
    lock = json.loads(path.read_text(encoding="utf-8"))
    lock["packages"] = {PACKAGE: lock["packages"][PACKAGE]}
    path.write_text(json.dumps(lock, separators=(",", ":")), encoding="utf-8")


def _write_sizes(folder: Path) -> None:
    """Record the size of each file the worker downloads: it shows progress against them.

    ``Content-Length`` cannot serve, because a host that compresses reports the compressed size
    while the stream yields the whole file.
    """
    downloads = [p for p in folder.iterdir() if p.suffix in (".wasm", ".zip", ".whl") or p.name == "pyodide-lock.json"]
    sizes = {p.name: p.stat().st_size for p in sorted(downloads)}
    (folder / RUNTIME_SIZES).write_text(json.dumps({"bytes": sizes}, separators=(",", ":")), encoding="utf-8")


def _precompress(folder: Path) -> None:
    """Write a .gz beside each large file that compresses, for hosts that serve pre-compressed files."""
    for path in folder.iterdir():
        if path.suffix in (".whl", ".zip") or path.stat().st_size < PRECOMPRESS_MIN_BYTES:
            continue  # already compressed, or too small to matter
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def policy_core_version() -> str:
    from importlib.metadata import version  # noqa: PLC0415  (only needed when building)

    return version("policy-core")
