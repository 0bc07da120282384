"""Fuzz the command line by hand (not a test, not run in CI): mutated inputs made from the bundled sample and from
a long CSV of its figures, each built by `python -m scorecard_xl build` in a child process, and a tally of what
came of them.

    python tests/fuzz.py                                   # seed 1, the default count (about 10 minutes, 2 jobs)
    python tests/fuzz.py --seed 18 --count 600 --jobs 2    # a fixed run: the same seed and count, the same inputs
    python tests/fuzz.py --repo /path/to/checkout          # measure another checkout's code
    python tests/fuzz.py --seed 18 --only 117 --out fuzz   # rebuild case 117 alone; its input and output are kept
    python tests/fuzz.py --seed 18 --count 50 --list       # the cases' descriptions, nothing built

Classes (tests/support/fuzz_cases.py): bytes flipped in the file or in one part; XML elements dropped or given
twice; a cell or a row given twice with another value; malformed tags; zip tricks (lying sizes and CRCs,
duplicate or missing members, a huge declared uniqueCount, junk, truncation); CSV edits (quotes, delimiters,
doubled quotes past 8 KB, encodings and BOMs, line endings); and rewrites of the XML or the CSV that keep their
meaning (character references, comments, CDATA, processing instructions, whitespace, exponents, `+`, leading
zeros, attribute order, rich-text runs, inline strings, namespace prefixes). Each case has an oracle: `same` (the
clean figures or an error), `error` (damaged: an error), or `any` (the meaning may have changed).

Each build runs with `--force --quiet` under a time limit and an address-space cap; the tally counts exit codes,
tracebacks, hangs, inputs changed, and, for exit 0, builds whose figures (Appendix 1's targets, month figures with
their arrows and RAG; the Data sheet) differ from the clean build's, with and without a warning. A different
figure where the oracle is `same` or `error` is never correct: those are listed first, silent ones marked.

Columns of the tally: `exit 0`, `exit 2`, `other` (any other code, a signal as a negative number); `trace` (a
Python traceback or a Rust panic on stderr); `hang` (killed at the time limit); `input chg` (the input's SHA-256
changed); for exit 0: `same` (the clean figures), `differ+warn` and `differ silent` (figures differ, with and
without a `warning:` line); `WRONG` and `WRONG silent` (oracle same/error, a figure or a narrative differs: never
correct); `accepted` (oracle error, yet exit 0).
"""

from __future__ import annotations

import argparse
import collections
import json
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.fuzz_cases import KINDS, Bases, make_case  # noqa: E402
from tests.support.fuzz_check import Outcome, Shown, build, check, read_shown  # noqa: E402
from tests.support.fuzz_csv import Table  # noqa: E402
from tests.support.fuzz_zip import Book  # noqa: E402

DEFAULT_COUNT = 600  # measured with --jobs 2 on a shared 2-core machine: 8m37s and 9m56s at load 7-10
# How the rewrites (and the edits whose oracle is `same`) are spelt, for the tally's breakdown: a phrase of the
# case's description → its label.
SPELLINGS = (
    ("character reference for", "reference + comment"), ("character reference", "character reference"),
    ("a comment", "comment"), ("CDATA", "CDATA"), ("processing instruction", "processing instruction"),
    ("(exponent)", "exponent"), ("(plus)", "plus sign"), ("(zeros)", "leading zeros"),
    ("(trailing)", "trailing zeros"), ("(space)", "whitespace"), ("<c> written", "attributes"),
    ("runs", "rich-text runs"), ("xml:space", "xml:space"), ("given inline", "inline string"),
    ("prefix", "namespace prefix"), ("rewritten", "layout"),
)  # fmt: skip
SHOWN = 8  # cases listed per finding

_state: dict[str, object] = {}


def _start(book: bytes, table: bytes, repo: str, out: str, keep: bool, clean: dict[str, Shown], seed: int) -> None:
    _state.update(bases=Bases(Book.of(book), Table.of(table)), repo=Path(repo), out=Path(out), keep=keep)
    _state.update(clean=clean, seed=seed)


def _run(index: int) -> Outcome:
    bases = _state["bases"]
    assert isinstance(bases, Bases)
    case = make_case(int(str(_state["seed"])), index, bases)
    folder = Path(str(_state["out"])) / f"case{index:05d}"
    clean = _state["clean"]
    assert isinstance(clean, dict)
    m = case.mutated
    try:
        return check(Path(str(_state["repo"])), folder, index, case.kind, m.oracle, m.description, m.data,
                     case.suffix, clean[case.base], m.texts)  # fmt: skip
    finally:
        if not _state["keep"]:
            shutil.rmtree(folder, ignore_errors=True)


def _clean(repo: Path, bases: Bases, out: Path) -> dict[str, Shown]:
    """The clean builds of both bases with the measured code: what every case is compared with."""
    clean = {}
    for base, suffix in (("xlsx", ".xlsx"), ("csv", ".csv")):
        folder = out / f"clean-{base}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"clean{suffix}").write_bytes(bases.raw(base))
        code, err = build(repo, folder / f"clean{suffix}", folder / "appendix1.xlsx")
        if code != 0:
            raise SystemExit(f"fuzz: the clean {base} build failed (exit {code}): {err.strip()[-500:]}")
        clean[base] = read_shown(folder / "appendix1.xlsx")
    return clean


def _commit(repo: Path) -> str:
    """The checkout's branch and commit, and whether its files differ from it, as git tells."""
    import subprocess

    def git(*argv: str) -> str:
        done = subprocess.run(["git", "-C", str(repo), *argv], capture_output=True, text=True, check=False)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "not a git checkout"
    changed = " + uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    return f"{git('rev-parse', '--abbrev-ref', 'HEAD')} {commit}{changed}"


def _exit_name(code: int | None) -> str:
    if code is None:
        return "hung"
    if code < 0:
        try:
            return f"{code} ({signal.Signals(-code).name})"
        except ValueError:
            return str(code)
    return str(code)


def tally(outcomes: Sequence[Outcome]) -> list[str]:
    """The report: a row per class, exit codes, and the cases worth a look, most serious first."""
    head = ("class", "oracle", "inputs", "exit 0", "exit 2", "other", "trace", "hang", "input chg", "same",
            "differ+warn", "differ silent", "WRONG", "WRONG silent", "accepted")  # fmt: skip
    widths = [12, 14, *(max(len(h), 6) for h in head[2:])]
    lines = [_cells(head, widths)]
    groups: dict[str, list[Outcome]] = collections.defaultdict(list)
    for o in outcomes:
        groups[o.kind].append(o)
    order = [k.name for k in KINDS if k.name in groups]
    for name, group in [*((n, groups[n]) for n in order), ("total", list(outcomes))]:
        zero = [o for o in group if o.exit == 0]
        oracles = "/".join(sorted({o.oracle for o in group}))
        row = (name, oracles, len(group), len(zero), sum(o.exit == 2 for o in group),
               sum(o.exit not in (0, 2) for o in group), sum(o.traceback for o in group),
               sum(o.exit is None for o in group), sum(o.modified for o in group),
               sum(not o.differs for o in zero), sum(o.differs and o.warned for o in zero),
               sum(o.differs and not o.warned for o in zero), sum(o.wrong for o in zero),
               sum(o.wrong and not o.warned for o in zero), sum(o.oracle == "error" for o in zero))  # fmt: skip
        lines.append(_cells(row, widths))
    codes = collections.Counter(_exit_name(o.exit) for o in outcomes)
    lines.append("exit codes: " + ", ".join(f"{c}: {n}" for c, n in sorted(codes.items(), key=lambda x: -x[1])))
    wrong = [o for o in outcomes if o.wrong]
    silent = [o for o in wrong if not o.warned]
    figures = [o for o in wrong if o.figures or o.unread]
    lines.append(
        f"WRONG (oracle same/error, exit 0, a figure or narrative not the clean one): {len(wrong)}, "
        f"{len(silent)} of them silent (no warning); {len(figures)} with a different figure "
        f"({sum(not o.warned for o in figures)} silent), {len(wrong) - len(figures)} with only a different narrative"
    )
    lines += _spellings(outcomes)
    lines += _listed("SILENT WRONG (same/error oracle, no warning)", silent)
    lines += _listed("different figures, warned (same/error oracle)", [o for o in wrong if o.warned])
    lines += _listed("crashes (signal, exit 70, traceback)", [o for o in outcomes if _crashed(o)])
    lines += _listed("hangs", [o for o in outcomes if o.exit is None])
    lines += _listed("inputs changed", [o for o in outcomes if o.modified])
    lines += _listed("accepted though damaged (error oracle, exit 0, same figures)",
                     [o for o in outcomes if o.oracle == "error" and o.exit == 0 and not o.wrong])  # fmt: skip
    changed = [o for o in outcomes if o.exit == 0 and o.oracle == "any" and o.differs and not o.warned]
    lines += _listed("to look at: silent different figures where the meaning may have changed (oracle any)", changed)
    return lines


def _spellings(outcomes: Sequence[Outcome]) -> list[str]:
    """xml-rewrite cases by spelling: how many, and how many came out wrong (the rest: the clean figures or an
    error)."""
    counts: dict[str, list[int]] = {}
    for o in outcomes:
        if o.kind != "xml-rewrite":
            continue
        spelt = o.description.split(" → ", 1)[-1] if " → " in o.description else o.description
        label = next((name for phrase, name in SPELLINGS if phrase in spelt), "other")
        label = f"shared string {label}" if o.description.startswith("shared string") else label
        seen = counts.setdefault(label, [0, 0, 0])
        seen[0] += 1
        seen[1] += o.wrong
        seen[2] += o.exit == 2
    if not counts:
        return []
    shown = ", ".join(f"{k} {w}/{n} wrong ({e} refused)" for k, (n, w, e) in sorted(counts.items()))
    return [f"xml-rewrite by spelling: {shown}"]


def _cells(values: Sequence[object], widths: Sequence[int]) -> str:
    """One row of the table: the first two columns to the left, the counts to the right."""
    return "  ".join(
        f"{v!s:<{w}}" if i < 2 else f"{v!s:>{w}}" for i, (v, w) in enumerate(zip(values, widths, strict=True))
    )


def _crashed(o: Outcome) -> bool:
    return o.exit is not None and (o.exit < 0 or o.exit not in (0, 1, 2) or o.traceback)


def _listed(title: str, found: Sequence[Outcome]) -> list[str]:
    if not found:
        return []
    lines = [f"{title}: {len(found)}"]
    for o in found[:SHOWN]:
        lines.append(f"  #{o.index} {o.kind} [{o.oracle}] exit {_exit_name(o.exit)}: {o.description[:160]}")
        for what in [*o.figures[:3], *o.texts[:2], *([o.unread] if o.unread else [])]:
            lines.append(f"      {what[:150]}")
        last = o.stderr.strip().splitlines()[-1:] if o.exit != 0 else []
        lines += [f"      stderr: {line[:150]}" for line in last]
    if len(found) > SHOWN:
        lines.append(f"  … and {len(found) - SHOWN} more")
    return lines


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python tests/fuzz.py",
        description=f"Fuzz `scorecard_xl build` with mutated inputs and print a tally. The default count "
        f"({DEFAULT_COUNT}) takes about 10 minutes with --jobs 2 on a shared 2-core machine (about 5 idle).",
    )
    parser.add_argument("--seed", type=int, default=1, help="the run's seed (default 1)")
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help=f"cases 0…COUNT-1 (default {DEFAULT_COUNT})")
    parser.add_argument("--repo", type=Path, default=ROOT, help="the checkout whose code builds (default: this one)")
    parser.add_argument("--out", type=Path, help="keep every case's input and output here, and results.jsonl")
    parser.add_argument("--jobs", type=int, default=2, help="builds at once (default 2)")
    parser.add_argument("--only", type=int, action="append", help="run only case N (repeatable); kept in --out")
    parser.add_argument("--list", action="store_true", help="print the cases' descriptions and build nothing")
    return parser


def main(argv: Iterable[str] | None = None) -> int:
    """Run the fuzz cases and print the tally; exit 1 when any result is never correct (see `Outcome.wrong`),
    a crash, a hang or a changed input was found."""
    args = _parser().parse_args(None if argv is None else list(argv))
    indexes = args.only or list(range(args.count))
    bases = Bases.make()
    if args.list:
        for index in indexes:
            case = make_case(args.seed, index, bases)
            print(f"#{index} {case.kind} [{case.mutated.oracle}] {case.mutated.description}")
        return 0
    keep = args.out is not None or bool(args.only)
    out = (args.out or Path("fuzz-out")) if keep else Path(tempfile.mkdtemp(prefix="scorecard-fuzz-"))
    out.mkdir(parents=True, exist_ok=True)
    repo = args.repo.resolve()
    commit = _commit(repo)
    started = time.monotonic()
    clean = _clean(repo, bases, out)
    outcomes: list[Outcome] = []
    initargs = (bases.book.raw, bases.table.raw, str(repo), str(out), keep, clean, args.seed)
    with ProcessPoolExecutor(max_workers=args.jobs, initializer=_start, initargs=initargs) as pool:
        for outcome in pool.map(_run, indexes):
            outcomes.append(outcome)
            if len(outcomes) % 50 == 0:
                print(
                    f"fuzz: {len(outcomes)} of {len(indexes)} built, {time.monotonic() - started:.0f}s", file=sys.stderr
                )
    minutes, seconds = divmod(int(time.monotonic() - started), 60)
    print(f"fuzz: seed {args.seed}, {len(outcomes)} cases, repo {repo} ({commit}), {args.jobs} jobs, "
          f"{minutes}m{seconds:02d}s")  # fmt: skip
    print("\n".join(tally(outcomes)))
    if keep:
        with (out / "results.jsonl").open("w", encoding="utf-8") as handle:
            for o in outcomes:
                handle.write(json.dumps(asdict(o), ensure_ascii=False) + "\n")
        print(f"fuzz: inputs, outputs and results.jsonl kept in {out}")
    else:
        shutil.rmtree(out, ignore_errors=True)
    bad = any(o.wrong or _crashed(o) or o.exit is None or o.modified for o in outcomes)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
