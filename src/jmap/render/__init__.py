"""Rendering a journey map for people: Rich renderables built from the model (no command-line code here)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from jmap.render.grid import GridView
from jmap.render.header import header
from jmap.render.journey import Journey
from jmap.render.opportunities import OpportunitiesView
from jmap.render.stages import StagesView

VIEWS = ("grid", "stages", "opportunities")

__all__ = ["VIEWS", "Journey", "render_view"]


def render_view(journey: Journey, view: str) -> Group:
    """The header and one view; layouts adapt to the width they are given when printed."""
    body: RenderableType
    if view == "grid":
        body = GridView(journey)
    elif view == "stages":
        body = StagesView(journey)
    elif view == "opportunities":
        body = OpportunitiesView(journey)
    else:
        raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    return Group(header(journey), Text(), body)
