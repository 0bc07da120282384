"""A CSV is read as RFC 4180 whatever its first 8 KB hold: quotes inside a quoted field are doubled, a quote is
`"`; only the delimiter is taken from the sample. A row that is not RFC 4180 is one short error line naming its
cell, quoting the start of its field and saying how the file was read."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import scorecard_xl
from scorecard_xl.errors import InputError
from scorecard_xl.model import MeasureRow
from scorecard_xl.read.files.csv_file import read_csv

from .support.cli import run_cli, tree

NARRATIVE = 'Rose "sharply", see report'


def _filler(count: int, delimiter: str = ",") -> list[str]:
    """`count` rows naming no template measure and holding no quote: more than 8 KB of a sample without quotes."""
    return [delimiter.join((f"XX{i}", "2016-09", "narrative without any quote at all", "1")) for i in range(count)]


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _write(path: Path, lines: list[str]) -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def _card(path: Path) -> scorecard_xl.Scorecard:
    return scorecard_xl.prepare([path], period="2016-09")


def _row(card: scorecard_xl.Scorecard, measure: str) -> MeasureRow:
    return next(row for row in card.rows if row.measure.id == measure)


def test_doubled_quotes_after_the_first_8_kb_are_read_as_one_quote(tmp_path: Path) -> None:
    """Python's sniffer, seeing no quote in the sample, would turn doubled quotes off: `Rose "sharply""`."""
    filler = _filler(200)
    assert len("\r\n".join(filler)) > 8192
    path = _write(
        tmp_path / "kpis.csv",
        ["Measure,Month,Narrative,Value", *filler, f"CS05,2016-09,{_quoted(NARRATIVE)},0.36"],
    )
    sheet = read_csv(path.read_bytes(), path.name)
    last = sheet.rows[max(sheet.rows)]
    assert [last[c].value for c in sorted(last)] == ["CS05", "2016-09", NARRATIVE, "0.36"]
    row = _row(_card(path), "CS05")
    assert row.latest.value == pytest.approx(0.36)
    assert row.narrative == NARRATIVE


@pytest.mark.parametrize("delimiter", [";", "\t", "|"], ids=["semicolon", "tab", "bar"])
def test_the_sample_still_chooses_the_delimiter(tmp_path: Path, delimiter: str) -> None:
    lines = [delimiter.join(("Measure", "Month", "Value", "Narrative")), *_filler(200, delimiter)]
    lines.append(delimiter.join(("CS05", "2016-09", "0.36", _quoted(f"{NARRATIVE}{delimiter} then more"))))
    path = _write(tmp_path / "kpis.csv", lines)
    row = _row(_card(path), "CS05")
    assert row.latest.value == pytest.approx(0.36)
    assert row.narrative == f"{NARRATIVE}{delimiter} then more"


def test_a_file_the_csv_module_writes_reads_back_exactly(tmp_path: Path) -> None:
    """Every awkward narrative (quotes, delimiters, line breaks, leading quote) as Python's own writer quotes it."""
    texts = [NARRATIVE, '"quoted at the start', 'ends in a quote"', "a, b; c", "two\r\nlines", '""', "plain"]
    path = tmp_path / "kpis.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Measure", "Month", "Value", "Narrative"])
        writer.writerows([f"XX{i}", "2016-09", "1", "filler without quotes"] for i in range(200))
        writer.writerows([f"YY{i}", "2016-09", "1", text] for i, text in enumerate(texts))
    sheet = read_csv(path.read_bytes(), path.name)
    assert [sheet.rows[202 + i][4].value for i in range(len(texts))] == texts


def _one_error(tmp_path: Path, lines: list[str]) -> str:
    path = _write(tmp_path / "in" / "kpis.csv", lines)
    before = tree(tmp_path)
    code, stdout, stderr = run_cli(["build", path, "-o", tmp_path / "out.xlsx"])
    assert code == 2, stderr
    assert "Traceback" not in stdout + stderr
    assert stderr.count("\n") == 1, stderr
    assert tree(tmp_path) == before
    return stderr


@pytest.mark.parametrize(("column", "row", "cell"), [("Value", '"0.36,Rose', "C2"), ("Narrative", '0.36,"Rose', "D2")])
def test_an_unbalanced_quote_is_one_short_line_naming_its_cell(
    tmp_path: Path, column: str, row: str, cell: str
) -> None:
    """A quote never closed runs to the end of the file: the rows after it must not vanish into one narrative, nor
    the rest of the file be printed as a value."""
    (tmp_path / "in").mkdir()
    rows = [f"CS{n:02d},2016-09,{n / 100},narrative number {n} of a fair length" for n in range(6, 100)]
    stderr = _one_error(tmp_path, ["Measure,Month,Value,Narrative", f"CS05,2016-09,{row} sharply", *rows])
    path = tmp_path / "in" / "kpis.csv"
    assert stderr.startswith(f"error: {path} {cell}: the quoted field beginning "), stderr
    assert len(stderr) - len(str(path)) < 300, stderr
    start = row[row.index('"') :] + " sharply\r\nCS06,2016-09,0.06,narrative number 6 of a fair length"
    shown = repr(start[:60] + "…")
    assert f"{shown} has no closing quote (read as RFC 4180 CSV: fields separated by commas" in stderr


def test_text_after_a_closing_quote_is_refused_naming_the_cell(tmp_path: Path) -> None:
    """`"Rose "sharply", see"`: a quote inside a quoted field not doubled; read on, it would shift the fields."""
    (tmp_path / "in").mkdir()
    stderr = _one_error(
        tmp_path, ["Measure,Month,Narrative,Value", *_filler(10), 'CS05,2016-09,"Rose "sharply", see",0.36']
    )
    assert (
        ' C12: the quoted field beginning \'"Rose "sharply", see",0.36\\r\\n\' has more text after its closing'
        in stderr
    )


def test_semicolons_are_named_in_the_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_csv(b'Measure;Month;Value\r\nCS05;2016-09;"0.36\r\n', "kpis.csv")
    assert caught.value.codes == ["bad-csv"]
    assert str(caught.value).startswith("kpis.csv C2: the quoted field beginning '\"0.36\\r\\n' has no closing quote")
    assert "fields separated by semicolons" in str(caught.value)
