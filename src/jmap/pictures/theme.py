"""Colours of the pictures: light and dark, safe for the common colour-vision deficiencies.

Emotion points use the Okabe-Ito palette (blue for good, orange and
vermillion for bad, grey for neutral), which stays distinct under
protanopia, deuteranopia and tritanopia; the value is also written beside
each point and its height says it again, so colour is never the only cue.
Every text colour meets WCAG AA (4.5:1) on the surface it is drawn on; the
tests check each pair.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    page: str
    text: str
    muted: str
    card: str
    border: str
    grid: str
    zero: str
    line: str
    pain: str
    pain_border: str
    pain_head: str
    fix: str
    fix_border: str
    fix_head: str
    alert: str
    alert_text: str
    ok: str
    moment: str
    stage_fills: tuple[str, ...]
    stage_stripes: tuple[str, ...]
    emotion: tuple[str, str, str, str, str]
    """Point fill for -2, -1, 0, 1, 2."""

    def stage_fill(self, index: int) -> str:
        return self.stage_fills[index % len(self.stage_fills)]

    def stage_stripe(self, index: int) -> str:
        return self.stage_stripes[index % len(self.stage_stripes)]

    def emotion_fill(self, value: int) -> str:
        return self.emotion[value + 2]

    def text_pairs(self) -> list[tuple[str, str, str]]:
        """(what, text colour, background) for every text the pictures draw."""
        pairs = [
            ("text on page", self.text, self.page),
            ("muted on page", self.muted, self.page),
            ("text on card", self.text, self.card),
            ("muted on card", self.muted, self.card),
            ("text on pain card", self.text, self.pain),
            ("pain heading", self.pain_head, self.pain),
            ("pain heading on page", self.pain_head, self.page),
            ("text on fix card", self.text, self.fix),
            ("muted on fix card", self.muted, self.fix),
            ("fix heading", self.fix_head, self.fix),
            ("alert badge", self.alert_text, self.alert),
            ("moment on card", self.moment, self.card),
            ("ok on page", self.ok, self.page),
        ]
        pairs += [(f"text on stage band {i}", self.text, fill) for i, fill in enumerate(self.stage_fills)]
        pairs += [(f"muted on stage band {i}", self.muted, fill) for i, fill in enumerate(self.stage_fills)]
        return pairs


LIGHT = Theme(
    name="light",
    page="#ffffff",
    text="#1b1f24",
    muted="#4d5661",
    card="#f5f7f9",
    border="#b9c2cc",
    grid="#e1e5ea",
    zero="#6b7480",
    line="#3a4350",
    pain="#fdf0e6",
    pain_border="#c85a00",
    pain_head="#9a3f00",
    fix="#e8f2fa",
    fix_border="#0072b2",
    fix_head="#005482",
    alert="#b3261e",
    alert_text="#ffffff",
    ok="#1d6b3a",
    moment="#7a4b00",
    stage_fills=("#dcecf8", "#fbe9d3", "#d9f1e6", "#f4e1ec", "#f8f1cf", "#e3e7fb"),
    stage_stripes=("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#c9a800", "#5b6fd6"),
    emotion=("#d55e00", "#e69f00", "#8f969e", "#56b4e9", "#0072b2"),
)

DARK = Theme(
    name="dark",
    page="#0f1419",
    text="#e8edf2",
    muted="#a9b4bf",
    card="#1a2129",
    border="#3b4653",
    grid="#26303a",
    zero="#8c97a3",
    line="#c8d1da",
    pain="#2c1d12",
    pain_border="#e69f00",
    pain_head="#ffb467",
    fix="#11263a",
    fix_border="#56b4e9",
    fix_head="#8fd0ff",
    alert="#ff8a80",
    alert_text="#1b0000",
    ok="#7fd6a0",
    moment="#ffd27a",
    stage_fills=("#12314a", "#3a2a12", "#113a2c", "#3a1f31", "#36320f", "#232a4d"),
    stage_stripes=("#56b4e9", "#e69f00", "#009e73", "#cc79a7", "#f0e442", "#8f9cf0"),
    emotion=("#d55e00", "#e69f00", "#8f969e", "#56b4e9", "#0072b2"),
)

THEMES = {t.name: t for t in (LIGHT, DARK)}


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
