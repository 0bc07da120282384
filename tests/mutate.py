"""Mutation testing by hand (not a test, not run in CI): `python tests/mutate.py MODULE [...]`.

For one module at a time it makes simple mutants from the AST — a comparison flipped (`<` ↔ `<=`, `==` ↔ `!=`,
`is` ↔ `is not`, `in` ↔ `not in`), a number constant ±1, a boolean flipped, `and` ↔ `or`, `+` ↔ `-`, `*` ↔ `/`,
a `not` dropped, a statement replaced by `pass` (a deleted statement, return or raise) — writes each mutant into
a copy of the repository, runs the module's test files there with `-x -q -p no:randomly -p no:cacheprovider`
under a per-mutant timeout, and reports killed (a test failed, or the run timed out) or survived, with the
line and the change. The repository itself is never touched: the copy is a temporary folder, and `--root`
may name any checkout (e.g. one made with `git archive 15d8e41 | tar -x -C /tmp/before`).

    python tests/mutate.py scorecard_xl/calc/rules.py                  # every mutant
    python tests/mutate.py scorecard_xl/read/cells/month_labels.py --sample 40     # 40 spread evenly over the mutants
    python tests/mutate.py scorecard_xl/numbers.py --tests tests/test_rules.py --timeout 60

Mutants are numbered in a fixed order (a walk of the module's AST), so the same source gives the same mutants,
and `--sample N` picks the same N on every checkout of an unchanged module: before/after figures compare.
See docs/mutation.md for the figures and the survivors explained.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Which test files kill a module's mutants (the new path tests are included whenever they exist).
TESTS = {
    "scorecard_xl/calc/rules.py": ["tests/test_rules.py", "tests/test_calc.py"],
    "scorecard_xl/calc/scorecard.py": ["tests/test_calc.py", "tests/test_rules.py", "tests/test_warnings.py"],
    "scorecard_xl/read/cells/values.py": ["tests/test_input_errors.py", "tests/test_warnings.py"],
    "scorecard_xl/read/cells/month_labels.py": ["tests/test_input_errors.py", "tests/test_calc.py"],
    "scorecard_xl/numbers.py": ["tests/test_rules.py", "tests/test_input_errors.py"],
    "scorecard_xl/read/cells/period_text.py": ["tests/test_periods.py", "tests/test_figures.py"],
    "scorecard_xl/read/cells/period_labels.py": ["tests/test_periods.py", "tests/test_figures.py"],
    "scorecard_xl/read/cells/symbol_cells.py": ["tests/test_symbols.py", "tests/test_figures.py"],
    "scorecard_xl/read/figures/percent_scale.py": ["tests/test_percent_scale.py", "tests/test_figures.py"],
}
EXTRA_TESTS = ["tests/test_paths.py", "tests/test_readers.py"]

_FLIP = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In,
}  # fmt: skip
_BINOP = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Mult}


@dataclass(frozen=True)
class Mutant:
    index: int
    line: int
    change: str
    source: str


def _is_docstring(node: ast.AST, parent: ast.AST | None) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _sites(tree: ast.Module) -> Iterator[tuple[ast.AST, str]]:
    """Every (node, kind) that can be mutated, in a fixed walk order."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                if type(op) in _FLIP:
                    yield node, f"cmp{i}"
        elif isinstance(node, ast.BinOp) and type(node.op) in _BINOP:
            yield node, "binop"
        elif isinstance(node, ast.BoolOp):
            yield node, "boolop"
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            yield node, "not"
        elif isinstance(node, ast.Constant) and type(node.value) in (int, float, bool):
            if type(node.value) is bool:
                yield node, "bool"
            else:
                yield node, "plus1"
                yield node, "minus1"
        if isinstance(node, ast.FunctionDef | ast.If | ast.For | ast.While | ast.With | ast.Try):
            for field in ("body", "orelse"):
                for stmt in getattr(node, field, []):
                    if not _is_docstring(stmt, node) and not isinstance(stmt, ast.Pass):
                        yield stmt, "delete"


def _apply(node: ast.AST, kind: str, holder: list[ast.stmt] | None = None) -> str:
    if kind.startswith("cmp"):
        assert isinstance(node, ast.Compare)
        i = int(kind[3:])
        before = type(node.ops[i]).__name__
        node.ops[i] = _FLIP[type(node.ops[i])]()
        return f"{before} → {type(node.ops[i]).__name__}"
    if kind == "binop":
        assert isinstance(node, ast.BinOp)
        before = type(node.op).__name__
        node.op = _BINOP[type(node.op)]()
        return f"{before} → {type(node.op).__name__}"
    if kind == "boolop":
        assert isinstance(node, ast.BoolOp)
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        return f"{'and → or' if isinstance(node.op, ast.Or) else 'or → and'}"
    if kind == "not":
        assert isinstance(node, ast.UnaryOp)
        node.op = ast.UAdd()  # `+x` of a bool is its int: the test of truth is unchanged, the `not` is gone
        return "not dropped"
    if kind == "bool":
        assert isinstance(node, ast.Constant)
        node.value = not node.value
        return f"{not node.value} → {node.value}"
    if kind in ("plus1", "minus1"):
        assert isinstance(node, ast.Constant)
        before = node.value
        node.value = before + (1 if kind == "plus1" else -1)
        return f"{before!r} → {node.value!r}"
    raise ValueError(kind)


def mutants(source: str) -> list[Mutant]:
    """Every mutant of `source`, numbered in walk order; mutants whose code is unchanged are left out."""
    tree = ast.parse(source)
    original = ast.unparse(tree)
    count = sum(1 for _ in _sites(tree))
    found = []
    for index in range(count):
        mutated = copy.deepcopy(tree)
        node, kind = list(_sites(mutated))[index]
        line = getattr(node, "lineno", 0)
        if kind == "delete":
            parent = next(p for p in ast.walk(mutated) if _holds(p, node))
            for field in ("body", "orelse"):
                stmts = getattr(parent, field, None)
                if isinstance(stmts, list) and any(s is node for s in stmts):
                    stmts[[id(s) for s in stmts].index(id(node))] = ast.Pass()
            change = f"deleted: {ast.unparse(node).splitlines()[0][:70]}"
        else:
            change = _apply(node, kind)
        text = ast.unparse(ast.fix_missing_locations(mutated))
        if text != original:
            found.append(Mutant(index, line, change, text))
    return found


def _holds(parent: ast.AST, node: ast.AST) -> bool:
    for field in ("body", "orelse"):
        stmts = getattr(parent, field, None)
        if isinstance(stmts, list) and any(s is node for s in stmts):
            return True
    return False


def _copy_repo(root: Path, into: Path) -> None:
    for name in ("scorecard_xl", "tests", "templates", "sample_workbooks"):
        shutil.copytree(root / name, into / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml",):
        shutil.copy(root / name, into / name)


def run(module: str, root: Path, tests: list[str], sample: int | None, timeout: float) -> tuple[int, int]:
    source = (root / module).read_text(encoding="utf-8")
    found = mutants(source)
    if sample and sample < len(found):
        step = len(found) / sample
        found = [found[int(i * step)] for i in range(sample)]
    killed = 0
    survivors = []
    with tempfile.TemporaryDirectory(prefix="mutate-") as folder:
        work = Path(folder)
        _copy_repo(root, work)
        tests = [t for t in tests if (work / t).exists()]
        env = {**os.environ, "PYTHONPATH": str(work), "PYTHONDONTWRITEBYTECODE": "1"}
        target = work / module
        for m in found:
            target.write_text(m.source, encoding="utf-8")
            argv = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", *tests]
            try:
                done = subprocess.run(argv, cwd=work, env=env, capture_output=True, timeout=timeout)
                dead = done.returncode != 0
            except subprocess.TimeoutExpired:
                dead = True
            if dead:
                killed += 1
            else:
                survivors.append(m)
            print(f"{'killed  ' if dead else 'SURVIVED'} line {m.line:4d}: {m.change}", flush=True)
        target.write_text(source, encoding="utf-8")
    print(f"\n{module}: {killed} of {len(found)} killed ({100 * killed / max(1, len(found)):.0f}%)")
    for m in survivors:
        print(f"  survived line {m.line}: {m.change}")
    return killed, len(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="+", help="module paths, e.g. scorecard_xl/calc/rules.py")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to mutate (a copy is used)")
    parser.add_argument("--tests", nargs="*", help="test files to run (default: the module's, see TESTS)")
    parser.add_argument("--sample", type=int, help="run N mutants spread evenly over all of them")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per mutant (a timeout kills it)")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    args = parser.parse_args()
    for module in args.modules:
        if args.list:
            for m in mutants((args.root / module).read_text(encoding="utf-8")):
                print(f"{m.index:4d} line {m.line:4d}: {m.change}")
            continue
        tests = args.tests or [*TESTS.get(module, []), *EXTRA_TESTS]
        run(module, args.root, tests, args.sample, args.timeout)


if __name__ == "__main__":
    main()
