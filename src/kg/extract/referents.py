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

def _role(token: Token) -> str:
    """The grammatical role of the phrase headed by ``token`` (a conjunct takes its first
    conjunct's, an apposition its host's)."""
    while token.dep_ in ("conj", "appos") and token.head.i != token.i:
        token = token.head
    if token.dep_ in _MODIFIER_DEPS and token.head.pos_ in ("NOUN", "PROPN"):
        return "mod"
    return _ROLES.get(token.dep_, "other")


def _clause(token: Token) -> tuple[Token, bool]:
    """The governing verb of ``token`` and whether a noun lies between them (embedding)."""
    embedded = False
    current = token
    while current.head.i != current.i:  # spaCy makes a new Token per access: compare indices
        current = current.head
        if current.pos_ in _CLAUSE_POS:
            return current, embedded
        if current.pos_ in ("NOUN", "PROPN", "PRON") or current.dep_ == "prep":
            embedded = True
    return current, embedded


def _number(token: Token) -> str:
    found = token.morph.get("Number", [])
    return _NUMBER.get(found[0], "") if found else ""


def _inside_noun_phrase(noun: Token) -> bool:
    """True for the object of a preposition that modifies another noun ("Pune" in "the plant
    in Pune", "Omar" in "the wife of Omar")."""
    return (noun.dep_ == "pobj" and noun.head.dep_ == "prep"
            and noun.head.head.pos_ in ("NOUN", "PROPN"))


def _referent(token: Token, span: tuple[int, int], kind: str, offset: int, sentence: int,
              doc_text: str, label: str = "") -> Referent:
    clause, embedded = _clause(token)
    text = doc_text[span[0]:span[1]]
    bound = None
    if kind == "pronoun" and token.lower_ in RELATIVE:
        # "Khalil, who was detained": the noun the relative clause modifies — unless that
        # noun sits in a phrase modifying another noun ("the plant in Pune, which opened"):
        # the clause may belong to either, and the relative then names nobody.
        verb = token.head
        if verb.dep_ == "relcl" and not _inside_noun_phrase(verb.head):
            bound = verb.head.idx + offset
    elif kind != "pronoun" and token.dep_ == "appos":
        # "Ngozi Adeyemi, a finance official": one referent under two phrases.
        bound = token.head.idx + offset
    elif kind == "pronoun" and token.dep_ == "poss" and token.head.dep_ == "appos":
        # "Liu Yang, his deputy": ``his`` is not Liu Yang (a phrase never contains itself).
        bound = token.head.head.idx + offset
    return Referent(
        Span(span[0] + offset, span[1] + offset, text), token.idx + offset, kind,
        _role(token), sentence, clause.idx + offset,
        _number(token) if kind != "name" or label != "NORP" else "",
        label, kind == "pronoun" and is_pleonastic(token), embedded, bound)


def _coordinated(token: Token, offset: int, sentence: int, doc_text: str) -> Referent | None:
    """"Khalil and his wife": one plural referent for a later ``they``."""
    conjuncts = [c for c in token.conjuncts if c.i > token.i and c.pos_ in ("NOUN", "PROPN")]
    if not conjuncts:
        return None
    last = max(conjuncts, key=lambda c: c.i)
    start = token.left_edge.idx
    end = last.right_edge.idx + len(last.right_edge)
    clause, embedded = _clause(token)
    return Referent(Span(start + offset, end + offset, doc_text[start:end]), token.idx + offset,
                    "noun", _role(token), sentence, clause.idx + offset, "pl", "", False,
                    embedded)


def referents(doc: Doc, offset: int = 0) -> Iterator[Referent]:
    """Every named entity, noun phrase and pronoun of ``doc``, in text order per sentence
    (``offset`` added to every character offset).

    ``doc.text`` and ``sent.ents`` each walk the whole document: they are read once here, so
    the work stays linear in the length of a document without line breaks."""
    doc_text = doc.text
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
            heads.add(ent.root.i)
            found.append(_referent(ent.root, (ent.start_char, ent.end_char), "name", offset,
                                   sentence, doc_text, ent.label_))
        for token in sent:
            if token.pos_ == "PRON" and token.lower_ in PERSONAL | RELATIVE:
                if token.lower_ != "that" or token.tag_ == "WDT":
                    found.append(_referent(token, (token.idx, token.idx + len(token)),
                                           "pronoun", offset, sentence, doc_text))
                continue
            if token.pos_ not in ("NOUN", "PROPN"):
                continue
            if token.i not in heads and token.dep_ not in _MODIFIER_DEPS:
                start = max(token.left_edge.idx, sent.start_char)
                found.append(_referent(token, (start, token.idx + len(token)), "noun", offset,
                                       sentence, doc_text))
            if token.dep_ != "conj":
                both = _coordinated(token, offset, sentence, doc_text)
                if both is not None:
                    found.append(both)
        found.sort(key=lambda r: (r.head, -r.span.end))
        yield from found
