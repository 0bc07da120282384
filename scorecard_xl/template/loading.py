"""Find and load a template: a YAML file, or one bundled with the package by name."""

from __future__ import annotations

import hashlib
import os
import stat
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from ..errors import TemplateError
from ..model import Location, Problem, Template
from .base import _Bad
from .checks import Checker
from .yaml_nodes import compose

DEFAULT_TEMPLATE = "childrens_services"
MAX_TEMPLATE_BYTES = 1024 * 1024


def _error(file: Path | str, message: str, code: str = "template-file") -> TemplateError:
    return TemplateError(Problem.error(code, Location(file=str(file)), message))


def _bundled_folder() -> Traversable:
    """The templates shipped inside the package."""
    return resources.files(__package__ or "scorecard_xl.template") / "bundled"


def bundled_templates() -> list[str]:
    """Names of the templates shipped with the package."""
    return sorted(p.name.removesuffix(".yaml") for p in _bundled_folder().iterdir() if p.name.endswith(".yaml"))


def parse_template(
    text: str, source: str = "<template>", name: str = "template", composed: tuple[Any, Problem | None] | None = None
) -> Template:
    """Parse template YAML text into a validated Template; `composed`, when given, is `compose(text, source)` done
    already (a large template is composed once, not again here).

    Raises TemplateError carrying every problem found, each naming `source` and its YAML line.
    """
    data, problem = composed if composed is not None else compose(text, source)
    if problem is not None:
        raise TemplateError(problem)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    checker = Checker(source)
    try:
        template = checker.template(data, name, sha)
    except _Bad as bad:
        checker.problems.append(bad.problem)
    if checker.problems:  # one bad `floor:` in `rules:`, read for each measure, is still one problem
        raise TemplateError(list(dict.fromkeys(checker.problems)))
    return template


def bundled_text(name: str) -> tuple[str, str]:
    """The text of the bundled template (or council) `name`, and the source to name in problems."""
    return (_bundled_folder() / f"{name}.yaml").read_text(encoding="utf-8"), f"{name}.yaml (bundled)"


def is_bundled(path: str | Path | None) -> bool:
    """Whether `path` names a bundled template rather than a file: a bare name that is no file here."""
    return isinstance(path, str) and not Path(path).exists() and path in bundled_templates()


def read_text(file: Path) -> str:
    """The text of the template file `file`; TemplateError when it is missing, not a regular file (a FIFO, a
    device), too large, unreadable or not UTF-8. At most one byte past the limit is read, whatever the file says
    its size is (a device says 0)."""
    try:
        raw = _read_regular(file, MAX_TEMPLATE_BYTES + 1)
    except FileNotFoundError as exc:
        raise _error(
            file, f"template not found; give a .yaml file or one of: {', '.join(bundled_templates())}"
        ) from exc
    except OSError as exc:
        raise _error(file, f"cannot read the template: {exc.strerror}") from exc
    if raw is None:
        raise _error(file, "is not a regular file (a pipe or a device?); give a template .yaml file")
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise _error(file, f"the template is over {MAX_TEMPLATE_BYTES:,} bytes; is this the right file?")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _error(file, "the template is not UTF-8 text") from exc


def _read_regular(file: Path, limit: int) -> bytes | None:
    """Up to `limit` bytes of `file`, or None when it is not a regular file. Opened without blocking, so a FIFO
    is refused rather than waited on; the type is checked on the opened file, not on the path beforehand."""
    fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return handle.read(limit)


def load_template(path: str | Path | None = None) -> Template:
    """Load the template at `path` (a file), or the bundled one named `path`, or the default bundled template."""
    if path is None or is_bundled(path):
        name = DEFAULT_TEMPLATE if path is None else str(path)
        text, source = bundled_text(name)
        return parse_template(text, source, name)
    file = Path(path)
    if file.is_dir():
        raise _error(file, "is a folder; a folder of templates is a council's pack: give it to build as --template")
    return parse_template(read_text(file), str(file), file.stem)
