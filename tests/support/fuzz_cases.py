"""The fuzz cases: which class each numbered case belongs to, and the case itself, made from the seed and its
number alone (so that `--only N` remakes exactly case N, and the same seed and count give the same inputs).

The classes follow the findings a fuzz run should cover: bytes flipped in the file or in one part, XML elements
dropped or repeated, cells and rows given twice, malformed tags, zip tricks, CSV edits, and rewrites of the XML or
the CSV that keep their meaning (for which the clean figures or an error are the only correct results).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import fuzz_csv, fuzz_rewrite, fuzz_xml, fuzz_zip
from .fuzz_csv import Table
from .fuzz_zip import Book, Mutated

SAMPLE = Path(__file__).resolve().parents[2] / "sample_workbooks" / "childrens_services_extract.xlsx"


@dataclass(frozen=True)
class Kind:
    """A class of cases: its name, the base it mutates (`xlsx` or `csv`), its maker, and its weight (cases per
    round of the schedule)."""

    name: str
    base: str
    make: Callable[[random.Random, Any], Mutated]
    weight: int


KINDS = (
    Kind("file-bytes", "xlsx", fuzz_zip.file_bytes, 1),
    Kind("part-bytes", "xlsx", fuzz_xml.part_bytes, 2),
    Kind("xml-drop", "xlsx", fuzz_xml.drop_element, 2),
    Kind("xml-twice", "xlsx", fuzz_xml.duplicate_element, 2),
    Kind("cell-twice", "xlsx", fuzz_xml.duplicate_ref, 2),
    Kind("malformed", "xlsx", fuzz_xml.malformed, 2),
    Kind("zip", "xlsx", fuzz_zip.zip_trick, 3),
    Kind("csv-edit", "csv", fuzz_csv.csv_edit, 3),
    Kind("csv-rewrite", "csv", fuzz_csv.csv_rewrite, 2),
    Kind("xml-rewrite", "xlsx", fuzz_rewrite.rewrite, 6),
)
# One round of the schedule, the classes interleaved: case N is of class SCHEDULE[N % len(SCHEDULE)].
SCHEDULE = tuple(
    k.name for _, k in sorted((i / k.weight + j / 100, k) for j, k in enumerate(KINDS) for i in range(k.weight))
)
_BY_NAME = {k.name: k for k in KINDS}


@dataclass(frozen=True)
class Bases:
    """The clean inputs the cases mutate: the bundled sample and the long CSV of its figures."""

    book: Book
    table: Table

    @classmethod
    def make(cls, sample: Path = SAMPLE) -> Bases:
        """The sample as it is, and its figures written as a long CSV (tests/support/shapes)."""
        import tempfile

        from .shapes import load_sample, sample_long_csv

        with tempfile.TemporaryDirectory(prefix="fuzz-base-") as folder:
            path = sample_long_csv(load_sample(sample), Path(folder) / "long.csv")
            table = Table.of(path.read_bytes())
        return cls(Book.of(sample.read_bytes()), table)

    def raw(self, base: str) -> bytes:
        return self.book.raw if base == "xlsx" else self.table.raw


@dataclass(frozen=True)
class Case:
    """Case number `index` of a run: its class, the base it came from, and the mutated input."""

    index: int
    kind: str
    base: str
    mutated: Mutated

    @property
    def suffix(self) -> str:
        return ".xlsx" if self.base == "xlsx" else ".csv"


def make_case(seed: int, index: int, bases: Bases) -> Case:
    """Case `index` of the run seeded `seed`: its class from the schedule, its mutation from a generator seeded
    by the seed and the index only."""
    kind = _BY_NAME[SCHEDULE[index % len(SCHEDULE)]]
    rng = random.Random(f"scorecard-fuzz/{seed}/{index}")
    base = bases.book if kind.base == "xlsx" else bases.table
    return Case(index, kind.name, kind.base, kind.make(rng, base))
