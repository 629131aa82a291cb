"""Server-rendered SVG bar charts as plain data for the templates (no JS, no inline style).

The CSP forbids inline styles, so geometry goes in SVG presentation attributes (x, y, width,
height) and colours in CSS classes (``bar--htxsnv`` ...) from ``reports/reports.css``.
"""

from __future__ import annotations

from dataclasses import dataclass

from phieukin.evaluations.rollup import LEVELS, ChildRollup, Distribution

WIDTH = 560
LABEL = 150  # px reserved for the label column
BAR = 22
GAP = 8


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
    span = WIDTH - LABEL - 70
    bars, rows = [], []
    for i, lv in enumerate(LEVELS):
        y = i * (BAR + GAP)
        pct = dist.percent(lv)
        bars.append(Bar(lv, labels[lv], dist.levels[lv], pct, LABEL, y, span * pct / 100))
        rows.append((labels[lv], y + BAR * 0.7))
    return Chart(bars, rows, len(LEVELS) * (BAR + GAP))


def stacked_chart(
    children: list[ChildRollup], labels: dict[str, str], *, individuals: bool = True
) -> Chart:
    """One stacked 100% bar per child: each level's share of its decided subjects."""
    span = WIDTH - LABEL - 10
    bars, rows = [], []
    for i, child in enumerate(children):
        dist = child.individuals if individuals else child.collectives
        y = i * (BAR + GAP)
        x = float(LABEL)
        for lv in LEVELS:
            w = span * dist.percent(lv) / 100
            if w > 0:
                bars.append(Bar(lv, labels[lv], dist.levels[lv], dist.percent(lv), x, y, w))
            x += w
        rows.append((child.organization.name[:24], y + BAR * 0.7))
    return Chart(bars, rows, max(1, len(children)) * (BAR + GAP))
