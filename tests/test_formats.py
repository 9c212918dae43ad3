"""Output formats: every renderer keeps rows and columns; the terminal table stays readable."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from kg.sparql.formats import RENDERERS, TABLE_CELL_WIDTH, display_width, render

# task 21 of the seed, as a query returns it
ROWS = [
    {
        "task": 21,
        "text": "21.按照國家標準將存量證照、新增證照電子化,納入自治區電子證照庫統一制作、匯聚和發放,2022 年底前全面實現涉企證照電子化。",
        "lead": ["政務服務局", "智慧城市指揮中心"],
        "task_iri": "https://w3id.org/plankg/plan/01166760-1-2022-00759/task/21",
    }
]


def test_json_keeps_every_column_and_value_type() -> None:
    (row,) = json.loads(render(ROWS, "json"))
    assert row == ROWS[0]


def test_csv_keeps_iri_columns_and_joins_lists() -> None:
    (row,) = csv.DictReader(io.StringIO(render(ROWS, "csv")))
    assert row["task_iri"].endswith("/task/21")
    assert row["lead"] == "政務服務局, 智慧城市指揮中心"


def test_markdown_escapes_pipes() -> None:
    out = render([{"name": "a|b"}], "md")
    assert "a\\|b" in out


def test_markdown_shows_markup_in_document_text_as_text() -> None:
    out = render([{"text": '推进<script>alert(1)</script>和<img src=x onerror=alert(2)>建设'}], "md")
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_terminal_table_hides_iris_and_shortens_long_text() -> None:
    lines = render(ROWS, "table").splitlines()
    assert lines[0].split() == ["task", "text", "lead"]
    assert "https://" not in "\n".join(lines)
    text_cell = re.split(r" {2,}", lines[2])[1]
    assert text_cell.endswith("…") and display_width(text_cell) <= TABLE_CELL_WIDTH


def test_table_of_only_iris_keeps_them() -> None:
    out = render([{"task_iri": "https://w3id.org/plankg/x"}], "table")
    assert "https://w3id.org/plankg/x" in out


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_no_rows_still_renders(fmt: str) -> None:
    assert render([], fmt, columns=["task"]).strip()


def test_unknown_format_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render(ROWS, "xml")
