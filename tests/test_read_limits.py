"""Inputs that used to hang, crash or be misread: a FIFO, an endless device, a huge file, deep HTML, Big5,
names and text that are not valid Unicode. Each gets one line that says what to do, or is read right."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kg.errors import SourceError
from kg.model import Source
from kg.resources import default_corpus_file
from kg.text.parse import extract
from kg.text.read import MAX_SOURCE_BYTES, html_to_text, read_source

SEED = default_corpus_file().read_text("utf-8")


def one_line(error: BaseException) -> str:
    message = str(error)
    assert message and "\n" not in message
    message.encode("utf-8")  # printable: no lone surrogate reaches the terminal
    return message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []
    reader = threading.Thread(target=lambda: _record(outcome, read_source, fifo), daemon=True)
    reader.start()
    reader.join(10)
    if reader.is_alive():  # blocked in open(): let it go before failing
        os.close(os.open(fifo, os.O_WRONLY))
        pytest.fail("reading a FIFO blocked")
    assert isinstance(outcome[0], SourceError)
    assert "not a regular file" in one_line(outcome[0])


def _record(outcome: list[BaseException], call, *args) -> None:  # type: ignore[no-untyped-def]
    try:
        call(*args)
    except BaseException as error:  # noqa: BLE001 - the test inspects what came out
        outcome.append(error)


def test_an_endless_device_is_refused() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    with pytest.raises(SourceError, match="not a regular file"):
        read_source("/dev/zero")


def test_a_file_larger_than_the_cap_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(MAX_SOURCE_BYTES + 1)  # sparse: nothing written
    with pytest.raises(SourceError) as raised:
        read_source(huge)
    assert "larger than 32 MB" in one_line(raised.value)
    with pytest.raises(SourceError, match="larger than"):
        read_source("page.html", data=b" " * (MAX_SOURCE_BYTES + 1))


@pytest.mark.parametrize("tag", ["div", "span", "table><tr><td>甲</td><td"])
def test_html_nested_a_thousand_levels_reads_without_recursion_error(tag: str) -> None:
    close = "</td></tr></table>" if tag.startswith("table") else f"</{tag}>"
    depth = 3000
    html = "<html><body>" + f"<{tag}>" * depth + "1.推进数据共享。（牵头单位：市数据局）" + close * depth + "</body></html>"
    assert "1.推进数据共享。（牵头单位：市数据局）" in html_to_text(html)


def _in(encoding: str, line: str) -> bool:
    try:
        line.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def test_big5_is_read_as_big5_and_gbk_traditional_text_stays_gb18030() -> None:
    # the seed's lines that Big5 can hold (its garbled headings cannot be)
    text = "\n".join(line for line in SEED.split("\n") if _in("big5", line))
    expected = extract(read_source("plan.txt", data=text.encode("utf-8")))
    big5 = read_source("plan.txt", data=text.encode("big5"))
    assert big5.encoding in ("cp950", "big5hkscs") and big5.text == text
    plan = extract(big5)
    assert [(task.number, task.units) for task in plan.tasks] == [(task.number, task.units) for task in expected.tasks]
    assert len(plan.tasks) == 47 and plan.task(21).lead == ["政務服務局", "智慧城市指揮中心"]
    gbk = read_source("plan.txt", data=text.encode("gb18030"))
    assert gbk.encoding == "gb18030" and gbk.text == text


def test_a_path_that_is_not_utf8_gives_one_printable_line(tmp_path: Path) -> None:
    name = os.fsdecode(bytes(tmp_path) + b"/\xff-plan.txt")  # as the CLI receives it: a surrogate escape
    with pytest.raises(SourceError) as raised:
        read_source(name)
    assert "\\xff-plan.txt: no such file" in one_line(raised.value)
    with pytest.raises(SourceError) as raised:
        read_source("plan-\ud800.txt")  # a lone surrogate through the API
    one_line(raised.value)


def test_a_source_path_of_bad_bytes_on_the_command_line_exits_1_with_one_line(tmp_path: Path) -> None:
    argument = bytes(tmp_path) + b"/\xff.txt"
    result = subprocess.run(
        [sys.executable, "-m", "kg", "extract", argument], capture_output=True, timeout=60, check=False
    )
    assert result.returncode == 1
    assert result.stderr.count(b"\n") == 1 and b"Traceback" not in result.stderr


def test_text_with_a_lone_surrogate_through_the_api_is_a_source_error() -> None:
    source = Source(path="<api>", sha256="", encoding="utf-8", media_type="text/plain", text="1.推进\ud800。（牵头单位：市局）")
    with pytest.raises(SourceError) as raised:
        extract(source)
    assert "not valid Unicode" in one_line(raised.value)
