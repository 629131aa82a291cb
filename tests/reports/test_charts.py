"""The roll-up charts stay readable on a phone: full names wrapped at word boundaries, no label
over another or over a bar, and a viewBox narrow enough that 13 px labels never shrink below 12 px
on a 390 px screen (content box ~358 px)."""

from __future__ import annotations

import itertools
from types import SimpleNamespace
from typing import Any

from phieukin.evaluations.rollup import LEVELS, ChildRollup, Distribution
from phieukin.reports import charts

LONG = "Đảng bộ Cơ quan Ủy ban Kiểm tra Thành ủy và các cơ quan tham mưu giúp việc Thành ủy"


def _dist(*counts: int) -> Distribution:
    return Distribution(levels=dict(zip(LEVELS, counts, strict=True)), unrated=0, out_of_scope=0)


def _no_overlap(chart: charts.Chart) -> None:
    # Each label line occupies [y - 12, y + 4]; each bar [bar.y, bar.y + height].
    boxes = [(y - 12.0, y + 4.0) for _, y in chart.rows] + [
        (b.y, b.y + b.height) for b in chart.bars
    ]
    rows = sorted(set(boxes))
    for (a0, a1), (b0, b1) in itertools.pairwise(rows):
        assert a1 <= b0 or (a0, a1) == (b0, b1), f"{(a0, a1)} overlaps {(b0, b1)}"
    assert max(end for _, end in boxes) <= chart.height


def test_names_are_whole_and_wrapped_and_nothing_overlaps() -> None:
    org: Any = SimpleNamespace(name=LONG)
    child = ChildRollup(
        organization=org, collectives=_dist(1, 2, 3, 4), individuals=_dist(4, 3, 2, 1)
    )
    chart = charts.stacked_chart([child, child], {lv: lv for lv in LEVELS})
    lines = [text for text, _ in chart.rows[: len(chart.rows) // 2]]
    assert " ".join(lines) == LONG and len(lines) > 1
    assert all(len(line) <= charts.WRAP for line in lines)
    _no_overlap(chart)
    assert max(b.x + b.width for b in chart.bars) <= chart.width


def test_the_level_chart_leaves_room_for_its_values_and_scales_up_on_a_phone() -> None:
    chart = charts.level_chart(_dist(5, 0, 0, 0), {lv: lv for lv in LEVELS})
    _no_overlap(chart)
    assert all(b.x + b.width + charts.VALUE <= chart.width + 0.1 for b in chart.bars)
    assert 13 * 358 / chart.width >= 12
