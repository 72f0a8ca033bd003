"""CPython and real Pyodide (Node, the same wheel and JSON the site ships) agree on every case."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from policy_core import cases, compile_policy, load_compiled, load_policy

from .conftest import FIXTURES, SITE_POLICIES, TODAY
from .pyodide.parity_cases import run

pytestmark = pytest.mark.pyodide

HERE = Path(__file__).resolve().parent / "pyodide"
SYNTHETIC = {
    "time-rules": FIXTURES / "time-rules.yml",
    "renewals": FIXTURES / "terms" / "renewals.yml",
    "extensions": FIXTURES / "terms" / "extensions.yml",
}


@pytest.fixture(scope="module")
def pyodide_results(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    runtime = next((built_site / "assets").glob("policy-check-*"))
    node = shutil.which("node")
    assert node, "Node.js is needed for the Pyodide parity test"
    # The synthetic policies with every time rule, renewals, extensions and offers go through the same runtime.
    folder = tmp_path_factory.mktemp("parity")
    files = [str(built_site / name / "policy.json") for name in SITE_POLICIES]
    for name, source in SYNTHETIC.items():
        (folder / f"{name}.json").write_text(compile_policy(load_policy(source)), encoding="utf-8")
        files.append(str(folder / f"{name}.json"))
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


@pytest.mark.parametrize("name", [*SITE_POLICIES, *SYNTHETIC])
def test_every_case_agrees(built_site: Path, pyodide_results: dict[str, dict], name: str) -> None:
    source = built_site / name / "policy.json" if name in SITE_POLICIES else None
    text = source.read_text(encoding="utf-8") if source else compile_policy(load_policy(SYNTHETIC[name]))
    in_cpython = json.loads(run(text, TODAY.isoformat()))
    in_pyodide = pyodide_results[name]
    policy = load_compiled(text)
    assert len(in_pyodide["cases"]) == len(in_cpython["cases"]) == len(cases(policy)), "every case, not a sample"
    kinds = {reply["error"]["kind"] for reply in in_cpython["extra"] if "error" in reply}
    assert {"UnknownOptionError", "InvalidDateError"} <= kinds
    assert any("link" in reply for reply in in_cpython["extra"])
    assert in_pyodide == in_cpython  # all of them, not a sample
    for row in in_cpython["cases"]:
        assert row["check"]["verdict"]["outcome"] == row["decide"]["outcome"]
