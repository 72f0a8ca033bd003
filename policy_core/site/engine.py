"""The checker as Pyodide loads it: the engine wheel, compiled to bytecode, its lock-file entry, and
the part of Python's standard library it needs.

Made with the Pyodide toolchain (see shared/TOOLCHAIN.md): ``python -m build`` packs the engine,
the wheel is compiled to lean bytecode (below), ``pyodide lockfile add-wheels`` records its sha256.
Compiling needs a host Python of the runtime's own version (3.13 for Pyodide 0.29), so it is done when the
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
import base64
import hashlib
import importlib.util
import json
import marshal
import os
import shutil
import subprocess
import sys
import tempfile
import types
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
    """A hash of the engine's sources and of how it is built: a shipped engine is used only while it matches."""
    digest = hashlib.sha256()
    for path in [*engine_sources(), Path(__file__), *sorted(p for p in PROBE.iterdir() if p.is_file())]:
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
    _check_host_python(pyodide_lock)  # before any work: the wheel and the library are compiled by this Python
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
        (pure,) = built.glob("*.whl")
        lock = ["--input", str(pyodide_lock), "--output", "pyodide-lock.json", "--base-path", "."]
        _run("registering the wheel in the lock file", [_tool("pyodide"), "lockfile", "add-wheels", *lock, pure.name], built)
        entry = json.loads((built / "pyodide-lock.json").read_text(encoding="utf-8"))["packages"][PACKAGE]
        # Compiled after registering (the lock file's tool takes pure-Python wheels only), as
        # `pyodide py-compile` does: the entry then names the compiled wheel and its sha256.
        wheel = built / pure.name.replace("-py3-", f"-cp{sys.version_info[0]}{sys.version_info[1]}-")
        compile_archive(pure, wheel)
        entry.update(file_name=wheel.name, sha256=hashlib.sha256(wheel.read_bytes()).hexdigest())
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
    # As lean bytecode: smaller than the source, and the browser compiles nothing at start-up (bench/README.md).
    total = compile_archive(pyodide_dir / STDLIB, out, keep=kept)
    return {"files": sorted(kept), "kept": len(kept), "of": total}


# Bytecode for the browser. Every byte is downloaded by every first visit, so the compiled files
# carry what running needs and no more: no docstrings and no asserts (``optimize=2``; nothing the
# engine or Pyodide's start-up runs reads a docstring), and a line table that gives each function
# its first line instead of a line per instruction. A traceback in the browser still names the
# file and the function; the same case runs under CPython, with every line, from its share link
# (``policy-core check``). Together that is half the standard library's size with brotli.
_NO_COLUMNS = 13  # CPython's line-table entry "line delta, no columns" (Objects/locations.md)
_UNCHECKED_HASH_PYC = (1).to_bytes(4, "little")  # PEP 552: a .pyc without its source, never re-checked


def lean_bytecode(source: bytes, filename: str) -> bytes:
    """The ``.pyc`` file of ``source``, as the browser receives it."""
    code = _lean(compile(source, filename, "exec", dont_inherit=True, optimize=2))
    return importlib.util.MAGIC_NUMBER + _UNCHECKED_HASH_PYC + importlib.util.source_hash(source) + marshal.dumps(code)


def _lean(code: types.CodeType) -> types.CodeType:
    consts = tuple(_lean(const) if isinstance(const, types.CodeType) else const for const in code.co_consts)
    return code.replace(co_consts=consts, co_linetable=_first_line_table(len(code.co_code) // 2))


def _first_line_table(code_units: int) -> bytes:
    # One entry per 8 code units at most, each saying "the line of the previous entry" (delta 0),
    # so every instruction reports co_firstlineno.
    table = bytearray()
    while code_units:
        covered = min(code_units, 8)
        table += bytes((0x80 | _NO_COLUMNS << 3 | (covered - 1), 0))
        code_units -= covered
    return bytes(table)


def compile_archive(source: Path, out: Path, keep: set[str] | None = None) -> int:
    """Write ``source`` (a wheel or zip of Python files) to ``out`` with each ``.py`` as lean bytecode.

    Only the files named in ``keep`` are written, if it is given. The entries are stored, not
    deflated, so that the host's brotli compresses across files; the same sources give the same
    bytes. A wheel's ``RECORD`` is written again for the new files. Returns the number of files
    ``source`` holds.
    """
    entries: dict[str, bytes] = {}
    with zipfile.ZipFile(source) as archive:
        files = [info for info in archive.infolist() if not info.is_dir()]
        for info in files:
            if keep is not None and info.filename not in keep:
                continue
            data = archive.read(info)
            if info.filename.endswith(".py"):
                entries[info.filename + "c"] = lean_bytecode(data, info.filename)
            elif not info.filename.endswith(".pyc"):
                entries[info.filename] = data
    record = next((name for name in entries if name.endswith(".dist-info/RECORD")), None)
    if record is not None:
        entries[record] = _wheel_record(entries, record)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    return len(files)


def _wheel_record(entries: dict[str, bytes], record: str) -> bytes:
    lines = []
    for name, data in entries.items():
        if name == record:
            lines.append(f"{name},,")
            continue
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        lines.append(f"{name},sha256={digest},{len(data)}")
    return ("\n".join(lines) + "\n").encode()


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


def _check_host_python(pyodide_lock: Path) -> None:
    """Bytecode is made by the running Python: it must be the runtime's own (3.13 for Pyodide 0.29)."""
    runtime = json.loads(pyodide_lock.read_text(encoding="utf-8"))["info"]["python"]
    if tuple(int(part) for part in runtime.split(".")[:2]) != sys.version_info[:2]:
        wanted = runtime.rsplit(".", 1)[0]
        raise EngineBuildError(
            f"compiling for Pyodide's Python {runtime} needs Python {wanted} (this is {sys.version.split()[0]})"
        )


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
