"""Hatch build hook: ship the compiled engine in the wheel, so that sites need no Pyodide toolchain.

Runs when the wheel is built (not for an editable install, which builds the engine on demand).
It needs this repository's ``node_modules/pyodide`` (``npm ci``), Python 3.13 and the ``dev``
extra's toolchain, as a release build has.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _engine_module(root: Path) -> Any:
    """``policy_core/site/engine.py`` on its own: the package's other imports are not needed here."""
    spec = importlib.util.spec_from_file_location("policy_core_engine", root / "policy_core" / "site" / "engine.py")
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load {root / 'policy_core' / 'site' / 'engine.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class EngineHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        pyodide = root / "node_modules" / "pyodide"
        if not (pyodide / "pyodide-lock.json").is_file():
            raise RuntimeError(f"building the wheel needs the Pyodide runtime in {pyodide}: run `npm ci` first")
        if sys.version_info[:2] != (3, 13):
            raise RuntimeError("building the wheel needs Python 3.13, the Python of Pyodide 0.29, to compile the engine")
        engine = _engine_module(root)
        pyodide_version = json.loads((pyodide / "package.json").read_text(encoding="utf-8"))["version"]
        out = Path(tempfile.mkdtemp(prefix="policy-core-shipped-engine-"))
        engine.build_engine(out, pyodide / "pyodide-lock.json", pyodide_version, self.metadata.version)
        for path in out.iterdir():
            build_data["force_include"][str(path)] = f"policy_core/site/engine/{path.name}"
