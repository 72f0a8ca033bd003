"""'Did you mean' hints for misspelt ids and keys."""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice that ``word`` is most likely a misspelling of, if any."""
    import difflib  # noqa: PLC0415  (only needed for a mistake; slow to load in the browser)

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ` (did you mean 'x'?)` when a choice is close to ``word``, else ``''``."""
    match = closest(word, choices)
    return f" (did you mean '{match}'?)" if match else ""
