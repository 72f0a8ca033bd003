"""Site build time: the real site, synthetic sites of 1, 10 and 100 policies, and serve's rebuild.

Run: .venv/bin/python bench/site_build.py [--runs 3]

Synthetic policies are copies of Interspire's (each with its own id, pages and nav entry). The
plugin's share is measured against a plain Material build of the same pages: each page's
rendered content pasted in as HTML, with the policy plugin and extension switched off.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, summary, table

from tests.project import copy_project, fetch, free_port, wait_for

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)


def timed_build(project: Path, runs: int) -> list[float]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=project, env=env, check=True)
        times.append((time.perf_counter() - start) * 1000)
    return times


def synthetic_project(target: Path, count: int) -> Path:
    """A site with ``count`` Interspire-sized policies (no nav: MkDocs lists the pages itself)."""
    project = copy_project(target)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").split("\nnav:")[0] + "\n", encoding="utf-8")
    docs = project / "docs"
    for folder in ("interspire", "alurian"):
        shutil.rmtree(docs / folder)
    (docs / "compare.md").write_text("# Compare\n\n/// policy-compare | policy-001 policy-001\n///\n", encoding="utf-8")
    source = (ROOT / "docs" / "policies" / "interspire.yml").read_text(encoding="utf-8")
    for path in (docs / "policies").glob("*.yml"):
        path.unlink()
    for number in range(1, count + 1):
        ident = f"policy-{number:03d}"
        (docs / "policies" / f"{ident}.yml").write_text(source.replace("id: interspire", f"id: {ident}", 1), encoding="utf-8")
        (docs / ident).mkdir()
        for page, block in (("index", "policy"), ("check", "policy-check"), ("cases", "policy-cases")):
            (docs / ident / f"{page}.md").write_text(f"# {ident} {page}\n\n/// {block} | {ident}\n///\n", encoding="utf-8")
    return project


def plain_twin(project: Path, target: Path) -> Path:
    """The same pages as plain Material: rendered content as HTML, no policy plugin or extension."""
    shutil.copytree(project, target, symlinks=True, ignore=shutil.ignore_patterns("site"))
    config = target / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"  - policy:\n      policies: docs/policies\n", "", text).replace("  - policy_core.site.markdown\n", "")
    config.write_text(text, encoding="utf-8")
    site = project / "site"
    for page in (target / "docs").rglob("*.md"):
        relative = page.relative_to(target / "docs").with_suffix("")
        built = site / (
            "index.html"
            if relative.name == "index" and relative.parent == Path()
            else relative.parent / ("index.html" if relative.name == "index" else f"{relative.name}/index.html")
        )
        match = ARTICLE.search(built.read_text(encoding="utf-8"))
        page.write_text(f"{match[1] if match else ''}\n", encoding="utf-8")
    shutil.rmtree(target / "docs" / "policies")
    return target


def serve_edits(work: Path, rounds: int) -> dict[str, list[float]]:
    """Save-to-served times (ms) during one `mkdocs serve`, a policy edit and a Markdown edit in turn.

    The Markdown edit (a sentence of the writer's guide) is the floor: what any save costs on this
    site. Each round edits the policy file, then the page, and times each until the served page shows it.
    """
    project = copy_project(work / "serve")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    policy = project / "docs" / "policies" / "alurian.yml"
    guide = project / "docs" / "writers-guide.md"
    edits = {
        "policy clause": (policy, "Template Customizations", f"http://127.0.0.1:{port}/alurian/"),
        "Markdown page": (guide, "Preview while you write", f"http://127.0.0.1:{port}/writers-guide/"),
    }
    times: dict[str, list[float]] = {name: [] for name in edits}
    with (work / "serve.log").open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        if not wait_for(lambda: "Template Customizations" in fetch(edits["policy clause"][2]), seconds=120):
            raise TimeoutError("mkdocs serve did not start")
        for n in range(rounds):
            for name, (path, text, url) in edits.items():
                marker = f"{text} {n}"
                # MkDocs rebuilds once its watcher settles; wait a moment so that edits do not merge.
                time.sleep(1.5)
                original = path.read_text(encoding="utf-8")
                path.write_text(original.replace(text, marker, 1), encoding="utf-8")
                saved = time.perf_counter()
                if not wait_for(lambda url=url, marker=marker: marker in fetch(url), seconds=120, interval=0.02):
                    raise TimeoutError(f"the {name} edit was not served")
                times[name].append((time.perf_counter() - saved) * 1000)
                path.write_text(original, encoding="utf-8")
                time.sleep(1.5)
                wait_for(lambda url=url, marker=marker: marker not in fetch(url), seconds=120, interval=0.05)
        return times
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--serve-only", action="store_true", help="only the preview's save-to-served figures")
    args = parser.parse_args()
    print(f"bench/site_build.py, {dt.datetime.now():%Y-%m-%d %H:%M}; median [min-max] of {args.runs} builds\n")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        work = Path(tmp)
        served = serve_edits(work, rounds=max(5, args.runs))
        if args.serve_only:
            _print_serve(served)
            return
        real = copy_project(work / "real")
        rows.append(("real site (2 policies)", summary(timed_build(real, args.runs)), "", ""))
        for count in (1, 10, 100):
            ours = synthetic_project(work / f"synthetic-{count}", count)
            ours_times = timed_build(ours, args.runs)
            plain = plain_twin(ours, work / f"plain-{count}")
            plain_times = timed_build(plain, args.runs)
            ratio = sorted(o / p for o, p in zip(ours_times, plain_times, strict=True))[len(ours_times) // 2]
            rows.append((f"synthetic, {count} policies", summary(ours_times), summary(plain_times), f"{ratio:.2f}x"))
    print(table(rows, ("site", "with the policy plugin", "plain Material, same pages", "ratio")))
    _print_serve(served)


def _print_serve(served: dict[str, list[float]]) -> None:
    policy, page = served["policy clause"], served["Markdown page"]
    ratios = sorted(p / m for p, m in zip(policy, page, strict=True))
    print(f"\nmkdocs serve, save to new text served (median [min-max] of {len(policy)} saves each):\n")
    rows = [
        ("a clause of alurian.yml", summary(policy)),
        ("a sentence of writers-guide.md (the floor)", summary(page)),
        ("ratio policy / Markdown", summary(ratios, "x")),
    ]
    print(table(rows, ("edit", "time")))


if __name__ == "__main__":
    main()
