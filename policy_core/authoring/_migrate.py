"""Read older policy files: format 1 (no ``format`` key) is rewritten, in memory, as format 2.

Format 1 had an ``action-required`` outcome instead of actions, and ``period-months``
instead of ``period``. Each action-required answer becomes an action of its own whose text is
the answer's steps, so a file written for format 1 keeps its meaning and still validates.
"""

from __future__ import annotations

from typing import Any

from ..engine import FORMAT


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Return format-2 data for a format-1 document (a new dict; ``data`` is not changed)."""
    migrated = dict(data)
    declared = migrated.get("actions")
    actions: list[dict[str, Any]] = list(declared) if isinstance(declared, list) else []
    questions = []
    given = migrated.get("questions")
    for original in given if isinstance(given, list) else []:
        if not isinstance(original, dict):
            questions.append(original)
            continue
        question = dict(original)
        if "period-months" in question:
            months = question.pop("period-months")
            valid = isinstance(months, int) and not isinstance(months, bool) and months > 0
            # A value that is not a whole number is passed on as it is, so that it is reported, not dropped.
            question["period"] = f"{months} month{'s' if months != 1 else ''}" if valid else months
        for key in ("within", "after"):
            if isinstance(question.get(key), dict):
                question[key] = _effect(question[key], f"{question.get('id')}-{key}", actions)
        if isinstance(question.get("options"), list):
            question["options"] = [
                _effect(o, f"{question.get('id')}-{o.get('id')}", actions) if isinstance(o, dict) else o
                for o in question["options"]
            ]
        questions.append(question)
    if isinstance(given, list):  # anything else is left for the format check to report
        migrated["questions"] = questions
    if actions:
        migrated["actions"] = actions
    if isinstance(migrated.get("next-steps"), dict):
        migrated["next-steps"] = {k: v for k, v in migrated["next-steps"].items() if k != "action-required"}
    migrated["format"] = FORMAT
    return migrated


def _effect(effect: dict[str, Any], action_id: str, actions: list[dict[str, Any]]) -> dict[str, Any]:
    if effect.get("outcome") != "action-required":
        return effect
    given = effect.get("steps")
    steps = [s for s in given if isinstance(s, str)] if isinstance(given, list) else []
    effect = {k: v for k, v in effect.items() if k not in ("outcome", "steps")}
    text = " ".join(steps) or "Do what this answer calls for before you file."
    if action_id not in {a.get("id") for a in actions if isinstance(a, dict)}:
        actions.append({"id": action_id, "text": text})
    effect["actions"] = [action_id]
    return effect
