"""The build's main-process side: documents' triples in, one graph out, in every sink alike.

``Assembly`` takes each document's ``DocumentTriples`` in input order and replays its entity
uses into the *entity table*. At the end the table gives every entity its label, aliases and
mention count, the merge plan is computed once from it (``kg.entities.merge``), and the
*head* — vocabulary, entities and entity-to-entity triples — is made with the plan applied.
Each sink (``kg.rdf.sinks``) receives the documents as they come and, at the end, the plan
and the head; it applies ``MergePlan.apply`` to the documents' triples that name a merged
entity, so every sink holds the same triples.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from kg.enrich.lexicon import Lexicon, lexicon
from kg.entities.merge import plan_entity_merges
from kg.model import EntityRecord
from kg.ontology.namespace import local_name
from kg.rdf import terms
from kg.rdf.emit import DocumentTriples
from kg.rdf.iris import Vocab
from kg.rdf.terms import Triple

V = Vocab()


def canonical_label(forms: Counter[str]) -> str:
    """The label of an entity seen under several names: the longest name that contains the
    most frequent one (``Khalil`` ×9, ``Mahmoud Khalil`` ×3 → ``Mahmoud Khalil``).

    >>> canonical_label(Counter({"Khalil": 9, "Mahmoud Khalil": 3, "Columbia": 1}))
    'Mahmoud Khalil'
    """
    top = min(forms, key=lambda f: (-forms[f], -len(f), f))
    words = set(top.casefold().split())
    fuller = [f for f in forms if words <= set(f.casefold().split())]
    return min(fuller, key=lambda f: (-len(f.split()), -forms[f], f))


@dataclass(frozen=True, slots=True)
class MergePlan:
    """``moved``: each merged entity's IRI → the IRI of the entity it was folded into."""

    moved: dict[str, str]
    _terms: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._terms.update({terms.iri(a): terms.iri(b) for a, b in self.moved.items()})

    def touches(self, iris: Iterable[str]) -> bool:
        return not self.moved.keys().isdisjoint(iris)

    def apply(self, triple: Triple) -> Triple:
        """``triple`` with a merged entity (subject or object) replaced by its survivor."""
        s, p, o = triple
        get = self._terms.get
        return get(s, s), p, get(o, o)

    def old_terms(self) -> list[str]:
        return sorted(self._terms)


@dataclass(slots=True)
class _Tally:
    cls: str
    surface: Counter[str] = field(default_factory=Counter)  # names
    described: Counter[str] = field(default_factory=Counter)  # descriptions ("Her husband")
    mentions: int = 0


class Sink(Protocol):
    """Where a build's triples go (a Turtle file, an Oxigraph store, an N-Quads stream)."""

    def add(self, document: DocumentTriples) -> None: ...

    def finish(self, plan: MergePlan, head: Sequence[Triple]) -> None: ...


class Assembly:
    """Collects documents in input order and feeds ``sinks`` (see the module docstring)."""

    def __init__(self, base: str, sinks: Sequence[Sink], lex: Lexicon | None = None) -> None:
        self.base = base
        self.sinks = sinks
        self.lex = lex or lexicon()
        self._entities: dict[str, _Tally] = {}
        self._edges: dict[Triple, None] = {}
        self._properties: set[str] = set()
        self._extractors: set[str] = set()
        self.statements = self.normalised = self.quotes = 0
        self.dropped: Counter[str] = Counter()
        self.unmapped: Counter[str] = Counter()
        self.records: list[EntityRecord] = []
        self.plan = MergePlan({})

    def add(self, document: DocumentTriples) -> None:
        entities = self._entities
        for use in document.uses:
            tally = entities.get(use.iri)
            if tally is None:
                tally = entities[use.iri] = _Tally(use.cls)
            elif use.if_new:
                continue
            if use.surface is not None:
                (tally.described if use.described else tally.surface)[use.surface] += 1
            tally.mentions += use.mentions
        self._edges.update(dict.fromkeys(document.edges))
        self.statements += document.statements
        self.normalised += document.normalised
        self.quotes += document.quotes
        self._properties.update(document.properties)
        self._extractors.update(document.extractors)
        self.dropped.update(dict(document.dropped))
        self.unmapped.update(dict(document.unmapped))
        for sink in self.sinks:
            sink.add(document)

    @property
    def entity_count(self) -> int:
        return len(self._entities)

    def finish(self) -> MergePlan:
        """Merge entities, write the head into every sink; return the plan."""
        table: dict[str, tuple[str, str, list[str], int]] = {}
        for iri, tally in self._entities.items():
            # named by a name if it has one, else by a description ("Okafor's wife")
            named = tally.surface or tally.described
            forms = sorted((tally.surface + tally.described).items(),
                           key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))
            label = (canonical_label(named) if named
                     else local_name(iri).replace("-", " "))
            table[iri] = (tally.cls, label, [f for f, _ in forms if f != label],
                          max(tally.mentions, 1))
        plan = MergePlan(plan_entity_merges(
            (iri, cls, label, aliases) for iri, (cls, label, aliases, _) in table.items()))
        counts = {iri: entry[3] for iri, entry in table.items()}
        extra: dict[str, set[str]] = {}
        for old, new in sorted(plan.moved.items()):
            counts[new] += counts[old]
            _, old_label, old_aliases, _ = table[old]
            extra.setdefault(new, set()).update([old_label, *old_aliases])
        head = self._vocabulary()
        for iri, (cls, label, aliases, _) in table.items():
            if iri in plan.moved:
                continue
            names = set(aliases) | (extra.get(iri, set()) - {label})
            node = terms.iri(iri)
            head += [(node, V.type, terms.iri(cls)), (node, V.label, terms.text(label)),
                     (node, V.mentionCount, terms.number(counts[iri]))]
            head += [(node, V.altLabel, terms.text(name)) for name in names]
            self.records.append(EntityRecord(iri, label, local_name(cls),
                                             tuple(sorted(names)), counts[iri]))
        self.records.sort(key=lambda r: r.iri)
        head += [plan.apply(edge) for edge in self._edges]
        self.plan = plan
        for sink in self.sinks:
            sink.finish(plan, head)
        return plan

    def _vocabulary(self) -> list[Triple]:
        """Extractor agents and activities, and the relation properties the graph uses."""
        out: list[Triple] = []
        for name in sorted(self._extractors):
            agent = terms.iri(f"{self.base}extractor/{name}")
            activity = terms.iri(f"{self.base}activity/extraction-{name}")
            out += [(agent, V.type, V.SoftwareAgent), (agent, V.label, terms.text(name)),
                    (activity, V.type, V.Activity),
                    (activity, V.label, terms.text(f"extraction with {name}")),
                    (activity, V.wasAssociatedWith, agent)]
        todo, seen = sorted(self._properties), set()
        while todo:
            iri = todo.pop()
            if iri in seen:
                continue
            seen.add(iri)
            prop = terms.iri(iri)
            out += [(prop, V.type, V.ObjectProperty),
                    (prop, V.label, terms.text(self.lex.label(iri), "en"))]
            for parent in self.lex.parents.get(iri, ()):
                out.append((prop, V.subPropertyOf, terms.iri(parent)))
                todo.append(parent)
        return out
