"""Template files (SPEC §2, §4, §8): only regular files are read, and no more than the size limit, whether named by
--template, found in a template folder or named by council.yaml; a pipe or a device is one clear error (exit 2),
never a hang or a read without end. Each case runs the command line in a child process with a time and memory cap,
so a regression fails the test instead of stopping the suite."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scorecard_xl.errors import TemplateError
from scorecard_xl.template import load_council_or_template
from scorecard_xl.template.loading import MAX_TEMPLATE_BYTES

from .conftest import ROOT, SAMPLE

TEMPLATE = ROOT / "templates" / "childrens_services.yaml"
DEVICE = Path("/dev/zero")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
needs_device = pytest.mark.skipif(not DEVICE.exists(), reason="no /dev/zero here")


# the child caps its own memory (where it can), so a read without end fails fast instead of filling the machine
CHILD = """
import sys
try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))
except (ImportError, ValueError, OSError):
    pass
from scorecard_xl.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _validate(template: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CHILD, "validate", str(SAMPLE), "--template", str(template)],
        capture_output=True,
        text=True,
        timeout=30,
    )


def _refused(template: Path, names: Path) -> None:
    try:
        done = _validate(template)
    except subprocess.TimeoutExpired:
        pytest.fail(f"--template {template} hung")
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert f"error: {names}: is not a regular file" in done.stderr, done.stderr


@needs_fifo
def test_a_fifo_template_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    _refused(fifo, fifo)


@needs_device
def test_a_device_template_is_refused_not_read_without_end():
    _refused(DEVICE, DEVICE)


@needs_device
def test_a_folder_template_linked_to_a_device_is_refused(tmp_path):
    folder = tmp_path / "portfolios"
    folder.mkdir()
    shutil.copy(TEMPLATE, folder / "a.yaml")
    (folder / "zz.yaml").symlink_to(DEVICE)
    _refused(folder, folder / "zz.yaml")


@needs_fifo
def test_a_council_portfolio_that_is_a_fifo_is_refused(tmp_path):
    shutil.copy(TEMPLATE, tmp_path / "a.yaml")
    os.mkfifo(tmp_path / "b.yaml")
    council = tmp_path / "council.yaml"
    council.write_text("council: Test\nportfolios:\n  - a.yaml\n  - b.yaml\n", encoding="utf-8")
    _refused(council, tmp_path / "b.yaml")


def test_a_template_over_the_limit_is_refused(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(TEMPLATE.read_bytes() + b"#" * MAX_TEMPLATE_BYTES + b"\n")
    with pytest.raises(TemplateError, match=r"over 1,048,576 bytes"):
        load_council_or_template(big)


def test_a_template_at_the_limit_is_read(tmp_path):
    text = TEMPLATE.read_bytes()
    exact = tmp_path / "exact.yaml"
    exact.write_bytes(text + b"#" * (MAX_TEMPLATE_BYTES - len(text) - 1) + b"\n")
    assert exact.stat().st_size == MAX_TEMPLATE_BYTES
    assert len(load_council_or_template(exact).measures) == 37
