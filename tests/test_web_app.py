"""The drop-in page's server without a browser: builds, safety (names, limits, origins, clean-up), `serve` itself."""

from __future__ import annotations

import argparse
import io
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest

from scorecard_xl.web import jobs
from scorecard_xl.web.app import Limits
from scorecard_xl.web.jobs import safe_name
from scorecard_xl.web.server import exposure_warning, host_names, url_for

from .conftest import ROOT, SAMPLE, TEMPLATE
from .support.cli import run_cli
from .web_support import encrypted_workbook, first_stderr_line, live_server, messy_extract

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _post(client: Any, files: list[tuple[str, Path]], **fields: str) -> Any:
    upload = [(field, (path.name, path.read_bytes(), XLSX)) for field, path in files]
    return client.post("/build", files=upload, data={"template": "childrens_services", "mode": "build", **fields})


def _download(html: str) -> bytes:
    """The workbook handed back in the page (a data: URL on the download link)."""
    import base64

    found = re.search(r'href="data:' + re.escape(XLSX) + r';base64,([A-Za-z0-9+/=]+)"', html)
    assert found, "no workbook download on the page"
    return base64.b64decode(found.group(1))


def _cli_build(tmp_path: Path, *argv: str, cwd: Path | None = None) -> bytes:
    out = tmp_path / "cli.xlsx"
    here = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        code, _, err = run_cli(["build", *argv, "-o", out, "--force"])
    finally:
        os.chdir(here)
    assert code == 0, err
    return out.read_bytes()


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    """A client of the app served on a free loopback port for this module's tests, sending the page's own Origin
    as a browser does for the page's posts."""
    with (
        live_server(pdf=False) as server,
        httpx.Client(base_url=server.url, timeout=60, headers=_from(server.url)) as http,
    ):
        yield http


def _from(url: str) -> dict[str, str]:
    """The Origin header a browser sends with a post from the page at `url`."""
    return {"Origin": url}


def _form_token(client: httpx.Client) -> str:
    """The token the page puts in its form (hidden field `form_token`)."""
    found = re.search(r'<input type="hidden" name="form_token" value="([^"]+)">', client.get("/").text)
    assert found, "no form token in the page"
    return found.group(1)


def test_page_has_labelled_controls_and_safe_headers(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    for control in ("extracts", "template", "template_file", "period"):
        assert f'<label for="{control}">' in page.text
    assert 'id="drop-zone" class="drop-zone" role="button" tabindex="0"' in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "same-origin"  # so a plain form post says where it comes from


def test_sample_build_is_byte_identical_to_the_command_line(client: httpx.Client, tmp_path: Path) -> None:
    page = _post(client, [("extracts", SAMPLE)])
    assert page.status_code == 200, page.text
    assert page.text.count('<tr class="measure') == 37
    assert _download(page.text) == _cli_build(tmp_path, SAMPLE.name, cwd=SAMPLE.parent)
    assert 'download="appendix1_childrens_services_2016-09.xlsx"' in page.text


def test_a_chosen_month_builds_that_month_as_the_command_line_does(client: httpx.Client, tmp_path: Path) -> None:
    page = _post(client, [("extracts", SAMPLE)], period="2016-06")
    assert "Built: Appendix 1 for Jun 2016" in page.text
    assert _download(page.text) == _cli_build(tmp_path, SAMPLE.name, "--period", "2016-06", cwd=SAMPLE.parent)
    assert '<option value="2015-04">Apr 2015</option>' in page.text  # every month found is offered
    assert '<option value="2016-06" selected>Jun 2016</option>' in page.text


def test_an_uploaded_template_is_recorded_by_its_name_as_the_command_line_records_it(
    client: httpx.Client, tmp_path: Path
) -> None:
    own = tmp_path / "my_portfolio.yaml"
    own.write_text(TEMPLATE.read_text(encoding="utf-8").replace("title: Appendix 1", "title: Appendix 1 (ours)"))
    page = _post(client, [("extracts", SAMPLE), ("template_file", own)])
    assert "Built: Appendix 1 (ours) for Sep 2016" in page.text
    got = _download(page.text)
    assert got == _cli_build(tmp_path, str(SAMPLE), "--template", own.name, cwd=tmp_path)
    about = openpyxl.load_workbook(io.BytesIO(got))["About"]
    assert "my_portfolio.yaml" in [c.value for row in about.iter_rows() for c in row]
    assert 'download="appendix1_my_portfolio_2016-09.xlsx"' in page.text


def test_an_uploaded_council_file_builds_the_pack_the_command_line_builds(client: httpx.Client, tmp_path: Path) -> None:
    """A council.yaml naming bundled portfolios, uploaded on its own, builds the council's pack (it was refused:
    "unknown key 'council' in the template"), byte for byte as `build --template council.yaml` does."""
    council = tmp_path / "council.yaml"
    council.write_text((ROOT / "templates" / "council.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    adults = ROOT / "sample_workbooks" / "adult_social_care_extract.xlsx"
    page = _post(client, [("extracts", SAMPLE), ("extracts", adults), ("template_file", council)])
    got = _download(page.text)
    assert got == _cli_build(tmp_path, str(SAMPLE), str(adults), "--template", council.name, cwd=tmp_path)


def test_uploaded_templates_are_known_by_their_names_and_open_nothing_else(
    client: httpx.Client, tmp_path: Path
) -> None:
    """Two uploaded templates are a council: the About sheet names them as uploaded, never the server's folder
    (`../template/…`). A council.yaml among them may name only those uploads or bundled templates: a path
    (`/etc/hostname`, `../../x`) is refused by name and nothing it names is opened."""
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    first.write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
    second.write_text((ROOT / "templates" / "adult_social_care.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    adults = ROOT / "sample_workbooks" / "adult_social_care_extract.xlsx"
    page = _post(
        client, [("extracts", SAMPLE), ("extracts", adults), ("template_file", first), ("template_file", second)]
    )
    about = [
        c.value for row in openpyxl.load_workbook(io.BytesIO(_download(page.text)))["About"].iter_rows() for c in row
    ]
    assert not [v for v in about if isinstance(v, str) and "../template" in v]
    assert any(isinstance(v, str) and "first.yaml" in v for v in about)
    council = tmp_path / "council.yaml"
    council.write_text("council: Ours\nportfolios:\n  - /etc/hostname\n  - ../../secret\n  - first.yaml\n")
    page = _post(client, [("extracts", SAMPLE), ("template_file", council), ("template_file", first)])
    assert page.text.count("is a path; here a portfolio is one of the templates uploaded") == 2
    assert "unknown key" not in page.text and "template not found" not in page.text


def test_check_only_reports_without_building(client: httpx.Client, tmp_path: Path) -> None:
    page = _post(client, [("extracts", messy_extract(tmp_path))], mode="check")
    assert page.status_code == 200
    assert "Checked: the report month would be Sep 2016" in page.text
    assert "data:" + XLSX not in page.text
    assert "CS99" in page.text and "Aug 2016" in page.text  # the unknown row and the hidden sheet are named
    assert "Skipped: " in page.text


@pytest.mark.parametrize(
    ("given", "saved"),
    [
        ("kpis 2016-09.xlsx", "kpis 2016-09.xlsx"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\Desktop\\kpis.xlsx", "kpis.xlsx"),
        ("..", "extract.xlsx"),
        (".hidden.csv", "hidden.csv"),
        ("a\x00b\x1f.xlsx", "ab.xlsx"),
        ('a<b>:c"|?*.csv', "a_b__c____.csv"),
        ("", "extract.xlsx"),
        ("x" * 300 + ".xlsm", "x" * 115 + ".xlsm"),
    ],
)
def test_browser_file_names_become_safe_base_names(given: str, saved: str) -> None:
    assert safe_name(given) == saved


@pytest.mark.parametrize("count", [25, 60])
def test_too_many_files_says_the_real_limit(client: httpx.Client, count: int) -> None:
    """21 to 40 files and 41 or more (past the form parser's own cap) both name the limit of 20."""
    upload = [("extracts", (f"e{i}.csv", b"Measure,Month,Value\n", "text/csv")) for i in range(count)]
    page = client.post("/build", files=upload, data={"template": "childrens_services", "mode": "build"})
    assert "at most 20" in page.text and "Maximum number of files" not in page.text


def test_a_path_in_the_upload_name_reaches_no_folder_and_nothing_is_kept(
    client: httpx.Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    upload = [("extracts", ("../../../escaped.xlsx", SAMPLE.read_bytes(), XLSX))]
    page = client.post("/build", files=upload, data={"template": "childrens_services", "mode": "build"})
    assert page.status_code == 200
    about = openpyxl.load_workbook(io.BytesIO(_download(page.text)))["About"]
    assert any(str(c.value).startswith("escaped.xlsx ") for row in about.iter_rows() for c in row)
    assert list(scratch.iterdir()) == []  # the request's folder is gone
    assert not (tmp_path / "escaped.xlsx").exists()
    assert str(scratch) not in page.text


def test_errors_name_the_uploaded_file_never_a_server_path(client: httpx.Client, tmp_path: Path) -> None:
    page = _post(client, [("extracts", encrypted_workbook(tmp_path))])
    errors = re.findall(r'<li class="error">(.*?)</li>', page.text, re.S)
    assert len(errors) == 1
    assert errors[0].startswith("<strong>protected.xlsx</strong>: ")
    assert "password" in errors[0]
    assert "scorecard-web-" not in page.text and tempfile.gettempdir() not in page.text


def test_a_file_over_the_limit_is_refused_with_a_message() -> None:
    with (
        live_server(limits=Limits(file_bytes=10_000), pdf=False) as server,
        httpx.Client(base_url=server.url, headers=_from(server.url)) as small,
    ):
        page = _post(small, [("extracts", SAMPLE)])
    assert page.status_code == 422
    assert re.search(r"childrens_services_extract\.xlsx: [\d.]+ KB is over the 10 KB limit for one file", page.text)


def test_a_request_over_the_limit_is_refused_with_a_message_and_the_server_goes_on() -> None:
    limits = Limits(request_bytes=50_000, drain_bytes=10 * 2**20)
    with live_server(limits=limits, pdf=False) as server:
        files = [("extracts", (f"copy{i}.xlsx", SAMPLE.read_bytes(), XLSX)) for i in range(3)]
        fields = {"template": "childrens_services"}
        page = httpx.post(f"{server.url}/build", files=files, data=fields, headers=_from(server.url), timeout=30)
        assert page.status_code == 413
        assert "over the 49 KB limit for one request" in page.text
        assert httpx.get(server.url + "/", timeout=30).status_code == 200


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"period": "Sept"}, "report month &#39;Sept&#39;: expected YYYY-MM"),
        ({"period": "0000-01"}, "report month &#39;0000-01&#39;: expected YYYY-MM from 1900-01 to 9998-12"),
        ({"period": "9999-12"}, "report month &#39;9999-12&#39;: expected YYYY-MM from 1900-01 to 9998-12"),
        ({"template": "../templates/childrens_services"}, "choose one of the bundled templates"),
    ],
)
def test_bad_choices_are_messages(client: httpx.Client, fields: dict[str, str], message: str) -> None:
    page = _post(client, [("extracts", SAMPLE)], **fields)
    assert page.status_code == 422
    assert message in page.text


def test_no_extract_chosen_is_a_message(client: httpx.Client) -> None:
    page = client.post("/build", files=[("extracts", ("", b"", "application/octet-stream"))], data={"mode": "build"})
    assert page.status_code == 422
    assert "choose at least one extract" in page.text


def test_a_post_from_another_site_is_refused(client: httpx.Client) -> None:
    page = client.post("/build", headers={"Origin": "http://evil.example"}, data={"mode": "build"})
    assert page.status_code == 403
    assert "a page of another site cannot build here" in page.text
    token = _form_token(client)  # even with the page's token: another site's Origin is never taken
    files = [("extracts", (SAMPLE.name, SAMPLE.read_bytes(), XLSX))]
    fields = {"template": "childrens_services", "mode": "build", "form_token": token}
    evil = client.post("/build", headers={"Origin": "http://evil.example"}, files=files, data=fields)
    assert evil.status_code == 403
    assert 'id="appendix"' not in evil.text


@pytest.mark.parametrize("origin", ["null", None], ids=["null-origin", "no-origin"])
@pytest.mark.parametrize(
    ("token", "status"), [("good", 200), (None, 403), ("wrong", 403), ("", 403)], ids=["good", "none", "wrong", "empty"]
)
def test_a_post_without_an_origin_needs_the_pages_form_token(
    client: httpx.Client, origin: str | None, token: str | None, status: int
) -> None:
    """A form sent by the page with `Referrer-Policy: no-referrer`, from a sandboxed frame or by an older browser
    says `Origin: null` or nothing; so can another site's page. Only the page's own token tells them apart."""
    fields = {"template": "childrens_services", "mode": "build"}
    if token is not None:
        fields["form_token"] = _form_token(client) if token == "good" else token
    files = [("extracts", (SAMPLE.name, SAMPLE.read_bytes(), XLSX))]
    headers = {k: v for k, v in client.headers.items() if k.lower() != "origin"}
    with httpx.Client(base_url=client.base_url, timeout=60, headers=headers) as bare:
        page = bare.post("/build", files=files, data=fields, headers={"Origin": origin} if origin else {})
    assert page.status_code == status
    assert ('id="appendix"' in page.text) == (status == 200)
    if status == 403:
        assert "a page of another site cannot build here" in page.text


def test_the_form_token_is_new_each_time_the_server_starts() -> None:
    tokens = set()
    for _ in range(2):
        with live_server(pdf=False) as server, httpx.Client(base_url=server.url) as http:
            tokens.add(_form_token(http))
    assert len(tokens) == 2


def test_an_unknown_host_name_is_refused(client: httpx.Client) -> None:
    """DNS rebinding: a page of another site that resolves its own name to 127.0.0.1 gets nothing."""
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost"}).status_code == 200


@pytest.mark.parametrize("host", ["::1", "127.0.0.2", "localhost"])
def test_a_loopback_page_answers_at_the_address_it_prints(host: str) -> None:
    """`serve --host ::1` prints http://[::1]:8750/; a browser there sends `Host: [::1]:8750`, which was refused
    (400) as `127.0.0.2:8750` was; a foreign name still is."""
    names = host_names(host)
    with live_server(pdf=False, allowed_hosts=names) as server, httpx.Client(base_url=server.url) as http:
        shown = url_for(host, 8750).removeprefix("http://").rstrip("/")
        assert http.get("/", headers={"Host": shown}).status_code == 200
        assert http.get("/", headers={"Host": "attacker.example:8750"}).status_code == 400


def test_two_builds_at_once_each_get_their_own_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both requests are held until both have saved their uploads and are about to start their worker processes
    (a barrier), so the two builds truly run at the same time."""
    barrier = threading.Barrier(2, timeout=20)
    real_start = jobs.start_worker

    def start_together(*args: Any, **kwargs: Any) -> Any:
        barrier.wait()
        return real_start(*args, **kwargs)

    monkeypatch.setattr(jobs, "start_worker", start_together)
    messy = messy_extract(tmp_path)
    asks = {"sample-jun": ([SAMPLE], "2016-06"), "messy": ([messy], "")}
    got: dict[str, bytes] = {}
    failures: list[BaseException] = []

    with live_server(pdf=False) as server:

        def post(key: str) -> None:
            try:
                paths, period = asks[key]
                files = [("extracts", (p.name, p.read_bytes(), XLSX)) for p in paths]
                data = {"template": "childrens_services", "mode": "build", "period": period}
                page = httpx.post(f"{server.url}/build", files=files, data=data, headers=_from(server.url), timeout=60)
                got[key] = _download(page.text)
            except BaseException as exc:  # reported below, in the test's own thread
                failures.append(exc)

        threads = [threading.Thread(target=post, args=(key,)) for key in asks]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    assert not failures, failures
    assert got["sample-jun"] == _cli_build(tmp_path, SAMPLE.name, "--period", "2016-06", cwd=SAMPLE.parent)
    assert got["messy"] == _cli_build(tmp_path, messy.name, cwd=tmp_path)
    assert got["sample-jun"] != got["messy"]


def test_import_scorecard_xl_and_build_load_no_web_framework(tmp_path: Path) -> None:
    code = (
        "import sys, scorecard_xl\n"
        "from scorecard_xl.cli import main\n"
        f"assert main(['build', {str(SAMPLE)!r}, '-o', {str(tmp_path / 'o.xlsx')!r}]) == 0\n"
        "web = ('starlette', 'uvicorn', 'jinja2', 'multipart', 'python_multipart', 'anyio', 'scorecard_xl.web')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in web or m.startswith('scorecard_xl.web')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"


def test_serve_listens_on_loopback_answers_and_stops_on_ctrl_c() -> None:
    command = [sys.executable, "-m", "scorecard_xl", "serve", "--port", "0", "--no-browser"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:
            line = first_stderr_line(proc, timeout=20)
            found = re.search(r"the drop-in page is at (http://127\.0\.0\.1:(\d+)/)", line)
            assert found, line
            assert httpx.get(found.group(1), timeout=20).status_code == 200
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=20) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(5)


def test_serve_on_a_port_in_use_is_one_error_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code, _, err = run_cli(["serve", "--port", str(port), "--no-browser"])
    assert code == 2
    assert err.startswith(f"error: cannot listen on 127.0.0.1:{port}")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("host", "warns"),
    [("127.0.0.1", False), ("localhost", False), ("::1", False), ("127.0.0.2", False), ("0.0.0.0", True),
     ("192.168.1.20", True), ("pc.example", True)],
)  # fmt: skip
def test_only_a_non_loopback_host_is_warned_about(host: str, warns: bool) -> None:
    warning = exposure_warning(host)
    assert (warning is not None) == warns
    if warning:
        assert warning.startswith(f"warning: serving on {host}: anyone who can reach this address can use")


def test_page_address() -> None:
    assert url_for("127.0.0.1", 8750) == "http://127.0.0.1:8750/"
    assert url_for("::1", 8750) == "http://[::1]:8750/"


def test_serve_is_in_the_help_with_its_options() -> None:
    from scorecard_xl.cli import _parser

    parser = _parser()
    assert "serve" in parser.format_help()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    help_text = commands.choices["serve"].format_help()
    for option in ("--port", "--host", "--no-browser"):
        assert option in help_text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "scorecard-xl serve [--port 8750] [--host 127.0.0.1] [--no-browser]" in readme
    assert "![The drop-in page after building the sample](docs/drop_in_page.png)" in readme
    assert (ROOT / "docs" / "drop_in_page.png").stat().st_size > 10_000


def test_the_bundled_council_builds_the_pack_as_the_command_line_does(client: httpx.Client, tmp_path: Path) -> None:
    adults = SAMPLE.parent / "adult_social_care_extract.xlsx"
    page = _post(client, [("extracts", SAMPLE), ("extracts", adults)], template="council")
    assert page.status_code == 200
    assert page.text.count('class="measure') >= 61  # both portfolios' measures in the preview
    got = _download(page.text)
    assert got == _cli_build(tmp_path, SAMPLE.name, adults.name, "--template", "council", cwd=SAMPLE.parent)
    sheets = openpyxl.load_workbook(io.BytesIO(got)).sheetnames
    assert sheets[0] == "Council summary" and "Exceptions" in sheets


def test_the_area_chosen_on_the_page_picks_the_councils_rows(client: httpx.Client, tmp_path: Path) -> None:
    """Published open data holds many areas: the page's area field does what `--area` does."""
    data = tmp_path / "claimants.csv"
    rows = ["area_name,period,indicator,value"] + [
        f"{area},Sep 2016,CS13,{value}" for area, value in (("Trafford", 1241), ("England", 99000), ("Bury", 800))
    ]
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    without = _post(client, [("extracts", data)], mode="check")
    assert "3 areas" in without.text or "holds 3 areas" in without.text  # several areas and no area: one error
    page = _post(client, [("extracts", data)], area="Trafford")
    assert page.status_code == 200
    got = _download(page.text)
    assert got == _cli_build(tmp_path, data.name, "--area", "Trafford", cwd=tmp_path)
    cells = [c.value for row in openpyxl.load_workbook(io.BytesIO(got))["Data"].iter_rows() for c in row]
    assert 1241 in cells and 99000 not in cells


def test_the_preview_shows_statistical_symbols_as_the_workbook_does(client: httpx.Client, tmp_path: Path) -> None:
    """`x` (not available) and `c` (confidential) print as published in the preview, as in the workbook's cells."""
    data = tmp_path / "symbols.csv"
    data.write_text("Measure,Month,Value\nCS01,Sep 2016,x\nCS02,Sep 2016,c\nCS13,Sep 2016,1241\n", encoding="utf-8")
    page = _post(client, [("extracts", data)])
    assert page.status_code == 200
    cells = {
        c.value
        for row in openpyxl.load_workbook(io.BytesIO(_download(page.text)))["Appendix 1"].iter_rows()
        for c in row
    }
    assert {"x", "c"} <= cells
    assert '<td class="num figure">x</td>' in page.text and '<td class="num figure">c</td>' in page.text
