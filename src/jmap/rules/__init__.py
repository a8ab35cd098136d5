"""The rule catalogue. Importing this package registers every rule in REGISTRY, in code order."""

from __future__ import annotations

from jmap.rules import balance, evidence, layers, moments, ownership, review, structure
from jmap.rules.base import REGISTRY, Hit, Rule, RuleContext, RuleSettings, register

__all__ = ["REGISTRY", "Hit", "Rule", "RuleContext", "RuleSettings", "all_rules", "find_rule", "register"]

_modules = (structure, ownership, review, balance, layers, moments, evidence)


def all_rules() -> list[type[Rule]]:
    return sorted(REGISTRY.values(), key=lambda r: r.code)


def find_rule(code_or_name: str) -> type[Rule] | None:
    key = code_or_name.strip()
    rule = REGISTRY.get(key.upper())
    if rule is not None:
        return rule
    for r in REGISTRY.values():
        if r.name == key.lower():
            return r
    return None
