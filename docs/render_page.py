"""Take the screenshot README shows of the drop-in page after building the sample: `docs/drop_in_page.png`.

Serves the page on a free loopback port, uploads the sample in Debian's headless chromium (Playwright), builds,
and captures the top of the page: `python docs/render_page.py`.
"""

from __future__ import annotations

import shutil
import socket
import sys
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import expect, sync_playwright

from scorecard_xl.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_workbooks" / "childrens_services_extract.xlsx"
PICTURE = ROOT / "docs" / "drop_in_page.png"


def main() -> int:
    """Serve, upload the sample, build, and save the screenshot; exit 2 when there is no chromium."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("error: chromium not found (apt-get install chromium)", file=sys.stderr)
        return 2
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    server = uvicorn.Server(uvicorn.Config(create_app(pdf=True), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True, timeout=30_000)
            page = browser.new_page(viewport={"width": 1400, "height": 1700})
            page.set_default_timeout(30_000)
            page.goto(f"http://127.0.0.1:{sock.getsockname()[1]}/")
            page.set_input_files("#extracts", str(SAMPLE))
            page.click("button[value=build]")
            expect(page.locator("#status")).to_have_text("Done.", timeout=30_000)
            page.locator("#results").evaluate("e => e.blur()")
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(PICTURE))
            browser.close()
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()
    print(f"wrote {PICTURE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
