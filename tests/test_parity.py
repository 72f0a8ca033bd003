"""CPython and real Pyodide (Node, the same wheel and JSON the site ships) agree on every case."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import REFERENCE_POLICIES, TODAY
from .pyodide.parity_cases import run

pytestmark = pytest.mark.pyodide

HERE = Path(__file__).resolve().parent / "pyodide"


@pytest.fixture(scope="module")
def pyodide_results(built_site: Path) -> dict[str, dict]:
    runtime = next((built_site / "assets").glob("policy-check-*"))
    node = shutil.which("node")
    assert node, "Node.js is needed for the Pyodide parity test"
    files = [str(built_site / name / "policy.json") for name in REFERENCE_POLICIES]
    result = subprocess.run(
        [node, str(HERE / "run_parity.mjs"), str(runtime), TODAY.isoformat(), *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(line["python"].startswith("3.13") for line in lines)
    return {line["result"]["policy"]: line["result"] for line in lines}


@pytest.mark.parametrize("name", REFERENCE_POLICIES)
def test_every_case_agrees(built_site: Path, pyodide_results: dict[str, dict], name: str) -> None:
    in_cpython = json.loads(run((built_site / name / "policy.json").read_text(encoding="utf-8"), TODAY.isoformat()))
    in_pyodide = pyodide_results[name]
    assert len(in_pyodide["cases"]) == len(in_cpython["cases"]) > 300
    assert in_pyodide == in_cpython  # all of them, not a sample
    for row in in_cpython["cases"]:
        assert row["check"]["verdict"]["outcome"] == row["decide"]["outcome"]
