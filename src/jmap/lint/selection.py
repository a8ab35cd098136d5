"""Rule selectors: a code, a code prefix, a rule name or ALL."""

from __future__ import annotations

import re
from collections.abc import Iterable

from jmap.rules import REGISTRY, all_rules


def resolve_selector(selector: str, *, everything: bool = False) -> set[str]:
    """The codes a selector names; ValueError when it names none.

    ALL and prefixes leave out the rules that are off by default unless ``everything`` (for ignoring);
    a code or name selects any rule.
    """
    s = selector.strip()
    if not s:
        raise ValueError("empty rule selector")
    if s.upper() == "ALL":
        return {code for code, rule in REGISTRY.items() if everything or rule.default_enabled}
    upper = s.upper()
    if upper in REGISTRY:
        return {upper}
    for rule in REGISTRY.values():
        if rule.name == s.lower():
            return {rule.code}
    matched = {code for code in REGISTRY if code.startswith(upper)}
    if matched and re.fullmatch(r"JM\d*", upper):
        return {code for code in matched if everything or REGISTRY[code].default_enabled} or matched
    from jmap.util.suggest import suggest

    names = [r.code for r in all_rules()] + [r.name for r in all_rules()]
    raise ValueError(f"{selector!r} names no rule{suggest(s, names)}; see 'jmap rules'")


def resolve_selectors(selectors: Iterable[str], *, everything: bool = False) -> set[str]:
    out: set[str] = set()
    for s in selectors:
        out |= resolve_selector(s, everything=everything)
    return out


def check_selectors(selectors: Iterable[str]) -> None:
    resolve_selectors(selectors)


def split_selectors(values: Iterable[str]) -> tuple[str, ...]:
    """Command-line values: comma-separated and repeatable."""
    return tuple(p.strip() for v in values for p in v.split(",") if p.strip())
