"""Write the sample extract workbook for the bundled Children's Services template.

`childrens_services_extract.xlsx` is what an analyst's workbook of monthly extracts looks like: one sheet
per month from April 2015 to September 2016 (`Apr 2015` ... `Sep 2016`, oldest first), each with a
`Period` date and a table `Measure ID | Title | Value | Numerator | Denominator | Narrative`, one row per
available measure of `templates/childrens_services.yaml` (CS04 and CS07 are unavailable and left out).

Building the September 2016 scorecard from it reproduces the published Appendix 1 (the seed,
`appendix1_childrens_services_2016-09.json`). How the figures were chosen:

* Quarter ends (Mar 2016, Jun 2016, Sep 2016) hold exactly the seed's figures at the precision it prints.
* The month before each quarter end (Feb, May, Aug 2016) is chosen by hand, for every measure that is
  good to be high or low, so that comparing the two months rounded half-up to the displayed precision
  gives the seed's arrow (up = improved, down = worsened, right = equal when rounded).
* Every other month is a small, seeded random wander around those figures (`random.Random(measure
  number)`, the same on every run), kept plausible: percents within 0-100%, counts never negative.
* Five percent measures (CS08, CS25, CS26, CS28, CS29) are given as Numerator and Denominator with Value
  empty, as a BI extract often does. Their denominators follow the related counts (assessments,
  referrals, children on a plan or looked after) and the numerator is chosen so the fraction rounds to
  the intended whole percent well away from a rounding tie. Every other percent is written as the
  fraction of the displayed figure (0.71).
* The rates per 10,000 (CS17, CS19, CS21) are the counts (CS16, CS18, CS20) over a child population of
  118,900, and CS35 is CS34 over CS20: the seed's own figures bear both relations out.
* CS22 and CS23 (care proceedings) start in April 2016; earlier months leave Value blank.
* CS36 is the rolling-year average the system reports; CS37 is each month's number of adoptions, which
  the tool sums from April: 38 over 2015/16, 13 to June 2016 and 20 to September 2016.
* Narratives appear only on the Sep 2016 sheet, exactly as the seed prints them.

Before writing, `self_check` recomputes every quarter-end figure, every seed arrow and the CS37
year-to-date sums from the rows about to be written, and raises if any disagrees with the seed JSON.

Usage: python make_sample.py [OUT.xlsx] [--seed SEED.json] [--template TEMPLATE.yaml]
Needs xlsxwriter and PyYAML, and `extract_writer.py` beside it: the workbook writer it shares with the
Adult Social Care sample. Two runs give byte-identical files (fixed creation date, no wall-clock time).
"""

from __future__ import annotations

import itertools
import json
import random
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from extract_writer import MONTHS, Entry, ExtractLayout, Measure, label, sample_parser, write_sample

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_OUT = HERE / "childrens_services_extract.xlsx"
DEFAULT_TEMPLATE = REPO / "templates" / "childrens_services.yaml"
DEFAULT_SEED = REPO / "tests" / "appendix1_childrens_services_2016-09.json"

QUARTER_ENDS = (11, 14, 17)  # indexes into MONTHS: Mar 2016, Jun 2016, Sep 2016
FIRST_WITH_PROCEEDINGS = 12  # Apr 2016: CS22 and CS23 have no figure before it
CHILD_POPULATION = 118_900  # rates are per 10,000 of it
NUM_DEN = ("CS08", "CS25", "CS26", "CS28", "CS29")
LAYOUT = ExtractLayout(
    service="Children's Services",
    generated_by="sample_workbooks/make_sample.py",
    percent_formats=("0%",),
    count_format="0",
    title_width=95,
    wrap_titles=False,
)


# Figures as the seed prints them at Mar 2016, Jun 2016 and Sep 2016 (percents in whole percent; CS37 is the
# year-to-date sum). Derived measures (CS17, CS19, CS21, CS35) are listed too and checked against.
QUARTER_END: dict[str, tuple[Any, Any, Any]] = {
    "CS01": (71, 83, 61),
    "CS02": (67, 69, 57),
    "CS03": (96, 82, 94),
    "CS05": (25, 33, 36),
    "CS06": (93, 104, 109),
    "CS08": (91, 99, 95),
    "CS09": (72, 70, 73),
    "CS10": (90, 85, 83),
    "CS11": (93, 90, 98),
    "CS12": (47, 56, 32),
    "CS13": (1241, 1349, 1429),
    "CS14": (737, 722, 657),
    "CS15": (387, 455, 441),
    "CS16": (1756, 1711, 1695),
    "CS17": (147.7, 143.9, 142.6),
    "CS18": (446, 502, 535),
    "CS19": (37.5, 42.2, 45.0),
    "CS20": (463, 435, 442),
    "CS21": (38.9, 36.6, 37.2),
    "CS22": (None, 89.0, 82.0),
    "CS23": (None, 7.0, 7.0),
    "CS24": (64, 60, 55),
    "CS25": (94, 97, 97),
    "CS26": (95, 94, 97),
    "CS27": (71, 76, 62),
    "CS28": (74, 74, 85),
    "CS29": (92, 93, 93),
    "CS30": (56, 79, 80),
    "CS31": (48, 47, 49),
    "CS32": (43, 39, 41),
    "CS33": (30, 30, 29),
    "CS34": (83.0, 73.0, 52.0),
    "CS35": (18, 17, 12),
    "CS36": (192, 181, 145),
    "CS37": (38, 13, 20),
}

# Feb 2016, May 2016 and Aug 2016 for the measures with arrows, chosen so that each seed arrow follows.
# The comment gives the seed's arrows at Mar, Jun, Sep 2016 (CS05 is good to be low).
BEFORE_QUARTER_END: dict[str, tuple[int, int, int]] = {
    "CS01": (71, 78, 68),  # → ↑ ↓
    "CS02": (64, 66, 62),  # ↑ ↑ ↓
    "CS03": (93, 88, 90),  # ↑ ↓ ↑
    "CS05": (28, 30, 34),  # ↑ ↓ ↓
    "CS08": (94, 96, 95),  # ↓ ↑ →
    "CS09": (72, 73, 71),  # → ↓ ↑
    "CS10": (87, 88, 86),  # ↑ ↓ ↓
    "CS11": (95, 92, 94),  # ↓ ↓ ↑
    "CS24": (61, 60, 58),  # ↑ → ↓
    "CS25": (96, 95, 94),  # ↓ ↑ ↑
    "CS26": (95, 96, 95),  # → ↓ ↑
    "CS27": (71, 73, 67),  # → ↑ ↓
    "CS28": (78, 77, 81),  # ↓ ↓ ↑
    "CS29": (94, 91, 90),  # ↓ ↑ ↑
    "CS30": (61, 74, 77),  # ↓ ↑ ↑
    "CS31": (48, 48, 47),  # → ↓ ↑
    "CS32": (41, 41, 41),  # ↑ ↓ →
}

# How far a wandering month may stray: percentage points for percents, a fraction of the figure for counts.
SPREAD: dict[str, float] = {
    "CS06": 0.04,
    "CS12": 0.12,
    "CS13": 0.06,
    "CS14": 0.06,
    "CS15": 0.06,
    "CS16": 0.015,
    "CS18": 0.025,
    "CS20": 0.012,
    "CS31": 1.0,
    "CS32": 1.0,
    "CS33": 1.0,
    "CS34": 0.04,
}
PERCENT_SPREAD = 3.0
COUNT_SPREAD = 0.05

# Hand-set series, Apr 2015 .. Sep 2016 (None: no figure).
SERIES: dict[str, list[Any]] = {
    "CS22": [None] * 12 + [84.0, 87.0, 89.0, 86.0, 84.0, 82.0],
    "CS23": [None] * 12 + [5.0, 9.0, 7.0, 6.0, 8.0, 7.0],
    "CS36": [214, 211, 209, 207, 205, 203, 200, 198, 197, 195, 194, 192, 189, 185, 181, 170, 158, 145],
    # adoptions in each month: 2015/16 sums to 38; 2016/17 to 13 by June and 20 by September
    "CS37": [3, 2, 4, 3, 5, 2, 3, 4, 2, 3, 4, 3, 5, 4, 4, 2, 3, 2],
}

# Rates and shares derived from counts: measure -> (numerator measure, denominator measure or None for the
# child population).
DERIVED: dict[str, tuple[str, str | None]] = {
    "CS17": ("CS16", None),
    "CS19": ("CS18", None),
    "CS21": ("CS20", None),
    "CS35": ("CS34", "CS20"),
}

# Denominators of the numerator/denominator measures: the related count, times a share.
DENOMINATOR_FROM: dict[str, tuple[str, float]] = {
    "CS08": ("CS15", 1.0),  # assessments
    "CS25": ("CS18", 0.3),  # child protection plans due a review in the month
    "CS26": ("CS20", 0.35),  # looked-after children due a review in the month
    "CS28": ("CS14", 1.0),  # referrals
    "CS29": ("CS15", 1.0),  # assessments
}

SEE_SUMMARY = "See summary report for commentary"
SEE_FURTHER = "See further commentary in summary report"
NARRATIVES: dict[str, str] = {  # Sep 2016 only, as the seed prints them
    "CS02": SEE_SUMMARY,
    "CS05": SEE_SUMMARY,
    "CS06": (
        "21% of overall coming in are repeat compared to 24% last year (15/16). However the number of "
        "children starting on a repeat is on a downward trend, suggesting a legacy of children who have had "
        "repeat plans. "
        "2014/15 CIN Census % repeats in line with England and South East. 2015/16 data published this month."
    ),
    "CS08": SEE_SUMMARY,
    "CS09": SEE_SUMMARY,
    "CS10": SEE_SUMMARY,
    "CS11": SEE_SUMMARY,
    "CS24": (
        "Detailed action plan in place to ensure that both number of plans and their quality are improved. "
        "(Ofsted Improvement Plan)"
    ),
    "CS27": SEE_FURTHER,
    "CS28": SEE_FURTHER,
    "CS29": SEE_FURTHER,
    "CS30": SEE_FURTHER,
    "CS31": SEE_FURTHER,
    "CS32": SEE_FURTHER,
}


class SampleCheckError(Exception):
    """The sample disagrees with the seed it is meant to reproduce."""


def fy_start(index: int) -> int:
    """The index of April of the financial year MONTHS[index] falls in."""
    return index - (MONTHS[index][1] - 4) % 12


def round_half_up(x: Decimal, places: int) -> Decimal:
    """`x` rounded half away from zero (for these non-negative figures, half up) to `places` decimals."""
    return x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# --- generation (in display units: whole percents, counts, one-decimal rates) ---------------------------
def wander(measure: Measure, anchors: dict[int, float]) -> list[float]:
    """A plausible monthly series through the fixed `anchors` (month index -> figure), in display units."""
    rng = random.Random(measure.number)
    percent = measure.unit == "percent"
    first = min(anchors)
    base = anchors[min(i for i in QUARTER_ENDS if i in anchors)]
    spread = SPREAD.get(measure.id, PERCENT_SPREAD if percent else COUNT_SPREAD)
    step = spread if percent else max(1.0, spread * base)
    series: list[float] = [0.0] * len(MONTHS)
    for i, v in anchors.items():
        series[i] = v
    for i in range(first - 1, -1, -1):  # before the first anchor: drift back and forth around the base
        prev = series[i + 1]
        series[i] = prev + 0.3 * (base - prev) + rng.uniform(-step, step)
    known = sorted(anchors)
    for a, b in itertools.pairwise(known):  # between anchors: the straight line, slightly off it
        for i in range(a + 1, b):
            t = (i - a) / (b - a)
            series[i] = anchors[a] + t * (anchors[b] - anchors[a]) + rng.uniform(-step / 2, step / 2)
    low, high = (1.0, 100.0) if percent else (0.0, float("inf"))
    places = measure.decimals if measure.unit in ("rate", "number") else 0  # whole percents and counts
    return [float(round_half_up(Decimal(repr(min(max(v, low), high))), places)) for v in series]


def numerator_for(percent: int, denominator: int) -> tuple[int, int]:
    """A numerator and a denominator (at least `denominator`) whose share rounds to `percent`, far from a
    rounding tie."""
    d = denominator
    while True:
        n = round(percent * d / 100)
        share = Decimal(n) * 100 / Decimal(d)
        if n <= d and abs(share - percent) <= Decimal("0.45"):
            return n, d
        d += 1


def generate(measures: list[Measure]) -> dict[str, list[Entry]]:
    """Every available measure's 18 monthly entries, as they will be written."""
    display: dict[str, list[Any]] = {}
    for m in measures:
        if not m.available or m.id in DERIVED:
            continue
        if m.id in SERIES:
            display[m.id] = list(SERIES[m.id])
            continue
        if m.id not in QUARTER_END:
            raise SampleCheckError(f"{m.id}: no sample figures for this measure")
        anchors = {i: float(v) for i, v in zip(QUARTER_ENDS, QUARTER_END[m.id], strict=True)}
        if m.good_to_be in ("high", "low"):
            before = BEFORE_QUARTER_END[m.id]
            anchors.update({i - 1: float(v) for i, v in zip(QUARTER_ENDS, before, strict=True)})
        display[m.id] = wander(m, anchors)
    for mid, (num_id, den_id) in DERIVED.items():
        if den_id is None:  # a rate per 10,000 children, one decimal
            display[mid] = [
                float(round_half_up(Decimal(int(c)) * 10_000 / CHILD_POPULATION, 1)) for c in display[num_id]
            ]
        else:  # a whole percent
            display[mid] = [
                int(round_half_up(Decimal(repr(n)) * 100 / Decimal(repr(d)), 0))
                for n, d in zip(display[num_id], display[den_id], strict=True)
            ]

    entries: dict[str, list[Entry]] = {}
    for m in measures:
        if not m.available:
            continue
        series = display[m.id]
        for q, expected in zip(QUARTER_ENDS, QUARTER_END[m.id], strict=True):
            got = sum(series[fy_start(q) : q + 1]) if m.compute == "sum" else series[q]
            if got != expected:
                raise SampleCheckError(f"{m.id} {label(q)}: generated {got}, meant {expected}")
        rows: list[Entry] = []
        for i, v in enumerate(series):
            narrative = NARRATIVES.get(m.id) if i == len(MONTHS) - 1 else None
            if v is None:
                rows.append(Entry(None, narrative=narrative))
            elif m.id in NUM_DEN:
                source, share = DENOMINATOR_FROM[m.id]
                n, d = numerator_for(int(v), round(display[source][i] * share))
                rows.append(Entry(None, n, d, narrative))
            elif m.unit == "percent":
                rows.append(Entry(int(v) / 100, narrative=narrative))
            elif m.decimals == 0:
                rows.append(Entry(int(v), narrative=narrative))
            else:
                rows.append(Entry(float(v), narrative=narrative))
        entries[m.id] = rows
    return entries


# --- self-check -----------------------------------------------------------------------------------------
def figure(m: Measure, entries: dict[str, list[Entry]], i: int) -> Decimal | None:
    """The measure's figure for MONTHS[i] as the tool computes it, rounded half-up as displayed (percents in
    whole percent)."""
    if m.compute == "sum":  # year to date: April of the financial year to the month
        parts = [entries[m.id][j].value for j in range(fy_start(i), i + 1)]
        if any(p is None for p in parts):
            return None
        return round_half_up(sum((Decimal(repr(p)) for p in parts), Decimal(0)), m.decimals)
    e = entries[m.id][i]
    if e.value is not None:
        exact = Decimal(repr(e.value))
    elif e.numerator is not None and e.denominator:
        exact = Decimal(e.numerator) / Decimal(e.denominator)
    else:
        return None
    if m.unit == "percent":
        exact *= 100
    return round_half_up(exact, m.decimals)


def self_check(measures: list[Measure], entries: dict[str, list[Entry]], seed_path: Path | None = None) -> None:
    """Check the entries about to be written against the seed JSON.

    Recomputes every quarter-end figure, every seed arrow and the CS37 year-to-date sums, and checks the
    data's validity and the Sep 2016 narratives; raises SampleCheckError listing every disagreement.
    Without the seed file, prints a note and skips."""
    seed_path = seed_path or DEFAULT_SEED
    if not seed_path.is_file():
        print(f"note: {seed_path} not found; self-check against the seed skipped", file=sys.stderr)
        return
    seed = json.loads(seed_path.read_text(encoding="utf-8"))
    by_number = {
        sm["number"]: sm for outcome in seed["outcomes"] for theme in outcome["themes"] for sm in theme["measures"]
    }
    problems: list[str] = []
    checked = {"figures": 0, "arrows": 0, "narratives": 0}
    arrow_alias = {"↔": "→", "↘": "↓"}
    if sorted(by_number) != sorted(m.number for m in measures):
        problems.append("the template's measure numbers differ from the seed's")
    for m in measures:
        sm = by_number.get(m.number)
        if sm is None:
            continue
        if sm["title"] != m.title:
            problems.append(f"{m.id}: title {m.title!r} is not the seed's {sm['title']!r}")
        if sm["unavailable"] == m.available:
            problems.append(f"{m.id}: availability differs from the seed")
        if not m.available:
            if m.id in entries:
                problems.append(f"{m.id}: unavailable but has rows")
            continue
        rows = entries[m.id]
        # validity of what is written
        for i, e in enumerate(rows):
            where = f"{m.id} {label(i)}"
            if e.value is not None and e.value < 0:
                problems.append(f"{where}: negative value")
            if e.value is not None and m.unit == "percent" and not 0 <= e.value <= 1:
                problems.append(f"{where}: percent outside 0-100%")
            if e.numerator is not None and e.denominator is not None:
                if not (isinstance(e.numerator, int) and isinstance(e.denominator, int)):
                    problems.append(f"{where}: numerator and denominator must be whole numbers")
                if not 0 <= e.numerator <= e.denominator or e.denominator == 0:
                    problems.append(f"{where}: numerator {e.numerator} / denominator {e.denominator} is invalid")
            want = NARRATIVES.get(m.id) if i == len(MONTHS) - 1 else None
            if e.narrative != want:
                problems.append(f"{where}: narrative {e.narrative!r}, expected {want!r}")
        seed_narrative = sm["narrative"]
        if rows[-1].narrative != seed_narrative:
            problems.append(f"{m.id} Sep 2016: narrative differs from the seed's {seed_narrative!r}")
        elif seed_narrative:
            checked["narratives"] += 1
        # figures and arrows
        has_arrow = False
        for q in QUARTER_ENDS:
            where = f"{m.id} {label(q)}"
            cell = sm["values"][label(q)]
            got = figure(m, entries, q)
            if cell is None:
                if got is not None:
                    problems.append(f"{where}: the seed is blank, the sample gives {got}")
                continue
            want = round_half_up(Decimal(repr(cell["number"])) * (100 if cell["percent"] else 1), m.decimals)
            if got != want:
                problems.append(f"{where}: figure {got}, the seed prints {cell['text']}")
            else:
                checked["figures"] += 1
            arrow = cell["arrow"]
            if arrow is None:
                continue
            has_arrow = True
            arrow = arrow_alias.get(arrow, arrow)
            before = figure(m, entries, q - 1)
            if got is None or before is None:
                problems.append(f"{where}: the seed shows {arrow} but a figure to compare is missing")
                continue
            better = got > before if m.good_to_be == "high" else got < before
            computed = "→" if got == before else ("↑" if better else "↓")
            if computed != arrow:
                problems.append(f"{where}: {label(q - 1)} {before} -> {got} gives {computed}, the seed shows {arrow}")
            else:
                checked["arrows"] += 1
        if has_arrow != (m.good_to_be in ("high", "low")):
            problems.append(
                f"{m.id}: good_to_be {m.good_to_be} but the seed {'shows' if has_arrow else 'has no'} arrows"
            )
    # CS37: monthly adoptions summed from April
    adoptions = [e.value for e in entries.get("CS37", [])]
    ytd = (sum(adoptions[0:12]), sum(adoptions[12:15]), sum(adoptions[12:18])) if len(adoptions) == 18 else None
    if ytd != (38, 13, 20):
        problems.append(f"CS37: year-to-date sums {ytd}, the seed prints 38, 13, 20")
    if problems:
        raise SampleCheckError("the sample disagrees with the seed:\n  " + "\n  ".join(problems))
    print(
        f"self-check passed against {seed_path}: {checked['figures']} quarter-end figures, "
        f"{checked['arrows']} arrows, CS37 year to date 38/13/20, {checked['narratives']} narratives",
        file=sys.stderr,
    )


def main(argv: list[str] | None = None) -> int:
    parser = sample_parser(__doc__, DEFAULT_OUT, DEFAULT_TEMPLATE)
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED, help="seed JSON to check against")
    args = parser.parse_args(argv)
    return write_sample(args, LAYOUT, generate, lambda measures, entries: self_check(measures, entries, args.seed))


if __name__ == "__main__":
    sys.exit(main())
