"""Unit tests of the HTML network view on hand-made records."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kg.errors import ConfigError
from kg.model import EntityRecord, StatementRecord
from kg.viz.html import TYPE_COLOURS, _vis_js, render_html, script_json, type_colour, write_html

EX = "http://example.org/kg/entity/"
SCRIPT_CANARY = "<script>alert(1)</script>"
IMG_CANARY = "</script><img src=x onerror=alert(1)>"


def ent(key: str, label: str, type_: str = "Person", **kw: Any) -> EntityRecord:
    return EntityRecord(EX + key, label, type_, **kw)


def st(
    n: int, s: str, p: str, o: str, *, literal: bool = False, sentence: str = "", doc: str = "d1"
) -> StatementRecord:
    return StatementRecord(
        iri=f"{EX}st{n}",
        subject_id=EX + s,
        subject=s,
        predicate=p,
        object_id="" if literal else EX + o,
        object=o,
        confidence=0.9,
        source=doc,
        sentence=sentence or f"{s} {p} {o}.",
    )


def data(html: str, name: str) -> list[dict[str, Any]]:
    """The node or edge list embedded in the page's script."""
    match = re.search(rf"var {name} = (.*);\n", html)
    assert match, name
    parsed: list[dict[str, Any]] = json.loads(match.group(1))
    return parsed


def without_vendor(html: str) -> str:
    """The page minus the inlined vis-network bundle (whose licence comment names URLs)."""
    vendor = _vis_js()
    assert vendor in html
    return html.replace(vendor, "")


@pytest.fixture
def hostile() -> tuple[list[EntityRecord], list[StatementRecord]]:
    entities = [
        ent("alice", f"Alice {SCRIPT_CANARY}", aliases=("Al\u2028ice", 'O\'Neil "Al"')),
        ent("acme", 'Acme <img src=x onerror="x()">', "Organization"),
        ent("cairo", "القاهرة", "Place"),
        ent("odd", "Odd", '"><img src=x onerror=alert(2)>'),
    ]
    statements = [
        st(1, "alice", "works for", "acme", sentence=f"Alice works for Acme {IMG_CANARY}"),
        st(2, "alice", "lives in <b>", "cairo", sentence="Alice lives in Cairo & more."),
        st(3, "odd", "knows", "alice"),
        st(4, "alice", "is", "<script>x</script>", literal=True),
    ]
    return entities, statements


def test_script_json_escapes_html_and_js_line_breaks() -> None:
    text = script_json({"a": "</script><!-- & ' \u2028\u2029"})
    for raw in ("<", ">", "&", "'", "\u2028", "\u2029"):
        assert raw not in text
    assert json.loads(text) == {"a": "</script><!-- & ' \u2028\u2029"}


def test_user_strings_are_escaped(
    hostile: tuple[list[EntityRecord], list[StatementRecord]],
) -> None:
    html = render_html(*hostile, title='My <b>graph</b> & "co"')
    page = without_vendor(html)
    assert "<script>alert" not in html
    assert "<img" not in html and "<b>" not in page
    assert page.count("<script") == 2 and page.count("</script>") == 2
    assert "\u2028" not in html and "\u2029" not in html
    # The escaped forms are there, in the script data and in the HTML text.
    assert "Alice \\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in html
    assert "\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e" in html
    assert "<title>My &lt;b&gt;graph&lt;/b&gt; &amp; &#34;co&#34;</title>" in html
    assert 'data-type="&#34;&gt;&lt;img src=x onerror=alert(2)&gt;"' in html
    # and the data round-trips intact
    labels = {n["kg"]["label"] for n in data(html, "nodeData")}
    assert f"Alice {SCRIPT_CANARY}" in labels
    sentences = [ev[0] for e in data(html, "edgeData") for ev in e["kg"]["evidence"]]
    assert f"Alice works for Acme {IMG_CANARY}" in sentences


def test_no_remote_urls(hostile: tuple[list[EntityRecord], list[StatementRecord]]) -> None:
    html = render_html(*hostile)
    remote = r"(?:https?:)?//"
    assert not re.search(rf"""\b(?:src|href|action|data)\s*=\s*["']?\s*{remote}""", html, re.I)
    assert not re.search(rf"""url\(\s*["']?\s*{remote}""", html, re.I)
    assert not re.search(r"@import|<link\b|<iframe\b|\bimport\s*\(", html, re.I)
    assert "http" not in without_vendor(html)  # not even the entity IRIs
    assert '<meta charset="utf-8">' in html


def test_deterministic_and_order_independent(
    hostile: tuple[list[EntityRecord], list[StatementRecord]],
) -> None:
    entities, statements = hostile
    first = render_html(entities, statements)
    assert render_html(entities, statements) == first
    shuffled_e, shuffled_s = entities[:], statements[:]
    random.Random(3).shuffle(shuffled_e)
    random.Random(4).shuffle(shuffled_s)
    assert render_html(shuffled_e, shuffled_s) == first


def test_legend_lists_each_type_with_colour_and_count() -> None:
    entities = [ent(f"p{i}", f"P{i}") for i in range(3)] + [
        ent("org", "Org", "Organization"),
        ent("x", "X", "Spaceship"),
        ent("y", "Y", ""),
    ]
    html = render_html(entities, [])
    legend = re.findall(
        r'data-type="([^"]*)"><span class="swatch" style="background:(#[0-9a-f]{6})"></span>'
        r'<span class="type" dir="auto">[^<]*</span><span class="count">([\d,]+)</span>',
        html,
    )
    assert legend == [
        ("Person", TYPE_COLOURS["Person"], "3"),
        ("Organization", TYPE_COLOURS["Organization"], "1"),
        ("Spaceship", type_colour("Spaceship"), "1"),
        ("Thing", TYPE_COLOURS["Thing"], "1"),
    ]
    groups = json.loads(re.search(r"var options = (.*);\n", html).group(1))["groups"]  # type: ignore[union-attr]
    assert groups["Person"]["color"]["background"] == TYPE_COLOURS["Person"]
    assert "6 entities and 0 statements" in html


def test_max_nodes_keeps_the_top_ranked_and_says_what_is_left_out() -> None:
    # A hub with 9 spokes (s1 and s2 also linked), two loners, literals on s1 and a loner.
    entities = [ent("hub", "Hub")] + [ent(f"s{i}", f"Spoke {i}") for i in range(9)]
    entities += [ent("a", "A"), ent("b", "B")]
    statements = [st(i, "hub", "links", f"s{i}") for i in range(9)]
    statements += [st(20, "s1", "links", "s2")]
    statements += [st(22, "s1", "is", "big", literal=True), st(23, "a", "is", "old", literal=True)]
    html = render_html(entities, statements, max_nodes=4)
    labels = {n["kg"]["label"] for n in data(html, "nodeData")}
    # ties among the other spokes are broken by IRI, so Spoke 0 comes next
    assert labels == {"Hub", "Spoke 1", "Spoke 2", "Spoke 0"}
    edges = data(html, "edgeData")
    # 3 hub spokes + s1→s2 among the kept nodes, plus the literal on s1
    assert len(edges) == 4
    assert "showing 4 of 12 entities and 5 of 12 statements" in html
    assert 'class="truncated"' in html
    full = render_html(entities, statements, max_nodes=12)
    assert "12 entities and 12 statements" in full and "showing" not in without_vendor(full)


@pytest.mark.parametrize("bad", [0, -5])
def test_max_nodes_must_be_positive(bad: int) -> None:
    with pytest.raises(ConfigError, match="max_nodes"):
        render_html([], [], max_nodes=bad)


def test_parallel_statements_merge_into_one_edge() -> None:
    entities = [ent("a", "Ann"), ent("b", "Bob")]
    statements = [
        st(1, "a", "met", "b", sentence="Ann met Bob.", doc="doc1"),
        st(2, "a", "met", "b", sentence="Ann met Bob again.", doc="doc2"),
        st(3, "a", "met", "b", sentence="Ann met Bob.", doc="doc1"),  # same evidence again
        st(4, "a", "thanked", "b"),
        st(5, "b", "met", "a"),
        st(6, "a", "is", "tall", literal=True),
        st(7, "c", "met", "a"),  # subject without an entity record
    ]
    html = render_html(entities, statements)
    nodes = {n["id"]: n for n in data(html, "nodeData")}
    assert [n["kg"]["label"] for n in nodes.values()] == ["Ann", "Bob", "c"]
    assert nodes[2]["group"] == "Thing"
    assert nodes[0]["kg"]["facts"] == [["is", "tall"]]
    edges = data(html, "edgeData")
    assert len(edges) == 4
    met = [e for e in edges if (e["from"], e["to"], e["label"]) == (0, 1, "met")]
    assert len(met) == 1
    assert met[0]["kg"]["statements"] == 3
    assert met[0]["kg"]["evidence"] == [["Ann met Bob again.", "doc2"], ["Ann met Bob.", "doc1"]]
    assert met[0]["width"] > 1
    # the second arrow between Ann and Bob is bent so it does not hide the first
    assert sum("smooth" in e for e in edges if {e["from"], e["to"]} == {0, 1}) == 2
    assert all(isinstance(e["id"], int) for e in edges)


def test_node_size_follows_pagerank() -> None:
    entities = [ent("hub", "Hub")] + [ent(f"s{i}", f"S{i}") for i in range(5)]
    statements = [st(i, f"s{i}", "likes", "hub") for i in range(5)]
    nodes = {n["kg"]["label"]: n for n in data(render_html(entities, statements), "nodeData")}
    assert nodes["Hub"]["size"] > nodes["S0"]["size"] == nodes["S4"]["size"]


def test_write_html_is_utf8_and_handles_empty_graphs(tmp_path: Path) -> None:
    target = tmp_path / "graph.html"
    write_html(target, [ent("c", "القاهرة", "Place")], [], title="خريطة")
    text = target.read_text(encoding="utf-8")
    assert "القاهرة" in text and "<title>خريطة</title>" in text
    assert not list(tmp_path.glob(".*.tmp"))
    empty = render_html([], [])
    assert data(empty, "nodeData") == [] and "0 entities and 0 statements" in empty


def test_identical_across_processes_with_different_hash_seeds() -> None:
    script = (
        "import hashlib, random\n"
        "from kg.model import EntityRecord as E, StatementRecord as S\n"
        "from kg.viz.html import render_html\n"
        "r = random.Random(5)\n"
        "es = [E(f'urn:e{i}', f'E {i}', r.choice(['Person', 'Place', 'X'])) for i in range(60)]\n"
        "ss = [S(f'urn:s{j}', f'urn:e{r.randrange(60)}', 's', r.choice('abc'),\n"
        "        f'urn:e{r.randrange(60)}', 'o', 0.5, f'd{j % 4}', f'sent {j % 7}')\n"
        "      for j in range(150)]\n"
        "print(hashlib.sha256(render_html(es, ss, max_nodes=30).encode()).hexdigest())\n"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1
