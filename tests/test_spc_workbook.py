"""The sample built with `rules: {spc: true}` (a copy of the bundled template, the bundled one unchanged): the
Appendix's Variation and Assurance columns after the RAG, read back, coloured by their words, explained by the key;
and the same build without the rule has neither column."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import jinja2
import openpyxl

import scorecard_xl
from scorecard_xl.template import load_template
from scorecard_xl.web.present import preview

from .pack_helpers import audit
from .support.readback import read_appendix

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_workbooks" / "childrens_services_extract.xlsx"
TEMPLATE = ROOT / "templates" / "childrens_services.yaml"


def spc_template(folder: Path) -> Path:
    """A copy of the bundled template with `spc: true` in its rules."""
    text = TEMPLATE.read_text(encoding="utf-8")
    copy = folder / "childrens_services.yaml"
    copy.write_text(text.replace("\nrules:\n", "\nrules:\n  spc: true\n", 1), encoding="utf-8")
    return copy


def test_the_sample_with_spc_shows_variation_and_assurance(tmp_path: Path) -> None:
    out = tmp_path / "spc.xlsx"
    result = scorecard_xl.build([SAMPLE], template=spc_template(tmp_path), period="2016-09", output=out)
    wb, headers, rows = read_appendix(out)
    rag = headers.index("Latest performance (RAG)")
    assert headers[rag + 1 : rag + 4] == ["Variation", "Assurance", "Benchmarks"]
    measures = {r.cells["No."]: r.cells for r in rows if r.kind == "Measure"}
    card = result.scorecard
    for row in card.rows:  # every cell is the resolved scorecard's, blank where SPC does not apply
        cells = measures[row.measure.number]
        spc = row.spc
        assert cells["Variation"] == ((spc.variation_cell or None) if spc else None), row.measure.id
        assert cells["Assurance"] == ((spc.assurance_cell or None) if spc else None), row.measure.id
    # measure 37 (adoptions, year to date) has none, and the key says why
    assert measures[37]["Variation"] is None
    ws = wb["Appendix 1"]
    key = {ws.cell(r, 2).value: ws.cell(r, 3).value for r in range(1, ws.max_row + 1)}
    assert "year to date or rolling year" in key["SPC blank"] and "CS37" in key["SPC blank"]
    assert "Making Data Count" in key["Variation"]
    # the words as the MDC icons' letters; the first measure (good to be high) at Sep 2016
    assert measures[1]["Variation"] == "(L) Special cause concern (low)"
    assert measures[1]["Assurance"] == "(P) Consistently passing"
    assert measures[25]["Variation"] == "(~) Common cause" and measures[25]["Assurance"] == "(?) Hit and miss"
    # coloured by conditional formats on the words, as the RAG column
    column = openpyxl.utils.get_column_letter(rag + 2)
    rules = [
        (rule.text, rng.sqref)
        for rng in ws.conditional_formatting
        for rule in rng.rules
        if str(rng.sqref).startswith(column)
    ]
    assert {"improvement", "concern", "Common cause"} <= {text for text, _ in rules}
    assert audit(out) == []  # opens in Excel without a repair prompt
    again = tmp_path / "again.xlsx"
    scorecard_xl.build([SAMPLE], template=spc_template(tmp_path), period="2016-09", output=again)
    assert again.read_bytes() == out.read_bytes()  # the same inputs, the same bytes


def test_without_the_rule_there_are_no_spc_columns(tmp_path: Path) -> None:
    out = tmp_path / "plain.xlsx"
    result = scorecard_xl.build([SAMPLE], template=TEMPLATE, period="2016-09", output=out)
    _, headers, _ = read_appendix(out)
    assert "Variation" not in headers and "Assurance" not in headers
    assert all(r.spc is None for r in result.scorecard.rows)
    assert not any(m.rules.spc for m in load_template().measures)


class _Rows(HTMLParser):
    """Each table row's cells as (text, colspan)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[list[object]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self.rows[-1].append(["", int(dict(attrs).get("colspan") or 1)])

    def handle_data(self, data: str) -> None:
        if self.rows and self.rows[-1]:
            self.rows[-1][-1][0] = str(self.rows[-1][-1][0]) + data


def test_the_page_preview_has_the_same_columns(tmp_path: Path) -> None:
    """The drop-in page's preview table: every row spans the headers, the Variation cell under its header."""
    result = scorecard_xl.build(
        [SAMPLE], template=spc_template(tmp_path), period="2016-09", output=tmp_path / "spc.xlsx"
    )
    page = (ROOT / "scorecard_xl" / "web" / "templates" / "page.html").read_text(encoding="utf-8")
    start = page.index('<table class="appendix"')
    table = page[start : page.index("</table>", start) + len("</table>")]
    pv = preview(result.scorecard)
    parser = _Rows()
    parser.feed(jinja2.Environment(autoescape=True).from_string(table).render(pv=pv))
    header, *rows = parser.rows
    names = [str(text).strip() for text, _ in header]
    column = names.index("Variation")
    assert names[column - 1 : column + 2] == ["Latest performance (RAG)", "Variation", "Assurance"]
    for row in rows:
        assert sum(int(str(span)) for _, span in row) == len(names)
    first = next(r for r in rows if str(r[0][0]).strip() == "1")
    assert str(first[column][0]).strip() == "(L) Special cause concern (low)"


def test_the_html_edition_with_spc_has_the_two_columns_in_every_row(tmp_path: Path) -> None:
    """The HTML edition (and so the PDF) lays out Variation and Assurance as the workbook does: every row of the
    Appendix table spans exactly the header's columns, and each measure's two cells hold the scorecard's words."""
    import re

    out = tmp_path / "spc.xlsx"
    result = scorecard_xl.build(
        [SAMPLE], template=spc_template(tmp_path), period="2016-09", output=out, html=tmp_path / "spc.html"
    )
    text = (tmp_path / "spc.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="appendix[^"]*">(.*?)</table>', text, re.S)
    assert table is not None
    headers = re.findall(r'<th scope="col">(.*?)</th>', table.group(1))
    assert headers[headers.index("Latest performance (RAG)") + 1 :][:2] == ["Variation", "Assurance"]

    def width(row: str) -> int:
        return sum(int(m.group(1) or 1) for m in re.finditer(r'<t[dh]\b(?:[^>]*colspan="(\d+)")?[^>]*>', row))

    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1), re.S)
    assert {width(r) for r in rows} == {len(headers)}
    cells = re.findall(r'<td class="spc">(.*?)</td>', table.group(1))
    shown = [c for r in result.scorecard.rows if r.spc for c in (r.spc.variation_cell, r.spc.assurance_cell)]
    assert [c for c in cells if c] == [c for c in shown if c]
