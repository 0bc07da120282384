"""The calculated scorecard as pandas DataFrames, for analysts who carry on in a notebook (pandas loads lazily)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Scorecard

if TYPE_CHECKING:
    import pandas as pd


def measures_frame(scorecard: Scorecard) -> pd.DataFrame:
    """One row per measure: id, number, title, outcome, theme, target, the figure per column, arrow, RAG.

    Figure columns are named by month label (`Sep 2016`); suppressed figures and blanks are NaN, and the
    `<month> arrow` columns hold `↑`, `↓`, `→` or None. RAG is the word (`Green`…) or None.
    """
    import pandas as pd

    records = []
    for outcome in scorecard.outcomes:
        for theme in outcome.themes:
            for row in theme.rows:
                m = row.measure
                record: dict[str, object] = {
                    "id": m.id, "number": m.number, "title": m.title, "outcome": outcome.name,
                    "theme": theme.name, "unit": m.unit.value, "target": row.target,
                }  # fmt: skip
                for month, figure in zip(scorecard.columns, row.figures, strict=True):
                    record[month.label] = figure.value
                    record[f"{month.label} arrow"] = figure.arrow.value if figure.arrow else None
                record["rag"] = row.rag.word if row.rag else None
                records.append(record)
    return pd.DataFrame.from_records(records).set_index("id")


def data_frame(scorecard: Scorecard) -> pd.DataFrame:
    """Every monthly figure used, as the Data sheet holds it: rows by measure id, columns by month (a Period)."""
    import pandas as pd

    columns = pd.PeriodIndex([m.iso for m in scorecard.data_months], freq="M")
    values = [[f.value for f in figures] for _, figures in scorecard.data]
    index = pd.Index([m.id for m, _ in scorecard.data], name="id")
    return pd.DataFrame(values, index=index, columns=columns, dtype="float64")
