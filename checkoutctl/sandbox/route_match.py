"""Whether a fault's path pattern can ever match a request the sandbox routes, so a typo
(`/pagbank/checkout/*`) is a warning when the fault is armed instead of a fault that never fires."""

from __future__ import annotations

import fnmatch
import itertools
import re
from typing import Iterable

_VARIABLE = re.compile(r"<(?:(?P<converter>[a-z]+)(?:\([^)]*\))?:)?(?P<name>[A-Za-z_]\w*)>")
_WILDCARDS = frozenset("*?[")


# What a variable part of a rule is tried as: a number, a word, an id shaped like the providers' ids.
_CANDIDATES = ("1", "x", "CHEC_1")


def samples(rule: str) -> list[str]:
    """Paths the werkzeug rule matches: `/checkouts/<id>` → `/checkouts/1`, `/checkouts/x`, …"""
    variables = list(_VARIABLE.finditer(rule))
    found = []
    for values in itertools.product(_CANDIDATES, repeat=len(variables)):
        path, last = "", 0
        for m, value in zip(variables, values):
            if m.group("converter") in ("int", "float") and not value.isdigit():
                break
            path, last = path + rule[last:m.start()] + value, m.end()
        else:
            found.append(path + rule[last:])
    return found


def matches_a_route(pattern: str, rules: Iterable[str]) -> bool:
    """True when some routed path fits `pattern` (shell wildcards, as faults.take matches them)."""
    rules = list(rules)
    if not _WILDCARDS & set(pattern):  # a concrete path: does a rule take it?
        return any(_rule_regex(rule).fullmatch(pattern.rstrip("/") or "/") for rule in rules)
    return any(fnmatch.fnmatchcase(path, pattern) for rule in rules for path in samples(rule))


def unrouted_warning(pattern: str, rules: Iterable[str]) -> str | None:
    if matches_a_route(pattern, rules):
        return None
    return f"no sandbox route matches {pattern}: the fault will never fire (see `checkoutctl providers` for the paths)"


def _rule_regex(rule: str) -> re.Pattern:
    parts, last = [], 0
    for m in _VARIABLE.finditer(rule):
        parts.append(re.escape(rule[last:m.start()]))
        parts.append(r"\d+" if m.group("converter") == "int" else r"[^/]+")
        last = m.end()
    parts.append(re.escape(rule[last:]))
    return re.compile("".join(parts).rstrip("/") or "/")
