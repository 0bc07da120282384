"""tests/fuzz.py is run by hand; these keep its case generator from rotting: every class makes inputs, the same
seed and number make the same bytes, and the bases it mutates are the clean ones. Nothing is built here."""

from __future__ import annotations

import io
import zipfile
from contextlib import redirect_stdout

import pytest

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
