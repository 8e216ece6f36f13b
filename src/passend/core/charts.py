"""Server-rendered bar charts: numbers people compare are also shown as a chart, table beside."""

from __future__ import annotations

from dataclasses import dataclass

BAR_AREA_WIDTH = 180
ROW_HEIGHT = 24


@dataclass(frozen=True)
class Bar:
    label: str
    value: str
    width: int
    y: int


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]

    @property
    def height(self) -> int:
        return max(ROW_HEIGHT, len(self.bars) * ROW_HEIGHT)


def bar_chart(title: str, rows: list[tuple[str, float, str]]) -> BarChart:
    """Rows of (label, value, value as displayed); bars scale to the largest value."""
    largest = max((value for _, value, _ in rows), default=0) or 1
    bars = [
        Bar(
            label=label,
            value=shown,
            width=round(BAR_AREA_WIDTH * value / largest),
            y=i * ROW_HEIGHT,
        )
        for i, (label, value, shown) in enumerate(rows)
    ]
    return BarChart(title=title, bars=bars)
