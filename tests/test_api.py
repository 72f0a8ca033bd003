"""The public surface: what users import is exported from the package."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import policy_core
from policy_core import authoring, engine

# Modules whose every public class and function is part of the engine's surface.
API_MODULES = ("_model", "_errors", "_checker", "_cases", "_compiled", "_dates", "_api", "_links", "_ticket", "_tree")


def test_every_exported_name_exists() -> None:
    assert len(set(policy_core.__all__)) == len(policy_core.__all__)
    for name in policy_core.__all__:
        assert hasattr(policy_core, name), name


@pytest.mark.parametrize("module_name", API_MODULES)
def test_public_objects_are_exported(module_name: str) -> None:
    module = importlib.import_module(f"policy_core.engine.{module_name}")
    for name, value in vars(module).items():
        defined_here = getattr(value, "__module__", None) == module.__name__
        if defined_here and not name.startswith("_") and (isinstance(value, type) or callable(value)):
            assert name in engine.__all__, f"{module.__name__}.{name} is not exported by policy_core.engine"


def test_the_package_exports_the_engines_and_authorings_own_objects() -> None:
    """``policy_core`` is the users' door to both: the same objects, never copies."""
    for name in policy_core.__all__:
        owner = engine if name in engine.__all__ else authoring
        assert getattr(policy_core, name) is getattr(owner, name), name


def test_checker_imports_without_pyyaml() -> None:
    """The checker runs in Pyodide, which has only the standard library."""
    code = (
        "import sys; sys.modules['yaml'] = None\n"  # any PyYAML import now fails
        "import policy_core\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "ok", result.stderr
