"""The rows of a journey map, top to bottom: the stage's layers, then each touchpoint's.

The Markdown grid, the XLSX Map sheet and the terminal grid all draw these rows in this order.
"""

from __future__ import annotations

from typing import Final

STAGE_LAYERS: Final = ("Stage", "Stage owner", "Customer goal")
TOUCHPOINT_LAYERS: Final = (
    "Touchpoint", "Channel", "Owner", "Action", "Thoughts", "Emotion", "Pain points", "Opportunities",
    "Moment of truth",
)  # fmt: skip
MAP_LAYERS: Final = (*STAGE_LAYERS, *TOUCHPOINT_LAYERS)


def layer_label(layer: str) -> str:
    """The row's label in a written file, where the opportunities row names each fix's owner."""
    return "Opportunities (owner)" if layer == "Opportunities" else layer
