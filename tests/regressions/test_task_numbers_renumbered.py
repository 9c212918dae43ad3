"""Regression: written task numbers were replaced by a running count (1. 2. 2. 3. 1000. came out as 1–5),
and two notes inside one item could not both become tasks with IRIs of their own."""

from __future__ import annotations

from kg.graph.iri import Minter
from kg.text.parse import extract
from kg.text.read import read_source


def test_written_numbers_and_notes_inside_one_item_get_distinct_task_iris() -> None:
    text = (
        "1.推进数据共享。（牵头单位：市数据局）\n"
        "2.建设平台（市数据局负责）。完善制度（市司法局负责）。\n"
        "2.开展培训。（牵头单位：市人社局）\n"
        "1000.加强督查。（牵头单位：市政府办）\n"
    )
    plan = extract(read_source("plan.txt", data=text.encode("utf-8")))
    assert [task.notation for task in plan.tasks] == ["1", "2.1", "2.2", "2-2", "1000"]
    iris = [Minter("https://example.org/").task(plan.id, task.notation) for task in plan.tasks]
    assert len(set(iris)) == len(iris) and iris[-1].endswith("/task/1000")
