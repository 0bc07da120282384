"""Shared fixtures: paths inside the repository and the sample built once per test session; hypothesis profiles.

Hypothesis runs under the `ci` profile when the environment sets CI (derandomized: the same examples on every
run, so a red build is the code's fault, not the dice's) and under `dev` otherwise (random, more examples).
Choose one by hand with `pytest --hypothesis-profile=dev`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import scorecard_xl

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_workbooks" / "childrens_services_extract.xlsx"
TEMPLATE = ROOT / "templates" / "childrens_services.yaml"
SEED_JSON = Path(__file__).resolve().parent / "appendix1_childrens_services_2016-09.json"

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("ci", derandomize=True, deadline=None, suppress_health_check=_SLOW, print_blob=True)
settings.register_profile("dev", deadline=None, suppress_health_check=_SLOW, max_examples=150)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> scorecard_xl.BuildResult:
    """The bundled sample built for September 2016 with the bundled template."""
    out = tmp_path_factory.mktemp("golden") / "appendix1.xlsx"
    return scorecard_xl.build([SAMPLE], period="2016-09", output=out)
