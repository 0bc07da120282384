"""The workbook checked part by part against committed references, as XlsxWriter's own comparison tests do.

The bundled sample (September 2016) and the council pack are built; their worksheet, styles, drawing and chart
parts are pretty-printed (so a diff reads line by line) and compared with tests/reference_parts/. Worksheets,
styles and drawings, and a few representative charts, are stored in full; every other chart (they differ only in
their figures and titles) is stored as the SHA-256 of its pretty-printed XML. docProps (dates, the tool's
version) and shared strings are not compared.

    python tests/reference_parts.py --update     # rewrite the references after a change that is meant;
                                                 # review `git diff tests/reference_parts` before committing
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import hashlib
import json
import re
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.dom import minidom

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

import scorecard_xl  # noqa: E402

REFERENCES = HERE / "reference_parts"
COMPARED = re.compile(r"xl/(worksheets/sheet\d+|styles|drawings/drawing\d+|charts/chart\d+)\.xml$")
FULL_CHARTS = 3  # the first, a middle and the last chart of each book are stored in full


# Inputs are named relative to the checkout (the build runs there), so that the About sheet, which names them,
# and the heights of its wrapped rows do not depend on where the checkout is.


def _sample(out: Path) -> Path:
    with contextlib.chdir(ROOT):
        scorecard_xl.build(["sample_workbooks/childrens_services_extract.xlsx"], period="2016-09", output=out)
    return out


def _council(out: Path) -> Path:
    with contextlib.chdir(ROOT):
        scorecard_xl.build(["sample_workbooks"], "templates/council.yaml", period="2016-09", output=out, force=True)
    return out


BOOKS: dict[str, Callable[[Path], Path]] = {"sample": _sample, "council": _council}


def pretty(data: bytes) -> str:
    """The part as indented XML, one element a line, so that a diff names the element that changed."""
    return minidom.parseString(data).toprettyxml(indent=" ")


def _chart_number(name: str) -> int:
    return int(re.sub(r"\D", "", name.rsplit("/", 1)[-1]))


def parts(book: Path) -> dict[str, str]:
    """The compared parts of `book`, pretty-printed, by part name."""
    with zipfile.ZipFile(book) as z:
        return {n: pretty(z.read(n)) for n in sorted(z.namelist()) if COMPARED.fullmatch(n)}


def stored_in_full(names: list[str]) -> set[str]:
    """Which parts are kept as text: all but the charts, and FULL_CHARTS of those spread over them."""
    charts = sorted((n for n in names if "/charts/" in n), key=_chart_number)
    picked = (
        {charts[round(i * (len(charts) - 1) / max(1, FULL_CHARTS - 1))] for i in range(FULL_CHARTS)}
        if charts
        else set()
    )
    return {n for n in names if "/charts/" not in n} | picked


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _file(book: str, name: str) -> Path:
    return REFERENCES / book / name.removeprefix("xl/")


def update(book: str, found: dict[str, str]) -> None:
    """Rewrite `book`'s references from `found`."""
    folder = REFERENCES / book
    for old in folder.rglob("*.xml") if folder.exists() else []:
        old.unlink()
    full = stored_in_full(list(found))
    for name, text in found.items():
        if name in full:
            _file(book, name).parent.mkdir(parents=True, exist_ok=True)
            _file(book, name).write_text(text, encoding="utf-8")
    hashes = {name: digest(text) for name, text in found.items() if name not in full}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hashes.json").write_text(json.dumps(hashes, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def differences(book: str, found: dict[str, str], limit: int = 30) -> list[str]:
    """How `found` differs from `book`'s references: missing or extra parts, the first differing lines of each
    part stored in full (a unified diff), and each hashed part whose hash changed."""
    folder = REFERENCES / book
    hashes: dict[str, str] = json.loads((folder / "hashes.json").read_text(encoding="utf-8"))
    expected = {f"xl/{p.relative_to(folder).as_posix()}" for p in folder.rglob("*.xml")} | set(hashes)
    problems = [f"{book}: part {n} missing" for n in sorted(expected - set(found))]
    problems += [f"{book}: part {n} not in the references" for n in sorted(set(found) - expected)]
    for name in sorted(expected & set(found)):
        if name in hashes:
            if digest(found[name]) != hashes[name]:
                problems.append(f"{book}: {name} differs (compared by hash; see the full charts' diffs)")
            continue
        want = _file(book, name).read_text(encoding="utf-8")
        if want != found[name]:
            diff = difflib.unified_diff(
                want.splitlines(), found[name].splitlines(), f"reference {name}", f"built {name}", n=2, lineterm=""
            )
            problems.append(f"{book}: {name} differs:\n" + "\n".join(list(diff)[:limit]))
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--update", action="store_true", help="rewrite the references from a fresh build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for book, make in BOOKS.items():
            found = parts(make(Path(folder) / f"{book}.xlsx"))
            if args.update:
                update(book, found)
                print(f"{book}: {len(found)} parts written to {REFERENCES / book}")
            else:
                print("\n".join(differences(book, found)) or f"{book}: {len(found)} parts as referenced")


if __name__ == "__main__":
    main()
