"""Unit tests of the HTML explorer's data and page on hand-made records."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kg.errors import ConfigError
from kg.model import DocumentRecord, EntityRecord, QuoteRecord, StatementRecord
from kg.viz.data import explorer_data
from kg.viz.html import _vis_js, render_html, script_json, type_style

EX = "http://example.org/kg/entity/"
SCRIPT_CANARY = "</script><script>window.__pwned=1</script>"
IMG_CANARY = '<img src=x onerror="window.__pwned=2">'


def ent(key: str, label: str, type_: str = "Person", **kw: Any) -> EntityRecord:
    return EntityRecord(EX + key, label, type_, **kw)


def st(n: int, s: str, p: str, o: str, *, literal: bool = False, sentence: str = "",
       doc: str = "d1", confidence: float = 0.9, **extra: str) -> StatementRecord:
    return StatementRecord(
        iri=f"{EX}st{n}", subject_id=EX + s, subject=s, predicate=p,
        object_id="" if literal else EX + o, object=o, confidence=confidence, source=doc,
        sentence=sentence or f"{s} {p} {o}.", extra=dict(extra))


def page_data(html: str) -> dict[str, Any]:
    match = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S)
    assert match
    parsed: dict[str, Any] = json.loads(match.group(1))
    return parsed


def test_script_json_escapes_html_and_js_line_breaks() -> None:
    text = script_json({"a": "</script><!-- & ' \u2028\u2029"})
    for raw in ("<", ">", "&", "'", "\u2028", "\u2029"):
        assert raw not in text
    assert json.loads(text) == {"a": "</script><!-- & ' \u2028\u2029"}


def test_default_view_draws_named_entities_linked_to_each_other() -> None:
    entities = [ent("ann", "Ann Lee"), ent("acme", "Acme", "Organization"),
                ent("rome", "Rome", "Place"), ent("idea", "a bold idea", "Concept"),
                ent("lone", "Lone Person"), ent("may", "May 2024", "Date")]
    statements = [st(1, "ann", "works for", "acme"), st(2, "acme", "is based in", "rome"),
                  st(3, "ann", "had", "idea"), st(4, "lone", "is", "tall", literal=True),
                  st(5, "lone", "met", "may"), st(6, "ann", "is", "brave", literal=True)]
    data = explorer_data(entities, statements)
    labels = [data["entities"][n][0] for n in data["view"]["nodes"]]
    assert labels == ["Acme", "Ann Lee", "Rome"]  # no Concept, Date, or actor without a link
    named = {row[0]: row[4] for row in data["entities"]}
    assert named == {"Ann Lee": 1, "Acme": 1, "Rome": 1, "a bold idea": 0, "Lone Person": 1,
                     "May 2024": 0}
    # folded facts stay in the data, for the panel and the concepts toggle
    values = [row[3] for row in data["statements"] if row[2] < 0]
    assert sorted(values) == ["brave", "tall"]
    assert len(data["view"]["xy"]) == 3 and all(len(p) == 2 for p in data["view"]["xy"])


def test_unresolved_statements_are_left_out() -> None:
    entities = [ent("ann", "Ann"), ent("bob", "Bob")]
    statements = [st(1, "ann", "met", "bob"),
                  st(2, "ann", "met", "bob", sentence="She met him.", unresolved="true")]
    data = explorer_data(entities, statements)
    assert data["sentences"] == ["ann met bob."]
    assert len(data["statements"]) == 1


def test_mention_offsets_become_sentence_offsets_and_bad_ones_are_dropped() -> None:
    sentence = "Later, Ann met Bob."
    good = st(1, "ann", "met", "bob", sentence=sentence, sentence_start="100",
              subject_start="107", subject_end="110", object_start="115", object_end="118")
    bad = st(2, "ann", "met", "bob", sentence=sentence, sentence_start="100",
             subject_start="90", subject_end="95", object_start="115", object_end="190")
    data = explorer_data([ent("ann", "Ann"), ent("bob", "Bob")], [good, bad])
    offsets = sorted(tuple(row[7:11]) for row in data["statements"])
    assert offsets == [(-1, -1, -1, -1), (7, 10, 15, 18)]
    assert sentence[7:10] == "Ann" and sentence[15:18] == "Bob"


def test_documents_quotes_and_communities() -> None:
    entities = [ent(k, k.title()) for k in "abcdef"]
    statements = [st(1, "a", "met", "b", doc="d1"), st(2, "b", "met", "c", doc="d1"),
                  st(3, "a", "met", "c", doc="d1"), st(4, "d", "met", "e", doc="d2"),
                  st(5, "e", "met", "f", doc="d2"), st(6, "d", "met", "f", doc="d2")]
    docs = [DocumentRecord("urn:d1", "d1", "First story", "https://example.org/1", "2024-05-01"),
            DocumentRecord("urn:d2", "d2")]
    quotes = [QuoteRecord("urn:q1", EX + "a", "A", "We will win", "d1", 5, 16),
              QuoteRecord("urn:q2", "urn:nobody", "Nobody", "Lost", "d2", 0, 4)]
    data = explorer_data(entities, statements, quotes, docs)
    assert data["docs"] == [["d1", "First story", "2024-05-01", "https://example.org/1"],
                            ["d2", "", "", ""]]
    assert data["quotes"] == [[0, "We will win", 0]]  # a quote without a known speaker is out
    group = {row[0]: row[5] for row in data["entities"]}
    assert group["A"] == group["B"] == group["C"] != group["D"] == group["E"] == group["F"]
    # the two triangles are laid out apart: no node of one lies inside the other's box
    xy = dict(zip(data["view"]["nodes"], data["view"]["xy"], strict=True))
    first = [xy[i] for i in range(3)]
    second = [xy[i] for i in range(3, 6)]
    assert max(p[0] for p in first) < min(p[0] for p in second) or \
        max(p[1] for p in first) < min(p[1] for p in second)


def test_max_nodes_keeps_the_top_ranked() -> None:
    entities = [ent("hub", "Hub")] + [ent(f"s{i}", f"S{i}") for i in range(6)]
    statements = [st(i, f"s{i}", "likes", "hub") for i in range(6)]
    data = explorer_data(entities, statements, max_nodes=3)
    labels = [data["entities"][n][0] for n in data["view"]["nodes"]]
    assert len(labels) == 3 and "Hub" in labels
    rank = {row[0]: row[6] for row in data["entities"]}
    assert rank["Hub"] == 1.0 > rank["S0"] == rank["S5"]
    with pytest.raises(ConfigError, match="max_nodes"):
        render_html(entities, statements, max_nodes=0)


def test_page_is_offline_escaped_and_uses_text_only() -> None:
    entities = [ent("evil", f"Mallory {IMG_CANARY}", aliases=(SCRIPT_CANARY,)),
                ent("acme", "Acme \u2028 & Co", "Organization")]
    statements = [st(1, "evil", f"owns {SCRIPT_CANARY}", "acme", sentence=f"x {IMG_CANARY}")]
    quotes = [QuoteRecord("urn:q", EX + "evil", "M", SCRIPT_CANARY, "d1")]
    html = render_html(entities, statements, quotes=quotes, title=f"T {SCRIPT_CANARY}")
    body = html.replace(_vis_js(), "")
    assert body.count("<script") == 3 and body.count("</script>") == 3
    assert "<img" not in body and "onerror=" not in body.replace('onerror=\\"', "")
    assert "<title>T &lt;/script&gt;&lt;script&gt;" in body
    assert re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I) == []
    assert "default-src 'none'" in html
    script = (Path(__file__).parents[1] / "src/kg/viz/assets/explorer.js").read_text()
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert "document.write" not in script and "eval(" not in script
    data = page_data(html)
    assert data["entities"][1][0] == f"Mallory {IMG_CANARY}"
    assert data["quotes"][0][1] == SCRIPT_CANARY


def test_type_styles_are_distinct_for_the_named_types() -> None:
    named = ["Person", "Organization", "Place", "Group", "Event", "Law", "Facility",
             "CreativeWork", "Product", "Language"]
    assert len({type_style(t) for t in named}) == len(named)
    assert type_style("Spaceship") == type_style("Spaceship")


def test_render_html_keeps_any_script_and_handles_empty_graphs() -> None:
    text = render_html([ent("c", "القاهرة", "Place")], [], title="خريطة")
    assert "القاهرة" in text and "<title>خريطة</title>" in text
    empty = page_data(render_html([], []))
    assert empty["view"]["nodes"] == [] and empty["statements"] == []


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
        subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": seed},
                       capture_output=True, text=True, check=True).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1 and len(next(iter(digests)).strip()) == 64
    assert hashlib  # used by the child script


def test_read_back_records_agree_between_a_fresh_build_and_a_loaded_file(
        corpus_build: Path, corpus_dir: Path) -> None:
    import kg

    loaded = kg.load(corpus_build / "graph.ttl")
    fresh = kg.build([corpus_dir])
    assert fresh.statements() == loaded.statements()
    assert fresh.quotes() == loaded.quotes() and fresh.documents() == loaded.documents()
    records = loaded.statements()
    with_offsets = [r for r in records if "subject_start" in r.extra]
    assert len(with_offsets) == len(records)
    for r in records[:50]:
        start = int(r.extra["sentence_start"])
        a, b = int(r.extra["subject_start"]) - start, int(r.extra["subject_end"]) - start
        assert 0 <= a < b <= len(r.sentence)
    quotes = loaded.quotes()
    assert quotes and all(q.text and q.source and q.end > q.start for q in quotes)
    assert {d.id for d in loaded.documents()} == {r.source for r in records}


def test_phrase_links_join_names_read_inside_short_noun_phrases() -> None:
    entities = [ent("ann", "Ann Lee", aliases=("Lee",)), ent("un", "UNRWA", "Organization"),
                ent("cu", "Columbia University", "Organization"),
                ent("p1", "her work with UNRWA", "Concept"),
                ent("p2", "a Columbia University graduate", "Concept"),
                ent("p3", "a long phrase that names UNRWA and Columbia University and goes on "
                          "and on", "Concept"),
                ent("p4", "unrwa staff", "Concept"), ent("lost", "Nobody Here")]
    statements = [st(1, "ann", "hid", "p1"), st(2, "ann", "is", "p2"), st(3, "ann", "read", "p3"),
                  st(4, "ann", "met", "p4")]
    data = explorer_data(entities, statements, isolated=False)
    names = [row[0] for row in data["entities"]]
    via = sorted((data["relations"][data["statements"][i][1]], names[e]) for i, e in data["via"])
    assert via == [("hid", "UNRWA"), ("is", "Columbia University")]  # p3 too long, p4 lower case
    drawn = sorted(names[n] for n in data["view"]["nodes"])
    assert drawn == ["Ann Lee", "Columbia University", "UNRWA"]
    assert "Nobody Here" not in names  # takes part in nothing, and not isolated
    assert "Nobody Here" in [row[0] for row in explorer_data(entities, statements)["entities"]]
