"""The catalogue of problem codes (`model/codes.py`) is the one list: every code the package's source gives a problem
is in it, every code in it is given somewhere, README's table lists exactly it, and a Problem with a code outside
it (or at another severity) cannot be made."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

import scorecard_xl
from scorecard_xl.model import Code, Location, Problem, Severity

from .conftest import ROOT

PACKAGE = Path(scorecard_xl.__file__).parent
_CODE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_ROW = re.compile(r"^\| `([^`]+)` \| (error|warning) \| (.+) \|$")


def _strings(node: ast.expr | None) -> Iterator[str]:
    """The string constants `node` may give: itself, either branch of a conditional, the items of a literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _strings(node.body)
        yield from _strings(node.orelse)
    elif isinstance(node, ast.Set | ast.Tuple | ast.List):
        for item in node.elts:
            yield from _strings(item)


def _code_positions(trees: list[ast.Module]) -> dict[str, set[int]]:
    """For each function or class name of the package, the positions at which its calls pass a `code`."""
    positions: dict[str, set[int]] = defaultdict(set, {"Problem": {0}})
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for init in (b for b in node.body if isinstance(b, ast.FunctionDef) and b.name == "__init__"):
                    names = [a.arg for a in init.args.args][1:]
                    if "code" in names:
                        positions[node.name].add(names.index("code"))
            elif isinstance(node, ast.FunctionDef) and node.name != "__init__":
                names = [a.arg for a in node.args.args]
                names = names[1:] if names and names[0] in ("self", "cls") else names
                if "code" in names:
                    positions[node.name].add(names.index("code"))
    return positions


def _codes_in_source() -> dict[str, list[str]]:
    """Every code-shaped string the package's source passes as a problem's code, with where: the `code` argument of
    a call (by keyword or position), a `code` parameter's default, `code = …`, or a comparison with `….code`."""
    paths = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "codes.py")
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in paths]
    positions = _code_positions(trees)
    found: dict[str, list[str]] = defaultdict(list)
    for path, tree in zip(paths, trees, strict=True):
        for node in ast.walk(tree):
            given: list[ast.expr | None] = []
            if isinstance(node, ast.FunctionDef):
                args, defaults = node.args.args, node.args.defaults
                with_default = args[len(args) - len(defaults) :]
                given += [d for a, d in zip(with_default, defaults, strict=True) if a.arg == "code"]
            elif isinstance(node, ast.Call):
                f = node.func
                name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
                given += [k.value for k in node.keywords if k.arg == "code"]
                given += [node.args[i] for i in positions.get(name, ()) if i < len(node.args)]
            elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "code" for t in node.targets):
                given.append(node.value)
            elif isinstance(node, ast.Compare):
                sides = [node.left, *node.comparators]
                if any(isinstance(s, ast.Attribute) and s.attr == "code" for s in sides):
                    given += sides
            for text in (s for g in given for s in _strings(g) if _CODE.fullmatch(s)):
                found[text].append(f"{path.relative_to(PACKAGE.parent)}:{getattr(node, 'lineno', 0)}")
    return found


def test_every_code_the_source_gives_is_in_the_catalogue() -> None:
    found = _codes_in_source()
    missing = {code: where for code, where in found.items() if code not in {c.code for c in Code}}
    assert not missing, f"codes given in the source but not in model/codes.py: {missing}"


def test_every_code_in_the_catalogue_is_given_by_the_source() -> None:
    found = _codes_in_source()
    unused = [c.code for c in Code if c.code not in found]
    assert not unused, f"codes in model/codes.py that no source gives a problem: {unused}"


def test_the_catalogue_has_each_code_once_with_a_one_line_description() -> None:
    codes = [c.code for c in Code]
    assert len(codes) == len(set(codes))
    for member in Code:
        assert _CODE.fullmatch(member.code), member
        assert member.description and "\n" not in member.description and "|" not in member.description, member
        assert member.name == member.code.upper().replace("-", "_")


def _readme_table() -> dict[str, tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Every problem code", 1)[1].split("\n#", 1)[0]
    rows = [_ROW.match(line) for line in section.splitlines() if line.startswith("| `")]
    assert all(rows), "every row of README's table of problem codes reads | `code` | severity | meaning |"
    return {m[1]: (m[2], m[3]) for m in rows if m}


def test_readme_describes_exactly_the_catalogue() -> None:
    table = _readme_table()
    expected = {c.code: (c.severity.value, c.description) for c in Code}
    not_described = sorted(set(expected) - set(table))
    not_catalogued = sorted(set(table) - set(expected))
    assert not not_described, "README's table of problem codes lacks: " + "\n".join(
        f"| `{code}` | {expected[code][0]} | {expected[code][1]} |" for code in not_described
    )
    assert not not_catalogued, f"README's table of problem codes describes codes not in the catalogue: {not_catalogued}"
    differing = sorted(code for code in expected if table[code] != expected[code])
    assert not differing, "README's rows differ from the catalogue for: " + ", ".join(differing)


def test_a_problem_with_a_code_outside_the_catalogue_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="'no-such-code' is not in the catalogue"):
        Problem.error("no-such-code", Location(file="x.xlsx"), "message")
    assert Problem.error("empty-file", Location(file="x.xlsx"), "the file is empty (0 bytes)").code == "empty-file"


def test_a_problem_at_another_severity_than_its_code_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="'hidden-sheet' is catalogued as warning, not error"):
        Problem("hidden-sheet", Severity.ERROR, Location(file="x.xlsx"), "message")
    assert Problem.warning("hidden-sheet", Location(file="x.xlsx"), "hidden").severity is Severity.WARNING
