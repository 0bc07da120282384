"""Write the sample extract workbook for the Adult Social Care template (ASCOF 2016/17 and local measures).

`adult_social_care_extract.xlsx` is what an analyst's workbook of monthly extracts looks like: one sheet per
month from April 2015 to September 2016 (`Apr 2015` ... `Sep 2016`, oldest first, the same months as the
Children's Services sample, so the two build together for September 2016), each with a `Period` date and a
table `Measure ID | Title | Value | Numerator | Denominator | Narrative`, one row per available measure of
`templates/adult_social_care.yaml` (AS19 and AS23, annual survey measures, are unavailable and left out).

The figures are invented but kept plausible and consistent with one another:

* Most monthly measures follow a path through a few hand-set figures (March, May, June, August and
  September 2016, and April 2015), with a small seeded random wander between them (`random.Random(seed)`,
  the same on every run). Percents stay within 0-100%, counts and rates never go below 0.
* AS01, AS02, AS15, AS16, AS18, AS21 and AS24 are given as Numerator and Denominator with Value empty, as a
  BI extract often does; the numerator is the one whose share is nearest the intended percent, kept away from
  a rounding tie (with the small denominators of AS15, AS16 and AS24 the share is only near it). AS01 and
  AS02 share their denominator (people receiving long-term community support), as do AS15 and AS16
  (concluded safeguarding enquiries). Other percents are written as fractions in %-formatted cells
  (0.066 shown as 6.6%).
* Permanent admissions (AS08, AS09, ASCOF 2A) are made from monthly counts of council-supported admissions
  from April 2014 (the months before April 2015 are not written): the extract reports each month's rate over
  the 12 months to that month per 100,000 of the age group. AS10 (new permanent placements) is the month's
  18-64 and 65+ admissions together, which the tool sums from April.
* AS06 and AS07 (ASCOF 1F, 1H) and AS13 and AS14 (ASCOF 2C) are monthly figures the tool averages over the
  rolling year, as ASCOF does. AS14 (delays attributable to social care or jointly) never exceeds AS13 (all
  delays).
* AS20 (reviews) gives each month's reviews completed and reviews due; the tool divides the sums from April.
* Narratives appear on the Sep 2016 sheet for every measure, and on the Jun 2016 sheet for a few.

Before writing, `self_check` recomputes every figure of the September 2016 scorecard (March, June and
September 2016 columns) the way scorecard-xl does, with its arrows and RAG, and raises if a September RAG
differs from EXPECTED_RAG or a figure falls near a rounding tie; it prints the table.

Usage: python make_adults_sample.py [OUT.xlsx] [--template TEMPLATE.yaml] [--quiet]
Needs xlsxwriter and PyYAML, and `extract_writer.py` beside it: the workbook writer it shares with the
Children's Services sample. Two runs give byte-identical files (fixed creation date, no wall-clock time).
"""

from __future__ import annotations

import itertools
import random
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from extract_writer import MONTHS, Entry, ExtractLayout, Measure, label, sample_parser, write_sample

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_OUT = HERE / "adult_social_care_extract.xlsx"
DEFAULT_TEMPLATE = REPO / "templates" / "adult_social_care.yaml"

COLUMNS = (11, 14, 17)  # the Sep 2016 scorecard's columns: Mar 2016, Jun 2016, Sep 2016
SEP_2016 = 17
LAYOUT = ExtractLayout(
    service="Adult Social Care",
    generated_by="make_adults_sample.py",
    percent_formats=("0%", "0.0%"),
    count_format="#,##0",
    title_width=80,
    wrap_titles=True,
)

# Populations (ONS mid-year estimate style, invented for the sample) for the rates per 100,000.
POP_18_64 = 312_400
POP_65_PLUS = 101_800

# Council-supported permanent admissions to residential and nursing care, by month, April 2014 onwards
# (Apr 2014 .. Mar 2015 are only used for the rolling year; Apr 2015 .. Sep 2016 are written).
ADMISSIONS_18_64 = [
    4, 3, 4, 3, 4, 4, 3, 4, 3, 4, 4, 3,  # 2014/15: 43
    4, 3, 4, 3, 4, 3, 4, 4, 3, 4, 3, 4,  # 2015/16: 43
    3, 3, 2, 3, 2, 3,  # 2016/17 to September
]  # fmt: skip
ADMISSIONS_65_PLUS = [
    60, 57, 58, 56, 59, 55, 57, 60, 58, 61, 57, 56,  # 2014/15
    58, 55, 57, 54, 58, 56, 57, 59, 56, 60, 55, 57,  # 2015/16
    53, 51, 54, 50, 52, 53,  # 2016/17 to September
]  # fmt: skip
PRIOR = 12  # months of admissions before April 2015

# Paths of the measures made by `wander`, in display units (whole or one-decimal percents, rates, counts):
# month index -> figure (0 = Apr 2015, 11 = Mar 2016, 14 = Jun 2016, 17 = Sep 2016), and the step of the
# random wander between the fixed figures.
PATHS: dict[str, tuple[dict[int, float], float]] = {
    "AS01": ({0: 84, 10: 88, 11: 89, 13: 90, 14: 91, 16: 91, 17: 92}, 1.0),
    "AS02": ({0: 24, 10: 26, 11: 27, 13: 28, 14: 28, 16: 29, 17: 28}, 0.8),
    "AS03": ({0: 10.9, 11: 11.3, 14: 11.2, 17: 11.5}, 0.2),
    "AS04": ({0: 6.0, 10: 6.3, 11: 6.4, 13: 6.6, 14: 6.5, 16: 6.5, 17: 6.6}, 0.15),
    "AS05": ({0: 77.2, 10: 78.8, 11: 79.1, 13: 79.4, 14: 79.8, 16: 80.5, 17: 80.3}, 0.4),
    "AS06": ({0: 7.5, 5: 7.3, 11: 7.0, 14: 6.8, 17: 6.4}, 0.2),
    "AS07": ({0: 60.9, 5: 61.5, 11: 62.6, 14: 63.0, 17: 63.4}, 0.6),
    "AS11": ({0: 80.5, 10: 81.9, 11: 82.4, 13: 83.0, 14: 82.1, 16: 80.6, 17: 81.2}, 0.7),
    "AS12": ({0: 86, 10: 87, 11: 88, 13: 91, 14: 89, 16: 85, 17: 83}, 1.5),
    "AS13": ({0: 9.8, 5: 10.9, 11: 12.4, 14: 13.6, 16: 15.1, 17: 15.8}, 0.5),
    "AS14": ({0: 3.6, 5: 4.2, 11: 5.0, 14: 5.6, 16: 6.3, 17: 6.6}, 0.3),
    "AS15": ({0: 88, 10: 90, 11: 91, 13: 92, 14: 90, 16: 91, 17: 93}, 1.5),
    "AS16": ({0: 55, 10: 66, 11: 68, 13: 72, 14: 73, 16: 75, 17: 74}, 2.0),
    "AS17": ({0: 268, 11: 301, 14: 318, 17: 334}, 14.0),
    "AS18": ({0: 31, 10: 24, 11: 25, 13: 24, 14: 26, 16: 20, 17: 22}, 2.0),
    "AS21": ({0: 72, 10: 78, 11: 79, 13: 81, 14: 80, 16: 82, 17: 84}, 1.5),
    "AS22": ({0: 210, 10: 181, 11: 175, 13: 160, 14: 148, 16: 140, 17: 132}, 6.0),
    "AS24": ({0: 84, 10: 86, 11: 88, 13: 92, 14: 90, 16: 91, 17: 95}, 2.5),
}

# AS20: reviews due each month and the share completed (whole percent), Apr 2015 .. Sep 2016.
REVIEWS_DUE = [331, 318, 342, 355, 309, 336, 348, 327, 298, 352, 339, 361, 344, 329, 351, 362, 317, 340]
REVIEWS_DONE_PERCENT = [72, 75, 74, 77, 73, 76, 79, 81, 78, 82, 84, 86, 70, 72, 71, 73, 69, 71]

# Denominators of the numerator/denominator measures, Apr 2015 .. Sep 2016: people receiving long-term
# community support (AS01, AS02), concluded safeguarding enquiries (AS15, AS16), DoLS applications completed
# (AS18), new assessments completed (AS21), complaints responded to (AS24).
COMMUNITY_SUPPORT = [4212, 4226, 4231, 4240, 4236, 4251, 4262, 4270, 4268, 4281, 4290, 4302,
                     4296, 4310, 4318, 4327, 4322, 4335]  # fmt: skip
DENOMINATORS: dict[str, list[int]] = {
    "AS01": COMMUNITY_SUPPORT,
    "AS02": COMMUNITY_SUPPORT,
    "AS15": [71, 78, 66, 83, 74, 80, 88, 79, 69, 85, 82, 91, 84, 87, 79, 92, 81, 89],
    "AS16": [71, 78, 66, 83, 74, 80, 88, 79, 69, 85, 82, 91, 84, 87, 79, 92, 81, 89],
    "AS18": [118, 131, 126, 140, 122, 137, 145, 133, 119, 150, 142, 156, 149, 161, 154, 168, 147, 163],
    "AS21": [241, 255, 262, 270, 238, 259, 266, 251, 224, 273, 260, 281, 268, 274, 262, 285, 249, 271],
    "AS24": [31, 27, 35, 29, 24, 33, 38, 30, 22, 36, 32, 40, 34, 29, 37, 33, 28, 38],
}

# The September 2016 RAG each rated measure is meant to get (Monitor and unavailable measures left out).
EXPECTED_RAG: dict[str, str] = {
    "AS01": "Green", "AS02": "Amber", "AS04": "Amber", "AS05": "Green", "AS06": "Red", "AS07": "Green",
    "AS08": "Green", "AS09": "Amber", "AS11": "Amber", "AS12": "Amber", "AS13": "Red", "AS14": "Red",
    "AS15": "Green", "AS16": "Amber", "AS18": "Red", "AS20": "Red", "AS21": "Green", "AS22": "Green",
    "AS24": "Green",
}  # fmt: skip

NARRATIVES: dict[str, str] = {  # Sep 2016
    "AS01": (
        "All new long-term community packages are now set up as personal budgets; the remaining 8% are older "
        "packages due to convert at their next review."
    ),
    "AS02": (
        "Take-up dipped after two direct payment recipients moved into residential care. The direct payments "
        "support service contract was re-let in August and a PA register launches in October."
    ),
    "AS03": "Stable. Hours per person have risen slowly as more people with complex needs are supported at home.",
    "AS04": (
        "Up from 6.0% in April 2015. Supported employment service has placed 9 people in paid work since April; "
        "still below target."
    ),
    "AS05": (
        "Above target and above the England average. Four people moved from residential care to supported living in Q2."
    ),
    "AS06": (
        "Figure supplied by the mental health trust from the Mental Health Services Data Set. Employment "
        "outcomes are not recorded for about one in five people on CPA; a data-quality plan is agreed with the trust."
    ),
    "AS07": "Above target. Recording of accommodation status at CPA review has improved since the spring.",
    "AS08": "Within target over the last 12 months; small numbers mean one admission moves the rate by 0.3.",
    "AS09": (
        "Improving: 313 admissions of people aged 65 and over from April to September 2016 against 338 in the same "
        "period last year. Still above the 600 target over the rolling year."
    ),
    "AS10": "329 new permanent placements from April to September, against 359 in the same months of 2015.",
    "AS11": (
        "Cohort discharged in June 2016, followed up 91 days later. Below target; the reablement service is "
        "reviewing readmissions for people discharged with a package of more than 14 hours a week."
    ),
    "AS12": (
        "Utilisation has fallen as two new reablement rounds started in August before referrals from the "
        "acute trust's new discharge pathway built up. Expected to recover in Q3."
    ),
    "AS13": (
        "Delays continue to rise, driven by waits for care home placements and home care in the north of "
        "the county. Joint action plan with the CCG and acute trust agreed at the A&E Delivery Board."
    ),
    "AS14": (
        "Social care delays are mostly waits for home care. 40 additional hours a week of bridging home care "
        "commissioned from October; trusted assessor pilot starts in November."
    ),
    "AS15": "Above target; in 7% of enquiries risk remained, mostly where the person chose to accept the risk.",
    "AS16": (
        "Improving but below target. Making Safeguarding Personal training for all locality teams completes "
        "in November."
    ),
    "AS17": "Concerns continue to rise, in line with regional trend; 38% came from care providers.",
    "AS18": (
        "Applications have risen tenfold since the Cheshire West judgment. 412 applications awaiting assessment "
        "at the end of September, prioritised using the ADASS screening tool. Two additional Best Interests "
        "Assessors start in October."
    ),
    "AS20": (
        "Behind profile: 1,451 of 2,043 reviews due since April completed. Review team vacancies filled in "
        "September; an agency team will clear overdue reviews of people in residential care by December."
    ),
    "AS21": "Above target for the third month running following the introduction of the duty triage team.",
    "AS22": "Waiting list down from 175 in March; no one has waited more than 8 weeks.",
    "AS24": "36 of 38 complaints responded to within 20 working days.",
}
NARRATIVES_JUN_2016: dict[str, str] = {
    "AS09": "Admissions of older people are below last year's level for the first quarter.",
    "AS13": "Delays rose in May and June; see the system resilience report.",
    "AS18": "Backlog of 380 DoLS applications; business case for additional assessors in preparation.",
}


class SampleCheckError(Exception):
    """The sample does not give the scorecard it is meant to."""


def round_half_up(x: Decimal, places: int) -> Decimal:
    return x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# --- generation -----------------------------------------------------------------------------------------
def wander(seed: int, anchors: dict[int, float], step: float, places: int, low: float, high: float) -> list[float]:
    """A plausible 18-month series through the fixed `anchors`, rounded to `places` decimals."""
    rng = random.Random(seed)
    series = [0.0] * len(MONTHS)
    known = sorted(anchors)
    for i, v in anchors.items():
        series[i] = v
    for i in range(known[0] - 1, -1, -1):
        series[i] = series[i + 1] + rng.uniform(-step, step)
    for a, b in itertools.pairwise(known):
        for i in range(a + 1, b):
            t = (i - a) / (b - a)
            series[i] = anchors[a] + t * (anchors[b] - anchors[a]) + rng.uniform(-step / 2, step / 2)
    for i in range(known[-1] + 1, len(MONTHS)):
        series[i] = series[i - 1] + rng.uniform(-step, step)
    return [float(round_half_up(Decimal(repr(min(max(v, low), high))), places)) for v in series]


def numerator_for(percent: float, denominator: int) -> int:
    """The numerator whose share of `denominator` is nearest `percent`, moved by one when that share sits
    near a rounding tie (with small denominators the share is only near the intended percent)."""
    n = round(percent * denominator / 100)
    share = Decimal(n) * 100 / Decimal(denominator)
    if abs(share - share.to_integral_value(rounding="ROUND_FLOOR") - Decimal("0.5")) < Decimal("0.05"):
        n += 1 if share < Decimal(repr(percent)) else -1
    return n


def rolling_rate(counts: list[int], index: int, population: int) -> float:
    """Admissions over the 12 months to MONTHS[index], per 100,000 of `population`, one decimal."""
    window = counts[PRIOR + index - 11 : PRIOR + index + 1]
    return float(round_half_up(Decimal(sum(window)) * 100_000 / population, 1))


def generate(measures: list[Measure]) -> dict[str, list[Entry]]:
    """Every available measure's 18 monthly entries, as they will be written."""
    entries: dict[str, list[Entry]] = {}
    for m in measures:
        if not m.available:
            continue
        rows: list[Entry] = []
        for i in range(len(MONTHS)):
            rows.append(entry_for(m, i))
        entries[m.id] = rows
    # AS14 (delays attributable to social care) is part of AS13 (all delays)
    for a, b in zip(entries["AS14"], entries["AS13"], strict=True):
        if a.value is None or b.value is None or a.value > b.value:
            raise SampleCheckError("AS14 must not exceed AS13")
    return entries


_SERIES_CACHE: dict[str, list[float]] = {}


def path_of(m: Measure) -> list[float]:
    if m.id not in _SERIES_CACHE:
        anchors, step = PATHS[m.id]
        percent = m.unit == "percent"
        places = m.decimals
        low, high = (0.0, 100.0) if percent else (0.0, float("inf"))
        _SERIES_CACHE[m.id] = wander(m.number, anchors, step, places, low, high)
    return _SERIES_CACHE[m.id]


def entry_for(m: Measure, i: int) -> Entry:
    narrative = NARRATIVES.get(m.id) if i == SEP_2016 else NARRATIVES_JUN_2016.get(m.id) if i == 14 else None
    if m.id == "AS08":
        return Entry(rolling_rate(ADMISSIONS_18_64, i, POP_18_64), narrative=narrative)
    if m.id == "AS09":
        return Entry(rolling_rate(ADMISSIONS_65_PLUS, i, POP_65_PLUS), narrative=narrative)
    if m.id == "AS10":
        return Entry(ADMISSIONS_18_64[PRIOR + i] + ADMISSIONS_65_PLUS[PRIOR + i], narrative=narrative)
    if m.id == "AS20":
        due = REVIEWS_DUE[i]
        return Entry(None, numerator_for(REVIEWS_DONE_PERCENT[i], due), due, narrative)
    v = path_of(m)[i]
    if m.id in DENOMINATORS:
        d = DENOMINATORS[m.id][i]
        return Entry(None, numerator_for(v, d), d, narrative)
    if m.unit == "percent":
        return Entry(float(Decimal(repr(v)) / 100), narrative=narrative)
    if m.decimals == 0:
        return Entry(int(v), narrative=narrative)
    return Entry(float(v), narrative=narrative)


# --- self-check: the September 2016 scorecard, computed as scorecard-xl does ----------------------------
def fy_start(index: int) -> int:
    return index - (MONTHS[index][1] - 4) % 12


def exact_value(e: Entry) -> float | None:
    if e.value is not None:
        return float(e.value)
    if e.numerator is not None and e.denominator:
        return e.numerator / e.denominator
    return None


def figure(m: Measure, rows: list[Entry], i: int) -> float | None:
    """The measure's figure for MONTHS[i] (percents as fractions), or None when a needed month is missing."""
    if i < 0:
        return None
    if m.compute == "reported":
        return exact_value(rows[i])
    if m.period_type == "year_to_date":
        needed = rows[fy_start(i) : i + 1]
    else:
        if i < 11:
            return None
        needed = rows[i - 11 : i + 1]
    if m.compute == "sum":
        return float(sum(Decimal(repr(e.value)) for e in needed))
    if m.compute == "ratio":
        return sum(e.numerator for e in needed) / sum(e.denominator for e in needed)
    return sum(exact_value(e) for e in needed) / len(needed)  # mean


def shown(m: Measure, value: float) -> Decimal:
    """The figure as displayed (percents in percent), rounded half up."""
    exact = Decimal(repr(value)) * (100 if m.unit == "percent" else 1)
    return round_half_up(exact, m.decimals)


def near_tie(m: Measure, value: float) -> bool:
    exact = Decimal(repr(value)) * (100 if m.unit == "percent" else 1)
    scaled = exact * Decimal(10) ** m.decimals
    return abs((scaled - scaled.to_integral_value(rounding="ROUND_FLOOR")) - Decimal("0.5")) < Decimal("0.01")


def target_of(m: Measure) -> Decimal | None:
    t = m.target
    if t is None or str(t).strip().lower() == "monitor":
        return None
    text = str(t).strip()
    if text.endswith("%"):
        return Decimal(text[:-1])
    return Decimal(text) * (100 if m.unit == "percent" and Decimal(text) <= Decimal("1.5") else 1)


def rag(m: Measure, v: Decimal) -> str:
    t = target_of(m)
    assert t is not None
    tol = str(m.tolerance or "10%")
    width = Decimal(tol[:-2]) if tol.endswith("pp") else abs(t) * Decimal(tol[:-1]) / 100
    if m.good_to_be == "target":
        d = abs(v - t)
        return "Green" if d <= width else "Amber" if d <= 2 * width else "Red"
    gap = (v - t) if m.good_to_be == "high" else (t - v)
    return "Green" if gap >= 0 else "Amber" if gap >= -width else "Red"


def arrow(m: Measure, rows: list[Entry], i: int, now: Decimal) -> str:
    if m.good_to_be not in ("high", "low", "target"):
        return " "
    before_value = figure(m, rows, i - 12 if m.period_type == "year_to_date" else i - 1)
    if before_value is None:
        return " "
    before = shown(m, before_value)
    if m.good_to_be == "target":
        t = target_of(m)
        now, before = -abs(now - t), -abs(before - t)
    elif m.good_to_be == "low":
        now, before = -now, -before
    return "→" if now == before else "↑" if now > before else "↓"


def self_check(measures: list[Measure], entries: dict[str, list[Entry]], quiet: bool = False) -> dict[str, int]:
    problems: list[str] = []
    counts = {"Green": 0, "Amber": 0, "Red": 0, "Monitor": 0}
    lines = []
    for m in measures:
        if not m.available:
            lines.append(f"{m.id} {'':>28}  unavailable")
            continue
        rows = entries[m.id]
        for e in rows:  # validity of what is written
            if e.value is not None and e.value < 0:
                problems.append(f"{m.id}: negative value")
            if m.unit == "percent" and e.value is not None and not 0 <= e.value <= 1:
                problems.append(f"{m.id}: percent outside 0-100%")
            if e.numerator is not None and not 0 <= e.numerator <= (e.denominator or 0):
                problems.append(f"{m.id}: numerator {e.numerator} / denominator {e.denominator}")
        cells = []
        for i in COLUMNS:
            value = figure(m, rows, i)
            if value is None:
                problems.append(f"{m.id} {label(i)}: no figure")
                cells.append("-")
                continue
            if near_tie(m, value):
                problems.append(f"{m.id} {label(i)}: {value!r} is near a rounding tie")
            now = shown(m, value)
            cells.append(f"{arrow(m, rows, i, now)} {now}{'%' if m.unit == 'percent' else ''}")
        latest = figure(m, rows, SEP_2016)
        if target_of(m) is None:
            status = "Monitor"
        else:
            status = rag(m, shown(m, latest))
            if EXPECTED_RAG.get(m.id) != status:
                problems.append(f"{m.id}: Sep 2016 RAG {status}, meant {EXPECTED_RAG.get(m.id)}")
        counts[status] += 1
        lines.append(f"{m.id} " + " ".join(f"{c:>9}" for c in cells) + f"  {status}")
    if set(EXPECTED_RAG) != {m.id for m in measures if m.available and target_of(m) is not None}:
        problems.append("EXPECTED_RAG does not list exactly the rated measures")
    if problems:
        print("\n".join(lines), file=sys.stderr)
        raise SampleCheckError("the sample does not give the intended scorecard:\n  " + "\n  ".join(problems))
    if not quiet:
        print(f"{'':5}{'Mar 2016':>9} {'Jun 2016':>9} {'Sep 2016':>9}  RAG", file=sys.stderr)
        print("\n".join(lines), file=sys.stderr)
        print(
            "self-check passed: Sep 2016 "
            + ", ".join(f"{n} {k}" for k, n in counts.items())
            + f", {sum(1 for m in measures if not m.available)} unavailable",
            file=sys.stderr,
        )
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = sample_parser(__doc__, DEFAULT_OUT, DEFAULT_TEMPLATE)
    parser.add_argument("--quiet", action="store_true", help="do not print the self-check table")
    args = parser.parse_args(argv)
    return write_sample(args, LAYOUT, generate, lambda measures, entries: self_check(measures, entries, args.quiet))


if __name__ == "__main__":
    sys.exit(main())
