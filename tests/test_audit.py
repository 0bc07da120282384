"""Every kind of workbook the tool writes passes `openxml-audit -f microsoft365 --policy strict` with no findings.

The audit stands in for "opens in Excel without a repair prompt"; the last test shows it does find a fault.
"""

from __future__ import annotations

import zipfile

import scorecard_xl

from .conftest import SAMPLE
from .pack_helpers import audit


def test_appendix_workbook_has_no_findings(sample_build):
    assert audit(sample_build.path) == []


def test_new_extract_workbook_has_no_findings(tmp_path):
    out = scorecard_xl.new_extract("2016-10", tmp_path / "kpis_2016-10.xlsx", previous=[SAMPLE])
    assert audit(out) == []


def test_the_audit_finds_a_broken_chart(sample_build, tmp_path):
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(sample_build.path) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/charts/chart1.xml":
                data = data.replace(b"<c:plotArea>", b"<c:bogus/><c:plotArea>", 1)
            target.writestr(item, data)
    assert any("bogus" in finding for finding in audit(broken))


def test_council_pack_has_no_findings(tmp_path):
    adults = SAMPLE.with_name("adult_social_care_extract.xlsx")
    result = scorecard_xl.build([SAMPLE, adults], template="council", period="2016-09", output=tmp_path / "pack.xlsx")
    assert audit(result.path) == []


def test_council_new_extract_has_no_findings(tmp_path):
    out = scorecard_xl.new_extract("2016-10", tmp_path / "council_2016-10.xlsx", template="council")
    assert audit(out) == []
