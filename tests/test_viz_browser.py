"""The HTML view in a real browser: headless Chromium, offline, with injection canaries.

Needs the ``playwright`` Python package and a Chromium binary (``/usr/bin/chromium`` or
``$KG_CHROMIUM``); it never downloads a browser.  Without them the tests skip locally and
fail when ``CI`` is set.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.model import EntityRecord, StatementRecord
from kg.viz.html import write_html

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EX = "http://example.org/kg/entity/"
IMG_CANARY = '<img src=x onerror="window.__pwned=1">'
SCRIPT_CANARY = "<script>window.__pwned=2</script>"


def chromium_path() -> str | None:
    """The Chromium to drive: ``$KG_CHROMIUM``, then Debian's, then one on ``PATH``."""
    for candidate in (os.environ.get("KG_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser test cannot run on CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright Python package is not installed")
    executable = chromium_path()
    if executable is None:
        unavailable("no Chromium found (set KG_CHROMIUM or install Debian's chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def ent(key: str, label: str, type_: str, **kw: Any) -> EntityRecord:
    return EntityRecord(EX + key, label, type_, **kw)


def st(n: int, s: str, p: str, o: str, sentence: str, doc: str = "doc1") -> StatementRecord:
    return StatementRecord(f"{EX}st{n}", EX + s, s, p, EX + o, o, 0.8, doc, sentence)


def sample_graph() -> tuple[list[EntityRecord], list[StatementRecord]]:
    entities = [
        ent("evil", f"Mallory {IMG_CANARY}", "Person", aliases=(SCRIPT_CANARY,), mentions=4),
        ent("alice", "Alice Smith", "Person", mentions=7),
        ent("acme", "Acme Corp", "Organization"),
        ent("cairo", "القاهرة", "Place"),
        ent("un", "United Nations", "Organization"),
        ent("war", "The War", "Event"),
        ent("law", "Clean Air Act", "Law"),
        ent("day", "4 July 2021", "Date"),
    ]
    statements = [
        st(1, "evil", "attacked", "alice", f"Mallory attacked Alice {SCRIPT_CANARY}", "doc<1>"),
        st(2, "alice", "works for", "acme", "Alice works for Acme."),
        st(3, "alice", "works for", "acme", "Alice still works for Acme.", "doc2"),
        st(4, "acme", "is based in", "cairo", "Acme is based in Cairo."),
        st(5, "un", "condemned", "war", f"The UN condemned the war {IMG_CANARY}."),
        st(6, "war", "began on", "day", "The war began on 4 July 2021."),
        st(7, "acme", "violated", "law", "Acme violated the Clean Air Act."),
        st(8, "alice", "visited", "cairo", "Alice visited Cairo."),
        StatementRecord(
            f"{EX}st9",
            EX + "alice",
            "Alice",
            "is",
            "",
            IMG_CANARY,
            0.5,
            "doc3",
            "Alice is <b>bold</b>.",
        ),
    ]
    return entities, statements


def open_page(browser: Any, html: Path) -> tuple[Any, Any, dict[str, list[str]]]:
    """Open ``html`` offline; every non-file request is aborted and recorded."""
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
    log: dict[str, list[str]] = {"aborted": [], "console": [], "errors": []}

    def route(route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            log["aborted"].append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: log["console"].append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    page.goto(html.as_uri())
    page.wait_for_function("window.kgReady === true", timeout=30_000)
    return context, page, log


def embedded(html: str, name: str) -> list[dict[str, Any]]:
    match = re.search(rf"var {name} = (.*);\n", html)
    assert match
    parsed: list[dict[str, Any]] = json.loads(match.group(1))
    return parsed


NODE_POINT = """id => {
  const c = kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id]);
  const r = document.getElementById('kg-network').getBoundingClientRect();
  return {x: r.left + c.x, y: r.top + c.y};
}"""
EDGE_POINT = """id => {
  const e = kgEdges.get(id), p = kgNetwork.getPositions([e.from, e.to]);
  const a = kgNetwork.canvasToDOM(p[e.from]), b = kgNetwork.canvasToDOM(p[e.to]);
  const r = document.getElementById('kg-network').getBoundingClientRect();
  for (let t = 0.5; t < 0.9; t += 0.05) for (let dy = -12; dy <= 12; dy += 2) {
    const q = {x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t + dy};
    if (kgNetwork.getEdgeAt(q) === id && kgNetwork.getNodeAt(q) === undefined)
      return {x: r.left + q.x, y: r.top + q.y};
  }
  return null;
}"""


def hover(page: Any, point: dict[str, float]) -> str:
    page.mouse.move(point["x"] - 30, point["y"] - 30)
    page.mouse.move(point["x"], point["y"], steps=4)
    page.wait_for_function("!document.getElementById('kg-tip').hidden", timeout=5_000)
    text: str = page.evaluate("document.getElementById('kg-tip').textContent")
    return text


def test_page_renders_offline_and_data_cannot_inject(browser: Any, tmp_path: Path) -> None:
    entities, statements = sample_graph()
    target = tmp_path / "graph.html"
    write_html(target, entities, statements, title=f"Canary {IMG_CANARY}")
    html = target.read_text(encoding="utf-8")
    node_data, edge_data = embedded(html, "nodeData"), embedded(html, "edgeData")
    assert (len(node_data), len(edge_data)) == (8, 7)

    context, page, log = open_page(browser, target)
    try:
        counts = page.evaluate(
            "[kgNodes.length, kgEdges.length, Object.keys(kgNetwork.body.nodes).length]"
        )
        assert counts[:2] == [8, 7] and counts[2] >= 8
        assert page.evaluate("kgNetwork.physics.options.enabled") is False  # frozen
        assert page.title() == f"Canary {IMG_CANARY}"

        evil = next(n["id"] for n in node_data if n["kg"]["label"].startswith("Mallory"))
        tip = hover(page, page.evaluate(NODE_POINT, evil))
        assert IMG_CANARY in tip and SCRIPT_CANARY in tip and "Person" in tip
        attack = next(e["id"] for e in edge_data if e["label"] == "attacked")
        point = page.evaluate(EDGE_POINT, attack)
        assert point is not None
        page.mouse.move(10, 10)
        tip = hover(page, point)
        assert "attacked" in tip and SCRIPT_CANARY in tip and "doc<1>" in tip
        page.screenshot(path=str(tmp_path / "graph.png"))

        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate("document.querySelectorAll('img, b, body script').length") == 2
        assert log["aborted"] == []
        assert log["errors"] == []
        assert [m for m in log["console"] if m.startswith(("error", "warning"))] == []
    finally:
        context.close()


def test_search_and_type_filter(browser: Any, tmp_path: Path) -> None:
    target = tmp_path / "graph.html"
    write_html(target, *sample_graph())
    context, page, log = open_page(browser, target)
    try:
        found = page.evaluate("kgFind('alice')")
        assert page.evaluate(f"kgNodes.get({found}).kg.label") == "Alice Smith"
        assert page.evaluate("kgNetwork.getSelectedNodes()") == [found]
        assert page.evaluate("kgFind('القاهرة')") is not None
        assert page.evaluate("kgFind('no such thing')") is None
        assert "No visible entity" in page.inner_text("#kg-search-status")

        page.uncheck('#kg-legend input[data-type="Person"]')
        hidden = page.evaluate("kgNodes.get({filter: n => n.hidden}).map(n => n.kg.type)")
        assert sorted(hidden) == ["Person", "Person"]
        # attacked, works for, visited: every edge touching a Person is hidden too
        assert page.evaluate("kgEdges.get({filter: e => e.hidden}).length") == 3
        assert page.evaluate("kgFind('alice')") is None
        page.check('#kg-legend input[data-type="Person"]')
        assert page.evaluate("kgEdges.get({filter: e => e.hidden}).length") == 0
        assert log["errors"] == [] and log["aborted"] == []
    finally:
        context.close()
