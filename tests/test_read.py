"""Reading a plan: every common encoding and a saved portal page give the same records; bad input, one clear error."""

from __future__ import annotations

import codecs
import html
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import SourceError
from kg.model import Plan
from kg.text.parse import extract
from kg.text.read import decode_bytes, html_to_text, read_source
from kg.resources import default_corpus_file

SEED_BYTES = default_corpus_file().read_bytes()
SEED_TEXT = SEED_BYTES.decode("utf-8")


def records(plan_dict: dict) -> dict:
    """A plan's records without what depends on the file itself (its path, bytes and encoding)."""
    data = dict(plan_dict)
    data.pop("source")
    return data


@pytest.fixture(scope="module")
def seed_records(seed_plan: Plan) -> dict:
    return records(seed_plan.to_dict())


ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 with BOM": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "gb18030": lambda text: text.encode("gb18030"),
    "utf-16 with BOM": lambda text: text.encode("utf-16"),
    "utf-16-le without BOM": lambda text: text.encode("utf-16-le"),
    "utf-16-be without BOM": lambda text: text.encode("utf-16-be"),
    "utf-8, Windows line ends": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
}


@pytest.mark.parametrize("name", list(ENCODINGS))
def test_every_encoding_gives_identical_records(name: str, seed_records: dict, tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(ENCODINGS[name](SEED_TEXT))
    source = read_source(path)
    assert source.text == SEED_TEXT
    assert source.media_type == "text/plain"
    assert source.script == "Hant"
    assert records(extract(source).to_dict()) == seed_records


def test_encoding_names_are_reported() -> None:
    assert decode_bytes(SEED_TEXT.encode("gb18030")).encoding == "gb18030"
    assert decode_bytes(codecs.BOM_UTF8 + SEED_BYTES).encoding == "utf-8-sig"
    assert decode_bytes(SEED_TEXT.encode("utf-16-le")).encoding == "utf-16-le"
    assert decode_bytes(SEED_TEXT.encode("utf-16-be")).encoding == "utf-16-be"


def test_gbk_text_in_simplified_script_is_read() -> None:
    # the seed's opening, in simplified script, as GBK bytes (GBK is read as GB18030, its superset)
    line = "锡林浩特市人民政府办公室关于印发《锡林浩特市 2022 年政务服务重点工作实施方案》的通知"
    source = read_source(data=line.encode("gbk"))
    assert source.text == line
    assert source.script == "Hans"


def portal_page(text: str) -> str:
    """The seed as a government portal would show it: chrome around an article of one <p> per line."""
    paragraphs = "\n".join(f"      <p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
    return f"""<!DOCTYPE html>
<html lang="zh-Hant"><head><meta charset="gbk"><title>錫林浩特市人民政府</title>
<script>var _hmt = _hmt || []; document.write("統計");</script><style>p {{ margin: 0 }}</style></head>
<body>
  <header class="site-head"><a href="/">錫林浩特市人民政府</a><form><input name="q"><button>搜索</button></form></header>
  <nav class="main-nav"><ul><li><a>首頁</a></li><li><a>政務公開</a></li><li><a>政務服務</a></li></ul></nav>
  <div class="breadcrumb">當前位置：首頁 &gt; 政務公開 &gt; 政府文件</div>
  <div class="content"><article>
{paragraphs}
  </article></div>
  <div class="share-bar">分享到：微信 微博</div>
  <footer><p>主辦單位：錫林浩特市人民政府辦公室</p><p>蒙ICP備00000000號</p></footer>
  <script src="/js/app.js"></script>
</body></html>"""


def test_saved_portal_page_gives_the_same_tasks(seed_records: dict, tmp_path: Path) -> None:
    path = tmp_path / "plan.html"
    path.write_bytes(portal_page(SEED_TEXT).encode("gb18030"))
    source = read_source(path)
    assert source.media_type == "text/html"
    for chrome in ("首頁", "當前位置", "分享到", "ICP", "統計", "搜索"):
        assert chrome not in source.text
    plan = extract(source)
    assert records(plan.to_dict())["tasks"] == seed_records["tasks"]
    assert len(plan.tasks) == 47


def test_portal_page_with_a_catalogue_table() -> None:
    # tests/fixtures/portal-catalogue-table.html: "键：" and value in two table cells
    plan = extract(Path(__file__).parent / "fixtures" / "portal-catalogue-table.html")
    document = plan.document
    assert plan.id == "11152502MB1234567X-2023-00045"
    assert (document.category, document.issuer, document.date) == ("综合政务", "锡林浩特市人民政府办公室", "2023-04-10")
    assert document.document_number == "锡政办发〔2023〕12号" and document.validity == "有效"
    assert document.plan_title == "锡林浩特市2023年政务公开工作要点"
    assert document.addressees == ["各苏木镇人民政府", "街道办事处", "市直各有关部门"]
    assert [task.lead + task.responsible for task in plan.tasks] == [
        ["市政府办公室", "市直各有关部门"],
        ["市政务服务局"],
    ]
    assert "当前位置" not in plan.source.text and "分享到" not in plan.source.text
    assert plan.warnings == []


def test_html_is_recognised_by_content_without_a_suffix() -> None:
    source = read_source("download", data=portal_page(SEED_TEXT).encode("utf-8"))
    assert source.media_type == "text/html"


def test_block_elements_become_lines_and_markup_is_text() -> None:
    page = "<html><body><div><p>一、總體要求</p><p>1.制定&lt;清單&gt;<br>第二行</p></div></body></html>"
    assert html_to_text(page) == "一、總體要求\n1.制定<清單>\n第二行"


def test_a_data_table_row_is_one_line_and_a_layout_table_is_read_block_by_block() -> None:
    page = (
        "<html><body><table>"
        "<tr><th>序号</th><th>具体措施</th><th>牵头单位</th></tr>"
        "<tr><td>1</td><td><p>推进<b>一网通办</b>。</p></td><td>市行政审批局<br>市司法局</td></tr>"
        "</table><table><tr><td><p>一、总体要求</p><p>1.正文在一格里。</p></td></tr></table></body></html>"
    )
    assert html_to_text(page) == (
        "序号 | 具体措施 | 牵头单位\n1 | 推进一网通办。 | 市行政审批局 市司法局\n一、总体要求\n1.正文在一格里。"
    )


def test_portal_page_with_a_task_table() -> None:
    # tests/fixtures/portal-task-table.html: 序号 and 重点任务 span two rows; two leads apart by <br>
    plan = extract(Path(__file__).parent / "fixtures" / "portal-task-table.html")
    assert plan.document.plan_title == "渭南市2023年政务服务提质增效工作分工方案"
    assert [(section.path, section.ordinal, section.title) for section in plan.sections] == [
        ("1", "1", "推进政务服务标准化"),
        ("2", "2", "提升“一网通办”水平"),
    ]
    assert [(task.path, task.lead, task.responsible) for task in plan.tasks] == [
        ("1", ["市行政审批局", "市司法局"], ["市级有关部门"]),
        ("1", ["市行政审批局"], ["市级有关部门"]),
        ("2", ["市大数据局"], ["各县市区政府"]),
    ]
    assert plan.tasks[0].text.startswith("（1）6月底前完成市级政务服务事项实施清单编制。 | ")
    assert [deadline.date for deadline in plan.tasks[2].deadlines] == ["2023-12-31", "2023-12-31"]
    assert plan.warnings == []


def test_text_with_angle_brackets_is_not_mistaken_for_html() -> None:
    # line 21 of the seed cites a title in <…>
    line = "《中共錫林郭勒盟委員會辦公室錫林郭勒盟行政公署辦公室關于印發<錫林郭勒盟 2022 年政務服務重點工作實施方案>的通知》"
    assert read_source(data=line.encode("utf-8")).media_type == "text/plain"


BAD_INPUTS = {
    "empty": (b"", "is empty"),
    "blank": (b" \n\r\n\t ", "is empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    "undecodable": (b"\x81\x20" * 64, "no encoding"),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_gives_one_line_source_error(name: str, tmp_path: Path) -> None:
    data, words = BAD_INPUTS[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    with pytest.raises(SourceError, match=words) as caught:
        read_source(path)
    assert "\n" not in str(caught.value)


def test_missing_path_and_directory(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        read_source(tmp_path / "missing.txt")
    with pytest.raises(SourceError, match="is a folder"):
        read_source(tmp_path)


@pytest.mark.parametrize("name", ["empty", "binary", "undecodable", "missing", "folder", "no tasks"])
def test_cli_reports_bad_input_in_one_line_without_traceback(name: str, tmp_path: Path) -> None:
    path = tmp_path / "input.txt"
    if name in BAD_INPUTS:
        path.write_bytes(BAD_INPUTS[name][0])
    elif name == "folder":
        path = tmp_path
    elif name == "no tasks":
        path.write_text("經市政府同意,現將《錫林浩特市2022 年政務服務重點工作實施方案》印發給你們,請認真抓好貫徹落實。", "utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ")
