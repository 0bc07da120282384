"""The drop-in page in a real headless Chromium (Debian's, driven by Playwright): upload, preview, download,
warnings, hostile files, the keyboard, and an axe-core accessibility check. Every wait is bounded (WAIT_MS)."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from .conftest import SAMPLE
from .support.cli import run_cli
from .web_support import (
    WAIT_MS,
    LiveServer,
    chromium_path,
    encrypted_workbook,
    live_server,
    messy_extract,
    summary_counts,
    zip_bomb,
)

playwright_sync = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with live_server() as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    with playwright_sync.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, headless=True, timeout=WAIT_MS)
        yield launched
        launched.close()


def _opened(browser: Any, server: LiveServer, **options: Any) -> Iterator[Any]:
    """The page in a new browser context with `options` (Playwright's `new_context`), closed afterwards."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, **options)
    context.set_default_timeout(WAIT_MS)
    opened = context.new_page()
    opened.goto(server.url + "/")
    yield opened
    context.close()


@pytest.fixture
def page(browser: Any, server: LiveServer) -> Iterator[Any]:
    yield from _opened(browser, server, accept_downloads=True)


@pytest.fixture(scope="module")
def cli_sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, str]:
    """The command line's workbook and summary line for the sample, built beside it."""
    out = tmp_path_factory.mktemp("cli") / "appendix1.xlsx"
    here = os.getcwd()
    os.chdir(SAMPLE.parent)
    try:
        code, summary, err = run_cli(["build", SAMPLE.name, "-o", out])
    finally:
        os.chdir(here)
    assert code == 0, err
    return out.read_bytes(), summary


def _build(page: Any, *files: Path, pdf: bool = False) -> None:
    page.set_input_files("#extracts", [str(f) for f in files])
    if pdf:
        page.check("#pdf")
    page.click("button[value=build]")
    playwright_sync.expect(page.locator("#status")).to_have_text("Done.", timeout=WAIT_MS * (6 if pdf else 1))


def test_sample_through_the_file_input_previews_37_rows_and_downloads_the_cli_bytes(
    page: Any, cli_sample: tuple[bytes, str], tmp_path: Path
) -> None:
    cli_bytes, summary = cli_sample
    _build(page, SAMPLE)
    assert page.locator("#appendix tr.measure").count() == 37
    shown = {
        li.get_attribute("data-rag"): int(li.locator(".n").inner_text()) for li in page.locator("#rag-counts li").all()
    }
    assert shown == summary_counts(summary)
    with page.expect_download() as download:
        page.click("a.download[data-kind=xlsx]")
    assert download.value.suggested_filename == "appendix1_childrens_services_2016-09.xlsx"
    saved = tmp_path / "downloaded.xlsx"
    download.value.save_as(saved)
    assert saved.read_bytes() == cli_bytes


def test_the_preview_shows_the_workbooks_rag_and_figures(page: Any, cli_sample: tuple[bytes, str]) -> None:
    _build(page, SAMPLE)
    sheet = openpyxl.load_workbook(io.BytesIO(cli_sample[0]))["Appendix 1"]
    header = [c.value for c in sheet[4]]
    rag_col = header.index("Latest performance (RAG)")
    workbook_rags = [
        row[rag_col].value or "" for row in sheet.iter_rows(min_row=5) if isinstance(row[0].value, (int, float))
    ]
    page_rags = [cell.strip() for cell in page.locator("#appendix tr.measure td.rag").all_inner_texts()]
    assert page_rags == workbook_rags
    first = page.locator("#appendix tr.measure").first.locator("td.figure").first.text_content() or ""
    assert " ".join(first.split()) == "→ unchanged 71%"  # CS01, March 2016: the arrow, its meaning and the figure
    green = page.locator("#appendix tr.measure td.rag-green").first
    assert green.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(198, 239, 206)"


def test_a_messy_extract_shows_its_warnings(page: Any, tmp_path: Path) -> None:
    _build(page, messy_extract(tmp_path))
    warnings = page.locator("ul.warnings li").all_inner_texts()
    assert any("CS99" in w and "no template measure" in w for w in warnings), warnings
    assert any("hidden" in w and "Aug 2016" in w for w in warnings), warnings
    skipped = page.locator("ul.skipped li").all_inner_texts()
    assert len(skipped) == 1 and skipped[0].startswith("Skipped: messy.xlsx Notes (no header row"), skipped
    assert page.locator("#appendix tr.measure").count() == 37


@pytest.mark.parametrize("make", [encrypted_workbook, zip_bomb], ids=["encrypted", "zip-bomb"])
def test_a_hostile_file_is_one_line_naming_it_and_the_server_goes_on(
    page: Any, server: LiveServer, tmp_path: Path, make: Any
) -> None:
    hostile = make(tmp_path)
    page.set_input_files("#extracts", str(hostile))
    page.click("button[value=build]")
    playwright_sync.expect(page.locator("#status")).to_have_text("Done.")
    errors = page.locator("#problems li.error").all_inner_texts()
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{hostile.name}: ")
    assert "\n" not in errors[0].strip()
    assert page.locator("#appendix").count() == 0
    page.goto(server.url + "/")  # the next request is answered, and builds
    _build(page, SAMPLE)
    assert page.locator("#appendix tr.measure").count() == 37


def test_the_drop_zone_and_controls_work_from_the_keyboard(page: Any) -> None:
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "drop-zone"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    # Enter on the zone opens the file picker (the input's click). Waiting for Chromium's own chooser event proved
    # flaky on a loaded machine, so the test records the input's click, then gives the file as the picker would.
    page.evaluate(
        "document.getElementById('extracts').addEventListener('click', (e) => {"
        " e.preventDefault(); document.body.dataset.pickerOpened = 'yes'; })"
    )
    page.keyboard.press("Enter")
    playwright_sync.expect(page.locator("body")).to_have_attribute("data-picker-opened", "yes")
    page.set_input_files("#extracts", str(SAMPLE))
    playwright_sync.expect(page.locator("#chosen li")).to_have_text(re.compile(r"childrens_services_extract\.xlsx"))
    playwright_sync.expect(page.locator("#status")).to_have_text("Checked.")  # checked as soon as chosen:
    playwright_sync.expect(page.locator("#period option[value='2016-09']")).to_have_count(1)  # the months found
    page.focus("button[value=build]")
    page.keyboard.press("Enter")
    playwright_sync.expect(page.locator("#status")).to_have_text("Done.")
    assert page.locator("#appendix tr.measure").count() == 37
    assert page.evaluate("document.activeElement.id") == "results"


def test_a_file_dropped_on_the_drop_zone_is_taken(page: Any) -> None:
    data = list(SAMPLE.read_bytes())
    page.evaluate(
        """([bytes, name]) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(bytes)], name));
            document.getElementById('drop-zone').dispatchEvent(new DragEvent('drop', {dataTransfer: transfer}));
        }""",
        [data, SAMPLE.name],
    )
    playwright_sync.expect(page.locator("#chosen li")).to_have_count(1)
    page.click("button[value=build]")
    playwright_sync.expect(page.locator("#status")).to_have_text("Done.")
    assert page.locator("#appendix tr.measure").count() == 37


def _axe(page: Any) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations: list[dict[str, Any]] = results.response["violations"]
    return [v for v in violations if v.get("impact") in ("serious", "critical")]


def test_axe_finds_nothing_serious_before_or_after_building(page: Any, tmp_path: Path) -> None:
    before = _axe(page)
    assert before == [], [(v["id"], v["help"]) for v in before]
    _build(page, messy_extract(tmp_path))
    page.click("details summary >> nth=0")
    after = _axe(page)
    assert after == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in after]


def test_the_pdf_download_is_the_tagged_print_of_the_report(page: Any, tmp_path: Path) -> None:
    _build(page, SAMPLE, pdf=True)
    with page.expect_download() as download:
        page.click("a.download[data-kind=pdf]")
    assert download.value.suggested_filename == "appendix1_childrens_services_2016-09.pdf"
    saved = tmp_path / "downloaded.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    import pikepdf

    with pikepdf.open(saved) as pdf:  # the tagged PDF/UA-1 that `build --pdf` makes
        assert "/StructTreeRoot" in pdf.Root


@pytest.fixture
def page_without_js(browser: Any, server: LiveServer) -> Iterator[Any]:
    yield from _opened(browser, server, java_script_enabled=False)


def test_without_javascript_the_form_builds_and_shows_the_preview(
    page_without_js: Any, server: LiveServer, cli_sample: tuple[bytes, str]
) -> None:
    """The plain form post (no script: the browser itself sends the form and shows the answer as a new page)."""
    page = page_without_js
    page.set_input_files("#extracts", str(SAMPLE))
    with page.expect_response(lambda r: r.url.endswith("/build")) as answer:
        page.click("button[value=build]")
    assert answer.value.status == 200, answer.value.text()[:2000]
    assert answer.value.request.header_value("origin") == server.url  # the page's referrer policy lets it say so
    page.wait_for_load_state()
    assert page.locator("#status").inner_text() == ""  # no script ran: the page came from the server whole
    assert page.locator("#appendix tr.measure").count() == 37
    shown = {
        li.get_attribute("data-rag"): int(li.locator(".n").inner_text()) for li in page.locator("#rag-counts li").all()
    }
    assert shown == summary_counts(cli_sample[1])
    assert page.locator("a.download[data-kind=xlsx]").count() == 1
