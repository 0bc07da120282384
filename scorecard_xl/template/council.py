"""A council's portfolios: a folder of templates (name order) or a council.yaml naming them, checked together."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from ..errors import TemplateError
from ..model import Council, Location, Problem, Template
from .base import _Bad
from .checks import Checker
from .loading import bundled_text, is_bundled, load_template, parse_template, read_text
from .yaml_nodes import List, Map, compose

COUNCIL_KEYS = {"council", "title", "portfolios"}
DEFAULT_TITLE = "Performance report"
SHEET_NAME_LIMIT = 31  # characters, Excel's limit
RESERVED_SHEETS = {"council summary", "exceptions", "data", "about", "chart data", "history"}
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def load_council_or_template(path: str | Path | None = None, *, confined: bool = False) -> Template | Council:
    """The template or council `path` names: a template file, a council.yaml (`council:` or `portfolios:`),
    a folder of templates, or a bundled name (`childrens_services`, `council`); the default bundled template
    when None. Raises TemplateError carrying every problem, each naming its file and line.

    `confined` (the drop-in page's uploads): a council's portfolios may only be files in its own folder, named
    without a path, or bundled templates, so an uploaded council.yaml opens nothing else on the machine."""
    if path is None:
        return load_template(None)
    if is_bundled(path):
        text, source = bundled_text(str(path))
        stem, folder = str(path), None
    else:
        file = Path(path)
        if file.is_dir():
            return _folder(file, confined)
        text, source, stem, folder = read_text(file), str(file), file.stem, file.parent
    composed = compose(text, source)  # once: it says whether this is a council, then it is read as one or the other
    if _names_portfolios(composed):
        return _council(text, source, stem, folder, composed, confined)
    return parse_template(text, source, stem, composed)


def _names_portfolios(composed: tuple[Any, Problem | None]) -> bool:
    data, problem = composed
    return problem is None and isinstance(data, Map) and ("portfolios" in data or "council" in data)


def _folder(folder: Path, confined: bool = False) -> Council:
    """Every template in `folder` in name order; a council.yaml there names them instead."""
    council_file = folder / "council.yaml"
    if council_file.is_file():
        text = read_text(council_file)
        composed = compose(text, str(council_file))
        return _council(text, str(council_file), council_file.stem, folder, composed, confined)
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml") and not p.name.startswith("."))
    if not files:
        raise TemplateError(
            Problem.error("template-file", Location(file=str(folder)), "the folder holds no template (.yaml)")
        )
    templates, problems = [], []
    for file in files:
        try:
            templates.append(load_template(file))
        except TemplateError as exc:
            problems.extend(exc.problems)
    if problems:
        raise TemplateError(problems)
    digest = hashlib.sha256("".join(t.sha256 for t in templates).encode()).hexdigest()
    return assemble("", DEFAULT_TITLE, templates, str(folder), digest, folder.name)  # no council named


def _council(
    text: str, source: str, stem: str, folder: Path | None, composed: tuple[Any, Problem | None], confined: bool = False
) -> Council:
    """Parse a council.yaml (`text`, as `compose` made it): `council:`, `title:` and `portfolios:` (template paths
    relative to it, or bundled names), then load and check every portfolio."""
    data, problem = composed
    if problem is not None:
        raise TemplateError(problem)
    checker = Checker(source)
    try:
        top = checker.mapping(data, COUNCIL_KEYS, "the council", 1)
        name = checker.text(top, "council", "the council")
        title = checker.text(top, "title", "the council", default=DEFAULT_TITLE)
        entries = checker.sequence(top, "portfolios", "the council")
    except _Bad as bad:
        raise TemplateError([*checker.problems, bad.problem]) from None
    templates: list[Template] = []
    problems = list(checker.problems)
    for index, entry in enumerate(entries):
        line = _item_line(entries, top, index)
        try:
            templates.append(_portfolio(entry, folder, source, line, confined))
        except TemplateError as exc:
            problems.extend(exc.problems)
    if problems:
        raise TemplateError(problems)
    return assemble(name, title, templates, source, hashlib.sha256(text.encode()).hexdigest(), stem)


def _item_line(entries: List, top: Map, index: int) -> int:
    """The line of the `index`th portfolio entry (one a line, as YAML block lists are written)."""
    return entries.line + index if entries.line else top.key_lines.get("portfolios", 1) + 1 + index


def _portfolio(entry: Any, folder: Path | None, source: str, line: int, confined: bool = False) -> Template:
    """The template one `portfolios:` entry names: a file beside the council (with or without .yaml) or a
    bundled template; when `confined`, only a plain file name in the council's folder, or a bundled name."""
    if not isinstance(entry, str) or not entry.strip():
        raise TemplateError(
            Problem.error("template", Location(file=source, line=line), "each portfolio must name a template file")
        )
    name = entry.strip()
    if confined and (Path(name).name != name or name.startswith(".") or "\\" in name):
        raise TemplateError(
            Problem.error(
                "template-file",
                Location(file=source, line=line),
                f"portfolio {name!r} is a path; here a portfolio is one of the templates uploaded with the council "
                "file, named without a folder, or a bundled template's name",
            )
        )
    if folder is not None:
        for candidate in (folder / name, folder / f"{name}.yaml"):
            if candidate.exists() and not candidate.is_dir():  # a pipe or device is refused by name, not skipped
                return load_template(candidate)
    if is_bundled(name):
        return load_template(name)
    raise TemplateError(
        Problem.error(
            "template-file",
            Location(file=source, line=line),
            f"portfolio template {name!r} not found",
            "give a template file's path relative to the council file, or a bundled template's name",
        )
    )


def sheet_name(template: Template) -> str:
    """The portfolio's sheet name as given: its `short_name`, else its portfolio (the part before ` - ` when too
    long), without the characters Excel refuses in a sheet name; it may still be too long (see `_worked_out`)."""
    name = template.short_name or template.portfolio or template.title
    if not template.short_name and len(name) > SHEET_NAME_LIMIT:
        name = name.split(" - ")[0]
    return _clean(name)


def _clean(name: str) -> str:
    return " ".join(_NOT_IN_SHEET_NAMES.sub(" ", name).split()).strip("'")


_TRAILING_PORTFOLIO = re.compile(r"\s+portfolio$", re.I)
_LOOSE_ENDS = {"and", "&", "of", "the", "for", "with", "to", "in", "-", "–", ",", "+"}


def _cut(name: str, room: int) -> str:
    """`name` cut at a word boundary to at most `room` characters, without a word such as `and` or `&` left
    hanging at its end; its first `room` characters when its first word alone is longer."""
    words = name.split()
    kept: list[str] = []
    for word in words:
        if len(" ".join([*kept, word])) > room:
            break
        kept.append(word)
    while len(kept) > 1 and (kept[-1].casefold() in _LOOSE_ENDS or not any(ch.isalnum() for ch in kept[-1])):
        kept.pop()
    cut = " ".join(kept).rstrip(",;-–&+ ") if kept else name[:room].rstrip()
    return cut.strip("'") or name[:room]


def _worked_out(name: str, taken: set[str]) -> str:
    """A sheet name for a portfolio whose name is too long: a trailing ` Portfolio` dropped, then cut at a word
    boundary to Excel's 31 characters; ` (2)`, ` (3)` … added (cutting further) until no sheet of the pack has it."""
    base = _TRAILING_PORTFOLIO.sub("", name).strip() or name
    sheet = _cut(base, SHEET_NAME_LIMIT)
    number = 2
    while sheet.casefold() in taken or sheet.casefold() in RESERVED_SHEETS:
        suffix = f" ({number})"
        sheet = _cut(base, SHEET_NAME_LIMIT - len(suffix)) + suffix
        number += 1
    return sheet


def _sheet_names(templates: list[Template]) -> tuple[list[str], list[Problem], list[Problem]]:
    """Each portfolio's sheet name, with the errors (a given name too long, empty or already used) and the
    warnings (a name worked out for a portfolio too long for a sheet, naming it and `short_name:`)."""
    given = [sheet_name(t) for t in templates]
    long = [not t.short_name and len(name) > SHEET_NAME_LIMIT for t, name in zip(templates, given, strict=True)]
    problems: list[Problem] = []
    names: dict[str, str] = {}
    for template, sheet, too_long in zip(templates, given, long, strict=True):
        if too_long:
            continue
        where = Location(file=template.source)
        if not sheet or len(sheet) > SHEET_NAME_LIMIT:
            problems.append(
                Problem.error(
                    "sheet-name",
                    where,
                    f"the portfolio's sheet name {sheet!r} is not 1 to {SHEET_NAME_LIMIT} characters",
                    f"add short_name: (at most {SHEET_NAME_LIMIT} characters) to the template",
                )
            )
        elif sheet.casefold() in RESERVED_SHEETS or sheet.casefold() in names:
            other = names.get(sheet.casefold(), "the pack's own sheets")
            problems.append(
                Problem.error(
                    "sheet-name", where, f"the sheet name {sheet!r} is already used by {other}", "give a short_name"
                )
            )
        names.setdefault(sheet.casefold(), template.source)
    warnings: list[Problem] = []
    taken = set(names)
    sheets: list[str] = []
    for template, sheet, too_long in zip(templates, given, long, strict=True):
        if too_long:
            sheet = _worked_out(sheet, taken)
            taken.add(sheet.casefold())
            warnings.append(
                Problem.warning(
                    "sheet-name-shortened",
                    Location(file=template.source),
                    f"the portfolio name {template.portfolio or template.title!r} is longer than the "
                    f"{SHEET_NAME_LIMIT} characters Excel allows a sheet name; its sheet is named {sheet!r}",
                    f"to choose another, add short_name: (at most {SHEET_NAME_LIMIT} characters) to the template",
                )
            )
        sheets.append(sheet)
    return sheets, problems, warnings


def assemble(name: str, title: str, templates: list[Template], source: str, sha256: str, stem: str) -> Council:
    """The Council, once its portfolios are checked together: at least one; each measure id in only one
    portfolio, and each title (a problem names both files and lines); sheet names short enough and unique (a
    portfolio name too long for a sheet given one worked out for it, with a warning the Council carries)."""
    problems: list[Problem] = []
    if not templates:
        problems.append(Problem.error("template", Location(file=source), "the council names no portfolio"))
    first_seen: dict[str, tuple[str, int]] = {}
    titles: dict[str, tuple[str, int]] = {}
    for template in templates:
        for measure in template.measures:
            if measure.id in first_seen:
                other, other_line = first_seen[measure.id]
                problems.append(
                    Problem.error(
                        "duplicate-measure",
                        Location(file=template.source, line=measure.line),
                        f"measure id {measure.id} is also in {other} line {other_line}",
                        "measure ids must be unique across a council's portfolios: rename one",
                    )
                )
            else:
                first_seen[measure.id] = (template.source, measure.line)
            said = " ".join(measure.title.casefold().split())
            if said in titles and titles[said][0] != template.source:
                other, other_line = titles[said]
                problems.append(
                    Problem.error(
                        "duplicate-title",
                        Location(file=template.source, line=measure.line),
                        f"measure {measure.id} has the title {measure.title!r}, as the measure in {other} line "
                        f"{other_line} has, so an extract row naming it by title could be either's",
                        "give each measure its own title across the council's portfolios",
                    )
                )
            titles.setdefault(said, (template.source, measure.line))
    roles: dict[str, tuple[str, str]] = {}  # role → (header, template source)
    for template in templates:
        for role, header in template.columns:
            given = roles.setdefault(role, (header, template.source))
            if given[0] != header:
                problems.append(
                    Problem.error(
                        "council-columns",
                        Location(file=template.source),
                        f"`columns:` names {header!r} as the {role} column, but {given[1]} names {given[0]!r}; the "
                        "extracts are read once for the whole council",
                        "give every portfolio the same `columns:` (or a measure its own in `source: {columns: …}`)",
                    )
                )
    sheets, sheet_problems, warnings = _sheet_names(templates)
    problems += sheet_problems
    if problems:
        raise TemplateError(problems)
    return Council(name, title, tuple(templates), tuple(sheets), source, sha256, stem, warnings=tuple(warnings))
