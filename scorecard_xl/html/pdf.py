"""The report's tagged PDF/UA-1 print, from its HTML edition through WeasyPrint; the same HTML gives the same bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import OutputError

# the document identifier, fixed: the bytes then rest on the content alone, however WeasyPrint would derive one
PDF_IDENTIFIER = b"scorecard-xl-report"


def write_pdf(html: str, target: Path, shown: Path | None = None) -> Path:
    """Print `html` to a tagged PDF/UA-1 at `target` (A4 landscape, by the document's print styles) and return it.

    No creation or modification date is written, so two prints of the same HTML are byte-identical. Raises
    OutputError, naming `shown` (or `target`), when WeasyPrint or the system libraries it needs (Pango) are missing
    or the PDF cannot be written.
    """
    place = shown or target
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: Pango's shared library was not found
        raise OutputError(
            f"{place}: --pdf needs WeasyPrint and Pango ({exc}); pip install weasyprint, and on Debian/Ubuntu "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        ) from exc
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=_no_fetch).render()
    try:
        document.write_pdf(target, pdf_variant="pdf/ua-1", pdf_identifier=PDF_IDENTIFIER, finisher=_header_scopes)
    except OSError as exc:
        raise OutputError(f"{place}: cannot write the PDF ({exc.strerror})") from exc
    return target


def _header_scopes(document: object, pdf: Any) -> None:
    """Give every TH structure element its /Scope (PDF/UA asks for one): /Column under the table's THead, /Row
    elsewhere (a measure's title, an outcome's or theme's heading), as the HTML's `scope` says."""
    by_number = {obj.number: obj for obj in pdf.objects if getattr(obj, "number", None) is not None}

    def parent(element: dict[str, Any]) -> dict[str, Any] | None:
        reference = element.get("P")
        if not isinstance(reference, bytes):
            return None
        found = by_number.get(int(reference.split()[0]))
        return found if isinstance(found, dict) else None

    for obj in pdf.objects:
        if isinstance(obj, dict) and obj.get("S") == "/TH":
            row = parent(obj)
            group = parent(row) if row is not None else None
            scope = "/Column" if group is not None and group.get("S") == "/THead" else "/Row"
            obj["A"]["Scope"] = scope


def _no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    """The edition is self-contained: nothing is fetched, not even a link's target."""
    raise ValueError(f"the report fetches nothing ({url})")
