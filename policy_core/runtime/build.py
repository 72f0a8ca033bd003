"""The browser runtime for the self-check: self-hosted Pyodide, the compiled engine wheel and the widget.

The engine comes from ``engine.py``: shipped compiled with a release wheel, or built here (as
bytecode where this Python is the runtime's own, else as source).
The result is cached under a key made of everything that goes into it, so ``mkdocs serve``
rebuilds it only when the engine, the widget or the Pyodide version changes, never for a text edit.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import tempfile
from pathlib import Path

import brotli

from .engine import (
    PACKAGE,
    RECORD,
    REPOSITORY,
    STDLIB,
    EngineBuildError,
    build_engine,
    host_compiles,
    shipped_engine,
    sources_digest,
)

# What a page needs from the npm package (see shared/TOOLCHAIN.md); the lock file is rewritten.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
PRECOMPRESS_MIN_BYTES = 1024  # smaller files gain less than a request's headers
RUNTIME_SIZES = "runtime.json"  # the bytes of each download (worker.js's progress) and the files a check page loads
# What a check page's worker requests from the runtime folder besides runtime.json: the worker itself,
# Pyodide and what loadPyodide() fetches (the engine wheel is added by its name). prefetch.js fetches
# them ahead and offline-worker.js keeps them; tests/test_prefetch.py compares them with a real check page.
CHECK_PAGE_FILES = ("worker.js", "pyodide.mjs", "pyodide-lock.json", "pyodide.asm.js", STDLIB, "pyodide.asm.wasm")
RECIPE = "9"  # bump to rebuild every cached runtime after changing this module


class RuntimeBuildError(Exception):
    """The runtime could not be built; the message says which step failed and why."""


def runtime_key(pyodide_dir: Path, widget_dir: Path, *, bytecode: bool) -> str:
    """A short hash of everything the runtime folder is made from (``bytecode``: how the engine goes in)."""
    digest = hashlib.sha256(RECIPE.encode())
    digest.update(_pyodide_version(pyodide_dir).encode())
    digest.update(sources_digest().encode())
    digest.update(b"bytecode" if bytecode else b"source")
    for path in sorted(widget_dir.iterdir()):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def runtime_is_bytecode(runtime: Path) -> bool:
    """Whether a built runtime holds the engine as bytecode (``runtime.json``)."""
    return bool(json.loads((runtime / RUNTIME_SIZES).read_text(encoding="utf-8")).get("bytecode", True))


def _pyodide_version(pyodide_dir: Path) -> str:
    return str(json.loads((pyodide_dir / "package.json").read_text(encoding="utf-8"))["version"])


def packaged_widget() -> Path:
    """The widget the package ships (``policy_core/runtime/widget`` in the wheel; ``widget/`` in this repository)."""
    for folder in (Path(__file__).parent / "widget", REPOSITORY / "widget"):
        if (folder / "policy-check.js").is_file():
            return folder
    raise RuntimeBuildError(f"the widget is missing from the installed package ({Path(__file__).parent / 'widget'})")


KEEP_RUNTIMES = 3  # the newest built runtimes kept in a shared cache (several checkouts may build at once)


def build_runtime(cache: Path, pyodide_dir: Path, widget_dir: Path) -> Path:
    """Return the folder with the widget, the Pyodide runtime and the engine wheel, building it if needed."""
    if not (pyodide_dir / "pyodide.mjs").is_file():
        raise RuntimeBuildError(f"the Pyodide runtime is missing from {pyodide_dir} (run `policy-core runtime install`)")
    cache, pyodide_dir, widget_dir = cache.resolve(), pyodide_dir.resolve(), widget_dir.resolve()
    version = _pyodide_version(pyodide_dir)
    shipped = shipped_engine(version)  # compiled with the release wheel; else built here, compiled where this Python can
    key = runtime_key(pyodide_dir, widget_dir, bytecode=shipped is not None or host_compiles(pyodide_dir / "pyodide-lock.json"))
    target = cache / f"policy-check-{key}"
    if (target / ".complete").is_file():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    # Each build works in a folder of its own: two builds at once (a test session beside
    # `mkdocs serve`) must not delete each other's files; the first to finish wins.
    work = Path(tempfile.mkdtemp(prefix=f".work-{key}-", dir=cache))
    out = work / "out"
    out.mkdir()
    try:
        engine = shipped or build_engine(work / "engine", pyodide_dir / "pyodide-lock.json", version, _version())
    except EngineBuildError as exc:
        raise RuntimeBuildError(str(exc)) from None
    record = json.loads((engine / RECORD).read_text(encoding="utf-8"))
    shutil.copy2(engine / record["entry"]["file_name"], out / record["entry"]["file_name"])
    for name in RUNTIME_FILES:
        shutil.copy2(pyodide_dir / name, out / name)
    shutil.copy2(engine / STDLIB, out / STDLIB)  # only what the checker loads (engine.py)
    _write_lock_file(pyodide_dir / "pyodide-lock.json", record["entry"], out / "pyodide-lock.json")
    for path in widget_dir.iterdir():
        if path.is_file():
            shutil.copy2(path, out / path.name)
    _write_sizes(out, bytecode=bool(record.get("bytecode", True)), wheel=record["entry"]["file_name"])
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


def _write_lock_file(pyodide_lock: Path, entry: dict[str, object], path: Path) -> None:
    """Pyodide's lock file with our package alone: the page loads nothing else, and the full list costs bytes."""
    lock = json.loads(pyodide_lock.read_text(encoding="utf-8"))
    lock["packages"] = {PACKAGE: entry}
    path.write_text(json.dumps(lock, separators=(",", ":")), encoding="utf-8")


def _write_sizes(folder: Path, *, bytecode: bool, wheel: str) -> None:
    """Record the size of each file the worker downloads, and every file a check page loads from the folder.

    The worker shows progress against the sizes: ``Content-Length`` cannot serve, because a host
    that compresses reports the compressed size while the stream yields the whole file. ``files``
    (smallest first) is what a page fetches ahead of a check page, and what the offline copy keeps.
    """
    downloads = [p for p in folder.iterdir() if p.suffix in (".wasm", ".zip", ".whl") or p.name == "pyodide-lock.json"]
    sizes = {p.name: p.stat().st_size for p in sorted(downloads)}
    present = [name for name in (*CHECK_PAGE_FILES, wheel) if (folder / name).is_file()]
    loaded = sorted(present, key=lambda name: (folder / name).stat().st_size)
    record = {"bytes": sizes, "bytecode": bytecode, "files": loaded}
    (folder / RUNTIME_SIZES).write_text(json.dumps(record, separators=(",", ":")), encoding="utf-8")


def _precompress(folder: Path) -> None:
    """Write a .br and a .gz beside each file of the runtime worth compressing (README: the host's settings)."""
    for path in list(folder.iterdir()):
        if _worth_compressing(path):  # the wheel and the library too: they are stored, not deflated
            # The best brotli takes half a minute for the 8.6 MB wasm, once per runtime: a quarter off its gzip size.
            precompress(path, quality=11)


TEXT_FILES = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".atom", ".txt")


def precompress_site(site: Path, runtime: Path) -> None:
    """A .br and a .gz beside each text file of a built site (the runtime has its own)."""
    for path in [p for p in site.rglob("*") if p.suffix in TEXT_FILES and runtime not in p.parents]:
        if _worth_compressing(path):
            precompress(path, quality=9)  # every build: a good brotli that takes milliseconds, not seconds


def _worth_compressing(path: Path) -> bool:
    return path.is_file() and path.stat().st_size >= PRECOMPRESS_MIN_BYTES


def precompress(path: Path, *, quality: int) -> None:
    data = path.read_bytes()
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    path.with_name(path.name + ".br").write_bytes(brotli.compress(data, quality=quality))


def _version() -> str:
    from importlib.metadata import version  # noqa: PLC0415  (only needed when building)

    return version(PACKAGE)
