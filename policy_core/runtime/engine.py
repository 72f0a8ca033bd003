"""The checker as Pyodide loads it: the engine wheel, its lock-file entry, and the part of
Python's standard library it needs, compiled to lean bytecode where the host can.

Everything here uses the standard library only, so that a build front end's isolated build
(``pip install`` from a checkout, a git URL or an sdist) and a site build need nothing but the
Pyodide runtime's own files:
- the engine wheel is written here (a pure-Python wheel is a zip with three metadata files);
- its lock-file entry is the one ``pyodide lockfile add-wheels`` writes (pyodide-build stays the
  reference: ``tests/test_install.py`` compares the two);
- the standard library is trimmed with ``stdlib.json``, the keep-list found by running the
  engine in real Pyodide (``probe/``; regenerate it with ``python -m policy_core.runtime.engine``
  after an engine change imports a new module, which ``tests/test_stdlib.py`` catches).

Bytecode is made by the running Python, so it is made only when that Python is the runtime's own
(3.13 for Pyodide 0.29): by the package's build hook (``_wheel_hook.py``, a release wheel ships the
engine compiled) or by a site build on that Python. Elsewhere the engine and the library ship as
source, which Pyodide compiles in the browser at start-up (``bench/engine_kinds.py`` measures the cost).
"""

from __future__ import annotations

import ast
import base64
import hashlib
import importlib.util
import json
import marshal
import shutil
import subprocess
import sys
import tempfile
import types
import zipfile
from pathlib import Path

PACKAGE = "policy-core"
# The browser's wheel is the engine package, chosen by its folder: a module added anywhere else
# never reaches a customer's browser. It holds no ``policy_core/__init__.py``, so ``policy_core``
# is a namespace there, and the rest of the package (authoring, the site) is not looked for.
ENGINE = Path(__file__).resolve().parents[1] / "engine"
REPOSITORY = ENGINE.parents[1]  # a checkout's root: its fixtures and reference policies are the probe's
SHIPPED = Path(__file__).resolve().parent / "compiled-engine"  # the release wheel's engine (the build hook)
RECORD = "engine.json"
STDLIB = "python_stdlib.zip"  # the trimmed standard library, under Pyodide's own name
KEEP_LIST = Path(__file__).resolve().parent / "stdlib.json"
PROBE = Path(__file__).resolve().parent / "probe"
PROBE_POLICIES = ("tests/fixtures/*.yml", "docs/policies/*.yml")  # from the repository's root
PROBE_DAY = "2026-06-15"
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # every entry's date: the same sources give the same bytes


class EngineBuildError(Exception):
    """The engine could not be built; the message says which step failed and why."""


def engine_sources() -> list[Path]:
    """The engine's Python files: every one in its folder."""
    return sorted(ENGINE.rglob("*.py"))


def _wheel_name(path: Path) -> str:
    """Where an engine file goes in the wheel (``policy_core/engine/_model.py``)."""
    return path.relative_to(ENGINE.parents[1]).as_posix()


def sources_digest() -> str:
    """A hash of the engine's sources and of how it is built: a shipped engine is used only while it matches."""
    digest = hashlib.sha256()
    for path in [*engine_sources(), Path(__file__), KEEP_LIST]:
        digest.update(path.relative_to(ENGINE.parents[1]).as_posix().encode())
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


def host_compiles(pyodide_lock: Path) -> bool:
    """Whether the running Python makes bytecode the runtime loads (the same minor version)."""
    return _runtime_python(pyodide_lock)[:2] == sys.version_info[:2]


def build_engine(out: Path, pyodide_lock: Path, pyodide_version: str, version: str, *, bytecode: bool | None = None) -> Path:
    """Write the engine wheel, the trimmed standard library and ``engine.json`` (the wheel's lock-file entry) into ``out``.

    ``bytecode``: compile both (the host must run the runtime's Python), or ship them as source;
    by default, compile where the host can.
    """
    if bytecode is None:
        bytecode = host_compiles(pyodide_lock)
    elif bytecode:
        _check_host_python(pyodide_lock)  # before any work: the wheel and the library are compiled by this Python
    keep = keep_list(pyodide_version)
    out.mkdir(parents=True, exist_ok=True)
    pure = write_engine_wheel(out, version)
    wheel = pure
    if bytecode:
        wheel = out / pure.name.replace("-py3-", f"-cp{sys.version_info[0]}{sys.version_info[1]}-")
        compile_archive(pure, wheel)
        pure.unlink()
    total = compile_archive(pyodide_lock.parent / STDLIB, out / STDLIB, keep=keep, bytecode=bytecode)
    record = {
        "sources": sources_digest(),
        "pyodide": pyodide_version,
        "bytecode": bytecode,
        "entry": lock_entry(wheel, version),
        "stdlib": {"kept": len(keep), "of": total},
    }
    (out / RECORD).write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
    return out


def write_engine_wheel(folder: Path, version: str) -> Path:
    """The engine alone as a pure-Python wheel in ``folder``: what ``python -m build`` makes of it, without the tool."""
    dist_info = f"policy_core-{version}.dist-info"
    entries = {_wheel_name(path): path.read_bytes() for path in engine_sources()}
    entries[f"{dist_info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {PACKAGE}\nVersion: {version}\n"
        "Summary: The policy_core checker alone, for the browser.\nRequires-Python: >=3.12\n"
    ).encode()
    entries[f"{dist_info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: policy-core\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    entries[f"{dist_info}/RECORD"] = b""
    wheel = folder / f"policy_core-{version}-py3-none-any.whl"
    _write_archive(wheel, entries)
    return wheel


def lock_entry(wheel: Path, version: str) -> dict[str, object]:
    """The wheel's entry in ``pyodide-lock.json``, as ``pyodide lockfile add-wheels`` writes it."""
    return {
        "name": PACKAGE,
        "version": version,
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
        "package_type": "package",
        "imports": ["policy_core"],
        "depends": [],  # the engine needs the standard library only
        "unvendored_tests": False,
        "tool": {},
    }


def keep_list(pyodide_version: str) -> set[str]:
    """The files of Pyodide's ``python_stdlib.zip`` the engine loads (``stdlib.json``)."""
    try:
        recorded = json.loads(KEEP_LIST.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EngineBuildError(f"the standard library's keep-list {KEEP_LIST} cannot be read ({exc})") from None
    if recorded.get("pyodide") != pyodide_version:
        raise EngineBuildError(
            f"the keep-list {KEEP_LIST.name} was made for Pyodide {recorded.get('pyodide')}, not {pyodide_version}: "
            "run `python -m policy_core.runtime.engine` in a checkout to make it again"
        )
    return set(recorded["files"])


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


def compile_archive(source: Path, out: Path, keep: set[str] | None = None, *, bytecode: bool = True) -> int:
    """Write ``source`` (a wheel or zip of Python files) to ``out``, each ``.py`` as lean bytecode (or kept as source).

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
            if bytecode and info.filename.endswith(".py"):
                entries[info.filename + "c"] = lean_bytecode(data, info.filename)
            elif not info.filename.endswith(".pyc"):
                entries[info.filename] = data
    _write_archive(out, entries)
    return len(files)


def _write_archive(out: Path, entries: dict[str, bytes]) -> None:
    record = next((name for name in entries if name.endswith(".dist-info/RECORD")), None)
    if record is not None:
        entries = {**entries, record: _wheel_record(entries, record)}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=_ZIP_EPOCH), data)


def _wheel_record(entries: dict[str, bytes], record: str) -> bytes:
    lines = []
    for name, data in entries.items():
        if name == record:
            lines.append(f"{name},,")
            continue
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        lines.append(f"{name},sha256={digest},{len(data)}")
    return ("\n".join(lines) + "\n").encode()


# The keep-list, made in a checkout of this repository (its fixtures and reference policies are
# the probe's cases) and shipped with the package: a vendor's build never runs the probe.


def probe_stdlib(pyodide_dir: Path) -> list[str]:
    """The files of ``python_stdlib.zip`` the engine loads in real Pyodide (Node), as bytecode and as source.

    Every module the engine's sources name is imported (some only when a customer mistypes an
    answer), and every case of the probe policies is checked, with its share link and wrong
    answers. Both kinds of engine are run: a traceback of a source engine reads its lines.
    """
    node = shutil.which("node")
    if node is None:
        raise EngineBuildError("finding the standard library the engine needs runs it in Pyodide: Node.js is not installed")
    request = {"imports": sorted(source_imports()), "policies": probe_policies(), "today": PROBE_DAY}
    kept: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="policy-core-probe-") as scratch:
        request_file = Path(scratch) / "request.json"
        request_file.write_text(json.dumps(request), encoding="utf-8")
        pure = write_engine_wheel(Path(scratch), "0")
        compiled = pure.with_name(pure.name.replace("-py3-", "-cp313-"))
        compile_archive(pure, compiled)
        for wheel in (compiled, pure):
            paths = (PROBE / "stdlib_probe.mjs", pyodide_dir, wheel, PROBE / "exercise.py", request_file)
            result = _run("running the engine in Pyodide", [node, *(str(path.resolve()) for path in paths)], PROBE)
            kept |= set(json.loads(result)["files"])
    return sorted(kept)


def probe_policies() -> list[str]:
    """The probe policies, compiled by the host's Python from the repository (the package itself reads YAML)."""
    root = REPOSITORY
    paths = [str(path) for pattern in PROBE_POLICIES for path in sorted(root.glob(pattern))]
    if not paths:
        raise EngineBuildError(f"no probe policies in {root} ({', '.join(PROBE_POLICIES)}): run this in a checkout")
    script = (
        "import json, sys\n"
        "from policy_core import compile_policy, load_policy\n"
        "print(json.dumps([compile_policy(load_policy(p)) for p in sys.argv[1:]]))\n"
    )
    result = _run("compiling the probe policies", [sys.executable, "-c", script, *paths], root)
    return list(json.loads(result))


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


def _runtime_python(pyodide_lock: Path) -> tuple[int, ...]:
    try:
        version = json.loads(pyodide_lock.read_text(encoding="utf-8"))["info"]["python"]
        return tuple(int(part) for part in version.split("."))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EngineBuildError(f"{pyodide_lock} does not name its Python ({exc})") from None


def _check_host_python(pyodide_lock: Path) -> None:
    """Bytecode is made by the running Python: it must be the runtime's own (3.13 for Pyodide 0.29)."""
    runtime_python = _runtime_python(pyodide_lock)
    if runtime_python[:2] != sys.version_info[:2]:
        runtime, wanted = ".".join(map(str, runtime_python)), ".".join(map(str, runtime_python[:2]))
        raise EngineBuildError(
            f"compiling for Pyodide's Python {runtime} needs Python {wanted} (this is {sys.version.split()[0]})"
        )


def _run(step: str, command: list[str], cwd: Path) -> str:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise EngineBuildError(f"{step} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def write_keep_list(pyodide_dir: Path) -> Path:
    """Probe the engine and write ``stdlib.json``: a developer's step after an engine change."""
    version = json.loads((pyodide_dir / "package.json").read_text(encoding="utf-8"))["version"]
    files = probe_stdlib(pyodide_dir)
    KEEP_LIST.write_text(json.dumps({"pyodide": version, "files": files}, indent=1) + "\n", encoding="utf-8")
    return KEEP_LIST


if __name__ == "__main__":  # python -m policy_core.runtime.engine [PYODIDE_DIR]
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else REPOSITORY / "node_modules" / "pyodide"
    try:
        print(f"wrote {write_keep_list(folder)}")
    except EngineBuildError as exc:
        sys.exit(f"error: {exc}")
