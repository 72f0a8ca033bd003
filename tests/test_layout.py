"""The layout stays true: each package imports only the packages its docstring names, and only their public surface.

Every package of ``policy_core`` says in its docstring what it may import (``May import: engine,
authoring.``). Read from every import statement of every module, lazy ones too:
- a module imports another package only if its own package's docstring names it;
- it reaches that package through its ``__init__`` or a public module, never a private one
  (``_model``) and never a private name;
- the engine imports the standard library only: it is the browser's wheel.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "policy_core"  # read, not imported: a wrong import may not even load
PACKAGES = ("engine", "authoring", "versions", "runtime", "site", "cli")
TOP = "policy_core"  # the package's own root modules: __init__ (the users' door) and __main__


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. policy_core.site.store
    line: int
    target: str  # the module imported from, e.g. policy_core.engine
    names: tuple[str, ...]  # what is imported from it ("" for a plain ``import``)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in PACKAGES else TOP


def imports_of(path: Path, standing_at: Path | None = None) -> list[Import]:
    """The imports of the module at ``path``, resolved as if it stood at ``standing_at`` (by default, where it is)."""
    place = standing_at or path
    module = module_name(place)
    here = module.split(".") if place.name == "__init__.py" else module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [Import(module, node.lineno, alias.name, ("",)) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:  # ``from policy_core import engine`` imports the package policy_core.engine
                submodule = f"{target}.{alias.name}"
                if is_module(submodule):
                    found.append(Import(module, node.lineno, submodule, ("",)))
            names = tuple(alias.name for alias in node.names if not is_module(f"{target}.{alias.name}"))
            if names:
                found.append(Import(module, node.lineno, target, names))
    return found


def is_module(name: str) -> bool:
    parts = name.split(".")
    if parts[0] != TOP:
        return False
    place = ROOT.joinpath(*parts[1:])
    return (place / "__init__.py").is_file() or place.with_suffix(".py").is_file()


def all_imports() -> list[Import]:
    return [found for path in sorted(ROOT.rglob("*.py")) for found in imports_of(path)]


def allowed(package: str) -> set[str]:
    """The packages named on the ``May import:`` line of a package's docstring."""
    init = ROOT / "__init__.py" if package == TOP else ROOT / package / "__init__.py"
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
    line = re.search(r"^May import: (.*)$", doc, re.MULTILINE)
    assert line, f"{init}: the docstring says what the package is for, and ends with 'May import: …'"
    listed = re.split(r"[(.]", line[1])[0]
    if listed.startswith("the standard library"):
        return set()
    names = {name.strip() for name in listed.split(",")}
    assert names <= set(PACKAGES), f"{init}: 'May import:' names {names - set(PACKAGES)}, which are no packages"
    return names


def wrong_imports(imports: list[Import]) -> list[str]:
    """Every import against the layout, as ``module:line: what is wrong``."""
    wrong = []
    for found in imports:
        if found.target != TOP and not found.target.startswith(f"{TOP}."):
            continue
        source, target = package_of(found.module), package_of(found.target)
        if target == source:
            continue
        where = f"{found.module}:{found.line}: imports {found.target}"
        if target == TOP:
            # The root is the users' door to the engine and authoring: nothing inside imports it.
            wrong.append(f"{where}, the package root; import from the package that holds the name")
            continue
        if target not in allowed(source):
            wrong.append(f"{where}: {source} may import {', '.join(sorted(allowed(source))) or 'no package'}")
        inner = found.target.split(".")[2:]
        private = [part for part in inner if part.startswith("_")] + [n for n in found.names if n.startswith("_")]
        if private:
            wrong.append(f"{where} ({', '.join(private)}): another package's private module or name; use its public surface")
    return wrong


def test_every_package_says_what_it_is_for_and_what_it_may_import() -> None:
    for package in (TOP, *PACKAGES):
        allowed(package)


def test_the_packages_stand_in_layers() -> None:
    """No two packages may import each other, even by a detour: each has a place below the ones that use it."""
    placed: list[str] = []
    left = {package: allowed(package) for package in PACKAGES}
    while left:
        ready = sorted(package for package, needs in left.items() if needs <= set(placed))
        assert ready, f"these packages may import each other in a ring: {sorted(left)}"
        placed += ready
        for package in ready:
            del left[package]


def test_imports_follow_the_layout() -> None:
    assert wrong_imports(all_imports()) == []


@pytest.mark.parametrize(
    ("module", "line", "wrong"),
    [
        ("policy_core.engine._model", "from ..site import text", "engine may import no package"),
        ("policy_core.site.store", "from ..engine._model import Policy", "private module"),
        ("policy_core.site.store", "from ..engine import _model", "private module or name"),
        ("policy_core.authoring._spec", "from ..versions import diff_text", "authoring may import engine"),
        ("policy_core.versions._diff", "import policy_core", "the package root"),
    ],
)
def test_a_wrong_way_import_is_named(module: str, line: str, wrong: str, tmp_path: Path) -> None:
    """The check itself, on one wrong import placed in a real module (the module's own imports are right)."""
    path = ROOT.joinpath(*module.split(".")[1:]).with_suffix(".py")
    copy = tmp_path / "copy.py"
    copy.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    wrong_ones = wrong_imports(imports_of(copy, standing_at=path))
    assert [message for message in wrong_ones if wrong in message], wrong_ones


def test_the_engine_needs_the_standard_library_only() -> None:
    """The engine is what the browser runs: Pyodide brings the standard library and nothing else."""
    outside = sorted(
        f"{found.module}:{found.line}: {found.target}"
        for found in all_imports()
        if package_of(found.module) == "engine"
        and found.target.split(".")[0] not in {*sys.stdlib_module_names, "__future__", TOP}
    )
    assert outside == []


def test_the_build_hooks_modules_stand_alone() -> None:
    """The wheel's build hook loads these files alone, before the package exists: no import of policy_core."""
    for name in ("engine.py", "pyodide.py", "_wheel_hook.py"):
        imported = {found.target.split(".")[0] for found in imports_of(ROOT / "runtime" / name)}
        assert imported <= {*sys.stdlib_module_names, "__future__", "hatchling"}, (name, imported)
