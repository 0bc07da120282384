"""Measure `scorecard-xl build` against a floor on generated S, M and L extracts (not a test: run it by hand).

Usage: `python tests/benchmark.py [--sizes S M L] [--runs 5] [--dir FOLDER] [--no-stages]`.

Sizes (SPEC §10): S is 40 measures × 18 months, M 400 × 60, L 2,000 × 120, each a workbook of month sheets
(`Sep 2016`, …) holding `Measure ID | Title | Value | Numerator | Denominator | Narrative`, one row per measure,
and a matching template. Measures cycle through five kinds: a percent written with a percent number format, a
count, a year-to-date sum, a rolling-year ratio given as numerator and denominator (Value empty), and days.
Every row has its own narrative, so the shared strings grow with the cells as in a real extract. The files are
written once into `--dir` (default a folder under the system temp folder) and reused by later runs.

For each size the floor and the build run as whole processes, alternating, `--runs` times each:
- floor: python-calamine reads every sheet of the same workbook, plain Python keeps each measure's latest
  value, and xlsxwriter writes a plain table of one row per measure;
- build: `python -m scorecard_xl build EXTRACT --template T --period 2016-09 -o OUT --force`.
Printed: median wall time, the ratio to the floor's median, peak RSS of one process (os.wait4) and the
ratio to the floor's; then the build's time per cell (net of `python -c "import scorecard_xl"`) from M to L;
then the split of one in-process build into read, calculate and write (a fresh process per size), with the write
again without the Trend charts, python-calamine's own read of every sheet, and their sum beside twice the floor:
what any build that reads with calamine and writes this workbook must spend, whatever else it costs.
Targets: each size ≤ 2.0× the floor in time and peak RSS; time per cell M → L within 20%.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERIOD = (2016, 9)
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
GENERATOR_VERSION = "3"  # bump when the generated files change, so cached ones are rewritten


@dataclass(frozen=True)
class Size:
    """One benchmark size: measures × months."""

    name: str
    measures: int
    months: int

    @property
    def cells(self) -> int:
        """Figure rows in the extract: one per measure and month."""
        return self.measures * self.months


_VOCABULARY = (
    "caseload referrals assessments completed within timescale the team reviewed cases audit showed improvement "
    "in quality of practice supervision recording plans visits children families placements stability staffing "
    "agency vacancies recruitment drive continues performance dipped slightly owing to sickness absence and a "
    "rise in demand from partner agencies school health police court proceedings delayed by listing pressures "
    "manager oversight weekly panel tracking remedial action agreed expected to recover next quarter target met"
)
WORDS = _VOCABULARY.split()

SIZES = {s.name: s for s in (Size("S", 40, 18), Size("M", 400, 60), Size("L", 2_000, 120))}

FLOOR = r"""
import sys
from python_calamine import CalamineWorkbook
import xlsxwriter
src, out = sys.argv[1], sys.argv[2]
latest = {}
book = CalamineWorkbook.from_path(src)
for name in book.sheet_names:
    rows = book.get_sheet_by_name(name).to_python()
    for row in rows[1:]:
        if row and row[0] != "":
            latest[row[0]] = row[2:5]
wb = xlsxwriter.Workbook(out)
ws = wb.add_worksheet("Data")
for r, (measure, values) in enumerate(sorted(latest.items())):
    ws.write_string(r, 0, str(measure))
    for c, v in enumerate(values, start=1):
        if isinstance(v, float):
            ws.write_number(r, c, v)
wb.close()
"""


def _months(count: int) -> list[tuple[int, int]]:
    """The `count` months ending at PERIOD, oldest first."""
    year, month = PERIOD
    index = year * 12 + month - 1
    return [divmod(i, 12) for i in range(index - count + 1, index + 1)]


def _kind(i: int) -> int:
    return i % 5


def _title(i: int) -> str:
    unit, period_type = (("percent", "month"), ("count", "month"), ("count", "year to date"),
                         ("percent", "rolling year"), ("days", "month"))[_kind(i)]  # fmt: skip
    return f"Benchmark measure {i + 1} ({unit}, {period_type})"


def template_yaml(size: Size) -> str:
    """The template of `size`: outcomes of 50 measures, themes of 10, the five kinds in turn."""
    lines = [
        f"title: Appendix 1 (benchmark {size.name})",
        f"portfolio: Benchmark portfolio, {size.measures} measures",
        "rules: {tolerance: 10%, rag_on: displayed, trend_basis: auto, aggregation: mean}",
        "outcomes:",
    ]
    per_theme, per_outcome = 10, 50
    for i in range(size.measures):
        if i % per_outcome == 0:
            lines += [f"  - name: Outcome {i // per_outcome + 1}", "    themes:"]
        if i % per_theme == 0:
            lines += [f"      - name: Theme {i // per_theme + 1}", "        measures:"]
        kind = _kind(i)
        spec = [
            ("percent", "month", "reported", "high", "60%", 0),
            ("count", "month", "reported", "low", "120", 0),
            ("count", "year_to_date", "sum", "high", "Monitor", 0),
            ("percent", "rolling_year", "ratio", "high", "75%", 1),
            ("days", "month", "reported", "low", "30", 1),
        ][kind]
        unit, period_type, compute, good, target, decimals = spec
        lines += [
            f"          - id: BM{i + 1:04d}",
            f"            number: {i + 1}",
            f'            title: "{_title(i)}"',
            f"            good_to_be: {good}",
            f"            period_type: {period_type}",
            f"            unit: {unit}",
            f"            decimals: {decimals}",
            f"            target: {target}",
            f"            compute: {compute}",
            "            status: available",
        ]
    return "\n".join(lines) + "\n"


def write_extract(size: Size, path: Path) -> None:
    """The extract of `size`: a month sheet per month, a row per measure, seeded figures and narratives."""
    import random

    import xlsxwriter

    rng = random.Random(size.measures * 1000 + size.months)
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"created": __import__("datetime").datetime(2016, 10, 1)})
    pct = book.add_format({"num_format": "0%"})
    header = ("Measure ID", "Title", "Value", "Numerator", "Denominator", "Narrative")
    for year, month0 in _months(size.months):
        ws = book.add_worksheet(f"{MONTH_ABBR[month0]} {year}")
        for c, title in enumerate(header):
            ws.write_string(0, c, title)
        for i in range(size.measures):
            r = i + 1
            ws.write_string(r, 0, f"BM{i + 1:04d}")
            ws.write_string(r, 1, _title(i))
            kind = _kind(i)
            if kind == 0:
                ws.write_number(r, 2, round(rng.uniform(0.3, 0.95), 3), pct)
            elif kind in (1, 2):
                ws.write_number(r, 2, rng.randint(0, 200))
            elif kind == 3:
                den = rng.randint(50, 400)
                ws.write_number(r, 3, rng.randint(den // 2, den))
                ws.write_number(r, 4, den)
            else:
                ws.write_number(r, 2, round(rng.uniform(5, 60), 1))
            words = " ".join(rng.choices(WORDS, k=22))
            ws.write_string(r, 5, f"{MONTH_ABBR[month0]} {year}, measure {i + 1}: {words}.")
    book.close()


def _files(size: Size, folder: Path) -> tuple[Path, Path]:
    """The extract and template of `size` in `folder`, written when missing."""
    stem = f"bench_{size.name}_{size.measures}x{size.months}_v{GENERATOR_VERSION}"
    extract, template = folder / f"{stem}.xlsx", folder / f"{stem}.yaml"
    if not template.exists():
        template.write_text(template_yaml(size), encoding="utf-8")
    if not extract.exists():
        # In a child process, so that this one stays small: a child's peak RSS counts what it was forked from.
        start = time.perf_counter()
        partial = extract.with_suffix(".partial.xlsx")
        subprocess.run([sys.executable, __file__, "--generate", size.name, str(partial)], check=True)
        partial.rename(extract)
        print(f"generated {extract.name} ({extract.stat().st_size / 2**20:.1f} MB) in "
              f"{time.perf_counter() - start:.0f} s", file=sys.stderr)  # fmt: skip
    return extract, template


class _Failed(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _timed(command: list[str]) -> tuple[float, int]:
    """Wall time in seconds and that one child's peak RSS in KiB (os.wait4, Linux)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        lines = err.decode(errors="replace").strip().splitlines() or [""]
        raise _Failed(f"exit {process.returncode}: {lines[-1]}")
    return elapsed, usage.ru_maxrss


def _stages(extract: Path, template_path: Path) -> dict[str, float]:
    """One in-process build, split into read, calculate and write (seconds)."""
    import scorecard_xl

    writer = None
    for module in ("scorecard_xl.writer", "scorecard_xl.write.workbook", "scorecard_xl.write"):
        try:
            writer = importlib.import_module(module).write_workbook
            break
        except (ImportError, AttributeError):
            continue
    template = scorecard_xl.load_template(template_path)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        month = scorecard_xl.Month(*PERIOD)  # every benchmark measure is monthly: its narrative is the period's
        read = scorecard_xl.read_extracts([extract], template, narratives={m.id: month for m in template.measures})
        t1 = time.perf_counter()
        card = scorecard_xl.calculate(template, read.observations, month, warnings=read.warnings)
        t2 = time.perf_counter()
        if writer is not None:
            writer(card, str(Path(tmp) / "out.xlsx"))
        t3 = time.perf_counter()
        no_charts = float("nan")
        appendix = sys.modules.get("scorecard_xl.write.appendix")
        if writer is not None and appendix is not None and hasattr(appendix, "insert_trend_chart"):
            appendix.insert_trend_chart = lambda *args, **kwargs: None  # the same workbook without its Trend charts
            t4 = time.perf_counter()
            writer(card, str(Path(tmp) / "no_charts.xlsx"))
            no_charts = time.perf_counter() - t4
    from python_calamine import CalamineWorkbook

    t5 = time.perf_counter()
    book = CalamineWorkbook.from_path(str(extract))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()
    calamine = time.perf_counter() - t5
    return {
        "read": t1 - t0,
        "calculate": t2 - t1,
        "write": t3 - t2 if writer else float("nan"),
        "write_no_charts": no_charts,
        "calamine": calamine,
    }


def main() -> int:
    """Generate (or reuse) the extracts, run floor and build alternately, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--runs", type=int, default=5, help="runs of each command per size (median reported)")
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "scorecard-xl-benchmark")
    parser.add_argument("--no-stages", action="store_true", help="skip the in-process split")
    parser.add_argument("--stages-of", nargs=2, metavar=("EXTRACT", "TEMPLATE"), help=argparse.SUPPRESS)
    parser.add_argument("--generate", nargs=2, metavar=("SIZE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        write_extract(SIZES[args.generate[0]], Path(args.generate[1]))
        return 0
    if args.stages_of:
        print(json.dumps(_stages(Path(args.stages_of[0]), Path(args.stages_of[1]))))
        return 0
    args.dir.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    files = {name: _files(SIZES[name], args.dir) for name in args.sizes}
    startup = statistics.median(_timed([python, "-c", "import scorecard_xl"])[0] for _ in range(args.runs))
    rows: dict[str, tuple[float, int, float, int]] = {}
    failures: dict[str, tuple[str, float, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (extract, template) in files.items():
            out = str(Path(tmp) / f"appendix1_{name}.xlsx")
            floor_out = str(Path(tmp) / f"floor_{name}.xlsx")
            build = [python, "-m", "scorecard_xl", "build", str(extract), "--template", str(template),
                     "--period", f"{PERIOD[0]}-{PERIOD[1]:02d}", "-o", out, "--force"]  # fmt: skip
            floor = [python, "-c", FLOOR, str(extract), floor_out]
            times: dict[str, list[float]] = {"floor": [], "build": []}
            peaks = {"floor": 0, "build": 0}
            refused = ""
            for _ in range(args.runs):
                for label, command in (("floor", floor), ("build", build)):
                    if label == "build" and refused:
                        continue
                    try:
                        elapsed, rss = _timed(command)
                    except _Failed as failed:
                        refused = failed.message
                        continue
                    times[label].append(elapsed)
                    peaks[label] = max(peaks[label], rss)
            if refused:
                failures[name] = (refused, statistics.median(times["floor"]), peaks["floor"])
                continue
            rows[name] = (
                statistics.median(times["build"]),
                peaks["build"],
                statistics.median(times["floor"]),
                peaks["floor"],
            )
            print(f"measured {name}", file=sys.stderr)
    print("| size | measures × months | file | build | floor | × floor | peak RSS build | floor | × floor |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, (build_s, build_kib, floor_s, floor_kib) in rows.items():
        size = SIZES[name]
        mb = files[name][0].stat().st_size / 2**20
        print(
            f"| {name} | {size.measures:,} × {size.months} | {mb:.1f} MB | {build_s * 1000:,.0f} ms | "
            f"{floor_s * 1000:,.0f} ms | {build_s / floor_s:.2f}× | {build_kib / 1024:.0f} MB | "
            f"{floor_kib / 1024:.0f} MB | {build_kib / floor_kib:.2f}× |"
        )
    for name, (message, floor_s, floor_kib) in failures.items():
        print(f"| {name} | {SIZES[name].measures:,} × {SIZES[name].months} | "
              f"{files[name][0].stat().st_size / 2**20:.1f} MB | refused ({message}) | {floor_s * 1000:,.0f} ms | — "
              f"| — | {floor_kib / 1024:.0f} MB | — |")  # fmt: skip
    print(f"python -c 'import scorecard_xl': {startup * 1000:.0f} ms (subtracted below)")
    if "M" in rows and "L" in rows:
        per_cell = {n: (rows[n][0] - startup) / SIZES[n].cells * 1e6 for n in ("M", "L")}
        print(f"build time per figure row, net of start-up: M {per_cell['M']:.1f} µs, L {per_cell['L']:.1f} µs "
              f"(L/M {per_cell['L'] / per_cell['M']:.2f}; linear within 20% means 0.80–1.20)")  # fmt: skip
    if not args.no_stages:
        print("| size | read | calculate | write | write without Trend charts | calamine alone | calamine + write "
              "| 2 × floor |")  # fmt: skip
        print("|---|---|---|---|---|---|---|---|")
        for name, (extract, template) in files.items():
            if name in failures:
                continue
            done = subprocess.run(
                [python, __file__, "--stages-of", str(extract), str(template)], capture_output=True, text=True
            )
            if done.returncode != 0:
                print(f"| {name} | failed: {(done.stderr.strip().splitlines() or [''])[-1]} | | |")
                continue
            split = json.loads(done.stdout)
            ms = {key: f"{value * 1000:,.0f} ms" for key, value in split.items()}
            floor = f"{2 * rows[name][2] * 1000:,.0f} ms" if name in rows else "—"
            print(f"| {name} | {ms['read']} | {ms['calculate']} | {ms['write']} | {ms['write_no_charts']} | "
                  f"{ms['calamine']} | {(split['calamine'] + split['write']) * 1000:,.0f} ms | {floor} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
