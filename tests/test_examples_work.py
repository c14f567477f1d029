"""The examples kg prints (``--help``, ``--list-saved``, README) work on ``examples/``."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.query.saved import list_saved

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("examples")
    result = CliRunner().invoke(main, ["build", str(REPO / "examples"), "--out", str(out),
                                       "--no-html", "--workers", "1"])
    assert result.exit_code == 0, result.output
    return str(out / "graph.ttl")


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_saved_queries_answer_or_ask_for_what_they_need(graph: str) -> None:
    for saved in list_saved():
        result = run("query", graph, "--saved", saved.name, "--format", "csv")
        if saved.required:
            assert result.exit_code == 1, saved.name
            assert result.output == (f"Error: {saved.name} needs --bind name=… "
                                     f"({saved.parameters['name']})\n")
        else:
            assert result.exit_code == 0, result.output
            assert len(result.output.splitlines()) > 1, f"{saved.name}: no rows on examples/"
    assert {"actions-against", "legal-team", "quotes-by"} <= {
        q.name for q in list_saved() if q.required}


def test_a_required_query_given_its_binding_answers(graph: str) -> None:
    result = run("query", graph, "--saved", "actions-against", "--bind", "name=Leila Haddad",
                 "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "Federal agents,detained" in result.output
    listed = run("query", "--list-saved").output
    assert "--bind name=…  (required) the person" in listed


def test_the_path_examples_in_help_work(graph: str) -> None:
    help_text = run("path", "--help").output.replace("\\\n", " ")  # join continued lines
    examples = [line.strip() for line in help_text.splitlines()
                if line.strip().startswith("kg path out/graph.ttl")]
    assert len(examples) == 2
    for example in examples:
        args = shlex.split(example)[1:]
        args[1] = graph
        result = run(*args)
        assert result.exit_code == 0, f"{example}: {result.output}"
        assert result.output.startswith("path 1:")


def test_an_ambiguous_name_lists_candidates_with_iris_and_an_iri_resolves_it(graph: str) -> None:
    result = run("path", graph, "Leila Haddad", "Port of Oakport")
    if result.exit_code == 0:
        pytest.fail("'Port of Oakport' is expected to name both a place and a facility here")
    assert result.exit_code == 1
    iris = re.findall(r"\((?:Facility|Place), (https://\S+?)\)", result.output)
    assert len(iris) == 2 and "name one by its IRI, e.g. '<" in result.output
    for iri in iris:  # each resolves (these two happen to reach Leila Haddad by no path)
        chosen = run("path", graph, "Leila Haddad", f"<{iri}>")
        assert chosen.output == (f"Error: 'Leila Haddad' and '<{iri}>' are not connected in "
                                 f"{graph}\n")
    missing = run("path", graph, "Leila Haddad", "<https://w3id.org/kg/id/place/nowhere>")
    assert missing.exit_code == 1
    assert "no entity has the IRI <https://w3id.org/kg/id/place/nowhere>" in missing.output


def test_readme_names_every_saved_query() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    names = [q.name for q in list_saved()]
    assert all(f"`{name}`" in readme for name in names)
    count = {8: "eight", 9: "nine", 10: "ten"}.get(len(names), str(len(names)))
    assert f"lists the {count} queries" in readme
