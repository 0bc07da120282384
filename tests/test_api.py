"""The Python API: one sorted `__all__`, result objects, and DataFrames for analysts in a notebook."""

from __future__ import annotations

import subprocess
import sys

import pytest

import scorecard_xl

from .conftest import SAMPLE


def test_all_is_sorted_and_complete():
    assert scorecard_xl.__all__ == sorted(set(scorecard_xl.__all__))
    for name in scorecard_xl.__all__:
        assert hasattr(scorecard_xl, name), name


def test_import_does_not_load_pandas_or_the_writer():
    code = "import sys, scorecard_xl; print('pandas' in sys.modules, 'xlsxwriter' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_measures_frame(sample_build):
    frame = scorecard_xl.measures_frame(sample_build.scorecard)
    assert len(frame) == 37
    assert frame.loc["CS01", "Sep 2016"] == pytest.approx(0.61)
    assert frame.loc["CS01", "Sep 2016 arrow"] == "↓"
    assert frame.loc["CS31", "rag"] == "Red"
    assert frame.loc["CS31", "target"] == pytest.approx(0.55)
    assert frame["rag"].value_counts().to_dict() == {"Monitor": 18, "Red": 10, "Green": 4, "Amber": 3}


def test_data_frame_matches_the_extract():
    card = scorecard_xl.prepare([SAMPLE], period="2016-09")
    frame = scorecard_xl.data_frame(card)
    assert frame.shape == (37, 18)
    assert str(frame.columns[0]) == "2015-04" and str(frame.columns[-1]) == "2016-09"
    assert frame.loc["CS37"].sum() == 38 + 20  # adoptions: 2015/16 and April–September 2016
    assert frame.loc["CS04"].isna().all()  # unavailable


def test_same_file_kept_elsewhere_gives_the_same_bytes(tmp_path):
    elsewhere = tmp_path / "a" / "b"
    elsewhere.mkdir(parents=True)
    copy = elsewhere / SAMPLE.name
    copy.write_bytes(SAMPLE.read_bytes())
    first = scorecard_xl.build([SAMPLE], period="2016-09", output=tmp_path / "one.xlsx")
    second = scorecard_xl.build([copy], period="2016-09", output=tmp_path / "two.xlsx")
    assert first.path.read_bytes() == second.path.read_bytes()
    assert second.scorecard.inputs[0].path == str(copy)


def test_previous_scorecard_kept_in_the_extracts_folder_is_skipped(tmp_path):
    folder = tmp_path / "extracts"
    folder.mkdir()
    (folder / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    out = folder / "appendix1.xlsx"
    first = scorecard_xl.build([folder], period="2016-09", output=out)
    assert first.warnings == ()
    before = out.read_bytes()
    # next month the folder holds last month's scorecard too: it is not read as an extract, and may be replaced
    again = scorecard_xl.build([folder], period="2016-09", output=out, force=True)
    assert [w.code for w in again.warnings] == ["scorecard-skipped"]
    assert any("appendix1.xlsx (a scorecard built by scorecard-xl" in s for s in again.scorecard.skipped_sheets)
    assert [i.name for i in again.scorecard.inputs] == [SAMPLE.name]
    assert again.scorecard.rows == first.scorecard.rows
    assert out.read_bytes() != before  # the About sheet now lists the skipped scorecard and its warning


def test_long_template_texts_still_build(tmp_path):
    from scorecard_xl.template import parse_template

    from .conftest import TEMPLATE

    text = TEMPLATE.read_text(encoding="utf-8")
    text = text.replace(
        "portfolio: Children's Services Portfolio - Cllr. Lin Hazell", 'portfolio: "' + "A&B " * 200 + '"'
    )
    text = text.replace("note: This measure is currently under development", 'note: "' + "x" * 40_000 + '"', 1)
    template = parse_template(text, "long.yaml", "long")
    result = scorecard_xl.build([SAMPLE], template=template, period="2016-09", output=tmp_path / "long.xlsx")
    import openpyxl

    ws = openpyxl.load_workbook(result.path)["Appendix 1"]
    header = ws.oddHeader.center.text  # as stored: bold code, then the title with & escaped as &&
    assert header.startswith("&BAppendix 1 - A&&B A&&B") and header.endswith("…") and len(header) <= 255 - 4
    notes = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("xxx")]
    assert [len(n) for n in notes] == [32_767]


def test_a_python_without_ctypes_still_builds(tmp_path):
    """Handing freed memory back uses ctypes where there is one; a Python built without libffi has none."""
    code = (
        "import sys; sys.modules['_ctypes'] = None; import scorecard_xl; "
        f"r = scorecard_xl.build([{str(SAMPLE)!r}], None, '2016-09', {str(tmp_path / 'a.xlsx')!r}); "
        "print(len(r.scorecard.rows))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "37"


def test_a_data_start_later_than_the_scorecards_own_is_not_taken():
    """`data_from` can move the Data sheet's first month earlier (a council's portfolios share one), never later:
    the months the shown figures are made of stay on it."""
    read = scorecard_xl.read_extracts([SAMPLE], scorecard_xl.load_template())
    own = scorecard_xl.calculate(scorecard_xl.load_template(), read.observations, scorecard_xl.Month(2016, 9))
    later = scorecard_xl.calculate(
        scorecard_xl.load_template(), read.observations, scorecard_xl.Month(2016, 9), data_from=own.data_months[5]
    )
    assert later.data_months == own.data_months and later.data == own.data
