"""Opportunity priority and ranking: the one place that decides which fix comes first.

The default priority is impact over effort, weighted by confidence::

    priority = impact * confidence / effort

with impact high 3, medium 2, low 1 (not set 0), effort low 1, medium 2,
high 3 (not set counts as medium), confidence high 1.0, medium 0.8, low 0.5
(not set counts as medium) and value high 3, medium 2, low 1 (not set 0).
A team changes the formula and the scales in config (``[priority]``); the
formula is arithmetic (``+ - * /``, parentheses, numbers) over ``impact``,
``effort``, ``confidence`` and ``value``, of at most MAX_TERMS terms, and every
priority it gives is a finite number. Ties keep work in progress before
open work, ideas, undecided and finished work, then journey order.
"""

from __future__ import annotations

import ast
import functools
import itertools
import math
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, TypeVar

if TYPE_CHECKING:
    from jmap.model import Opportunity

FACTORS: Final = ("impact", "effort", "confidence", "value")
DEFAULT_FORMULA: Final = "impact * confidence / effort"
DEFAULT_SCALES: Final[Mapping[str, Mapping[str, float]]] = {
    "impact": {"high": 3, "medium": 2, "low": 1, "none": 0},
    "effort": {"low": 1, "medium": 2, "high": 3, "none": 2},
    "confidence": {"high": 1.0, "medium": 0.8, "low": 0.5, "none": 0.8},
    "value": {"high": 3, "medium": 2, "low": 1, "none": 0},
}
STATUS_ORDER: Final = ("in-progress", "open", "idea", None, "shipped", "measured", "dropped")
_WORDS: Final = {
    "impact": ("high", "medium", "low", "none"),
    "effort": ("low", "medium", "high", "none"),
    "confidence": ("high", "medium", "low", "none"),
    "value": ("high", "medium", "low", "none"),
}
_OPS: Final[Mapping[type[ast.AST], Callable[[float, float], float]]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
}  # fmt: skip

T = TypeVar("T")
MAX_FORMULA_CHARS: Final = 1000
MAX_TERMS: Final = 100
"""The most names and numbers a priority formula holds (and how deeply it nests)."""


@functools.lru_cache(maxsize=32)
def _compile(formula: str) -> ast.expr:
    """The formula's syntax tree; ValueError for anything but arithmetic over the four factors."""
    shown = repr(formula) if len(formula) <= 80 else f"the formula ({len(formula):,} characters)"
    if len(formula) > MAX_FORMULA_CHARS:
        raise ValueError(f"{shown} is longer than {MAX_FORMULA_CHARS:,} characters; a priority formula is short")
    try:
        tree = ast.parse(formula.strip(), mode="eval")
    except (SyntaxError, RecursionError, MemoryError):
        raise ValueError(f"{shown} is not an arithmetic formula") from None
    nodes = list(ast.walk(tree.body))
    terms = sum(isinstance(n, (ast.Name, ast.Constant)) for n in nodes)
    if terms > MAX_TERMS:
        raise ValueError(f"{shown} has {terms:,} terms; a priority formula has at most {MAX_TERMS}")
    if (depth := _depth(tree.body)) > MAX_TERMS:
        raise ValueError(f"{shown} nests {depth:,} levels deep; a priority formula nests at most {MAX_TERMS}")
    for node in nodes:
        if isinstance(node, ast.Name):
            if node.id not in FACTORS:
                raise ValueError(f"{shown} names {node.id!r}; use {', '.join(FACTORS)}")
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise ValueError(f"{shown} holds {node.value!r}, which is not a number")
            if not math.isfinite(node.value):
                raise ValueError(f"{shown} holds a number too large for arithmetic")
        elif not isinstance(node, (ast.BinOp, ast.UnaryOp, ast.Load, *_OPS, ast.USub, ast.UAdd)):
            raise ValueError(f"{shown} may use only + - * / and parentheses over {', '.join(FACTORS)}")
    return tree.body


def _depth(node: ast.AST) -> int:
    """How deeply the formula nests (without recursion, so a deep one cannot exhaust the stack)."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        here, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(here) if isinstance(child, ast.expr))
    return deepest


def _evaluate(node: ast.expr, env: Mapping[str, float]) -> float:
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.Constant):
        assert isinstance(node.value, (int, float))
        return float(node.value)
    if isinstance(node, ast.UnaryOp):
        value = _evaluate(node.operand, env)
        return -value if isinstance(node.op, ast.USub) else value
    assert isinstance(node, ast.BinOp)
    left, right = _evaluate(node.left, env), _evaluate(node.right, env)
    if isinstance(node.op, ast.Div) and right == 0:
        return 0.0
    return _OPS[type(node.op)](left, right)


@dataclass(frozen=True, slots=True)
class PriorityScheme:
    """How an opportunity's priority is computed: a formula over four scales."""

    formula: str = DEFAULT_FORMULA
    scales: Mapping[str, Mapping[str, float]] = field(default_factory=lambda: DEFAULT_SCALES)

    def __post_init__(self) -> None:
        _compile(self.formula)

    @classmethod
    def build(
        cls, formula: str | None = None, scales: Mapping[str, Mapping[str, float]] | None = None
    ) -> PriorityScheme:
        """A scheme from config: the given scale entries replace the defaults; ValueError when it cannot rank.

        Every combination of scale values is tried once, so a formula that divides by zero is refused here
        rather than ranking some opportunities arbitrarily.
        """
        merged = {k: {**DEFAULT_SCALES[k], **(scales or {}).get(k, {})} for k in FACTORS}
        for name, scale in (scales or {}).items():
            if name not in FACTORS:
                raise ValueError(f"unknown scale {name!r}; the scales are {', '.join(FACTORS)}")
            for word in scale:
                if word not in _WORDS[name]:
                    raise ValueError(f"{name}.{word}: {name} is one of {', '.join(_WORDS[name])}")
        scheme = cls(formula or DEFAULT_FORMULA, merged)
        tree = _compile(scheme.formula)
        for combo in itertools.product(*(merged[k].values() for k in FACTORS)):
            env = dict(zip(FACTORS, combo, strict=True))
            if _divides_by_zero(tree, env):
                raise ValueError(f"{scheme.formula!r} divides by zero for {env}")
            if not math.isfinite(_evaluate(tree, env)):
                raise ValueError(f"{scheme.formula!r} gives a number too large to rank by for {env}")
        return scheme

    def priority(self, o: Opportunity) -> float:
        """The opportunity's priority, rounded to two places (higher comes first)."""
        env = {k: float(self.scales[k][getattr(o, k) or "none"]) for k in FACTORS}
        return round(_evaluate(_compile(self.formula), env), 2)


def _divides_by_zero(node: ast.expr, env: Mapping[str, float]) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.BinOp) and isinstance(sub.op, ast.Div) and _evaluate(sub.right, env) == 0:
            return True
    return False


DEFAULT_PRIORITY: Final = PriorityScheme()


def rank(
    items: Sequence[T], opportunity: Callable[[T], Opportunity], scheme: PriorityScheme = DEFAULT_PRIORITY
) -> list[T]:
    """Items ordered by their opportunity's priority, highest first; ties by status, then as given."""

    def key(item: T) -> tuple[float, int]:
        o = opportunity(item)
        return order(scheme.priority(o), o.status)

    return sorted(items, key=key)


def order(priority: float, status: str | None) -> tuple[float, int]:
    """The sort key of a ranked list: higher priority first, then work in progress, open, idea, done."""
    return -priority, STATUS_ORDER.index(status)


def format_priority(value: float) -> str:
    """A priority as shown in lists: two decimals, no trailing zeros beyond one (2.4, 1.33, 3.0)."""
    text = f"{value:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text
