"""A council's pack from a folder of templates: a portfolio name too long for a sheet gets a sheet name worked out
for it (with a warning naming the template and `short_name:`), and a folder that names no council titles the pack
"Performance report", not the folder's name."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

import scorecard_xl
from scorecard_xl.model import Council
from scorecard_xl.template import load_council_or_template

from .support.templates import one_theme
from .support.workbooks import long_csv


def _folder(tmp_path: Path, *portfolios: str, name: str = "t") -> Path:
    """A folder `name` of templates, one a portfolio, each with one measure (P1, P2, …)."""
    folder = tmp_path / name
    folder.mkdir()
    for i, portfolio in enumerate(portfolios, start=1):
        measure = f"{{id: P{i}, number: {i}, title: Measure {i}, good_to_be: high, unit: count, target: 10}}"
        (folder / f"{i}.yaml").write_text(one_theme(measure, portfolio=json.dumps(portfolio)), encoding="utf-8")
    return folder


def test_a_portfolio_name_over_31_characters_gets_a_sheet_name_and_a_warning(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "Adult Social Care and Public Health Portfolio", "Children's Services")
    council = load_council_or_template(folder)
    assert isinstance(council, Council)
    assert council.sheet_names == ("Adult Social Care and Public", "Children's Services")
    (warning,) = council.warnings
    assert warning.code == "sheet-name-shortened" and warning.location.file == str(folder / "1.yaml")
    assert "'Adult Social Care and Public'" in warning.message and "short_name:" in warning.hint


@pytest.mark.parametrize(
    ("portfolios", "sheets"),
    [
        # a trailing " Portfolio" dropped is enough
        (["Adult Social Care and Health Portfolio"], ["Adult Social Care and Health"]),
        # then cut at a word
        (["Housing and Regeneration Services Portfolio"], ["Housing and Regeneration"]),
        # no word left hanging at the end, Excel's forbidden characters taken out
        (["Communities, Housing and Environment Portfolio"], ["Communities, Housing"]),
        (["Place: Highways/Transport & Waste Management Portfolio"], ["Place Highways Transport"]),
        # two names that cut alike are made unique
        (
            ["Children, Young People and Families Portfolio", "Children, Young People and Families Scrutiny"],
            ["Children, Young People", "Children, Young People (2)"],
        ),
    ],
)
def test_the_sheet_name_is_cut_at_a_word_and_unique(tmp_path: Path, portfolios: list[str], sheets: list[str]) -> None:
    council = load_council_or_template(_folder(tmp_path, *portfolios))
    assert isinstance(council, Council)
    assert list(council.sheet_names) == sheets
    assert all(len(s) <= 31 for s in council.sheet_names)
    assert [w.code for w in council.warnings] == ["sheet-name-shortened"] * len(portfolios)


def test_a_short_name_over_31_characters_is_still_an_error(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "Adults")
    template = folder / "1.yaml"
    template.write_text(
        template.read_text().replace('portfolio: "Adults"', 'portfolio: "Adults"\nshort_name: ' + "A" * 32), "utf-8"
    )
    with pytest.raises(scorecard_xl.TemplateError) as caught:
        load_council_or_template(folder)
    assert caught.value.codes == ["sheet-name"]


def _pack(tmp_path: Path, folder: Path) -> tuple[scorecard_xl.CouncilResult, openpyxl.Workbook]:
    extract = long_csv(tmp_path / "extract.csv", [["P1", "Mar 2017", 12], ["P2", "Mar 2017", 9]])
    result = scorecard_xl.build([extract], template=folder, period="2017-03", output=tmp_path / "pack.xlsx")
    assert isinstance(result, scorecard_xl.CouncilResult)
    return result, openpyxl.load_workbook(result.path)


def test_the_pack_has_the_worked_out_sheet_and_its_warning(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "Adult Social Care and Public Health Portfolio", "Children's Services")
    result, book = _pack(tmp_path, folder)
    assert book.sheetnames[2:4] == ["Adult Social Care and Public", "Children's Services"]
    assert [w.code for w in result.council.warnings if w.code == "sheet-name-shortened"] == ["sheet-name-shortened"]
    about = [str(v) for k, v in book["About"].iter_rows(min_row=3, max_col=2, values_only=True) if k == "Warning"]
    assert any("sheet is named 'Adult Social Care and Public'" in line for line in about)


def test_a_folder_naming_no_council_titles_the_pack_performance_report(tmp_path: Path) -> None:
    _, book = _pack(tmp_path, _folder(tmp_path, "Adults", "Children's Services"))
    summary = book["Council summary"]
    assert summary["A1"].value == "Performance report"
    assert summary["A2"].value == "Performance to Mar 2017"  # not "t: performance to Mar 2017"
    assert book.properties.title == "Performance report"
    about = book["About"]
    rows = {str(r[0]): str(r[1]) for r in about.iter_rows(min_row=3, max_col=2, values_only=True) if r[0]}
    assert rows["Portfolio"] == "Performance report"
