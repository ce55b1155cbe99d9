"""Budget figures: totals by sector and year-on-year comparison, computed from budget lines."""

from dataclasses import dataclass
from decimal import Decimal

from .models.budget import BudgetSector


@dataclass(frozen=True)
class SectorTotal:
    sector: str
    label: str
    amount: Decimal
    share: Decimal  # percentage of the year's total


@dataclass(frozen=True)
class SectorChange:
    sector: str
    label: str
    amount: Decimal
    previous_amount: Decimal
    change: Decimal
    change_percent: Decimal | None  # None when the sector was absent the year before


@dataclass(frozen=True)
class YearComparison:
    previous_year: int
    previous_total: Decimal
    total: Decimal
    change: Decimal
    change_percent: Decimal | None
    sectors: list


def _percent(part, whole):
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole) * 100).quantize(Decimal("0.1"))


def sector_totals(lines):
    totals = {}
    for line in lines:
        totals[line.sector] = totals.get(line.sector, Decimal("0")) + line.amount
    grand_total = sum(totals.values(), Decimal("0"))
    labels = dict(BudgetSector.choices)
    rows = [
        SectorTotal(sector, str(labels.get(sector, sector)), amount, _percent(amount, grand_total) or Decimal("0"))
        for sector, amount in totals.items()
    ]
    return sorted(rows, key=lambda row: (-row.amount, row.label))


def compare_years(current, previous):
    now = {row.sector: row for row in sector_totals(current.line_list)}
    before = {row.sector: row for row in sector_totals(previous.line_list)}
    labels = dict(BudgetSector.choices)
    sectors = []
    for sector in sorted(set(now) | set(before), key=lambda s: -(now[s].amount if s in now else 0)):
        amount = now[sector].amount if sector in now else Decimal("0")
        previous_amount = before[sector].amount if sector in before else Decimal("0")
        change = amount - previous_amount
        sectors.append(
            SectorChange(
                sector,
                str(labels.get(sector, sector)),
                amount,
                previous_amount,
                change,
                _percent(change, previous_amount),
            )
        )
    return YearComparison(
        previous_year=previous.fiscal_year,
        previous_total=previous.total,
        total=current.total,
        change=current.total - previous.total,
        change_percent=_percent(current.total - previous.total, previous.total),
        sectors=sectors,
    )
