"""The model from format-2 data that is known to be well formed.

Two readers share it: a writer's file, once validation (``policy_core.authoring``) has accepted it,
and a compiled policy (``load_compiled``), which ``policy_data`` wrote from a validated model. The
browser needs only the second, so this is all of the format it carries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ._dates import Duration
from ._model import Action, Clause, Condition, Filing, Offer, Option, Outcome, PeriodBy, Policy, Question, Section, Summary, When

FORMAT = 2  # the policy format the model reads and writes; format 1 files are migrated by authoring


def implied_parent(question: Mapping[str, Any]) -> str | None:
    """A date question computed from an earlier answer is asked once that answer is given."""
    by = question.get("period-by")
    if isinstance(by, dict):
        return by.get("question")
    return question.get("renews") or question.get("extends") or question.get("starts-after") or question.get("not-before")


def _option(data: Mapping[str, Any], option_id: str) -> Option:
    return Option(
        id=option_id,
        label=data["label"],
        outcome=Outcome(data.get("outcome", "supported")),
        clauses=tuple(data.get("clauses", ())),
        steps=tuple(data.get("steps", ())),
        actions=tuple(data.get("actions", ())),
    )


def _leaf(when: Mapping[str, Any]) -> Condition:
    negate = "not-in" in when
    return Condition(question=when["question"], options=frozenset(when["not-in" if negate else "in"]), negate=negate)


def _condition(data: Mapping[str, Any]) -> When | None:
    when = data.get("when")
    if when is not None:
        if "all" in when or "any" in when:
            return When(conditions=tuple(_leaf(c) for c in when.get("all", when.get("any"))), any_of="any" in when)
        return When(conditions=(_leaf(when),))
    by = data.get("period-by")
    if by is not None:
        return When(conditions=(Condition(question=by["question"], options=frozenset(by["periods"])),))
    parent = implied_parent(data)
    return When(conditions=(Condition(question=parent, options=frozenset(), negate=True),)) if parent else None


def _question(data: Mapping[str, Any]) -> Question:
    kind = data.get("type", "choice")
    options = [_option(o, o["id"]) for o in data.get("options", [])]
    if kind == "date":
        classes = [_option(data[name], name) for name in ("within", "in-grace", "after") if name in data]
        options = [*classes, *options]
    by = data.get("period-by")
    return Question(
        id=data["id"],
        prompt=data["prompt"],
        label=data.get("label", data["prompt"]),
        help=data.get("help"),
        type=kind,
        options=tuple(options),
        when=_condition(data),
        when_implied="when" not in data and _condition(data) is not None,
        period=Duration.parse(data["period"]) if "period" in data else None,
        period_by=PeriodBy(
            question=by["question"],
            periods={k: Duration.parse(v) for k, v in by["periods"].items()},
            clauses={k: tuple(v) for k, v in by.get("clauses", {}).items()},
        )
        if by
        else None,
        grace=Duration.parse(data["grace"]) if "grace" in data else None,
        starts_after=data.get("starts-after"),
        renews=data.get("renews"),
        extends=data.get("extends"),
        window=Duration.parse(data["window"]) if "window" in data else None,
        cap=Duration.parse(data["cap"]) if "cap" in data else None,
        opens=Duration.parse(data["opens"]) if "opens" in data else None,
        not_before=data.get("not-before") or data.get("starts-after"),
        no_future=data.get("no-future", False),
        term=data.get("term", "support"),
    )


def assemble_policy(data: Mapping[str, Any]) -> Policy:
    """The model from well-formed format-2 data: validated by ``policy_from_data``, or written by ``policy_data``."""
    sections = tuple(
        Section(
            id=s["id"],
            title=s["title"],
            kind=s["kind"],
            clauses=tuple(
                Clause(id=f"{s['id']}.{c['id']}", section=s["id"], section_title=s["title"], text=c["text"], topic=c.get("topic"))
                for c in s["clauses"]
            ),
        )
        for s in data["sections"]
    )
    summary = data["summary"]
    return Policy(
        id=data["id"],
        title=data["title"],
        vendor=data["vendor"],
        product=data["product"],
        updated=dt.date.fromisoformat(data["updated"]),
        summary=Summary(
            period=summary["period"],
            renewal=summary["renewal"],
            channel=summary["channel"],
            eligibility=summary["eligibility"],
            partners=summary.get("partners"),
        ),
        sections=sections,
        closing=data.get("closing"),
        questions=tuple(_question(q) for q in data["questions"]),
        actions=tuple(Action(id=a["id"], text=a["text"], label=a.get("label")) for a in data.get("actions", ())),
        next_steps={Outcome(name): tuple(steps) for name, steps in data["next-steps"].items()},
        offers=tuple(
            Offer(id=o["id"], name=o["name"], question=o["question"], clauses=tuple(o.get("clauses", ())))
            for o in data.get("offers", ())
        ),
        filing=Filing(url=data["filing"].get("url"), email=data["filing"].get("email")) if "filing" in data else None,
    )
