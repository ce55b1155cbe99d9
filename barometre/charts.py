"""Geometry of the baromètre's server-rendered charts (SVG and CSS, no JavaScript, always with a data table).

* `indicator_chart(indicator)`: a line chart of dated values, time to scale on the horizontal axis, with the
  target as a dashed line; the vertical axis starts at zero for positive series, so that changes are not
  exaggerated.
* `trend_chart(perception)`: one stacked bar per week (approve / neutral / disapprove, as shares of that
  week's votes), only for weeks with enough votes.
"""

from dataclasses import dataclass
from decimal import Decimal

from .choices import Opinion

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 96, 24, 24, 48
TICKS = 4


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    date: object
    value: Decimal


def _nice_step(span):
    """A round step (1, 2, 2.5 or 5 times a power of ten) that cuts `span` in about TICKS parts."""
    if span <= 0:
        return Decimal(1)
    raw = Decimal(span) / TICKS
    exponent = raw.adjusted()
    base = Decimal(10) ** exponent
    for factor in (1, 2, Decimal("2.5"), 5, 10):
        if raw <= base * factor:
            return base * factor
    return base * 10


def indicator_chart(indicator):
    values = indicator.series()
    if not values:
        return None
    numbers = [value.value for value in values]
    if indicator.target is not None:
        numbers.append(indicator.target)
    low, high = min(numbers), max(numbers)
    if low >= 0:
        low = Decimal(0)
    step = _nice_step(high - low)
    low = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    high = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    if high == low:
        high = low + step
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    first, last = values[0].date, values[-1].date
    days = (last - first).days

    def x_of(day):
        if not days:
            return LEFT + plot_w / 2
        return round(LEFT + (day - first).days / days * plot_w, 1)

    def y_of(number):
        return round(TOP + float((high - Decimal(number)) / (high - low)) * plot_h, 1)

    points = [Point(x_of(value.date), y_of(value.value), value.date, value.value) for value in values]
    ticks = []
    tick = low
    while tick <= high:
        ticks.append({"y": y_of(tick), "value": tick.normalize() if tick else Decimal(0)})
        tick += step
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "label_y": HEIGHT - BOTTOM + 32,
        "points": points,
        "polyline": " ".join(f"{point.x},{point.y}" for point in points),
        "ticks": ticks,
        "target_y": y_of(indicator.target) if indicator.target is not None else None,
        "first": values[0],
        "last": values[-1],
        "single": len(values) == 1,
    }


@dataclass(frozen=True)
class TrendBar:
    week: object
    segments: list  # [(opinion, label, share percentage)]


def trend_chart(perception):
    """Stacked bars for the weeks with enough votes (None when no week has enough)."""
    bars = []
    for week in perception.weeks:
        if not week.enough:
            continue
        shares = week.shares
        bars.append(
            TrendBar(
                week=week, segments=[(value, label, round(shares[value] * 100, 2)) for value, label in Opinion.choices]
            )
        )
    return bars or None
