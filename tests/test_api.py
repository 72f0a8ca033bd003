"""The public surface: what users import is exported from the package."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import policy_core

# Modules whose every public class and function is part of the API.
API_MODULES = ("_model", "_errors", "_checker", "_cases", "_compiled", "_dates", "_api")


def test_every_exported_name_exists() -> None:
    assert len(set(policy_core.__all__)) == len(policy_core.__all__)
    for name in policy_core.__all__:
        assert hasattr(policy_core, name), name


@pytest.mark.parametrize("module_name", API_MODULES)
def test_public_objects_are_exported(module_name: str) -> None:
    module = importlib.import_module(f"policy_core.{module_name}")
    for name, value in vars(module).items():
        defined_here = getattr(value, "__module__", None) == module.__name__
        if defined_here and not name.startswith("_") and (isinstance(value, type) or callable(value)):
            assert name in policy_core.__all__, f"{module.__name__}.{name} is not exported"


def test_checker_imports_without_pyyaml() -> None:
    """The checker runs in Pyodide, which has only the standard library."""
    code = (
        "import sys; sys.modules['yaml'] = None\n"  # any PyYAML import now fails
        "import policy_core\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "ok", result.stderr
