"""Regression: the graph stage guessed a plan's jurisdiction from its title with a pattern of its own
(authority.place_in_title); the header reader decides it and the record carries it."""

from __future__ import annotations

import kg.graph.authority as authority
from kg.text.parse import extract
from kg.text.read import read_source


def test_a_title_that_names_no_government_still_gives_the_jurisdiction_in_the_record() -> None:
    text = "罗湖区支持数字经济发展若干措施\n1.建设算力平台。（责任单位：区科技局）\n"
    plan = extract(read_source("plan.txt", data=text.encode("utf-8")))
    assert plan.document.jurisdiction == "罗湖区"
    assert not hasattr(authority, "place_in_title")  # the graph reads the record, never the title

