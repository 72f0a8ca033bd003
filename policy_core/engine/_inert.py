"""Untrusted text made inert before it reaches an exit: the terminal, a log, a note on the page.

Text from a share link or a summary is the attacker's: an escape sequence can clear an agent's
terminal and draw a fake report, a new line can add lines that look like the tool's, and a
right-to-left override can make a note read backwards. One rule for all of them: control
characters, bidi overrides and isolates, zero-width and line-separator characters are shown
escaped (``\\x1b``, ``\\u202e``), visibly and in a form a JSON reader decodes to the same text.
Joiners and marks that scripts need (ZWNJ, ZWJ, LRM, RLM) are kept.
"""

from __future__ import annotations

import re

#: How much of an echoed value is shown: enough to recognise it, never a flood.
MAX_ECHO = 60
#: A version is a date and a 16-digit hash (27 characters): a longer one is cut before it can say a sentence.
VERSION_ECHO = 32

# The character classes, as regular-expression ranges; validation refuses the same ones (_spec.py).
LINE_BREAKS = "\n\r\u2028\u2029"
CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"  # but tabs and new lines, which Markdown texts hold
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"  # overrides and isolates; not the marks LRM and RLM
INVISIBLE = "\u200b\u2060\ufeff"  # not ZWNJ and ZWJ, which scripts need
_SPOOFING = f"\u2028\u2029{BIDI_CONTROLS}{INVISIBLE}"
_UNSAFE = re.compile(f"[\t\n{CONTROLS}{_SPOOFING}]")
_UNSAFE_IN_LINES = re.compile(f"[{CONTROLS}{_SPOOFING}]")  # new lines and tabs are the tool's own


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x20 else f"\\u{code:04x}"


def echo(text: str, limit: int = MAX_ECHO) -> str:
    """``text`` as it may be repeated back: every unsafe character escaped, new lines too, and at most ``limit`` characters."""
    return _UNSAFE.sub(_escape, text[:limit]) + ("…" if len(text) > limit else "")


def terminal_safe(text: str) -> str:
    """Output for a terminal or a log: unsafe characters escaped, but the tool's own new lines and tabs kept."""
    return _UNSAFE_IN_LINES.sub(_escape, text)
