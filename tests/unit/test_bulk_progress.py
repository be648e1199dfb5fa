"""Progress reporting, rich-text translation helpers, checkpoints and publish selection."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from sync.bulk.progress import Reporter
from sync.bulk.publish import _blamed, wanted
from sync.bulk.syncall import Checkpoint
from sync.bulk.translate import is_empty, rebuilt, strings_of


def test_plain_progress_lines_summary_and_failure() -> None:
    stream, out = io.StringIO(), io.StringIO()
    seen: list[tuple[str, str]] = []
    reporter = Reporter(
        "sync all", stream=stream, fancy=False, on_item=lambda n, o: seen.append((n, o))
    )
    reporter.start(2)
    reporter.item("p1", "created")
    reporter.item("p2", "updated", error="contentful 422: bad")
    reporter.summary(out)
    assert stream.getvalue().splitlines() == [
        "sync all: 2 items",
        "sync all: 1/2 p1 created",
        "sync all: 2/2 p2 failed (contentful 422: bad)",
    ]
    assert (
        "  created          1" in out.getvalue()
        and "FAILED p2: contentful 422: bad" in out.getvalue()
    )
    assert reporter.failed and seen == [("p1", "created"), ("p2", "failed")]


def test_rich_mode_draws_a_bar_and_a_table() -> None:
    stream, out = io.StringIO(), io.StringIO()
    with Reporter("publish", stream=stream, fancy=True) as reporter:
        reporter.start(1)
        reporter.item("e1", "published")
    reporter.summary(out)
    assert "publish summary" in out.getvalue() and "published" in out.getvalue()
    assert not reporter.failed


def test_hook_can_interrupt() -> None:
    def stop(name: str, outcome: str) -> None:
        raise KeyboardInterrupt

    reporter = Reporter("x", stream=io.StringIO(), fancy=False, on_item=stop)
    with pytest.raises(KeyboardInterrupt):
        reporter.item("a", "created")
    assert reporter.counts["created"] == 1  # counted before the hook ran


DOC: dict[str, Any] = {
    "nodeType": "document",
    "data": {},
    "content": [
        {"nodeType": "paragraph", "data": {}, "content": [
            {"nodeType": "text", "value": "Soft ", "marks": [{"type": "bold"}], "data": {}},
            {"nodeType": "hyperlink", "data": {"uri": "https://x"}, "content": [
                {"nodeType": "text", "value": "cotton", "marks": [], "data": {}},
            ]},
            {"nodeType": "text", "value": " ", "marks": [], "data": {}},
        ]},
    ],
}  # fmt: skip


def test_rich_text_is_translated_node_by_node() -> None:
    assert strings_of(DOC) == ["Soft ", "cotton"]
    out = rebuilt(DOC, "RichText", iter(["Suave", "algodón"]))
    paragraph = out["content"][0]["content"]
    assert paragraph[0] == {
        "nodeType": "text",
        "value": "Suave ",
        "marks": [{"type": "bold"}],
        "data": {},
    }
    assert (
        paragraph[1]["data"] == {"uri": "https://x"}
        and paragraph[1]["content"][0]["value"] == "algodón"
    )
    assert paragraph[2]["value"] == " " and DOC["content"][0]["content"][0]["value"] == "Soft "
    assert is_empty(None) and is_empty("  ") and not is_empty("x") and not is_empty(DOC)
    assert is_empty({"nodeType": "document", "content": [{"nodeType": "paragraph", "content": []}]})
    assert rebuilt("x", "Symbol", iter(["y" * 300])) == "y" * 256


def test_checkpoint_resumes_only_its_own_setup(tmp_path: Path) -> None:
    path = tmp_path / "bulk" / "cp"
    checkpoint = Checkpoint(path, {"space": "a"})
    assert checkpoint.load() == set()
    checkpoint.begin(resumed=False)
    checkpoint.mark("p1", "created")
    checkpoint.mark("p2", "unchanged")
    assert Checkpoint(path, {"space": "a"}).load() == {"p1", "p2"}
    assert Checkpoint(path, {"space": "b"}).load() == set()
    with path.open("a") as out:
        out.write('{"id": "p3", "outc')  # a kill mid-line
    assert checkpoint.load() == {"p1", "p2"}
    checkpoint.finish()
    assert not path.exists()


def test_publish_selection_and_failure_details() -> None:
    def entry(**sys: int) -> dict[str, Any]:
        return {"sys": {"id": "e", **sys}}

    assert wanted(entry(version=5, publishedVersion=3), False)
    assert not wanted(entry(version=4, publishedVersion=3), True)
    assert not wanted(entry(version=2), False) and wanted(entry(version=2), True)
    assert not wanted(entry(version=3, archivedVersion=2), True)
    action = {"error": {"details": {"errors": [{
        "entity": {"sys": {"id": "e1"}},
        "error": {"sys": {"id": "InvalidEntry"},
                  "details": {"errors": [{"path": ["fields", "title", "en-US"]}]}},
    }]}}}  # fmt: skip
    assert _blamed(action) == {"e1": "InvalidEntry fields.title.en-US"}
