"""Open-IE mode: one sentence per line in, one extraction per line out.

The TSV format is the one CaRB's scorer reads::

    sentence<TAB>confidence<TAB>relation<TAB>arg1<TAB>arg2[<TAB>arg3…]

Arguments are written as the sentence's tokens joined by single spaces.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from kg.extract import DEFAULT_EXTRACTOR, get_extractor
from kg.model import Mention, Span, Statement
from kg.nlp.loader import DEFAULT_MODEL, load_model


def _clean(text: str) -> str:
    return " ".join(text.split())


def _joins(char: str) -> bool:
    return char.isalnum() or char in "-_'’"


def _whole_tokens(sentence: str, span: Span) -> str:
    """The span widened to whole words of ``sentence`` (CaRB compares whitespace tokens), but
    not over punctuation that follows or precedes a word (``Khalil,`` stays ``Khalil``).

    >>> _whole_tokens("was re-designated OV-099", Span(7, 24, "designated OV-099"))
    're-designated OV-099'
    """
    if sentence[span.start : span.end] != span.text:
        return _clean(span.text)
    start, end = span.start, span.end
    while start > 0 and _joins(sentence[start - 1]):
        start -= 1
    while end < len(sentence) and _joins(sentence[end]):
        end += 1
    if sentence[end : end + 1] == "." and sentence[end + 1 :].strip(" .\"'”’"):
        end += 1  # an abbreviation's period ("Cos."), not the sentence's
    return _clean(sentence[start:end])


def extract_sentences(
    lines: Iterable[str],
    *,
    model: str = DEFAULT_MODEL,
    extractor: str = DEFAULT_EXTRACTOR,
    batch_size: int = 128,
) -> Iterator[tuple[str, list[Statement]]]:
    """Yield ``(sentence, statements)`` for every non-blank line, in input order.

    >>> for sentence, found in extract_sentences(["The court denied the request."]):
    ...     print(found[0].relation.text)
    denied
    """
    extract = get_extractor(extractor)
    nlp = load_model(model)
    sentences = (line.strip() for line in lines)
    for doc in nlp.pipe((s for s in sentences if s), batch_size=batch_size):
        yield doc.text, list(extract(doc))


def tsv_rows(sentence: str, statements: Iterable[Statement]) -> Iterator[str]:
    """Format statements of one sentence as CaRB TSV lines (without newline)."""
    for st in statements:
        args = [_whole_tokens(sentence, a.span) for a in st.arguments]
        relation = _clean(st.relation.text)
        if not relation or not all(args):
            continue
        yield "\t".join([_clean(sentence), f"{st.confidence:.3f}", relation, *args])


def json_row(sentence: str, st: Statement) -> str:
    """One statement as a JSON line, with offsets, attributes and provenance."""

    def arg(m: Mention | None) -> dict[str, object] | None:
        if m is None:
            return None
        return {"text": m.span.text, "start": m.span.start, "end": m.span.end,
                "label": m.label, "name": m.name_text}

    return json.dumps(
        {
            "sentence": sentence,
            "subject": arg(st.subject),
            "relation": st.relation.text,
            "object": arg(st.object),
            "extra_args": [arg(a) for a in st.extra_args],
            "negated": st.negated,
            "modality": st.modality,
            "confidence": st.confidence,
            "extractor": st.provenance.extractor,
            "rule": st.provenance.rule,
            "filtered": st.filtered,
        },
        ensure_ascii=False,
    )
