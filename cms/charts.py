"""Numbers for the server-rendered bar charts (no JavaScript, always with a data table)."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    width: float  # percentage of the widest bar, for the CSS width
    share: float | None = None  # percentage of the total, when it means something


def bar_rows(rows, with_shares=False):
    """[(label, value), ...] -> [Bar, ...] with widths relative to the largest value."""
    rows = [(label, value if value is not None else 0) for label, value in rows]
    largest = max((abs(value) for _, value in rows), default=0)
    total = sum(value for _, value in rows)
    bars = []
    for label, value in rows:
        width = float(abs(value) / largest * 100) if largest else 0.0
        share = float(Decimal(value) / Decimal(total) * 100) if with_shares and total else None
        bars.append(Bar(label=label, value=value, width=round(width, 2), share=share))
    return bars
