"""Opportunity priority and ranking: the one place that decides which fix comes first.

The default priority is impact over effort, weighted by confidence::

    priority = impact * confidence / effort

with impact high 3, medium 2, low 1 (not set 0), effort low 1, medium 2,
high 3 (not set counts as medium), confidence high 1.0, medium 0.8, low 0.5
(not set counts as medium) and value high 3, medium 2, low 1 (not set 0).
A team changes the formula and the scales in config (``[priority]``); the
formula is arithmetic (``+ - * /``, parentheses, numbers) over ``impact``,
``effort``, ``confidence`` and ``value``. Ties keep work in progress before
open work, ideas, undecided and finished work, then journey order.
"""

from __future__ import annotations

import ast
import functools
import itertools
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


@functools.lru_cache(maxsize=32)
def _compile(formula: str) -> ast.expr:
    """The formula's syntax tree; ValueError for anything but arithmetic over the four factors."""
    try:
        tree = ast.parse(formula.strip(), mode="eval")
    except SyntaxError:
        raise ValueError(f"{formula!r} is not an arithmetic formula") from None
    for node in ast.walk(tree.body):
        if isinstance(node, ast.Name):
            if node.id not in FACTORS:
                raise ValueError(f"{formula!r} names {node.id!r}; use {', '.join(FACTORS)}")
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise ValueError(f"{formula!r} holds {node.value!r}, which is not a number")
        elif not isinstance(node, (ast.BinOp, ast.UnaryOp, ast.Load, *_OPS, ast.USub, ast.UAdd)):
            raise ValueError(f"{formula!r} may use only + - * / and parentheses over {', '.join(FACTORS)}")
    return tree.body


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
