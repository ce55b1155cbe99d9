from .indicators import Indicator, IndicatorValue
from .pages import BarometreEntryPage, BarometreIndexPage, OfficialLink, StatusStep
from .perception import PerceptionSnapshot

__all__ = [
    "BarometreEntryPage",
    "BarometreIndexPage",
    "Indicator",
    "IndicatorValue",
    "OfficialLink",
    "PerceptionSnapshot",
    "StatusStep",
]
