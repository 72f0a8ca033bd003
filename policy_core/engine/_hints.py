"""'Did you mean' hints for misspelt ids and keys."""

from __future__ import annotations

from collections.abc import Iterable

NEGATIONS = ("not-", "non-", "un", "no-")


def _negated(word: str) -> tuple[bool, str]:
    """Whether ``word`` says "not", and what it negates: 'unsupported' -> (True, 'supported')."""
    flat = word.lower().replace("_", "-").replace(" ", "-")
    for prefix in NEGATIONS:
        if flat.startswith(prefix) and len(flat) > len(prefix) + 2:
            return True, flat[len(prefix) :]
    return False, flat


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice that ``word`` is most likely a misspelling of, if any; never one of opposite meaning.

    'unsupported' is taken for 'not-supported', never for 'supported', although it is spelt closer.
    """
    import difflib  # noqa: PLC0415  (only needed for a mistake; slow to load in the browser)

    options = list(choices)
    negated, stem = _negated(word)
    same_meaning = [c for c in options if _negated(c) == (negated, stem)]
    if same_meaning:
        return same_meaning[0]
    alike = [c for c in options if _negated(c)[0] == negated]
    close = difflib.get_close_matches(word, alike, n=1, cutoff=0.75)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ` (did you mean 'x'?)` when a choice is close to ``word``, else ``''``."""
    match = closest(word, choices)
    return f" (did you mean '{match}'?)" if match else ""
