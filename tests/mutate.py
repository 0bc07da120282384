"""Mutation testing by hand (not a test, not run in CI): `python tests/mutate.py [MODULE ...] [--per-module N]`.

Every run draws a fresh sample: the seed is printed and `--seed N` repeats a run. With no module named, every
module under scorecard_xl/ is measured (a walk of the package, not a list). For each module the mutants (from the
AST: a comparison flipped, `and` ↔ `or`, `+` ↔ `-`, `*` ↔ `/`, a number ±1, a boolean flipped, a `not` dropped,
`return x` → `return None`, `min` ↔ `max`, a statement deleted) are split, in source order, into N strata of
near-equal size and one mutant is drawn at random from each, so the sample covers the whole file.

The tests run for a module are found from imports: the package's static import graph (absolute and relative
imports, a `from package import name` counted as importing the sub-module `name`) is walked backwards from the
module; a test file reaches the module when it (or a tests/support helper it imports) imports the module or one
of the modules that import it. The test files nearest in that graph are taken (distance d and d + 1, where d is the
nearest, and further out while fewer than three are found), at most `--max-tests` of them. `--tests` overrides.

Each mutant is written into a temporary copy of the checkout (never the checkout itself) and its tests run with
`-x -q -p no:randomly -p no:cacheprovider`. Outcomes: killed (a test failed), timed out (the run took longer than
`--timeout`, default five times the unmutated run; counted apart), survived. A survivor whose key (printed beside
it: `module::function::change`) is listed in docs/mutation.md under "Equivalent survivors" is reported as
equivalent, not as a gap.

    python tests/mutate.py --per-module 10                                  # every module, a fresh sample
    python tests/mutate.py scorecard_xl/calc/rules.py --per-module 30 --seed 7
    python tests/mutate.py scorecard_xl/numbers.py --list                   # the mutants and their keys only
    python tests/mutate.py scorecard_xl/write/cells.py --show-tests         # the test selection only
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "scorecard_xl"
DOC = "docs/mutation.md"

_FLIP = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In,
}  # fmt: skip
_BINOP = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Mult}
_MINMAX = {"min": "max", "max": "min"}


@dataclass(frozen=True)
class Mutant:
    """One mutant: its line, the function holding it, what changed, and the mutated source."""

    index: int
    line: int
    where: str
    change: str
    source: str

    def key(self, module: str) -> str:
        """A key that survives edits elsewhere in the file: module, enclosing function and the change."""
        return f"{module}::{self.where}::{self.change}"


def _is_docstring(node: ast.AST) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


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
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _MINMAX:
            yield node, "minmax"
        elif isinstance(node, ast.Return) and node.value is not None and not _is_none(node.value):
            yield node, "return"
        if isinstance(node, ast.FunctionDef | ast.If | ast.For | ast.While | ast.With | ast.Try):
            for field in ("body", "orelse"):
                for stmt in getattr(node, field, []):
                    if not _is_docstring(stmt) and not isinstance(stmt, ast.Pass):
                        yield stmt, "delete"


def _apply(node: ast.AST, kind: str) -> str:
    """Mutate `node` in place; say what changed, in words that do not depend on line numbers."""
    if kind.startswith("cmp"):
        assert isinstance(node, ast.Compare)
        i = int(kind[3:])
        before = ast.unparse(node)
        node.ops[i] = _FLIP[type(node.ops[i])]()
        return f"{before[:60]} → {ast.unparse(node)[:60]}"
    if kind == "binop":
        assert isinstance(node, ast.BinOp)
        before = ast.unparse(node)
        node.op = _BINOP[type(node.op)]()
        return f"{before[:60]} → {ast.unparse(node)[:60]}"
    if kind == "boolop":
        assert isinstance(node, ast.BoolOp)
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        return f"{'and → or' if isinstance(node.op, ast.Or) else 'or → and'}: {ast.unparse(node)[:60]}"
    if kind == "not":
        assert isinstance(node, ast.UnaryOp)
        before = ast.unparse(node)
        node.op = ast.UAdd()  # `+x` of a bool is its int: the test of truth is unchanged, the `not` is gone
        return f"not dropped: {before[:60]}"
    if kind == "bool":
        assert isinstance(node, ast.Constant)
        node.value = not node.value
        return f"{not node.value} → {node.value}"
    if kind in ("plus1", "minus1"):
        assert isinstance(node, ast.Constant)
        before = node.value
        node.value = before + (1 if kind == "plus1" else -1)
        return f"{before!r} → {node.value!r}"
    if kind == "minmax":
        assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        before = ast.unparse(node)
        node.func.id = _MINMAX[node.func.id]
        return f"{before[:60]} → {node.func.id}"
    if kind == "return":
        assert isinstance(node, ast.Return)
        before = ast.unparse(node)
        node.value = ast.Constant(None)
        return f"{before[:60]} → return None"
    raise ValueError(kind)


def _enclosing(tree: ast.Module) -> dict[int, str]:
    """id(node) → the qualified name of the function or class holding it ('<module>' at the top)."""
    names: dict[int, str] = {}

    def visit(node: ast.AST, name: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = name
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inner = child.name if name == "<module>" else f"{name}.{child.name}"
            names[id(child)] = inner
            visit(child, inner)

    visit(tree, "<module>")
    return names


def mutants(source: str) -> list[Mutant]:
    """Every mutant of `source`, numbered in walk order; mutants whose code is unchanged are left out.

    Two mutants with the same function and change get `#2`, `#3` … so every key is unique."""
    tree = ast.parse(source)
    original = ast.unparse(tree)
    count = sum(1 for _ in _sites(tree))
    found: list[Mutant] = []
    seen: dict[str, int] = {}
    for index in range(count):
        mutated = copy.deepcopy(tree)
        where = _enclosing(mutated)
        node, kind = list(_sites(mutated))[index]
        line = getattr(node, "lineno", 0)
        if kind == "delete":
            for parent in ast.walk(mutated):
                for field in ("body", "orelse"):
                    stmts = getattr(parent, field, None)
                    if isinstance(stmts, list) and any(s is node for s in stmts):
                        stmts[[id(s) for s in stmts].index(id(node))] = ast.Pass()
            change = f"deleted: {ast.unparse(node).splitlines()[0][:70]}"
        else:
            change = _apply(node, kind)
        text = ast.unparse(ast.fix_missing_locations(mutated))
        if text == original:
            continue
        change = " ".join(change.split())
        name = where.get(id(node), "<module>")
        seen[f"{name}::{change}"] = seen.get(f"{name}::{change}", 0) + 1
        if seen[f"{name}::{change}"] > 1:
            change = f"{change} #{seen[f'{name}::{change}']}"
        found.append(Mutant(index, line, name, change, text))
    return sorted(found, key=lambda m: (m.line, m.index))


def stratified(found: list[Mutant], per_module: int, rng: random.Random) -> list[Mutant]:
    """One mutant drawn at random from each of `per_module` near-equal runs of the file's mutants (source order)."""
    if per_module >= len(found):
        return list(found)
    bounds = [round(i * len(found) / per_module) for i in range(per_module + 1)]
    return [found[rng.randrange(bounds[i], bounds[i + 1])] for i in range(per_module)]


# ---- the import graph -------------------------------------------------------------------------------------------


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(root: Path, path: Path, known: set[str]) -> set[str]:
    """The known modules `path` imports (a `from a import b` names `a.b` when that is a module, else `a`)."""
    name = _module_name(root, path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (SyntaxError, UnicodeDecodeError):
        return found
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")
                up = up[: len(up) - node.level + 1] if node.level > 1 else up
                base = ".".join([*up, base]) if base else ".".join(up)
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def test_selection(root: Path, module: str, max_tests: int, min_tests: int = 3) -> list[str]:
    """The test files nearest to `module` in the reverse import graph (see the module docstring)."""
    files = [p for p in sorted((root / PACKAGE).rglob("*.py"))] + sorted((root / "tests").rglob("*.py"))
    names = {_module_name(root, p): p for p in files}
    known = set(names)
    importers: dict[str, set[str]] = {n: set() for n in known}
    for n, p in names.items():
        for target in _imports(root, p, known):
            importers[target].add(n)
    start = _module_name(root, root / module)
    distance = {start: 0}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for importer in sorted(importers[current]):
            if importer not in distance:
                distance[importer] = distance[current] + 1
                queue.append(importer)
    tests = sorted(
        (d, n) for n, d in distance.items() if n.startswith("tests.test_") and names[n].name.startswith("test_")
    )
    if not tests:
        return []
    reach = tests[0][0] + 1  # the nearest distance and the next; further while fewer than min_tests are found
    while sum(1 for d, _ in tests if d <= reach) < min_tests and reach < tests[-1][0]:
        reach += 1
    chosen = [n for d, n in tests if d <= reach][:max_tests]
    return [str(names[n].relative_to(root)) for n in chosen]


# ---- running ----------------------------------------------------------------------------------------------------


def equivalents(root: Path) -> dict[str, str]:
    """Keys listed in docs/mutation.md's "Equivalent survivors" section (`- `key` — why`), with their reasons."""
    path = root / DOC
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    section = text.partition("## Equivalent survivors")[2].partition("\n## ")[0]
    return {m.group(1): m.group(2).strip() for m in re.finditer(r"^- `([^`]+)`\s*[—-]\s*(.*)$", section, re.M)}


def _copy_repo(root: Path, into: Path) -> None:
    for name in ("scorecard_xl", "tests", "templates", "sample_workbooks", "docs"):
        if (root / name).exists():
            shutil.copytree(root / name, into / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.png"))
    for name in ("pyproject.toml", "README.md"):
        if (root / name).exists():
            shutil.copy(root / name, into / name)


def _pytest(work: Path, tests: list[str], timeout: float, say: bool = False) -> tuple[str, float]:
    env = {**os.environ, "PYTHONPATH": str(work), "PYTHONDONTWRITEBYTECODE": "1"}
    argv = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", *tests]
    started = time.monotonic()
    try:
        done = subprocess.run(argv, cwd=work, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timed out", time.monotonic() - started
    if say and done.returncode:
        print(done.stdout.decode("utf-8", "replace")[-1500:])
    return ("killed" if done.returncode else "survived"), time.monotonic() - started


@dataclass
class Tally:
    """One module's outcome."""

    module: str
    tests: int
    killed: int = 0
    timed_out: int = 0
    survived: int = 0
    equivalent: int = 0

    def row(self) -> str:
        sampled = self.killed + self.timed_out + self.survived + self.equivalent
        changing = sampled - self.equivalent
        share = f"{100 * (self.killed + self.timed_out) / changing:.0f}%" if changing else "-"
        return (
            f"| {self.module} | {self.tests} | {sampled} | {self.killed} | {self.timed_out} | {self.survived} "
            f"| {self.equivalent} | {share} |"
        )


def run(module: str, root: Path, work: Path, tests: list[str], chosen: list[Mutant], timeout: float | None) -> Tally:
    """Run `chosen` mutants of `module` in the copy `work`; print each outcome; restore the module."""
    tally = Tally(module, len(tests))
    if not tests:
        print(f"{module}: no test file reaches it — {len(chosen)} mutants counted as survivors")
        tally.survived = len(chosen)
        return tally
    outcome, seconds = _pytest(work, tests, 3600.0, say=True)
    if outcome != "survived":
        print(f"{module}: its tests fail unmutated ({' '.join(tests)}) — not measured")
        return tally
    limit = timeout or max(30.0, 5 * seconds)
    known = equivalents(root)
    target = work / module
    source = target.read_text(encoding="utf-8")
    try:
        for m in chosen:
            target.write_text(m.source, encoding="utf-8")
            outcome, _ = _pytest(work, tests, limit)
            key = m.key(module)
            if outcome == "survived" and key in known:
                outcome = "equivalent"
            setattr(tally, outcome.replace(" ", "_"), getattr(tally, outcome.replace(" ", "_")) + 1)
            print(f"  {outcome:10} line {m.line:4d}  {key}", flush=True)
    finally:
        target.write_text(source, encoding="utf-8")
    return tally


def every_module(root: Path) -> list[str]:
    """Every module of the package with code to mutate (a walk, in path order)."""
    found = []
    for path in sorted((root / PACKAGE).rglob("*.py")):
        if mutants(path.read_text(encoding="utf-8")):
            found.append(str(path.relative_to(root)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("modules", nargs="*", help="module paths (default: every module of the package)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to mutate (a copy is used)")
    parser.add_argument("--per-module", type=int, default=10, help="mutants per module, one per stratum")
    parser.add_argument("--seed", type=int, help="repeat a run's sample (default: a fresh seed, printed)")
    parser.add_argument("--tests", nargs="*", help="test files to run (default: found from imports)")
    parser.add_argument("--max-tests", type=int, default=6, help="at most this many test files per module")
    parser.add_argument("--timeout", type=float, help="seconds per mutant (default: 5 × the unmutated run)")
    parser.add_argument("--list", action="store_true", help="list the mutants and their keys, run nothing")
    parser.add_argument("--show-tests", action="store_true", help="print each module's tests, run nothing")
    args = parser.parse_args()
    root: Path = args.root.resolve()
    modules = args.modules or every_module(root)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    print(f"seed {seed} (repeat with --seed {seed}), {args.per_module} per module, {len(modules)} modules", flush=True)
    rng = random.Random(seed)
    if args.list or args.show_tests:
        for module in modules:
            if args.show_tests:
                print(module, *(args.tests or test_selection(root, module, args.max_tests)))
                continue
            for m in mutants((root / module).read_text(encoding="utf-8")):
                print(f"line {m.line:4d}  {m.key(module)}")
        return
    tallies = []
    with tempfile.TemporaryDirectory(prefix="mutate-") as folder:
        work = Path(folder)
        _copy_repo(root, work)
        for module in modules:
            chosen = stratified(mutants((root / module).read_text(encoding="utf-8")), args.per_module, rng)
            tests = args.tests or test_selection(root, module, args.max_tests)
            print(f"{module}: {len(chosen)} mutants, tests: {' '.join(tests) or '(none)'}", flush=True)
            tallies.append(run(module, root, work, tests, chosen, args.timeout))
    print(f"\nseed {seed}, {args.per_module} per module")
    print("| module | test files | sampled | killed | timed out | survived | equivalent | killed / changing |")
    print("|---|---|---|---|---|---|---|---|")
    for tally in tallies:
        print(tally.row())


if __name__ == "__main__":
    main()
