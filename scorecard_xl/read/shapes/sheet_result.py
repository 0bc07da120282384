"""What reading one sheet gives (its shape, observations, problems), and the index that finds a template measure."""

from __future__ import annotations

import enum
import functools
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from ...model import Benchmark, Frequency, Meaning, MeasureDef, Month, Observation, Problem, Template
from ..cells.values import clean_text
from ..figures.observe import Pending
from ..grid import TEXT, Cell
from .headers import named_roles, normalise


class SheetShape(enum.Enum):
    """The shape a sheet was read in; the value is how the report names it."""

    MONTH = "month"
    TIDY = "tidy open data"
    INDICATORS = "indicator columns"
    AREA_TABLE = "area × period table"
    LONG = "long"
    WIDE = "wide"
    BENCHMARKS = "benchmarks"
    SKIPPED = "skipped"


class MeasureIndex:
    """Finds the template measure a cell names, by id (`CS05`), display number (`5`) or exact title."""

    def __init__(self, template: Template, narratives: Mapping[str, Month] | None = None) -> None:
        # each measure's one month (by Month.index, compared per row) whose narrative is kept; None keeps every month's
        self.narrative_index = None if narratives is None else {key: month.index for key, month in narratives.items()}
        self.by_id = {m.id.casefold(): m for m in template.measures}
        numbers = Counter(m.number for m in template.measures)  # a council's portfolios may share numbers
        self.by_number = {str(m.number): m for m in template.measures if numbers[m.number] == 1}
        self.by_title = {title_key(m.title): m for m in template.measures}
        self.symbols: dict[str, Meaning] = dict(template.symbols)
        self.template = template
        self.by_text: dict[str, MeasureDef | None] = {}
        kinds: dict[tuple[Frequency, int], int] = {}
        # measure id → a number shared by the measures one period label reads alike (same frequency and year end)
        self.period_kind = {m.id: kinds.setdefault((m.frequency, m.year_end), len(kinds)) for m in template.measures}
        self.has_periods = any(m.frequency is not Frequency.MONTH for m in template.measures)  # quarterly or annual
        self.roles = named_roles(template.columns)  # the template's `columns:`, normalised header → role
        self.own_periods = frozenset(  # the period headers measures' own `source: {columns: …}` name
            normalise(h) for m in template.measures if m.source for role, h in m.source.columns if role == "period"
        )

    def find(self, cell: Cell | None) -> MeasureDef | None:
        """The measure `cell` names, or None; a text is looked up once however many sheets repeat it."""
        if cell is not None and cell.kind is TEXT and type(cell.value) is str:
            found = self.by_text.get(cell.value, self)
            if found is self:
                found = self.by_text[cell.value] = self._find(cell)
            return found  # type: ignore[return-value]
        return self._find(cell)

    def _find(self, cell: Cell | None) -> MeasureDef | None:
        text = clean_text(cell)
        if not text:
            return None
        key = text.casefold()
        if key in self.by_id:
            return self.by_id[key]
        if re.fullmatch(r"\d+(\.0+)?", key):  # a display number, written as digits (however many)
            return self.by_number.get(key.partition(".")[0].lstrip("0") or "0")
        return self.by_title.get(title_key(text))


@functools.lru_cache(maxsize=8192)
def title_key(text: str) -> str:
    """How titles are matched: ignoring case and spacing."""
    return " ".join(text.casefold().split())


@dataclass
class SheetResult:
    """What one sheet gave: its shape, observations, benchmarks, warnings and input problems."""

    shape: SheetShape
    observations: list[Observation] = field(default_factory=list)
    benchmarks: dict[str, dict[str, Benchmark]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    issues: list[Problem] = field(default_factory=list)
    reason: str = ""
    pending: list[Pending] = field(default_factory=list)
