"""Task tables flattened to text: one row a line, its cells apart.

Division plans (分工方案) often print their tasks as a table whose header names
the responsibility columns::

    序号 | 部署任务 | 落实措施 | 牵头单位 | 责任单位 | 完成时限 | 备注 |
    (1)全面准确编制…清单。 | 市行政审批局市司法局 | 市级相关单位,各区县政府 | 2022年9月底 | |

Cells are apart by ``|`` or a tab (a browser's copy of a table, or a page
read by :func:`kg.text.read.html_to_text`). A row may hold fewer cells than the
header when the cells on its left span several rows, so cells are matched to
columns from the right. The column just left of the first responsibility
column holds the task.

A second form prints a short table with spaces only (``序号 工作任务
牵头负责部门`` then ``1 居民消费价格涨幅3%左右 发展改革委``): the first word is
the row's number, the last its department.

A cell that lost its line break may run two names together
(``市行政审批局市司法局``): :func:`split_run_together` parts them where one
name ends like an office and the next begins with a level of government.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.model import Role
from kg.normalize import matching_copy

__all__ = ["TableLayout", "cell_spans", "is_rule_row", "read_header", "spaced_row", "split_run_together"]

_SEPARATOR = re.compile(r"[|｜\t]")
_RULE_CELL = re.compile(r"^:?-{2,}:?$")  # a Markdown table's |---|---| line
_LEAD_COLUMN = re.compile(r"^(?:牵头|主办|主责)(?:负责)?(?:部门单位|部门|单位|处室|科室)$")
_RESPONSIBLE_COLUMN = re.compile(r"^(?:责任|配合|参与|协办|协同|协助|承办)(?:部门单位|部门|单位|处室|科室|主体)$")
_NUMBER_COLUMN = re.compile(r"^(?:序号|编号)$")
_SPACED_HEADER = re.compile(r"^(?:序号|编号)\s+\S.*?\s+(?P<role>\S+)$")
_SPACED_ROW = re.compile(r"^(?P<number>\d{1,3})\s+(?P<task>\S.*?)\s+(?P<units>\S+)$")

# where two names run together: an office's ending, then a level of government
_NAME_END = r"(?:局|委|厅|办|部|署|中心|政府|管委会|办公室|公司|集团)"
_NAME_START = r"(?:市|省|区|县|旗|盟|州|自治区|国家)"
_RUN_TOGETHER = re.compile(rf"{_NAME_END}(?={_NAME_START})")
_OFFICE_END = re.compile(rf"{_NAME_END}$")


@dataclass(frozen=True)
class TableLayout:
    """The columns a table header names."""

    columns: int  # how many
    roles: dict[int, Role] = field(default_factory=dict)  # column index -> role of the units in it
    number_column: int | None = None  # 序号
    spaced: bool = False  # cells apart by spaces only: number, task, units

    @property
    def task_column(self) -> int:
        return min(self.roles) - 1


def cell_spans(text: str) -> list[tuple[int, int]] | None:
    """(start, end) of each cell of a row, blanks stripped; None if the line has no cell separator.

    A separator at the very start or end of the line (``| a | b |``) opens or closes the row,
    it does not add an empty cell.
    """
    if not _SEPARATOR.search(text):
        return None
    stripped = text.rstrip()
    begin = len(text) - len(text.lstrip())
    if stripped.startswith(("|", "｜"), begin):
        begin += 1
    end = len(stripped)
    if end > begin and stripped[end - 1] in "|｜":
        end -= 1
    spans: list[tuple[int, int]] = []
    start = begin
    for match in _SEPARATOR.finditer(text, begin, end):
        spans.append(_trimmed(text, start, match.start()))
        start = match.end()
    spans.append(_trimmed(text, start, end))
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def is_rule_row(text: str, spans: list[tuple[int, int]]) -> bool:
    """``|---|:---:|``: the line under a Markdown header."""
    return all(_RULE_CELL.match(text[start:end]) for start, end in spans if end > start)


def read_header(text: str) -> TableLayout | None:
    """The layout a header row names, if it names at least one responsibility column."""
    key = matching_copy(text)
    spans = cell_spans(key)
    if spans is not None:
        names = [re.sub(r"\s+", "", key[start:end]) for start, end in spans]
        roles: dict[int, Role] = {}
        number_column = None
        for index, name in enumerate(names):
            if _LEAD_COLUMN.match(name):
                roles[index] = "lead"
            elif _RESPONSIBLE_COLUMN.match(name):
                roles[index] = "responsible"
            elif _NUMBER_COLUMN.match(name) and number_column is None:
                number_column = index
        if len(names) >= 3 and roles and min(roles) >= 1:
            return TableLayout(columns=len(names), roles=roles, number_column=number_column)
        return None
    spaced = _SPACED_HEADER.match(key.strip())
    if spaced:
        role = spaced.group("role")
        if _LEAD_COLUMN.match(role):
            return TableLayout(columns=3, roles={2: "lead"}, number_column=0, spaced=True)
        if _RESPONSIBLE_COLUMN.match(role):
            return TableLayout(columns=3, roles={2: "responsible"}, number_column=0, spaced=True)
    return None


def spaced_row(text: str) -> list[tuple[int, int]] | None:
    """The (number, task, units) cells of a row of a table apart by spaces only, or None."""
    stripped_start = len(text) - len(text.lstrip())
    match = _SPACED_ROW.match(text.strip())
    if not match:
        return None
    return [(stripped_start + match.start(name), stripped_start + match.end(name)) for name in ("number", "task", "units")]


def split_run_together(name: str) -> list[str]:
    """``市行政审批局市司法局`` or ``市行政审批局 市司法局`` → ``市行政审批局``, ``市司法局``.

    A cell's line break is lost when a table is flattened to text, or read as a space.

    Parted only where each part ends like an office, so ``市政府办公室`` or ``市委网信办`` stay whole.
    """
    words = name.split()
    if len(words) > 1 and all(_OFFICE_END.search(matching_copy(word)) for word in words):
        # 市行政审批局 市司法局: a cell's line break read as a space
        return [part for word in words for part in split_run_together(word)]
    key = matching_copy(name)
    cuts = [match.end() for match in _RUN_TOGETHER.finditer(key) if match.start() > 0]
    if not cuts:
        return [name]
    parts = [name[start:end] for start, end in zip([0, *cuts], [*cuts, len(name)], strict=True)]
    if all(len(part) >= 3 and _OFFICE_END.search(matching_copy(part)) for part in parts):
        return parts
    return [name]
