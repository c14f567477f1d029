"""Issue 4's acceptance on the example corpus build."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.api.graph import KnowledgeGraph
from kg.cli import main
from kg.entities.names import PRONOUNS


@pytest.fixture(scope="module")
def corpus_graph(corpus_build: Path) -> KnowledgeGraph:
    return KnowledgeGraph.load(corpus_build)


@pytest.mark.parametrize(
    ("name", "type_"),
    [
        ("Mahmoud Khalil", "Person"),
        ("ICE", "Organization"),
        ("Columbia University", "Organization"),
        ("Jamee Comans", "Person"),
        ("Donald Trump", "Person"),
        ("Center for Constitutional Rights", "Organization"),
    ],
)
def test_key_entities_are_one_node(corpus_graph: KnowledgeGraph, name: str, type_: str) -> None:
    hits = [e for e in corpus_graph.entities()
            if e.type != "Concept" and (e.label == name or name in e.aliases)]
    assert len(hits) == 1, hits
    assert hits[0].type == type_


def test_possessive_stays_distinct(corpus_graph: KnowledgeGraph) -> None:
    khalil = next(e for e in corpus_graph.entities() if e.label == "Mahmoud Khalil")
    assert not any("wife" in alias for alias in khalil.aliases)


def test_at_most_two_percent_bare_pronoun_arguments(corpus_graph: KnowledgeGraph) -> None:
    records = corpus_graph.statements()
    bare = [r for r in records
            if r.subject.casefold() in PRONOUNS or r.object.casefold() in PRONOUNS]
    assert len(bare) <= 0.02 * len(records), bare[:5]


def test_entities_command_lists_aliases(corpus_build: Path) -> None:
    result = CliRunner().invoke(main, ["entities", str(corpus_build), "--format", "tsv"])
    assert result.exit_code == 0
    rows = [line.split("\t") for line in result.output.splitlines()]
    assert rows[0] == ["label", "type", "mentions", "aliases", "iri"]
    khalil = next(r for r in rows if r[0] == "Mahmoud Khalil")
    assert khalil[1] == "Person" and int(khalil[2]) >= 20 and "Khalil" in khalil[3].split("; ")
