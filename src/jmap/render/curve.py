"""The emotion curve: one bar per touchpoint in journey order, two rows of block characters high."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from jmap.render.journey import Journey, Step
from jmap.render.text import META_STYLE, STAGE_STYLE, emotion_style, emotion_text, plain

EIGHTHS = " ▁▂▃▄▅▆▇█"
HEIGHT = {-2: 2, -1: 5, 0: 8, 1: 12, 2: 16}
SEPARATOR = "│ "
MAX_BAR = 4


def _bars(value: int | None, width: int) -> tuple[str, str]:
    """Top and bottom row of one bar."""
    if value is None:
        return " " * width, "·" * width
    height = HEIGHT[value]
    return EIGHTHS[max(0, height - 8)] * width, EIGHTHS[min(8, height)] * width


def _row_width(steps: list[Step], bar: int) -> int:
    breaks = sum(1 for a, b in pairwise(steps) if a.stage is not b.stage)
    return 1 + len(steps) * (bar + 1) + breaks * len(SEPARATOR)


def _chunks(steps: list[Step], bar: int, width: int) -> list[list[Step]]:
    """Consecutive runs of touchpoints, each short enough to fit ``width``."""
    chunks: list[list[Step]] = [[]]
    for step in steps:
        if chunks[-1] and _row_width([*chunks[-1], step], bar) > width:
            chunks.append([])
        chunks[-1].append(step)
    return chunks


def _rows(steps: list[Step], bar: int) -> list[Text]:
    rows = [Text(" ") for _ in range(4)]
    for i, step in enumerate(steps):
        if i and step.stage is not steps[i - 1].stage:
            for row in rows:
                row.append(SEPARATOR, style=META_STYLE)
        value = step.touchpoint.emotion
        style = emotion_style(value)
        top, bottom = _bars(value, bar)
        rows[0].append(top + " ", style=style)
        rows[1].append(bottom + " ", style=style)
        rows[2].append(emotion_text(value).rjust(bar) + " ", style=style)
        rows[3].append(str(step.number).rjust(bar) + " ", style=META_STYLE)
    for row in rows:
        row.rstrip()
    return rows


def _names(steps: Iterable[Step]) -> Text:
    out = Text()
    for i, step in enumerate(steps):
        if i:
            out.append(", ")
        out.append(f"{step.number} ")
        out.append(plain(step.touchpoint.name))
    return out


class EmotionCurve:
    """Bars rise with the emotion (-2 … +2) so the dips stand out; ``·`` and ``?`` mark none recorded."""

    def __init__(self, journey: Journey) -> None:
        self.journey = journey

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        steps = self.journey.steps()
        title = Text("Emotion curve", style="bold")
        title.append("  bars rise from -2 to +2; · and ? mark touchpoints with no emotion recorded", style=META_STYLE)
        yield title
        if not steps:
            yield Text("(no touchpoints)", style=META_STYLE)
            return
        width = options.max_width
        smallest = max(2, len(str(steps[-1].number)))
        bar = next((b for b in range(MAX_BAR, smallest - 1, -1) if _row_width(steps, b) <= width), smallest)
        for chunk in _chunks(steps, bar, width):
            yield from _rows(chunk, bar)
            yield Text()
        yield self._key()
        rated = [s for s in steps if s.touchpoint.emotion is not None]
        if rated:
            low = min(s.touchpoint.emotion for s in rated if s.touchpoint.emotion is not None)
            line = Text("Lowest: ", style="bold")
            line.append(_names(s for s in rated if s.touchpoint.emotion == low))
            line.append(f" ({emotion_text(low)})", style=emotion_style(low))
            yield line
        missing = [s for s in steps if s.touchpoint.emotion is None]
        if missing:
            line = Text("No emotion recorded: ", style="bold")
            line.append(_names(missing))
            yield line

    def _key(self) -> Text:
        key = Text("Stages: ", style="bold")
        for i, stage in enumerate(self.journey.stages):
            if i:
                key.append(" · ")
            key.append(plain(stage.name, STAGE_STYLE))
            numbers = [s.number for s in self.journey.steps(stage)]
            if not numbers:
                key.append(" (no touchpoints)", style=META_STYLE)
            elif len(numbers) == 1:
                key.append(f" {numbers[0]}")
            else:
                key.append(f" {numbers[0]}–{numbers[-1]}")
        return key
