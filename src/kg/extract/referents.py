"""What pronoun resolution needs from the parse, read once per parsed piece.

Every named entity, common noun phrase and pronoun of a spaCy ``Doc`` becomes a frozen
``kg.model.results.Referent`` (character offsets into the document, no spaCy objects): its
grammatical role, the clause it belongs to, its number, whether it is embedded in another
phrase, and, for ``it``, whether it is pleonastic (refers to nothing). ``kg.entities.pronouns``
decides from these records alone, after the parse is gone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.extract.spans import LITERAL_LABELS
from kg.model import Span
from kg.model.results import Referent

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Pronouns resolution considers (``this``/``that`` as demonstratives are not among them).
PERSONAL = frozenset({
    "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves",
    "you", "your", "yours", "yourself", "yourselves",
    "he", "him", "his", "himself", "she", "her", "hers", "herself",
    "it", "its", "itself", "they", "them", "their", "theirs", "themselves",
})
RELATIVE = frozenset({"who", "whom", "whose", "which", "that"})

_ROLES = {"nsubj": "subj", "nsubjpass": "subj", "csubj": "subj", "expl": "subj",
          "dobj": "obj", "dative": "iobj", "pobj": "pobj", "poss": "poss",
          "attr": "attr", "oprd": "attr"}
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "nummod"})
_CLAUSE_POS = frozenset({"VERB", "AUX"})
_NUMBER = {"Sing": "sg", "Plur": "pl"}

# -- pleonastic ``it`` (rules after Lappin & Leass 1994, section 2.1.2) ------------------------
#: Adjectives of "it is ADJ (that|to …)": modal and evaluative predicates take no referent.
MODAL_ADJECTIVES = frozenset({
    "necessary", "possible", "impossible", "certain", "uncertain", "likely", "unlikely",
    "important", "good", "bad", "useful", "advisable", "convenient", "sufficient", "easy",
    "hard", "difficult", "desirable", "legal", "illegal", "common", "uncommon", "unusual",
    "usual", "rare", "clear", "unclear", "obvious", "true", "false", "surprising", "evident",
    "apparent", "crucial", "essential", "vital", "unfair", "fair", "wrong", "right", "sad",
    "strange", "odd", "interesting", "worth", "time", "unknown", "known", "better", "best",
    "worse", "normal", "typical", "critical", "unprecedented", "shocking",
    "disappointing", "encouraging", "ironic", "remarkable", "notable", "early", "late",
})
#: Nouns of "it is (a|no) NOUN that …": "it is no surprise that…", "it was a shame".
MODAL_NOUNS = frozenset({
    "surprise", "shame", "pity", "time", "question", "matter", "mystery", "wonder", "secret",
    "fact", "honor", "honour", "privilege", "relief", "mistake", "tragedy", "coincidence",
    "miracle", "disgrace", "irony", "accident", "challenge", "struggle", "priority",
})
#: Verbs whose ``it`` subject is a placeholder: weather, raising and extraposition verbs.
WEATHER_VERBS = frozenset({"rain", "snow", "hail", "pour", "drizzle", "thunder"})
RAISING_VERBS = frozenset({"seem", "appear", "happen", "emerge", "transpire", "take",
                           "matter", "remain", "become", "turn", "occur", "follow"})
#: Entity labels of a measure or a time: "when it was forty percent", "it was 3 a.m.".
MEASURE_LABELS = frozenset({"PERCENT", "CARDINAL", "MONEY", "QUANTITY", "TIME", "DATE"})
_CLAUSAL = frozenset({"ccomp", "xcomp", "csubj", "advcl"})


def _has_clause(token: Token) -> bool:
    """An extraposed clause under ``token``: "… that X", "… to do X", "… whether X"."""
    return any(child.dep_ in _CLAUSAL for child in token.children)


def _is_measure(token: Token) -> bool:
    return token.ent_type_ in MEASURE_LABELS or token.like_num


def is_pleonastic(token: Token) -> bool:
    """True for an ``it`` that stands for no entity."""
    if token.lower_ != "it":
        return False
    # The parser's own expletive label.
    if token.dep_ == "expl":
        return True
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = token.head
    # "it rained": weather verbs.
    if verb.lemma_ in WEATHER_VERBS:
        return True
    # "it seems that…", "it takes courage to…": raising verbs with a clause.
    if verb.lemma_ in RAISING_VERBS and verb.lemma_ != "be" and _has_clause(verb):
        return True
    if verb.lemma_ not in ("be", "seem", "remain", "become", "appear"):
        return False
    for child in verb.children:
        # "it is uncommon (for…)", "it remains unclear": a modal or evaluative adjective.
        if child.dep_ == "acomp" and child.lemma_.casefold() in MODAL_ADJECTIVES:
            return True
        if child.dep_ == "attr":
            # "when it was forty percent", "it was 3 a.m.": a measure or a time.
            if _is_measure(child) or any(_is_measure(c) for c in child.children):
                return True
            # "it is no surprise that…": a modal noun.
            if child.lemma_.casefold() in MODAL_NOUNS:
                return True
            # "it was Khalil who spoke": a cleft sentence.
            if any(c.dep_ == "relcl" for c in child.children):
                return True
    # "it is clear that…" parsed with the clause on the verb: extraposition.
    return any(child.dep_ in ("ccomp", "csubj") and any(
        m.dep_ == "mark" for m in child.children) for child in verb.children)


# -- roles, clauses and embedding -------------------------------------------------------------

class _Parse:
    """A piece's parse as plain lists (head index, part of speech, dependency label, character
    offset, per token), read once with ``Doc.to_array``: the walks below then make no spaCy
    ``Token`` (spaCy builds a new one per access)."""

    def __init__(self, doc: Doc) -> None:
        import numpy
        from spacy.attrs import DEP, HEAD, IDX, MORPH, POS

        self.doc = doc
        array = doc.to_array([HEAD, POS, DEP, IDX, MORPH])
        strings = doc.vocab.strings
        self.head: list[int] = (array[:, 0].astype("int64")
                                + numpy.arange(len(doc), dtype="int64")).tolist()
        names: dict[int, str] = {}
        self.pos = [names.get(h) or names.setdefault(h, strings[h]) for h in array[:, 1].tolist()]
        self.dep = [names.get(h) or names.setdefault(h, strings[h]) for h in array[:, 2].tolist()]
        self.idx: list[int] = array[:, 3].tolist()
        self.morph: list[int] = array[:, 4].tolist()
        #: Tokens with a conjunct to their right ("Khalil" of "Khalil and his wife").
        self.coordinating = {h for i, h in enumerate(self.head)
                             if h < i and self.dep[i] == "conj"}


def _role(parse: _Parse, i: int) -> str:
    """The grammatical role of the phrase headed by token ``i`` (a conjunct takes its first
    conjunct's, an apposition its host's)."""
    head, dep = parse.head, parse.dep
    while dep[i] in ("conj", "appos") and head[i] != i:
        i = head[i]
    if dep[i] in _MODIFIER_DEPS and parse.pos[head[i]] in ("NOUN", "PROPN"):
        return "mod"
    return _ROLES.get(dep[i], "other")


def _clause(parse: _Parse, i: int) -> tuple[int, bool]:
    """The character offset of the governing verb of token ``i`` and whether a noun lies
    between them (embedding)."""
    head, pos, dep = parse.head, parse.pos, parse.dep
    embedded = False
    while head[i] != i:
        i = head[i]
        if pos[i] in _CLAUSE_POS:
            return parse.idx[i], embedded
        if pos[i] in ("NOUN", "PROPN", "PRON") or dep[i] == "prep":
            embedded = True
    return parse.idx[i], embedded


#: ``Number`` of each morphology seen (by its hash, the same in every ``Doc``).
_NUMBERS: dict[int, str] = {}


def _number(parse: _Parse, i: int) -> str:
    key = parse.morph[i]
    found = _NUMBERS.get(key)
    if found is None:
        values = parse.doc[i].morph.get("Number", [])
        found = _NUMBERS[key] = _NUMBER.get(values[0], "") if values else ""
    return found


def _inside_noun_phrase(noun: Token) -> bool:
    """True for the object of a preposition that modifies another noun ("Pune" in "the plant
    in Pune", "Omar" in "the wife of Omar")."""
    return (noun.dep_ == "pobj" and noun.head.dep_ == "prep"
            and noun.head.head.pos_ in ("NOUN", "PROPN"))


def _referent(parse: _Parse, i: int, span: tuple[int, int], kind: str, offset: int,
              sentence: int, doc_text: str, label: str = "") -> Referent:
    clause, embedded = _clause(parse, i)
    text = doc_text[span[0]:span[1]]
    bound = None
    dep = parse.dep[i]
    pleonastic = False
    if kind == "pronoun":
        token = parse.doc[i]
        pleonastic = is_pleonastic(token)
        if token.lower_ in RELATIVE:
            # "Khalil, who was detained": the noun the relative clause modifies — unless that
            # noun sits in a phrase modifying another noun ("the plant in Pune, which
            # opened"): the clause may belong to either, and the relative then names nobody.
            verb = token.head
            if verb.dep_ == "relcl" and not _inside_noun_phrase(verb.head):
                bound = verb.head.idx + offset
        elif dep == "poss" and parse.dep[parse.head[i]] == "appos":
            # "Liu Yang, his deputy": ``his`` is not Liu Yang (a phrase never contains itself).
            bound = parse.idx[parse.head[parse.head[i]]] + offset
    elif dep == "appos":
        # "Ngozi Adeyemi, a finance official": one referent under two phrases.
        bound = parse.idx[parse.head[i]] + offset
    return Referent(
        Span(span[0] + offset, span[1] + offset, text), parse.idx[i] + offset, kind,
        _role(parse, i), sentence, clause + offset,
        _number(parse, i) if kind != "name" or label != "NORP" else "",
        label, pleonastic, embedded, bound)


def _coordinated(parse: _Parse, token: Token, offset: int, sentence: int, doc_text: str
                 ) -> Referent | None:
    """"Khalil and his wife": one plural referent for a later ``they``."""
    conjuncts = [c for c in token.conjuncts if c.i > token.i and c.pos_ in ("NOUN", "PROPN")]
    if not conjuncts:
        return None
    last = max(conjuncts, key=lambda c: c.i)
    start = token.left_edge.idx
    end = last.right_edge.idx + len(last.right_edge)
    clause, embedded = _clause(parse, token.i)
    return Referent(Span(start + offset, end + offset, doc_text[start:end]), token.idx + offset,
                    "noun", _role(parse, token.i), sentence, clause + offset, "pl", "", False,
                    embedded)


_PRONOUNS = PERSONAL | RELATIVE


def referents(doc: Doc, offset: int = 0, text: str | None = None) -> Iterator[Referent]:
    """Every named entity, noun phrase and pronoun of ``doc``, in text order per sentence
    (``offset`` added to every character offset; ``text``: ``doc.text``, if known).

    ``doc.text`` and ``sent.ents`` each walk the whole document: they are read once here, so
    the work stays linear in the length of a document without line breaks."""
    doc_text = doc.text if text is None else text
    parse = _Parse(doc)
    pos, dep = parse.pos, parse.dep
    ents = list(doc.ents)
    next_ent = 0
    for sent in doc.sents:
        sentence = sent.start_char + offset
        found: list[Referent] = []
        heads: set[int] = set()
        while next_ent < len(ents) and ents[next_ent].start < sent.start:
            next_ent += 1
        while next_ent < len(ents) and ents[next_ent].end <= sent.end:  # ``sent.ents``
            ent = ents[next_ent]
            next_ent += 1
            if ent.label_ in LITERAL_LABELS or not ent.text.strip():
                continue
            root = ent.root.i
            heads.add(root)
            if ent.label_ in MEASURE_LABELS:
                continue  # "Haddad, 34, was arrested": an age or a date is no one "he" names
            found.append(_referent(parse, root, (ent.start_char, ent.end_char), "name", offset,
                                   sentence, doc_text, ent.label_))
        for i in range(sent.start, sent.end):
            if pos[i] == "PRON":
                token = doc[i]
                if token.lower_ in _PRONOUNS:
                    if token.lower_ != "that" or token.tag_ == "WDT":
                        found.append(_referent(parse, i, (token.idx, token.idx + len(token)),
                                               "pronoun", offset, sentence, doc_text))
                    continue
            if pos[i] not in ("NOUN", "PROPN"):
                continue
            token = doc[i]
            if i not in heads and dep[i] not in _MODIFIER_DEPS:
                start = max(token.left_edge.idx, sent.start_char)
                found.append(_referent(parse, i, (start, token.idx + len(token)), "noun",
                                       offset, sentence, doc_text))
            if dep[i] != "conj" and i in parse.coordinating:
                both = _coordinated(parse, token, offset, sentence, doc_text)
                if both is not None:
                    found.append(both)
        found.sort(key=lambda r: (r.head, -r.span.end))
        yield from found
