"""tests/fuzz.py is run by hand; these keep its case generator from rotting: every class makes inputs, the same
seed and number make the same bytes, and the bases it mutates are the clean ones. Nothing is built here."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from contextlib import redirect_stdout
from xml.etree import ElementTree

import pytest
from openpyxl.utils import column_index_from_string

from tests.support.fuzz_cases import KINDS, SCHEDULE, Bases, make_case
from tests.support.fuzz_csv import render
from tests.support.fuzz_zip import ANY, ERROR, SAME


@pytest.fixture(scope="module")
def bases() -> Bases:
    return Bases.make()


def test_the_schedule_holds_every_class_by_its_weight() -> None:
    assert sorted(SCHEDULE) == sorted(k.name for k in KINDS for _ in range(k.weight))


@pytest.mark.parametrize("seed", [0, 1, 18, 2026])
def test_every_class_makes_inputs_the_same_way_twice(bases: Bases, seed: int) -> None:
    made: dict[str, int] = {}
    for index in range(2 * len(SCHEDULE)):
        case = make_case(seed, index, bases)
        again = make_case(seed, index, bases)
        assert case == again, f"case {index} of seed {seed} is not deterministic"
        assert case.mutated.data != bases.raw(case.base), f"case {index} ({case.kind}) changed nothing"
        assert case.mutated.oracle in (SAME, ERROR, ANY)
        assert case.mutated.description
        made[case.kind] = made.get(case.kind, 0) + 1
    assert made == {k.name: 2 * k.weight for k in KINDS}


def test_another_seed_makes_other_inputs(bases: Bases) -> None:
    first = [make_case(1, i, bases).mutated.data for i in range(len(SCHEDULE))]
    second = [make_case(2, i, bases).mutated.data for i in range(len(SCHEDULE))]
    assert sum(a != b for a, b in zip(first, second, strict=True)) > len(SCHEDULE) // 2


def test_the_bases_are_the_clean_sample_and_its_long_csv(bases: Bases) -> None:
    with zipfile.ZipFile(io.BytesIO(bases.book.raw)) as archive:
        assert archive.testzip() is None
    assert list(bases.book.parts) == archive.namelist()
    table = bases.table
    assert render(table.header, table.rows).encode() == table.raw  # edits start from exactly the clean file
    assert len(table.raw) > 8192  # so that a narrative in the report month lies past csv.Sniffer's sample


def test_the_script_lists_cases_without_building() -> None:
    from tests import fuzz

    out = io.StringIO()
    with redirect_stdout(out):
        assert fuzz.main(["--seed", "3", "--count", "5", "--list"]) == 0
    assert [line.split()[0] for line in out.getvalue().splitlines()] == ["#0", "#1", "#2", "#3", "#4"]


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _strings(sst: bytes) -> list[str]:
    root = ElementTree.fromstring(sst)
    return ["".join(t.text or "" for t in si.iter(f"{_NS}t")) for si in root.iter(f"{_NS}si")]


def _cells(sheet: bytes, strings: list[str]) -> dict[tuple[int, int], object]:
    """What a sheet part means: (row, column) → a number or a text, `r=` implied where it is left out."""
    cells: dict[tuple[int, int], object] = {}
    for row in ElementTree.fromstring(sheet).iter(f"{_NS}row"):
        column = 0
        for c in row.iter(f"{_NS}c"):
            ref = c.get("r")
            column = column_index_from_string(re.sub(r"\d", "", ref)) if ref else column + 1
            value = c.find(f"{_NS}v")
            if c.get("t") == "s" and value is not None:
                cells[int(row.get("r", 0)), column] = strings[int(value.text or "")]
            elif c.get("t") == "inlineStr":
                cells[int(row.get("r", 0)), column] = "".join(t.text or "" for t in c.iter(f"{_NS}t"))
            elif value is not None:
                cells[int(row.get("r", 0)), column] = float(value.text or "")
    return cells


def _meaning(parts: dict[str, bytes]) -> dict[str, object]:
    strings = _strings(parts["xl/sharedStrings.xml"])
    return {n: _cells(d, strings) for n, d in parts.items() if n.startswith("xl/worksheets/sheet")}


def test_the_xml_rewrites_are_well_formed_and_mean_what_the_sample_means(bases: Bases) -> None:
    clean = _meaning(bases.book.parts)
    checked = 0
    for seed in range(3):
        for index in range(4 * len(SCHEDULE)):
            case = make_case(seed, index, bases)
            if case.kind != "xml-rewrite":
                continue
            with zipfile.ZipFile(io.BytesIO(case.mutated.data)) as archive:
                parts = {n: archive.read(n) for n in archive.namelist()}
            assert _meaning(parts) == clean, f"seed {seed} case {index}: {case.mutated.description}"
            checked += 1
    assert checked == 3 * 4 * 6


def test_the_csv_figure_rewrites_mean_the_same_figures(bases: Bases) -> None:
    def figures(data: bytes) -> list[list[float | str]]:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
        number = (2, 3, 4)  # Value, Numerator, Denominator
        return [[float(f.replace(",", "")) if i in number and f else f for i, f in enumerate(r)] for r in rows[1:]]

    clean = figures(bases.table.raw)
    checked = 0
    for index in range(4 * len(SCHEDULE)):
        case = make_case(7, index, bases)
        if case.kind == "csv-rewrite" and case.mutated.description.startswith("row "):
            assert figures(case.mutated.data) == clean, case.mutated.description
            checked += 1
    assert checked >= 3
