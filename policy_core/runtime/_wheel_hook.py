"""Hatch build hook: ship the engine compiled for Pyodide in the wheel, where this build can make it.

A compiled engine needs two things a build front end's isolated environment may lack: the pinned
Pyodide runtime's files (``node_modules/pyodide`` in a checkout after ``npm ci``, the folder named
by ``POLICY_CORE_PYODIDE``, or the one ``policy-core runtime install`` filled) and Python of the
runtime's own version (3.13 for Pyodide 0.29). With both, the wheel ships the engine compiled
(``.ci/release`` makes sure of it). Without them, the wheel is still whole: a site build makes
the engine itself (``engine.py``), compiled where its Python allows, else as source. Nothing else
is needed: ``engine.py`` and ``pyodide.py`` use the standard library only, and are loaded alone.
Not run for an editable install, which builds the engine when the site is built.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

RUNTIME_SETTING = "POLICY_CORE_PYODIDE"


def _module(root: Path, name: str) -> Any:
    """``policy_core/runtime/<name>.py`` on its own: the package's other imports are not needed here."""
    path = root / "policy_core" / "runtime" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"policy_core_build_{name}", path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


class EngineHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        engine, pyodide = _module(root, "engine"), _module(root, "pyodide")
        places = [Path(os.environ[RUNTIME_SETTING])] if os.environ.get(RUNTIME_SETTING) else []
        places += [root / "node_modules" / "pyodide", pyodide.installed_folder()]
        runtime = next((folder for folder in places if pyodide.is_pinned(folder)), None)
        later = "a site build makes it (README, 'The checker as source')"
        if runtime is None:
            self.app.display_warning(
                f"policy-core: the engine is not compiled into this wheel: no Pyodide {pyodide.PYODIDE_VERSION} here "
                f"(set {RUNTIME_SETTING} to its folder, or run `npm ci` or `policy-core runtime install`); {later}"
            )
            return
        lock = runtime / "pyodide-lock.json"
        if not engine.host_compiles(lock):
            self.app.display_warning(
                f"policy-core: the engine is not compiled into this wheel: that needs the Python of Pyodide "
                f"{pyodide.PYODIDE_VERSION} (3.13); {later}"
            )
            return
        out = Path(tempfile.mkdtemp(prefix="policy-core-shipped-engine-"))
        try:
            engine.build_engine(out, lock, pyodide.PYODIDE_VERSION, self.metadata.version, bytecode=True)
        except engine.EngineBuildError as exc:
            self.app.display_warning(f"policy-core: the engine is not compiled into this wheel: {exc}; {later}")
            return
        for path in out.iterdir():
            build_data["force_include"][str(path)] = f"policy_core/runtime/compiled-engine/{path.name}"
        self.app.display_info(f"policy-core: the engine ships compiled for Pyodide {pyodide.PYODIDE_VERSION}")
