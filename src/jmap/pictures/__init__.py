"""Designed pictures of a map (SVG, PNG, HTML) and the portfolio site, from one layout. No Rich, no Typer.

``layout`` places everything; ``svg``, ``html`` and ``png`` draw that layout;
``site`` builds the static portfolio site of ``jmap report --format html``.
"""
