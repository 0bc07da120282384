"""Statistical symbols: the SPEC §3.5 table, brackets and case, flags beside figures, template overrides."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard_xl.model.symbols import Counting, Meaning, Symbol, SymbolError, key_lines, symbol_table
from scorecard_xl.read.cells.symbol_cells import parse_symbol

from .conftest import ROOT

REAL = ROOT.parent / "shared" / "real_data"  # beside the checkout, as CI lays it out


@pytest.mark.parametrize(
    ("text", "meaning", "counts"),
    [
        ("c", Meaning.CONFIDENTIAL, Counting.SUPPRESSED),
        ("[c]", Meaning.CONFIDENTIAL, Counting.SUPPRESSED),
        ("C", Meaning.CONFIDENTIAL, Counting.SUPPRESSED),
        ("*", Meaning.CONFIDENTIAL, Counting.SUPPRESSED),
        ("<5", Meaning.CONFIDENTIAL, Counting.SUPPRESSED),
        ("< 10", Meaning.CONFIDENTIAL, Counting.SUPPRESSED),
        ("x", Meaning.NOT_AVAILABLE, Counting.MISSING),
        ("[X]", Meaning.NOT_AVAILABLE, Counting.MISSING),
        ("..", Meaning.NOT_AVAILABLE, Counting.MISSING),
        ("n/a", Meaning.NOT_AVAILABLE, Counting.MISSING),
        ("N/A", Meaning.NOT_AVAILABLE, Counting.MISSING),
        ("na", Meaning.NOT_AVAILABLE, Counting.MISSING),
        ("z", Meaning.NOT_APPLICABLE, Counting.MISSING),
        ("[z]", Meaning.NOT_APPLICABLE, Counting.MISSING),
        (".", Meaning.NOT_APPLICABLE, Counting.MISSING),
        ("low", Meaning.LOW, Counting.NO_FIGURE),
        ("[low]", Meaning.LOW, Counting.NO_FIGURE),
        ("LOW", Meaning.LOW, Counting.NO_FIGURE),
        ("u", Meaning.LOW_RELIABILITY, Counting.MISSING),
        ("[u]", Meaning.LOW_RELIABILITY, Counting.MISSING),
        ("-", Meaning.NIL_OR_MISSING, Counting.MISSING),
        ("–", Meaning.NIL_OR_MISSING, Counting.MISSING),
        (" [ c ] ", Meaning.CONFIDENTIAL, Counting.SUPPRESSED),
    ],
)
def test_standard_symbols(text: str, meaning: Meaning, counts: Counting) -> None:
    symbol = parse_symbol(text)
    assert symbol is not None and symbol.meaning is meaning and symbol.counts_as is counts
    assert symbol.text == " ".join(text.split())  # printed as published


@pytest.mark.parametrize(
    ("text", "figure", "flags"),
    [
        ("12.3 [u]", 12.3, (Meaning.LOW_RELIABILITY,)),
        ("12.3u", 12.3, (Meaning.LOW_RELIABILITY,)),
        ("12.3 U", 12.3, (Meaning.LOW_RELIABILITY,)),
        ("1,241 [p]", 1241.0, (Meaning.PROVISIONAL,)),
        ("45% [u]", 0.45, (Meaning.LOW_RELIABILITY,)),
        ("7 [p][u]", 7.0, (Meaning.PROVISIONAL, Meaning.LOW_RELIABILITY)),
        ("-3.5 [r]", -3.5, (Meaning.REVISED,)),
        (".5u", 0.5, (Meaning.LOW_RELIABILITY,)),
    ],
)
def test_flags_beside_figures(text: str, figure: float, flags: tuple[Meaning, ...]) -> None:
    symbol = parse_symbol(text)
    assert symbol is not None and symbol.counts_as is Counting.FIGURE
    assert symbol.figure == pytest.approx(figure) and symbol.value == pytest.approx(figure) and symbol.flags == flags
    if Meaning.LOW_RELIABILITY in flags:
        assert symbol.meaning is Meaning.LOW_RELIABILITY and symbol.code == "u"


@pytest.mark.parametrize(
    "text", ["", "  ", "12.3", "71%", "1,241", "hello", "12 x", "12 low", "p", "[r]", "5 [zz]", "u2"]
)
def test_not_symbols(text: str) -> None:
    assert parse_symbol(text) is None


def test_template_overrides_and_additions() -> None:
    overrides: dict[str, str | Meaning] = {
        "-": "negligible",
        "N/R": "not_available",
        "[s]": "suppressed",
        "nil": "nil",
        "~": Meaning.LOW,
    }
    dash = parse_symbol("-", overrides)
    assert dash is not None and dash.meaning is Meaning.NEGLIGIBLE and dash.counts_as is Counting.NO_FIGURE
    not_returned = parse_symbol("n/r", overrides)
    assert not_returned is not None and not_returned.counts_as is Counting.MISSING
    assert parse_symbol("s", overrides) == Symbol("s", "s", Meaning.CONFIDENTIAL)
    zero = parse_symbol("NIL", overrides)
    assert zero is not None and zero.counts_as is Counting.FIGURE and zero.value == 0.0
    assert parse_symbol("N/R") is None  # only with the template's addition
    assert symbol_table({"x": "Not applicable"})["x"] is Meaning.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("overrides", "says"),
    [({"-": "tiny"}, "use one of"), ({"5": "low"}, "cannot be a symbol"), ({"": "low"}, "cannot be a symbol")],
)
def test_bad_overrides(overrides: dict[str, str | Meaning], says: str) -> None:
    with pytest.raises(SymbolError) as caught:
        parse_symbol("x", overrides)
    assert says in str(caught.value) or says in caught.value.fix


def test_key_lists_each_symbol_once_with_its_meaning() -> None:
    found = [parse_symbol(text) for text in ("c", "[c]", "x", "12 [u]", "u", "low")]
    lines = key_lines(symbol for symbol in found if symbol is not None)
    assert lines == [
        "[c] confidential: suppressed to protect individuals",
        "[x] not available",
        "[u] low reliability",
        "[u] low reliability (figure withheld)",
        "[low] rounds to zero (less than half the last digit shown)",
    ]


@pytest.mark.skipif(not REAL.exists(), reason="real published files not present")
def test_every_symbol_in_the_dfe_files_is_known() -> None:
    seen: dict[str, Counting] = {}
    for path in sorted((REAL / "dfe_childrens_social_care").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                for column, cell in row.items():
                    if column.startswith(
                        ("time_", "geographic", "country", "region", "old_la", "new_la", "la_", "cat")
                    ):
                        continue
                    try:
                        float(cell)
                    except ValueError:
                        symbol = parse_symbol(cell)
                        assert symbol is not None, cell
                        seen[cell] = symbol.counts_as
    assert seen == {
        "c": Counting.SUPPRESSED,
        "x": Counting.MISSING,
        "z": Counting.MISSING,
        "u": Counting.MISSING,
        "low": Counting.NO_FIGURE,
    }


@settings(derandomize=True, max_examples=300)
@given(st.floats(-1e6, 1e6, allow_nan=False).map(lambda v: round(v, 2)), st.sampled_from(["u", "[u]", " [u]", "[p]"]))
def test_flagged_figure_round_trips(value: float, flag: str) -> None:
    symbol = parse_symbol(f"{value}{flag}")
    assert symbol is not None and symbol.figure == value and symbol.counts_as is Counting.FIGURE


@settings(derandomize=True, max_examples=300)
@given(st.text(max_size=12))
def test_any_text_gives_a_symbol_or_none(text: str) -> None:
    symbol = parse_symbol(text)
    assert symbol is None or isinstance(symbol.counts_as, Counting)
