"""The bytecode the browser downloads (engine.py): smaller, and it runs the same."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import marshal
import sys
import traceback
import types
import zipfile
from pathlib import Path

import pytest

from policy_core.runtime.engine import EngineBuildError, _check_host_python, compile_archive, lean_bytecode

MODULE = b'''"""A module docstring."""


def documented(x):
    """A docstring."""
    return x * 2


def checked(x):
    assert x > 0, "positive"
    return x


def fails(x):
    y = x + 1
    return y / 0
'''


def load(pyc: bytes) -> dict[str, object]:
    assert pyc[:4] == importlib.util.MAGIC_NUMBER
    namespace: dict[str, object] = {"__name__": "lean"}
    exec(marshal.loads(pyc[16:]), namespace)
    return namespace


def test_lean_bytecode_runs_the_same_without_docstrings_or_asserts() -> None:
    module = load(lean_bytecode(MODULE, "lean.py"))
    documented, checked = module["documented"], module["checked"]
    assert isinstance(documented, types.FunctionType)
    assert isinstance(checked, types.FunctionType)
    assert documented(21) == 42
    assert module.get("__doc__") is None  # a module docstring would set it
    assert documented.__doc__ is None
    assert checked(-1) == -1  # the assert is gone, as under python -OO


def test_a_traceback_names_the_file_and_the_function_at_its_first_line() -> None:
    fails = load(lean_bytecode(MODULE, "lean.py"))["fails"]
    assert isinstance(fails, types.FunctionType)
    with pytest.raises(ZeroDivisionError) as caught:
        fails(1)
    last = traceback.extract_tb(caught.value.__traceback__)[-1]
    assert (last.filename, last.name, last.lineno) == (
        "lean.py",
        "fails",
        MODULE.decode().splitlines().index("def fails(x):") + 1,
    )
    assert all(line == fails.__code__.co_firstlineno for _, _, line in fails.__code__.co_lines())


def test_lean_bytecode_is_smaller_and_the_same_on_every_build() -> None:
    full = marshal.dumps(compile(MODULE, "lean.py", "exec"))
    assert len(lean_bytecode(MODULE, "lean.py")) - 16 < len(full)
    assert lean_bytecode(MODULE, "lean.py") == lean_bytecode(MODULE, "lean.py")


def test_a_compiled_wheel_is_stored_with_a_record_of_its_new_files(tmp_path: Path) -> None:
    wheel, compiled = tmp_path / "demo-1.0-py3-none-any.whl", tmp_path / "demo-1.0-cp313-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("demo/__init__.py", MODULE)
        archive.writestr("demo/data.json", json.dumps({"kept": True}))
        archive.writestr("demo-1.0.dist-info/RECORD", "demo/__init__.py,sha256=stale,1\n")
    compile_archive(wheel, compiled)
    with zipfile.ZipFile(compiled) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        assert set(infos) == {"demo/__init__.pyc", "demo/data.json", "demo-1.0.dist-info/RECORD"}
        assert {info.compress_type for info in infos.values()} == {zipfile.ZIP_STORED}
        record = archive.read("demo-1.0.dist-info/RECORD").decode().splitlines()
        pyc = archive.read("demo/__init__.pyc")
    digest = base64.urlsafe_b64encode(hashlib.sha256(pyc).digest()).rstrip(b"=").decode()
    assert f"demo/__init__.pyc,sha256={digest},{len(pyc)}" in record
    assert "demo-1.0.dist-info/RECORD,," in record
    assert load(pyc)["documented"] is not None


def test_bytecode_for_another_python_is_refused(tmp_path: Path) -> None:
    lock = tmp_path / "pyodide-lock.json"
    other = f"{sys.version_info[0]}.{sys.version_info[1] + 1}.0"
    lock.write_text(json.dumps({"info": {"python": other}}), encoding="utf-8")
    with pytest.raises(EngineBuildError, match=f"needs Python {other.rsplit('.', 1)[0]}"):
        _check_host_python(lock)
    lock.write_text(json.dumps({"info": {"python": f"{sys.version_info[0]}.{sys.version_info[1]}.9"}}), encoding="utf-8")
    _check_host_python(lock)
