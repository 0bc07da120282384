"""Loading a council's portfolios: council.yaml and folders, ids unique across portfolios, sheet names, new-extract."""

from __future__ import annotations

import openpyxl
import pytest

import scorecard_xl
from scorecard_xl.template import load_council_or_template

from .conftest import ROOT, SAMPLE

TEMPLATES = ROOT / "templates"


def _copy(folder, source: str, name: str, edit=lambda text: text):
    text = (TEMPLATES / source).read_text(encoding="utf-8")
    (folder / name).write_text(edit(text), encoding="utf-8")
    return folder / name


def test_a_measure_id_in_two_portfolios_names_both_files_and_lines(tmp_path):
    _copy(tmp_path, "childrens_services.yaml", "a.yaml")
    _copy(tmp_path, "adult_social_care.yaml", "b.yaml", lambda t: t.replace("id: AS05", "id: CS05"))
    with pytest.raises(scorecard_xl.TemplateError) as caught:
        load_council_or_template(tmp_path)
    (problem,) = caught.value.problems
    a_line = next(i for i, line in enumerate((tmp_path / "a.yaml").read_text().splitlines(), 1) if "id: CS05" in line)
    b_line = next(i for i, line in enumerate((tmp_path / "b.yaml").read_text().splitlines(), 1) if "id: CS05" in line)
    assert problem.code == "duplicate-measure"
    assert problem.location.file == str(tmp_path / "b.yaml") and problem.location.line == b_line
    assert f"{tmp_path / 'a.yaml'} line {a_line}" in problem.message


def test_council_yaml_names_its_portfolios_in_order_with_short_names(tmp_path):
    _copy(
        tmp_path, "adult_social_care.yaml", "adults.yaml", lambda t: t.replace("author:", "short_name: Adults\nauthor:")
    )
    (tmp_path / "council.yaml").write_text(
        "council: Anytown Council\ntitle: Cabinet pack\nportfolios:\n  - adults\n  - childrens_services\n",
        encoding="utf-8",
    )
    council = load_council_or_template(tmp_path / "council.yaml")
    assert (council.name, council.title) == ("Anytown Council", "Cabinet pack")
    assert council.sheet_names == ("Adults", "Children's Services Portfolio")
    assert load_council_or_template(tmp_path).sheet_names == council.sheet_names  # a folder with a council.yaml


@pytest.mark.parametrize(
    ("council", "message", "line"),
    [
        ("council: X\nportfolios:\n  - nowhere\n", "portfolio template 'nowhere' not found", 3),
        ("council: X\nportfolio:\n  - childrens_services\n", "unknown key 'portfolio'", 2),
        ("council: X\nportfolios:\n  - childrens_services\n  - childrens_services\n", "also in", None),
    ],
)
def test_council_file_mistakes_name_the_file_and_line(tmp_path, council, message, line):
    (tmp_path / "council.yaml").write_text(council, encoding="utf-8")
    with pytest.raises(scorecard_xl.TemplateError) as caught:
        load_council_or_template(tmp_path / "council.yaml")
    problem = next(p for p in caught.value.problems if message in p.text)
    if line is not None:
        assert problem.location.line == line


def test_a_sheet_name_too_long_is_worked_out_and_names_short_name(tmp_path):
    _copy(tmp_path, "adult_social_care.yaml", "a.yaml", lambda t: t.replace("short_name", "x").replace(
        "portfolio: Adult Social Care Portfolio - Cllr. Ruth Pennington",
        "portfolio: Adult Social Care and Public Health Portfolio",
    ))  # fmt: skip
    _copy(tmp_path, "childrens_services.yaml", "b.yaml")
    council = load_council_or_template(tmp_path)
    assert council.sheet_names == ("Adult Social Care and Public", "Children's Services Portfolio")
    assert [w.code for w in council.warnings] == ["sheet-name-shortened"]
    assert "short_name" in council.warnings[0].text


def test_new_extract_for_a_council_groups_the_month_sheet_by_portfolio(tmp_path):
    out = scorecard_xl.new_extract("2016-10", tmp_path / "next.xlsx", template="council", previous=[SAMPLE])
    ws = openpyxl.load_workbook(out).active
    column = [ws.cell(r, 1).value for r in range(5, ws.max_row + 1)]
    assert column[0] == "Children's Services Portfolio - Cllr. Lin Hazell"
    assert column[1:38] == [f"CS{n:02d}" for n in range(1, 38)]
    assert column[38] == "Adult Social Care Portfolio - Cllr. Ruth Pennington"
    assert column[39:] == [f"AS{n:02d}" for n in range(1, 25)]
    adults = SAMPLE.with_name("adult_social_care_extract.xlsx")
    report = scorecard_xl.validate([SAMPLE, adults, out], "council", period="2016-09")
    assert report.exit_code == 0, report.lines()  # the heading rows are passed over, not warned about
    assert any(str(out) in s and ws.title in s for s in report.sheets)  # the new sheet was read
