"""One document's result → its triples: the one place where kg's RDF is made.

``emit`` is a pure function of a resolved and normalised ``DocumentResult``: it returns the
document's own triples (the document, its statements and quotes), the entity-to-entity
triples it asserts, and every *use* of an entity, in order. Entities themselves (type, label,
aliases, mention count) are written once for the whole build by ``kg.rdf.assemble``, which
replays the uses in input order, so counts and labels do not depend on how documents were
spread over workers. ``render`` is what a worker does to a parsed document.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kg.enrich.lexicon import Lexicon, lexicon
from kg.enrich.normalise import edge, normalise, roles
from kg.enrich.temporal import dateline_date, parse_anchor, resolve_date, text_anchor
from kg.entities.names import clean_name, is_pronoun
from kg.entities.people import OWNER_PRONOUNS
from kg.entities.resolve import is_unresolved, names_nobody, resolve_document
from kg.model import Document, Mention, Statement
from kg.model.results import UNRESOLVED, DocumentResult, MentionRecord, Quote
from kg.rdf import terms
from kg.rdf.iris import Vocab, document_iri, entity_iri, mention_iri, quote_iri, statement_iri
from kg.rdf.terms import Triple

V = Vocab()
_SPEAKERS = frozenset({"my", "our", "your"})  # owners only a quote's speaker knows


def _form(surface: str) -> tuple[str | None, bool]:
    """How a description-free mention's words count toward its entity's label: ``(words,
    False)``, a name; ``(words, True)``, a description ("Her husband", "Okafor's wife"), the
    label only when no name is known; ``(None, True)``, neither: all lower case ("the
    country" → ``country``) or the speaker's ("My mother" in a quote)."""
    first, _, rest = surface.partition(" ")
    owner = first.casefold()
    if surface.islower() or (owner in _SPEAKERS and rest.islower()):
        return None, True
    return surface, (owner in OWNER_PRONOUNS or first.endswith(("'s", "’s"))) and rest.islower()


# (iri, subject IRI, subject text, relation, object IRI, object value, confidence, document id,
#  sentence, rule, extractor, sentence start, *ROW_EXTRA): what the TSV and the HTML page show.
StatementRow = tuple[str, str, str, str, str, str, float, str, str, str, str, int,
                     str, str, str, str, str, str, str]
#: The optional ``StatementRecord.extra`` fields at the end of a ``StatementRow`` ("": none).
ROW_EXTRA = ("subject_start", "subject_end", "object_start", "object_end", "date", "page",
             "predicate_iri")


@dataclass(frozen=True, slots=True)
class EntityUse:
    """An entity named by a document: ``mentions`` more mentions and one more ``surface``
    form; with ``if_new``, counted only if no earlier use (in input order) named it."""

    iri: str
    cls: str
    surface: str | None
    mentions: int
    if_new: bool
    #: ``surface`` describes the entity ("Her husband"): its label only if nothing names it
    described: bool = False


@dataclass(frozen=True, slots=True)
class DocumentTriples:
    """A document's part of the graph, ready for any sink (see the module docstring)."""

    document_id: str
    #: The document's own nodes (sorted, each once; ``split_named``): the triples that name
    #: none of its entities as N-Triples lines (UTF-8 bytes, ready for any sink), and those
    #: that do (which the build's merge plan may change) as triples.
    lines: bytes
    named: tuple[Triple, ...]
    edges: tuple[Triple, ...]  # between entities
    uses: tuple[EntityUse, ...]
    rows: tuple[StatementRow, ...]
    sentences: int
    words: int
    statements: int
    normalised: int
    quotes: int
    properties: tuple[str, ...]
    extractors: tuple[str, ...]
    dropped: tuple[tuple[str, int], ...] = ()
    unmapped: tuple[tuple[str, int], ...] = ()


class _Document:
    """The state of ``emit`` for one document."""

    def __init__(self, result: DocumentResult, base: str, lex: Lexicon) -> None:
        self.base, self.lex = base, lex
        self.own: list[Triple] = []
        self.edges: list[Triple] = []
        self.uses: list[EntityUse] = []
        self.rows: list[StatementRow] = []
        self.properties: set[str] = set()
        self.extractors: set[str] = set()
        self.normalised = 0
        self.unresolved = 0
        self.mentions = result.mentions
        self.source = result.document
        # a document without a date of its own is dated by its dateline ("March 11—")
        self.anchor = self.year_anchor = (parse_anchor(result.document.date)
                                          or dateline_date(result.document.text))
        self.anchor_text = None if self.anchor else result.document.text

    def use(self, mention: Mention, count: int, if_new: bool = False) -> str:
        iri = entity_iri(self.base, mention)
        surface = None if is_pronoun(mention) else clean_name(mention.name_text)
        described = False
        if surface and mention.label and mention.name is None:
            surface, described = _form(surface)
        self.uses.append(EntityUse(iri, V.entity_class(mention.label), surface, count, if_new,
                                   described))
        return terms.iri(iri)

    def node(self, mention: Mention) -> str:
        """The entity of a mention met outside subject and object."""
        return self.use(mention, 1, if_new=True)

    def find_year_anchor(self) -> date | None:
        if self.anchor_text is not None:
            self.year_anchor, self.anchor_text = text_anchor(self.anchor_text), None
        return self.year_anchor

    def document(self, document: Document) -> str:
        node = terms.iri(document_iri(self.base, document.id))
        add = self.own.append
        add((node, V.type, V.Document))
        add((node, V.documentId, terms.text(document.id)))
        add((node, V.contentHash, terms.text(document.content_hash)))
        if document.title:
            add((node, V.title, terms.text(document.title)))
        if document.url:
            add((node, V.url, terms.typed(document.url, terms.XSD + "anyURI")))
        if document.author:
            add((node, V.creator, terms.text(document.author)))
        if document.date:
            add((node, V.date, terms.text(document.date)))
            published = parse_anchor(document.date)
            if published is not None:
                add((node, V.datePublished, terms.day(published)))
        elif self.anchor is not None:
            add((node, V.datePublished, terms.day(self.anchor)))
        return node

    def statement(self, st: Statement, doc: str, named: set[str]) -> None:
        text, num = terms.text, terms.number
        prov = st.provenance
        st_iri = statement_iri(self.base, st)
        # A pronoun that names no entity keeps its text but links no entity and makes no
        # entity edge; its statement is marked, and left out of the rows (TSV, HTML).
        unresolved = is_unresolved(st)
        out = [(V.unresolved, num(True))] if unresolved else []
        self.unresolved += unresolved
        subject_iri = entity_iri(self.base, st.subject)
        if not names_nobody(st.subject):
            subject = self.use(st.subject, 0 if subject_iri in named else 1)
            out.append((V.subject, subject))
        out += [
            (V.type, V.Statement),
            (V.subjectText, text(st.subject.text)),
            (V.subjectStart, num(st.subject.span.start)),
            (V.subjectEnd, num(st.subject.span.end)),
            (V.relation, text(st.relation.text)), (V.relationLemma, text(st.relation.lemma)),
            (V.confidence, terms.decimal(st.confidence)), (V.negated, num(st.negated)),
            (V.sourceDocument, doc), (V.sentence, text(prov.sentence.text)),
            (V.sentenceStart, num(prov.sentence.start)),
            (V.sentenceEnd, num(prov.sentence.end)), (V.extractor, text(prov.extractor)),
        ]
        if prov.rule:
            out.append((V.rule, text(prov.rule)))
        page = self.source.page_at(prov.sentence.start)
        if page is not None:
            out.append((V.page, num(page)))
        if st.modality:
            out.append((V.modality, text(st.modality)))
        obj, object_iri = st.object, ""
        if obj is not None:
            if obj.literal:
                out.append((V.objectValue, text(obj.text)))
            elif not names_nobody(obj):
                object_iri = entity_iri(self.base, obj)
                out.append((V.object, self.use(obj, 0 if object_iri in named else 1)))
            out += [(V.objectText, text(obj.text)), (V.objectStart, num(obj.span.start)),
                    (V.objectEnd, num(obj.span.end))]
        out += [(V.argument, text(arg.text)) for arg in st.extra_args]
        name = prov.extractor
        self.extractors.add(name)
        out += [(V.wasDerivedFrom, doc),
                (V.wasGeneratedBy, terms.iri(f"{self.base}activity/extraction-{name}")),
                (V.wasAttributedTo, terms.iri(f"{self.base}extractor/{name}"))]
        normalised = [] if unresolved else self.normalisation(st)
        out += normalised
        node = terms.iri(st_iri)
        self.own += [(node, p, o) for p, o in out]
        if unresolved:
            return
        day = next((o.split('"')[1] for p, o in normalised if p == V.time), "")
        self.rows.append((
            st_iri, subject_iri, st.subject.text, st.relation.text, object_iri,
            obj.text if obj is not None and obj.literal else "", float(f"{st.confidence:.3f}"),
            prov.document_id, prov.sentence.text, prov.rule or "", prov.extractor,
            prov.sentence.start, str(st.subject.span.start), str(st.subject.span.end),
            "" if obj is None else str(obj.span.start), "" if obj is None else str(obj.span.end),
            day, "" if page is None else str(page), st.relation.predicate or ""))

    def normalisation(self, st: Statement) -> list[tuple[str, str]]:
        """Predicate, roles, event noun, time, place and attribution of ``st``."""
        out: list[tuple[str, str]] = []
        if st.relation.predicate:
            prop = terms.iri(st.relation.predicate)
            self.properties.add(st.relation.predicate)
            self.normalised += 1
            out.append((V.predicate, prop))
            if st.relation.mapping is not None:
                out += [(V.mappingMethod, terms.text(st.relation.mapping.method)),
                        (V.mappingScore, terms.decimal(st.relation.mapping.score))]
            r = roles(st, self.mentions, self.lex)
            actor = self.node(r.actor) if r.actor is not None else None
            if actor is not None:
                out.append((V.actor, actor))
            if r.target is not None:
                out.append((V.target, self.node(r.target)))
            if r.event_noun and r.event_type:
                self.properties.add(r.event_type)
                out += [(V.eventNoun, terms.text(r.event_noun)),
                        (V.eventType, terms.iri(r.event_type))]
            ends = edge(st, self.mentions, self.lex)
            if ends is not None:
                self.edges.append((self.node(ends[0]), prop, self.node(ends[1])))
        if st.time is not None:
            out.append((V.timeText, terms.text(" ".join(st.time.text.split()))))
            found = resolve_date(st.time.text, self.anchor, self.find_year_anchor())
            if found is not None:
                out.append((V.time, terms.day(found)))
        if st.place is not None:
            out.append((V.place, self.node(st.place)))
        if st.attributed_to is not None and not is_pronoun(st.attributed_to):
            out.append((V.attributedTo, self.node(st.attributed_to)))
        return out

    def mention(self, record: MentionRecord, doc: str) -> None:
        """A ``kg:Mention`` node: where a name or pronoun is, what it names and how."""
        node = terms.iri(mention_iri(self.base, record))
        out = [(V.type, V.Mention), (V.sourceDocument, doc),
               (V.mentionText, terms.text(record.text)),
               (V.mentionStart, terms.number(record.start)),
               (V.mentionEnd, terms.number(record.end)),
               (V.resolvedBy, terms.text(record.how)),
               (V.confidence, terms.decimal(record.confidence))]
        if record.entity_id is not None:
            out.append((V.refersTo, terms.iri(self.base + record.entity_id)))
        self.own += [(node, p, o) for p, o in out]

    def quote(self, quote: Quote, doc: str) -> None:
        node = terms.iri(quote_iri(self.base, quote))
        speaker = self.node(quote.speaker)
        self.own += [(node, p, o) for p, o in (
            (V.type, V.Quote), (V.speaker, speaker), (V.quoteText, terms.text(quote.span.text)),
            (V.quoteStart, terms.number(quote.span.start)),
            (V.quoteEnd, terms.number(quote.span.end)),
            (V.sourceDocument, doc), (V.wasDerivedFrom, doc))]


def emit(result: DocumentResult, base: str, lex: Lexicon | None = None,
         dropped: Counter[str] | None = None,
         unmapped: Counter[str] | None = None) -> DocumentTriples:
    """The triples of one resolved and normalised document (see the module docstring)."""
    state = _Document(result, base, lex or lexicon())
    doc = state.document(result.document)
    named = {entity_iri(base, m) for m in result.mentions}
    for mention in result.mentions:
        state.use(mention, 1)
    for st in result.statements:
        state.statement(st, doc, named)
    for quote in result.quotes:
        state.quote(quote, doc)
    for record in result.mention_records:
        state.mention(record, doc)
    counts = Counter(dropped or {})
    if state.unresolved:
        counts[UNRESOLVED] += state.unresolved
    return DocumentTriples(
        result.document.id, *split_named(state.own, state.uses),
        tuple(dict.fromkeys(state.edges)),
        tuple(state.uses), tuple(state.rows), result.sentences, result.words,
        len(result.statements), state.normalised, len(result.quotes),
        tuple(sorted(state.properties)), tuple(sorted(state.extractors)),
        tuple(sorted(counts.items())), tuple(sorted((unmapped or {}).items())))


def split_named(own: Iterable[Triple], uses: Iterable[EntityUse],
                ) -> tuple[bytes, tuple[Triple, ...]]:
    """A document's own triples, sorted and each once, as the lines of those that name none of
    the entities it ``uses`` and the triples that do (as subject or object)."""
    names = {terms.iri(use.iri) for use in uses}
    plain: list[str] = []
    named: list[Triple] = []
    for triple in sorted(set(own)):
        if triple[0] in names or triple[2] in names:
            named.append(triple)
        else:
            plain.append(terms.line(triple))
    return "".join(plain).encode("utf-8"), tuple(named)


def render(parsed: DocumentResult, base: str, lex: Lexicon | None = None) -> DocumentTriples:
    """Resolve, normalise and emit one parsed document (what a worker does per document)."""
    dropped: Counter[str] = Counter()
    unmapped: Counter[str] = Counter()
    lex = lex or lexicon()
    [normalised] = list(normalise([resolve_document(parsed, dropped)], unmapped, lex))
    return emit(normalised, base, lex, dropped, unmapped)

