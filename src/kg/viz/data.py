"""The explorer's data: graph records turned into the compact tables the page reads.

The page receives one JSON value (see ``explorer_data``) with tables that refer to each other
by position, so a 40,000-statement graph stays a few megabytes and the browser indexes it in
milliseconds:

* ``types``: type names; ``docs``: ``[id, title, date, url]``; ``relations`` and
  ``sentences``: distinct strings;
* ``entities``: ``[label, type, aliases, mentions, named, community, rank, docs]`` (``docs``
  by statement count, most first) — ``named`` is 1
  for the story's actors (Person, Organization, Place, …), 0 for noun-phrase Concepts and
  values (Date, Quantity), which the default view folds into their entity's panel;
* ``statements``: ``[subject, relation, object, value, confidence, doc, sentence,
  subject_start, subject_end, object_start, object_end, date]`` — ``object`` is an entity
  position or -1 for a literal ``value``; the offsets are into the sentence (-1 unknown);
* ``quotes``: ``[speaker, text, doc]``; ``via``: ``[statement, entity]`` phrase links (see
  ``kg.viz.phrases``): the entity is named inside the statement's noun-phrase end;
* ``view``: the entities drawn at first and their positions (see ``kg.viz.layout``);
* ``low``: the confidence below which the page marks a statement "low confidence", lists it
  after the confident ones and never names an edge after it while a confident one is there.

Statements with an unresolved argument (``extra["unresolved"]``) are left out: they name no
entity. Everything is sorted, so the same graph gives the same value.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kg.analysis.measures import clip
from kg.model import DocumentRecord, EntityRecord, QuoteRecord, StatementRecord
from kg.viz.layout import communities, layout, pagerank
from kg.viz.phrases import name_index, named_in

UNKNOWN_TYPE = "Thing"
#: Types folded into an entity's panel in the default view (noun phrases and values).
FOLDED_TYPES = frozenset({"Concept", "Date", "Quantity", UNKNOWN_TYPE, "Entity"})
#: Entities drawn at first when no ``max_nodes`` is given (the rest is reached by search).
DEFAULT_MAX_NODES = 400
TEXT_CHARS = 2000
#: Statements below this confidence are shown as "low confidence" and listed after the others.
LOW_CONFIDENCE = 0.5


def _clip(text: str, limit: int = TEXT_CHARS) -> str:
    return clip(text, limit)


class _Table:
    """Distinct strings, numbered in first-seen order."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.index)
        return found

    def values(self) -> list[str]:
        return list(self.index)


@dataclass
class _Entity:
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: int = 0
    docs: Counter[int] = field(default_factory=Counter)


def _unresolved(st: StatementRecord) -> bool:
    return st.extra.get("unresolved", "").lower() in ("true", "1")


def _statement_key(st: StatementRecord) -> tuple[Any, ...]:
    return (st.source, _int(st.extra.get("sentence_start")), st.subject_id, st.predicate,
            st.object_id, st.object, st.iri)


def _int(value: str | None, default: int = -1) -> int:
    try:
        return int(value) if value not in (None, "") else default  # type: ignore[arg-type]
    except ValueError:
        return default


def _relative(st: StatementRecord, start: str, end: str) -> tuple[int, int]:
    """A mention's offsets in the statement's sentence, or ``(-1, -1)`` when unknown."""
    base = _int(st.extra.get("sentence_start"))
    a, b = _int(st.extra.get(start)), _int(st.extra.get(end))
    if base < 0 or a < base or b < a or b - base > len(st.sentence):
        return -1, -1
    return a - base, b - base


def _phrase_links(rows: list[list[Any]], entities: list[_Entity],
                  named: list[bool]) -> list[list[int]]:
    """``[statement, entity]`` for each named entity read in a statement's noun-phrase end
    (see ``kg.viz.phrases``), when the statement's other end is named."""
    index = name_index((i, (e.label, *e.aliases)) for i, e in enumerate(entities) if named[i])
    found: dict[int, list[int]] = {}
    out = []
    for i, row in enumerate(rows):
        subject, obj = row[0], row[2]
        for phrase, other in ((obj, subject), (subject, obj)):
            if phrase < 0 or other < 0 or named[phrase] or not named[other]:
                continue
            if phrase not in found:
                found[phrase] = named_in(entities[phrase].label, index)
            out += [[i, e] for e in found[phrase] if e != other]
    return out


def _taking_part(entities: Sequence[EntityRecord],
                 statements: Sequence[StatementRecord]) -> list[EntityRecord]:
    """The entities at an end of a statement or named inside a noun phrase at one."""
    ends = {st.subject_id for st in statements} | {st.object_id for st in statements}
    named = [e for e in entities if (e.type or UNKNOWN_TYPE) not in FOLDED_TYPES]
    index = name_index((i, (e.label, *e.aliases)) for i, e in enumerate(named))
    phrases = {e.label for e in entities
               if e.iri in ends and (e.type or UNKNOWN_TYPE) in FOLDED_TYPES}
    inside = {named[i].iri for phrase in phrases for i in named_in(phrase, index)}
    return [e for e in entities if e.iri in ends or e.iri in inside]


def explorer_data(
    entities: Sequence[EntityRecord],
    statements: Sequence[StatementRecord],
    quotes: Sequence[QuoteRecord] = (),
    documents: Sequence[DocumentRecord] = (),
    *,
    max_nodes: int | None = None,
    seed: int = 0,
    isolated: bool = True,
) -> dict[str, Any]:
    """The page's data value (see the module docstring)."""
    docs: dict[str, list[str]] = {}
    for doc in sorted(documents, key=lambda d: (d.id, d.iri)):
        docs.setdefault(doc.id, [doc.id, _clip(doc.title, 300), doc.date[:10], doc.url])
    kept = sorted((st for st in statements if st.subject_id and not _unresolved(st)),
                  key=_statement_key)
    for source in sorted({st.source for st in kept} | {q.source for q in quotes}):
        docs.setdefault(source, [source, "", "", ""])
    doc_ids = sorted(docs)
    doc_pos = {d: i for i, d in enumerate(doc_ids)}

    if not isolated:
        entities = _taking_part(entities, kept)
    table: dict[str, _Entity] = {}
    for ent in sorted(entities, key=lambda e: (e.iri, e.label, e.type)):
        table.setdefault(ent.iri, _Entity(ent.label, ent.type or UNKNOWN_TYPE, ent.aliases,
                                          ent.mentions))
    for st in kept:
        table.setdefault(st.subject_id, _Entity(st.subject, UNKNOWN_TYPE))
        if st.object_id:
            table.setdefault(st.object_id, _Entity(st.object, UNKNOWN_TYPE))
    keys = sorted(table)
    pos = {k: i for i, k in enumerate(keys)}

    relations, sentences = _Table(), _Table()
    rows: list[list[Any]] = []
    for st in kept:
        where_doc = doc_pos[st.source]
        subject, obj = pos[st.subject_id], pos[st.object_id] if st.object_id else -1
        table[st.subject_id].docs[where_doc] += 1
        if st.object_id:
            table[st.object_id].docs[where_doc] += 1
        rows.append([subject, relations(_clip(st.predicate, 300)), obj,
                     "" if st.object_id else _clip(st.object), round(st.confidence, 3),
                     where_doc,
                     sentences(_clip(st.sentence, 4 * TEXT_CHARS)),
                     *_relative(st, "subject_start", "subject_end"),
                     *_relative(st, "object_start", "object_end"),
                     st.extra.get("date", "")[:10]])

    named = [table[k].type not in FOLDED_TYPES for k in keys]
    links = Counter((min(r[0], r[2]), max(r[0], r[2])) for r in rows
                    if r[2] >= 0 and r[0] != r[2] and named[r[0]] and named[r[2]])
    via = _phrase_links(rows, [table[k] for k in keys], named)
    for i, entity in via:
        for end in (rows[i][0], rows[i][2]):
            if end >= 0 and named[end] and end != entity:
                links[(min(end, entity), max(end, entity))] += 1
    rank = pagerank(len(keys), links)
    group = communities(len(keys), links, seed=seed)
    connected = {n for pair in links for n in pair}
    linked = sorted(connected)
    limit = DEFAULT_MAX_NODES if max_nodes is None else max_nodes
    if len(linked) > limit:
        linked = sorted(sorted(linked, key=lambda n: (-rank[n], n))[:limit])
    chosen = set(linked)
    drawn = Counter({pair: w for pair, w in links.items()
                     if pair[0] in chosen and pair[1] in chosen})
    where = layout(linked, drawn, group)

    quote_rows = [[pos[q.speaker_id], _clip(q.text, 4 * TEXT_CHARS), doc_pos[q.source]]
                  for q in sorted(quotes, key=lambda q: (q.source, q.start, q.iri))
                  if q.speaker_id in pos]
    top = max(rank, default=1.0) or 1.0
    types = sorted({e.type for e in table.values()})
    type_pos = {t: i for i, t in enumerate(types)}
    return {
        "types": types,
        "docs": [docs[d] for d in doc_ids],
        "relations": relations.values(),
        "sentences": sentences.values(),
        "entities": [
            [_clip(table[k].label, 300) or "(unnamed)", type_pos[table[k].type],
             [_clip(a, 300) for a in table[k].aliases[:20]], table[k].mentions, int(named[i]),
             group[i], round(rank[i] / top, 4),
             [d for d, _ in sorted(table[k].docs.items(), key=lambda x: (-x[1], x[0]))]]
            for i, k in enumerate(keys)
        ],
        "iris": keys,
        "statements": rows,
        "quotes": quote_rows,
        "via": via,
        "view": {"nodes": linked, "xy": [where[n] for n in linked]},
        "low": LOW_CONFIDENCE,
        "counts": {"entities": len(keys), "statements": len(rows), "linked": len(connected)},
    }
