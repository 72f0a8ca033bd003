"""The compiled policy: validated data as canonical JSON with its content hash.

The site publishes it and the browser's checker reads it, so the page and the widget decide
from byte-for-byte the same policy.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ._build import policy_from_data
from ._model import Policy

FORMAT = 1


def _canonical(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(policy: Policy) -> str:
    """A short hash of the policy's data; changes whenever any text or rule changes."""
    return hashlib.sha256(_canonical(policy.data).encode()).hexdigest()[:16]


def compile_policy(policy: Policy, **extra: Any) -> str:
    """The policy as compact JSON: ``{"format", "hash", "policy", ...extra}``."""
    return _canonical({"format": FORMAT, "hash": content_hash(policy), "policy": policy.data, **extra})


def load_compiled(text: str) -> Policy:
    """Read a compiled policy back; it is validated again, as any raw data is."""
    document = json.loads(text)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError(f"not a compiled policy of format {FORMAT}")
    raw = document.get("policy")
    policy = policy_from_data(raw, path=f"{raw.get('id', 'policy') if isinstance(raw, dict) else 'policy'}.json")
    if content_hash(policy) != document.get("hash"):
        raise ValueError("the compiled policy does not match its hash")
    return policy
