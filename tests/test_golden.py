"""The golden test: the bundled sample builds into the published September 2016 Appendix 1, field by field."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import SEED_JSON
from .support.readback import read_appendix

VARIANTS = {"↔": "→", "↘": "↓"}


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


def _rag_word(cell: str | None) -> str | None:
    return cell.split(" ")[-1] if cell else None


@pytest.fixture(scope="module")
def seed() -> dict:
    return json.loads(SEED_JSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def shown(sample_build):
    return read_appendix(sample_build.path)


def _seed_rows(seed: dict) -> list[tuple[str, dict]]:
    rows = []
    for outcome in seed["outcomes"]:
        rows.append(("Outcome", outcome))
        for theme in outcome["themes"]:
            rows.append(("Theme", theme))
            rows.extend(("Measure", m) for m in theme["measures"])
    return rows


def test_title_and_portfolio(shown, seed):
    wb, _, _ = shown
    ws = wb["Appendix 1"]
    assert ws["A1"].value == seed["title"]
    assert ws["A2"].value == seed["portfolio"]


def test_same_rows_in_same_order(shown, seed):
    _, _, rows = shown
    expected = [(kind, item.get("name") or item.get("title")) for kind, item in _seed_rows(seed)]
    got = [(r.kind, r.cells["Measure"]) for r in rows]
    assert got == expected


def test_outcome_and_theme_rags(shown, seed):
    _, _, rows = shown
    for row, (kind, item) in zip(rows, _seed_rows(seed), strict=True):
        if kind == "Measure":
            continue
        expected = item["rag"] if item["rag"] is not None else "None"
        assert _rag_word(row.cells["Latest performance (RAG)"]) == expected, item["name"]


def test_every_measure_field(shown, seed):
    _, _, rows = shown
    checked = 0
    for row, (kind, m) in zip(rows, _seed_rows(seed), strict=True):
        if kind != "Measure":
            continue
        cells = row.cells
        assert cells["No."] == m["number"]
        assert cells["Measure"] == m["title"]
        assert (cells["Good to be"] or None) == m["good_to_be"], m["number"]
        assert cells["Data period"] == m["data_period"], m["number"]
        assert _rag_word(cells["Latest performance (RAG)"]) == m["rag"], m["number"]
        assert _words(cells["Benchmarks"]) == _words(m["benchmarks"]), m["number"]
        assert (cells["Narrative"] or None) == m["narrative"], m["number"]
        target = cells["Target"]
        if m["target"] is None:
            assert target is None
        elif m["target"] == "Monitor":
            assert target == "Monitor"
        else:
            assert isinstance(target, (int, float)), "targets are numbers"
        for label, expected in m["values"].items():
            figure = row.figures[label]
            if expected is None:
                assert figure.value is None, (m["number"], label)
                continue
            assert isinstance(figure.value, (int, float)), (m["number"], label, "figures are numbers")
            assert figure.text.replace(",", "") == expected["text"], (m["number"], label)
            arrow = VARIANTS.get(expected["arrow"], expected["arrow"])
            assert figure.arrow == arrow, (m["number"], label)
            checked += 1
    assert checked == 103  # every seed figure was compared


def test_targets_show_as_published(shown, seed):
    wb, headers, rows = shown
    ws = wb["Appendix 1"]
    col = headers.index("Target") + 1
    compared = 0
    for kind, m in _seed_rows(seed):
        if kind != "Measure" or m["target"] in (None, "Monitor"):
            continue
        row = next(r for r in rows if r.kind == "Measure" and r.cells["No."] == m["number"])
        cell = ws.cell(row.row, col)
        decimals = len(cell.number_format.split(".")[1].rstrip("%")) if "." in cell.number_format else 0
        assert f"{cell.value * 100:.{decimals}f}%" == m["target"], m["number"]
        compared += 1
    assert compared == 17


def test_column_headers_are_the_seed_months(shown, seed):
    _, headers, _ = shown
    months = [h for h in headers if h and re.fullmatch(r"[A-Z][a-z]{2} \d{4}", h)]
    assert months == list(seed["outcomes"][0]["themes"][0]["measures"][0]["values"].keys())


def test_sample_builds_without_warnings(sample_build):
    assert sample_build.warnings == ()
