"""Server-rendered SVG bar charts as plain data for the templates (no JS, no inline style).

The CSP forbids inline styles, so geometry goes in SVG presentation attributes (x, y, width,
height) and colours in CSS classes (``bar--htxsnv`` ...) from ``reports/reports.css``.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from phieukin.evaluations.rollup import LEVELS, ChildRollup, Distribution

# Why labels above the bars and a narrow viewBox: the chart is scaled to its box, and a 560-wide
# viewBox on a 390 px phone shrank 12 px labels to ~6 px and cut names; at 340 the text stays at
# least 12 px on a phone and full names wrap onto as many lines as they need.
WIDTH = 340
LABEL = 0  # labels sit on their own lines above each bar
BAR = 20
GAP = 10
LINE = 16  # height of one label line (font-size 13 px in reports.css)
WRAP = 44  # characters per label line at that size
VALUE = 80  # room after a bar for "12 (40,0%)"


@dataclass(frozen=True)
class Bar:
    level: str
    label: str
    value: int
    percent: float
    x: float
    y: float
    width: float
    height: float = BAR

    @property
    def text_x(self) -> float:
        return self.x + self.width + 6


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    rows: list[tuple[str, float]]  # row labels and their y
    height: float
    width: int = WIDTH


def level_chart(dist: Distribution, labels: dict[str, str]) -> Chart:
    """One horizontal bar per level, lengths proportional to the share of decided subjects."""
    span = WIDTH - VALUE
    bars: list[Bar] = []
    rows: list[tuple[str, float]] = []
    y = 0.0
    for lv in LEVELS:
        y = _label(rows, labels[lv], y)
        pct = dist.percent(lv)
        bars.append(Bar(lv, labels[lv], dist.levels[lv], pct, LABEL, y, span * pct / 100))
        y += BAR + GAP
    return Chart(bars, rows, y)


def _label(rows: list[tuple[str, float]], text: str, y: float) -> float:
    """Append ``text`` wrapped at word boundaries above a bar; returns the bar's y."""
    for line in textwrap.wrap(text, WRAP, break_long_words=False) or [""]:
        y += LINE
        rows.append((line, y - 4))
    return y + 2


def stacked_chart(
    children: list[ChildRollup], labels: dict[str, str], *, individuals: bool = True
) -> Chart:
    """One stacked 100% bar per child: each level's share of its decided subjects."""
    span = WIDTH - 2
    bars: list[Bar] = []
    rows: list[tuple[str, float]] = []
    y = 0.0
    for child in children:
        dist = child.individuals if individuals else child.collectives
        y = _label(rows, child.organization.name, y)
        x = float(LABEL)
        for lv in LEVELS:
            w = span * dist.percent(lv) / 100
            if w > 0:
                bars.append(Bar(lv, labels[lv], dist.levels[lv], dist.percent(lv), x, y, w))
            x += w
        y += BAR + GAP
    return Chart(bars, rows, max(y, BAR + GAP))
