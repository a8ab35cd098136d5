"""Selectors (code, code prefix, rule name or ALL) and glob matching for paths."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from jmap.rules import REGISTRY, all_rules


def resolve_selector(selector: str) -> set[str]:
    """The codes a selector names; ValueError when it names none."""
    s = selector.strip()
    if not s:
        raise ValueError("empty rule selector")
    if s.upper() == "ALL":
        return set(REGISTRY)
    upper = s.upper()
    if upper in REGISTRY:
        return {upper}
    for rule in REGISTRY.values():
        if rule.name == s.lower():
            return {rule.code}
    matched = {code for code in REGISTRY if code.startswith(upper)}
    if matched and re.fullmatch(r"JM\d*", upper):
        return matched
    from jmap.util.suggest import suggest

    names = [r.code for r in all_rules()] + [r.name for r in all_rules()]
    raise ValueError(f"{selector!r} names no rule{suggest(s, names)}; see 'jmap rules'")


def resolve_selectors(selectors: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for s in selectors:
        out |= resolve_selector(s)
    return out


def check_selectors(selectors: Iterable[str]) -> None:
    resolve_selectors(selectors)


def split_selectors(values: Iterable[str]) -> tuple[str, ...]:
    """Command-line values: comma-separated and repeatable."""
    return tuple(p.strip() for v in values for p in v.split(",") if p.strip())


@lru_cache(maxsize=256)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A gitignore-like glob: ``**`` crosses folders, ``*`` and ``?`` do not; a pattern without '/' matches any name."""
    p = pattern.strip()
    anchored = "/" in p.rstrip("/")
    p = p.strip("/")
    i = 0
    out = []
    while i < len(p):
        c = p[i]
        if p.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif p.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = p.find("]", i + 1)
            if j == -1:
                out.append(re.escape(c))
                i += 1
            else:
                body = p[i + 1 : j].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    body = "".join(out)
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"{prefix}{body}(?:/.*)?\\Z")


def glob_match(pattern: str, relpath: str) -> bool:
    """Match a '/'-separated path relative to the config folder (a match on a folder covers its contents)."""
    return glob_regex(pattern).match(relpath) is not None
