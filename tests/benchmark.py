"""Measure scorecard-xl's speed and memory and print the figures (not a test: run `python tests/benchmark.py`).

Whole-process times are what an analyst waits for: `scorecard-xl build` on the bundled sample, and
`python -c "import scorecard_xl"`, each the median of several runs in fresh processes. Peak memory is the
largest resident set of one such process. Stage times (read, calculate, write) come from one warm process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_workbooks" / "childrens_services_extract.xlsx"


def _timed(command: list[str]) -> tuple[float, int]:
    """Wall time in seconds and that one child's peak RSS in KiB (os.wait4, Linux)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}")
    return elapsed, usage.ru_maxrss


def _median(command: list[str], runs: int) -> tuple[float, float, float, int]:
    times = []
    peak = 0
    for _ in range(runs):
        elapsed, rss = _timed(command)
        times.append(elapsed)
        peak = max(peak, rss)
    return statistics.median(times), min(times), max(times), peak


def _stages(runs: int) -> dict[str, float]:
    import scorecard_xl
    from scorecard_xl.calc import calculate
    from scorecard_xl.read import read_extracts
    from scorecard_xl.write.workbook import write_workbook

    template = scorecard_xl.load_template()
    best: dict[str, list[float]] = {"read": [], "calculate": [], "write": []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            t0 = time.perf_counter()
            read = read_extracts([SAMPLE], template)
            t1 = time.perf_counter()
            card = calculate(template, read.observations, scorecard_xl.Month(2016, 9), warnings=read.warnings)
            t2 = time.perf_counter()
            write_workbook(card, str(Path(tmp) / "out.xlsx"))
            t3 = time.perf_counter()
            best["read"].append(t1 - t0)
            best["calculate"].append(t2 - t1)
            best["write"].append(t3 - t2)
    return {k: statistics.median(v) for k, v in best.items()}


def main() -> int:
    """Print the measured figures, one a line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9, help="runs per measurement (median reported)")
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "appendix1.xlsx")
        build = [python, "-m", "scorecard_xl", "build", str(SAMPLE), "--period", "2016-09", "-o", out, "--force"]
        median, low, high, peak = _median(build, args.runs)
        print(
            f"build sample (whole process): median {median * 1000:.0f} ms (min {low * 1000:.0f}, "
            f"max {high * 1000:.0f}, {args.runs} runs); peak RSS {peak / 1024:.1f} MiB"
        )
    median, low, high, peak = _median([python, "-c", "import scorecard_xl"], args.runs)
    print(f"import scorecard_xl (whole process): median {median * 1000:.0f} ms (min {low * 1000:.0f}, "
          f"max {high * 1000:.0f}); peak RSS {peak / 1024:.1f} MiB")  # fmt: skip
    median, low, high, _ = _median([python, "-c", "pass"], args.runs)
    print(f"python startup alone: median {median * 1000:.0f} ms")
    for stage, seconds in _stages(args.runs).items():
        print(f"stage {stage} (warm, in process): median {seconds * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
