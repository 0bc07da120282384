"""The YAML template (SPEC §4): errors name the YAML line, per-year targets, and the bundled template.

Each error case starts from a small valid template, changes one line, and expects the error to name the line
holding the change (found in the changed text, never hard-coded), so the tests follow the YAML as written.
"""

from __future__ import annotations

import re
import textwrap

import pytest

from scorecard_xl import calculate
from scorecard_xl.errors import TemplateError
from scorecard_xl.model import (
    Compute,
    Location,
    Month,
    Observation,
    PeriodType,
    Polarity,
    Rag,
    RagOn,
    Status,
    Tolerance,
    ToleranceKind,
    Unit,
)
from scorecard_xl.template import load_template, parse_template

BASE = textwrap.dedent(
    """\
    title: Appendix 1
    portfolio: Test Portfolio
    rules:
      tolerance: 10%
      rag_on: displayed
    outcomes:
      - name: Outcome A
        themes:
          - name: Theme A
            measures:
              - id: T01
                number: 1
                title: First measure
                good_to_be: high
                period_type: month
                unit: percent
                decimals: 0
                target: 60%
                compute: reported
              - id: T02
                number: 2
                title: Second measure
                good_to_be: low
                period_type: year_to_date
                unit: count
                decimals: 0
                target: 10
                compute: sum
    """
)


def changed(old: str, new: str, occurrence: int = 1) -> str:
    """BASE with the `occurrence`-th line equal to `old` (ignoring indent) replaced by `new`, indent kept."""
    lines = BASE.splitlines()
    seen = 0
    for i, line in enumerate(lines):
        if line.strip() == old:
            seen += 1
            if seen == occurrence:
                indent = line[: len(line) - len(line.lstrip())]
                lines[i] = indent + new
                return "\n".join(lines) + "\n"
    raise AssertionError(f"{old!r} not in BASE")


def inserted_after(old: str, *new: str) -> str:
    """BASE with lines `new` inserted after the first line equal to `old` (ignoring indent), at its indent."""
    lines = BASE.splitlines()
    i = next(i for i, line in enumerate(lines) if line.strip() == old)
    indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
    lines[i + 1 : i + 1] = [indent + n for n in new]
    return "\n".join(lines) + "\n"


def _after(text: str, old: str, new: str) -> str:
    """`text` with `new` inserted after its first line equal to `old` (ignoring indent), at that indent."""
    lines = text.splitlines()
    i = next(i for i, line in enumerate(lines) if line.strip() == old)
    lines.insert(i + 1, lines[i][: len(lines[i]) - len(lines[i].lstrip())] + new)
    return "\n".join(lines) + "\n"


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the `occurrence`-th line containing `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def error_of(text: str) -> str:
    with pytest.raises(TemplateError) as info:
        parse_template(text, "test.yaml", "test")
    return str(info.value)


def test_base_template_is_valid():
    template = parse_template(BASE, "test.yaml", "test")
    assert [m.id for m in template.measures] == ["T01", "T02"]
    first, second = template.measures
    assert first.polarity is Polarity.HIGH
    assert first.unit is Unit.PERCENT
    assert first.target.value == pytest.approx(0.60)  # '60%' held as a fraction
    assert first.rules.tolerance == Tolerance(ToleranceKind.RELATIVE, 0.10)
    assert second.period_type is PeriodType.YEAR_TO_DATE
    assert second.compute is Compute.SUM
    assert second.target.value == 10


# --- errors name their line ---------------------------------------------------------------------------------

# (case, old line, new line, text on the line the error must name, what the message must say)
ERRORS = [
    (
        "unknown measure key",
        "good_to_be: high",
        "good_to_bee: high",
        "good_to_bee",
        r"unknown key 'good_to_bee'.*did you mean 'good_to_be'",
    ),
    (
        "unknown rules key",
        "tolerance: 10%",
        "tolerence: 10%",
        "tolerence",
        r"unknown key 'tolerence'.*did you mean 'tolerance'",
    ),
    (
        "unknown top-level key",
        "portfolio: Test Portfolio",
        "portfollio: Test Portfolio",
        "portfollio",
        r"unknown key 'portfollio'.*did you mean 'portfolio'",
    ),
    ("bad target", "target: 60%", "target: sixty", "target: sixty", r"target"),
    ("target in points", "target: 60%", "target: 60pp", "target: 60pp", r"target"),
    ("bad target year", "target: 60%", "target: {2016: 55%}", "target: {2016", r"2016/17"),
    ("bad default tolerance", "tolerance: 10%", "tolerance: ten percent", "tolerance: ten", r"tolerance"),
    ("negative tolerance", "tolerance: 10%", "tolerance: -5%", "tolerance: -5%", r"tolerance"),
    ("bad rag_on", "rag_on: displayed", "rag_on: rounded", "rag_on: rounded", r"rag_on"),
    ("bad good_to_be", "good_to_be: high", "good_to_be: up", "good_to_be: up", r"good_to_be"),
    ("bad unit", "unit: percent", "unit: percentage", "unit: percentage", r"unit"),
    # compute must fit the period type (SPEC §5.2): reported for month; sum/ratio to date; mean/ratio rolling
    ("sum of a month measure", "compute: reported", "compute: sum", "compute: sum", r"compute"),
    ("mean year to date", "compute: sum", "compute: mean", "compute: mean", r"compute"),
    ("mean of a month measure", "compute: reported", "compute: mean", "compute: mean", r"compute"),
]


@pytest.mark.parametrize(("case", "old", "new", "on_line", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_error_names_the_yaml_line(case, old, new, on_line, message):
    text = changed(old, new)
    error = error_of(text)
    assert f"test.yaml line {line_of(text, on_line)}:" in error, error
    assert re.search(message, error), error


def test_sum_over_a_rolling_year_is_refused():
    text = changed("period_type: year_to_date", "period_type: rolling_year")
    error = error_of(text)
    # the conflict is between two lines; either names it
    assert any(f"line {line_of(text, s)}:" in error for s in ("compute: sum", "period_type: rolling_year")), error
    assert "compute" in error


def test_duplicate_id():
    text = changed("- id: T02", "- id: T01")
    error = error_of(text)
    assert f"line {line_of(text, 'id: T01', occurrence=2)}:" in error, error
    assert "duplicate" in error
    assert "T01" in error


def test_duplicate_number():
    text = changed("number: 2", "number: 1")
    error = error_of(text)
    second_measure = {line_of(text, "id: T02"), line_of(text, "number: 1", occurrence=2)}
    assert any(f"line {n}:" in error for n in second_measure), error
    assert "duplicate" in error
    assert "number" in error


def test_numeric_target_with_good_to_be_none():
    text = changed("good_to_be: high", "good_to_be: none")
    error = error_of(text)
    # a numeric target cannot be scored without a direction: the target or the good_to_be line is named
    assert any(f"line {line_of(text, s)}:" in error for s in ("good_to_be: none", "target: 60%")), error
    assert "good_to_be" in error


def test_monitor_target_with_good_to_be_none_is_fine():
    text = changed("good_to_be: high", "good_to_be: none").replace("target: 60%", "target: Monitor")
    measure = parse_template(text, "test.yaml", "test").measures[0]
    assert measure.target.monitor
    assert measure.polarity is Polarity.NONE


def test_invalid_yaml_names_its_line():
    text = re.sub(r"(?m)^ +(unit: percent)$", "\t\\1", BASE, count=1)  # a tab cannot indent YAML
    assert "\tunit: percent" in text
    error = error_of(text)
    assert f"test.yaml line {line_of(text, chr(9))}:" in error, error
    assert "YAML" in error


def test_duplicate_key_in_a_measure_is_refused():
    # YAML 1.2 requires the keys of a mapping to be unique; a measure giving `target` twice is ambiguous
    # (which did the analyst mean?) and must not silently take the last one
    text = inserted_after("target: 60%", "target: 70%")
    error = error_of(text)
    assert f"line {line_of(text, 'target: 70%')}:" in error, error
    assert "target" in error


def test_missing_required_key_names_the_measure():
    text = BASE.replace("            title: Second measure\n", "")
    error = error_of(text)
    assert f"line {line_of(text, 'id: T02')}:" in error, error
    assert "title" in error


def test_empty_template():
    with pytest.raises(TemplateError, match=r"test\.yaml"):
        parse_template("", "test.yaml", "test")


def test_template_file_error_names_the_file(tmp_path):
    path = tmp_path / "broken.yaml"
    text = changed("target: 60%", "target: sixty")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError, match=rf"broken\.yaml line {line_of(text, 'target: sixty')}:"):
        load_template(path)


# --- targets ------------------------------------------------------------------------------------------------

FY_TEMPLATE = changed("target: 60%", 'target: {"2016/17": 55%, "2015/16": 50%}')


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2015-04", 0.50),  # first month of 2015/16
        ("2016-03", 0.50),  # last month of 2015/16
        ("2016-04", 0.55),  # first month of 2016/17
        ("2016-09", 0.55),
        ("2017-03", 0.55),  # last month of 2016/17
    ],
)
def test_per_year_target_picks_the_financial_year(at, expected):
    target = parse_template(FY_TEMPLATE, "test.yaml", "test").measures[0].target
    assert target.for_month(Month.parse_iso(at)) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("period", "target", "rag"),
    [
        # 52% against 2015/16's 50%: Green
        ("2016-03", 0.50, Rag.GREEN),
        # 52% against 2016/17's 55%: short of it, within 10% (49.5%): Amber
        ("2016-09", 0.55, Rag.AMBER),
    ],
)
def test_per_year_target_is_used_for_the_rag(period, target, rag):
    template = parse_template(FY_TEMPLATE, "test.yaml", "test")
    month = Month.parse_iso(period)
    figure = Observation("T01", month, Status.VALUE, 0.52, Location("t.xlsx", "S", "C5"))
    scorecard = calculate(template, [figure], month)
    row = next(r for r in scorecard.rows if r.measure.id == "T01")
    assert row.target == pytest.approx(target)
    assert row.rag is rag


@pytest.mark.parametrize(
    ("written", "kind", "amount"),
    [
        ("10%", ToleranceKind.RELATIVE, 0.10),
        ("5pp", ToleranceKind.POINTS, 5),
        ("2.5pp", ToleranceKind.POINTS, 2.5),
    ],
)
def test_tolerance_forms(written, kind, amount):
    text = changed("tolerance: 10%", f"tolerance: {written}")
    if kind is ToleranceKind.POINTS:  # the count T02 gives its own: percentage points are no band for a count
        text = _after(text, "target: 10", "tolerance: 2")
    template = parse_template(text, "test.yaml", "test")
    assert template.rules.tolerance == Tolerance(kind, amount)
    assert template.measures[0].rules.tolerance == Tolerance(kind, amount)  # the default reaches measures


@pytest.mark.parametrize("where", ["rules", "measure"])
def test_percentage_points_are_no_band_for_a_count(where):
    """`5pp` on the count T02 would be a band of 0.05 of a count: an error naming the measure's line or its own."""
    if where == "rules":
        text = changed("tolerance: 10%", "tolerance: 5pp")  # right for the percent T01, not for the count T02
        needle = "- id: T02"
    else:
        text = inserted_after("target: 10", "tolerance: 5pp")
        needle = "tolerance: 5pp"
    error = error_of(text)
    assert f"test.yaml line {line_of(text, needle)}:" in error and "T02" in error and "not a percent one" in error


def test_a_percent_sign_on_a_count_is_an_error():
    """`target: 60%` on a count would be a target of 0.6."""
    text = changed("target: 10", "target: 60%")
    assert f"test.yaml line {line_of(text, 'target: 60%', 2)}:" in error_of(text)


def test_tolerance_in_units_reaches_a_count_measure():
    # a plain number is the figure's own units: fine for the count T02 (the percent T01 gives its own, in points)
    text = inserted_after("target: 60%", "tolerance: 5pp").replace("tolerance: 10%", "tolerance: 3", 1)
    template = parse_template(text, "test.yaml", "test")
    assert template.rules.tolerance == Tolerance(ToleranceKind.UNITS, 3)
    assert template.measures[0].rules.tolerance == Tolerance(ToleranceKind.POINTS, 5)
    assert template.measures[1].rules.tolerance == Tolerance(ToleranceKind.UNITS, 3)


def test_measure_overrides_the_default_rules():
    text = inserted_after("compute: reported", "tolerance: 5pp", "rag_on: exact")
    first, second = parse_template(text, "test.yaml", "test").measures
    assert first.rules.tolerance == Tolerance(ToleranceKind.POINTS, 5)
    assert first.rules.rag_on is RagOn.EXACT
    assert second.rules.tolerance == Tolerance(ToleranceKind.RELATIVE, 0.10)
    assert second.rules.rag_on is RagOn.DISPLAYED


# --- the bundled template -----------------------------------------------------------------------------------


def test_bundled_template_has_37_measures():
    template = load_template()
    measures = template.measures
    assert len(measures) == 37
    assert [m.id for m in measures] == [f"CS{n:02d}" for n in range(1, 38)]
    assert [m.number for m in measures] == list(range(1, 38))
    assert template.title == "Appendix 1"


def test_bundled_template_matches_the_sample_notes():
    # make_sample.py: CS04 and CS07 are unavailable; CS37 is adoptions summed year to date
    by_id = {m.id: m for m in load_template().measures}
    assert not by_id["CS04"].available
    assert not by_id["CS07"].available
    assert by_id["CS37"].period_type is PeriodType.YEAR_TO_DATE
    assert by_id["CS37"].compute is Compute.SUM


def test_bundled_template_loads_from_any_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    template = load_template()
    assert len(template.measures) == 37
    assert template.name == "childrens_services"


def test_bundled_template_by_name_from_any_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert [m.id for m in load_template("childrens_services").measures] == [m.id for m in load_template().measures]


def test_period_labels_print_as_in_the_seed():
    assert PeriodType.MONTH.value == "Month only (not quarterly data)"
    assert PeriodType.ROLLING_YEAR.value == "Average, rolling year"
    assert PeriodType.YEAR_TO_DATE.value == "Cumulative (year to date)"


def _line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line of `text` containing `needle`."""
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_every_problem_is_reported_at_once() -> None:
    text = BASE.replace("target: 60%", "target: sixty").replace("unit: count", "unit: counts")
    text = text.replace("decimals: 0\n            target: 10", "decimals: 9\n            target: 10")
    text = text.replace("title: Appendix 1", "title: Appendix 1\ncolour: blue")
    with pytest.raises(TemplateError) as caught:
        parse_template(text, "t.yaml")
    problems = caught.value.problems
    found = {(p.location.line, p.code) for p in problems}
    assert found == {
        (_line_of(text, "colour: blue"), "unknown-key"),
        (_line_of(text, "target: sixty"), "template"),
        (_line_of(text, "unit: counts"), "template"),
        (_line_of(text, "decimals: 9"), "template"),
    }
    assert all(p.location.file == "t.yaml" for p in problems)
    assert len(caught.value.lines()) == 4


def test_a_duplicate_id_names_both_lines() -> None:
    text = changed("- id: T02", "- id: T01")
    with pytest.raises(TemplateError) as caught:
        parse_template(text, "t.yaml")
    (problem,) = caught.value.problems
    second = [i for i, line in enumerate(text.splitlines(), start=1) if "- id: T01" in line]
    assert problem.location == Location(file="t.yaml", line=second[1])
    assert f"first at line {second[0]}" in problem.message
