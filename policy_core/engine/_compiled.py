"""The compiled policy: the model written out as canonical JSON (format 2 data) with its content hash.

The site publishes it and the browser's checker reads it, so the page and the widget decide
from byte-for-byte the same policy. It is written from the immutable model, never from the
source's raw data, so it cannot drift from what the checker holds.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ._assemble import FORMAT, assemble_policy
from ._model import Option, Outcome, Policy, Question, When

COMPILED_FORMAT = 2


def _canonical(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _effect(option: Option) -> dict[str, Any]:
    effect: dict[str, Any] = {"label": option.label}
    if option.outcome is not Outcome.SUPPORTED:
        effect["outcome"] = option.outcome.value
    for key, values in (("actions", option.actions), ("clauses", option.clauses), ("steps", option.steps)):
        if values:
            effect[key] = list(values)
    return effect


def when_data(when: When) -> dict[str, Any]:
    """A question's condition as the format writes it: one condition alone, several under 'all' or 'any'."""
    parts = [{"question": c.question, "not-in" if c.negate else "in": sorted(c.options)} for c in when.conditions]
    if len(parts) == 1 and not when.any_of:
        return parts[0]
    return {"any" if when.any_of else "all": parts}


def _question(question: Question) -> dict[str, Any]:
    data: dict[str, Any] = {"id": question.id, "prompt": question.prompt, "label": question.label, "type": question.type}
    if question.help is not None:
        data["help"] = question.help
    if question.when is not None and not question.when_implied:
        data["when"] = when_data(question.when)
    extras = question.extra_options
    if extras:
        data["options"] = [{"id": o.id, **_effect(o)} for o in extras]
    for option in question.date_classes:
        data[option.id] = _effect(option)
    if question.type == "date":
        data.update(_date_rules(question))
    return data


def _date_rules(question: Question) -> dict[str, Any]:
    data: dict[str, Any] = {"no-future": question.no_future, "term": question.term}
    lengths = {"period": question.period, "grace": question.grace, "window": question.window, "cap": question.cap}
    lengths["opens"] = question.opens
    for key, value in lengths.items():
        if value is not None:
            data[key] = str(value)
    if question.period_by is not None:
        periods = {k: str(v) for k, v in question.period_by.periods.items()}
        data["period-by"] = {"question": question.period_by.question, "periods": periods}
        if question.period_by.clauses:
            data["period-by"]["clauses"] = {k: list(v) for k, v in question.period_by.clauses.items()}
    for key, name in (("starts-after", question.starts_after), ("renews", question.renews), ("extends", question.extends)):
        if name is not None:
            data[key] = name
    if question.not_before is not None and question.not_before != question.starts_after:
        data["not-before"] = question.not_before
    return data


def policy_data(policy: Policy) -> dict[str, Any]:
    """The policy as format-2 data, from the model alone; ``policy_from_data`` reads it back to an equal policy."""
    summary = policy.summary
    data: dict[str, Any] = {
        "format": FORMAT,
        "id": policy.id,
        "title": policy.title,
        "vendor": policy.vendor,
        "product": policy.product,
        "updated": policy.updated.isoformat(),
        "summary": {
            "period": summary.period,
            "renewal": summary.renewal,
            "channel": summary.channel,
            "eligibility": summary.eligibility,
            **({"partners": summary.partners} if summary.partners is not None else {}),
        },
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "kind": s.kind,
                "clauses": [
                    {"id": c.id.partition(".")[2], "text": c.text, **({"topic": c.topic} if c.topic else {})} for c in s.clauses
                ],
            }
            for s in policy.sections
        ],
        "actions": [{"id": a.id, "text": a.text, **({"label": a.label} if a.label else {})} for a in policy.actions],
        "questions": [_question(q) for q in policy.questions],
        "next-steps": {outcome.value: list(steps) for outcome, steps in policy.next_steps.items()},
    }
    if policy.offers:
        data["offers"] = [
            {"id": o.id, "name": o.name, "question": o.question, **({"clauses": list(o.clauses)} if o.clauses else {})}
            for o in policy.offers
        ]
    if policy.closing is not None:
        data["closing"] = policy.closing
    if policy.filing is not None:
        data["filing"] = {k: v for k, v in (("url", policy.filing.url), ("email", policy.filing.email)) if v}
    return data


def content_hash(policy: Policy) -> str:
    """A short hash of the policy; changes whenever any text or rule changes."""
    return hashlib.sha256(_canonical(policy_data(policy)).encode()).hexdigest()[:16]


def version_id(policy: Policy) -> str:
    """The version a share link names: readable (its ``updated`` date) and exact (its hash), ``2026-11-23.7b1199dcc0dd484d``."""
    return f"{policy.updated.isoformat()}.{content_hash(policy)}"


def compile_policy(policy: Policy, **extra: Any) -> str:
    """The policy as compact JSON: ``{"format", "hash", "policy", ...extra}``."""
    return _canonical({"format": COMPILED_FORMAT, "hash": content_hash(policy), "policy": policy_data(policy), **extra})


def load_compiled(text: str) -> Policy:
    """Read a compiled policy back, as ``compile_policy`` wrote it.

    It is not validated again: validation and the proofs ran when it was compiled, and the browser
    carries neither. Its hash is checked instead: the policy read back must write out to the very
    data that was hashed, so a file changed or cut since is refused (``ValueError``), never half read.
    """
    document = json.loads(text)
    if not isinstance(document, dict) or document.get("format") != COMPILED_FORMAT:
        raise ValueError(f"not a compiled policy of format {COMPILED_FORMAT}")
    raw = document.get("policy")
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ValueError(f"the compiled policy does not hold format-{FORMAT} policy data")
    try:
        policy = assemble_policy(raw)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"the compiled policy is not whole ({type(exc).__name__}: {exc})") from None
    if content_hash(policy) != document.get("hash"):
        raise ValueError("the compiled policy does not match its hash")
    return policy
