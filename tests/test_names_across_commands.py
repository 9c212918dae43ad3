"""One department, one name per language, in every command: query, analyze and viz agree.

The seed writes 發改委, 工信局, 住建局, 衛健委, 民委 in its annotations
("2.…(牽頭部門:發改委、政務服務局;…)", "3.…(牽頭部門:政務服務局、工信局、自然資源局;責任部門:…住建局等)");
`plankg query` and `plankg analyze` print the canonical names of the authority file
(發展和改革委員會 …). The network pages and the workload chart print the same names; the
short forms stay in the tooltip and in what the search box finds.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import kg
from kg.analysis.report import analyze
from viz.data import load_view_data
from viz.rendering import render_data
from viz.views import responsibility_view

LANGS = ["zh-Hant", "zh-Hans", "en"]


@pytest.fixture(scope="module")
def data(seed_store):
    return load_view_data(seed_store)


def query_names(store: Any, lang: str) -> set[str]:
    return {row["department"] for row in kg.query("department-load", params={}, store=store, lang=lang)}


@pytest.mark.parametrize("lang", LANGS)
def test_the_network_page_names_departments_as_query_and_analyze_do(seed_store, data, lang: str) -> None:
    view = responsibility_view(data, lang=lang)
    on_page = {node["label"] for node in view.nodes if node["group"] == "department"}
    assert on_page == query_names(seed_store, lang)
    assert {row["department"] for row in analyze(store=seed_store, lang=lang)["workload"]} <= on_page


def test_the_short_forms_stay_findable(data) -> None:
    view = responsibility_view(data, lang="zh-Hant")
    node = next(node for node in view.nodes if node.get("label") == "發展和改革委員會")
    assert "發改委" in dict(node["tip"]["rows"])["簡稱"]
    assert "发改委" in node["search"].split()


def test_the_workload_chart_names_departments_as_analyze_does(data, tmp_path: Path) -> None:
    from viz.chart import find_cjk_font

    if find_cjk_font() is None:
        pytest.skip("no CJK font installed (make browser installs fonts-noto-cjk)")
    svg = render_data("workload-chart", data, out=tmp_path / "w.svg", lang="zh-Hant").read_text(encoding="utf-8")
    names = re.findall(r"<!-- (.+?) -->", svg)
    assert "發展和改革委員會" in names and "工業和信息化局" in names
    assert "發改委" not in names and "工信局" not in names
