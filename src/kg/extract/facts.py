"""Which extracted statements are facts, and why the others are not.

The extractor reads every clause, and open-IE output keeps everything it reads. But the lines
around a news story are not statements about the world: a photo caption or credit, a dateline
(``WASHINGTON, March 3 —``), a byline, a score line (``Group F — Ghana 1–0 Peru``) or a
headline fragment read as an apposition gives ``X — is — Y`` pairs that no reader would
assert. ``mark`` gives each such statement a reason in ``Statement.filtered``; the entity graph
leaves marked statements out (``kg.entities.resolve``), open-IE output keeps them, marked.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from kg.extract.clause_labels import FINITE, JUDGING
from kg.extract.mood import conditional, purpose, wished, wishes
from kg.model import Statement
from kg.nlp.datelines import dateline_end

if TYPE_CHECKING:
    from spacy.tokens import Token

    from kg.extract.clause_args import Args

# A caption or credit opens with its keyword and a colon, slash or dash: "Image: …",
# "Photo by …", "Credit: …", "File photo — …".
_CAPTION = re.compile(
    r"^\W*(?:images?|photos?|photographs?|pictures?|pictured|credits?|source|illustrations?"
    r"|videos?|file photo|caption|watch|listen|related|read more|read also|also read|see also"
    r"|recommended|more on this)\b\s*(?:[:/|—–]|-\s|by\b|courtesy\b)",
    re.IGNORECASE)
# … or closes with an agency's credit: "(AP Photo/Jane Doe)", "/Getty Images", "Reuters".
_CREDIT = re.compile(
    r"(?:\bphoto\s*/|/\s*(?:getty images|afp|reuters|ap|epa|shutterstock)\b)[^\n]*$"
    r"|\b(?:getty images|shutterstock)\W*$", re.IGNORECASE)
# A byline: "By Amara Okafor", "Reporting by Li Wei and Tomás Ruiz".
_BYLINE = re.compile(r"^\W*(?:By|(?:Additional )?[Rr]eporting by|Written by|Story by)\s+[A-Z]")
_BYLINE_WORDS = 10
# A score: "1–0", "2 - 1", "103-98" (not a year range: at most three digits a side).
SCORE = re.compile(r"(?<![\d.,:/])\d{1,3}\s?[–—-]\s?\d{1,3}(?![\d,:/%]|\.\d)")
_FINITE = FINITE | {"MD"}
# A line that ends a sentence ends so; a headline, caption or title does not.
_TERMINAL = frozenset('.!?…"”’\')')
# Statements read without a verb: appositions and possessives (``kg.extract.clause_nominal``).
_NOMINAL_RULES = ("SVC-appos", "possessive")
# Title case: most words of four letters or more capitalised.
_TITLE_SHARE = 0.6
#: A headline is at most this many words long.
_HEADLINE_WORDS = 14
_LONG_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")


def _headline(text: str, offset: int, line: str) -> bool:
    """A short line with a blank line (or the text's edge) before and after it."""
    lo = text.rfind("\n", 0, offset) + 1
    hi = lo + len(line)
    return (len(line.split()) <= _HEADLINE_WORDS and (lo == 0 or text[:lo].endswith("\n\n"))
            and (hi >= len(text.rstrip()) or text[hi:hi + 2] == "\n\n"))


def nominal(st: Statement) -> bool:
    """True for a statement read without a verb (an apposition's or a possessive's)."""
    return st.provenance.rule.startswith(_NOMINAL_RULES)


def _line(text: str, start: int, end: int) -> tuple[int, str]:
    """The line (between newlines) around ``text[start:end]``, and where it starts."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return lo, text[lo:len(text) if hi < 0 else hi]


def _title_case(line: str) -> bool:
    words = _LONG_WORD.findall(line)
    return bool(words) and sum(w[0].isupper() for w in words) >= _TITLE_SHARE * len(words)


def _line_reason(line: str, start: int, args: Args) -> str | None:
    """Why no statement read from ``line`` (at chunk offset ``start``) is a fact."""
    text = line.strip()
    if _CAPTION.match(text) or _CREDIT.search(text):
        return "caption"
    if _BYLINE.match(text) and len(text.split()) <= _BYLINE_WORDS:
        return "byline"
    if SCORE.search(text):
        doc = args.doc
        span = doc.char_span(start, start + len(line), alignment_mode="expand")
        if span is not None and not any(t.tag_ in _FINITE for t in span):
            return "score line"
    return None


class Lines:
    """The lines of one chunk that statements are read from, each judged once (and its
    tokens, found by character offset)."""

    def __init__(self, args: Args) -> None:
        self.args = args
        self._seen: dict[int, tuple[str, str | None, int]] = {}
        self._starts: list[int] | None = None

    def token(self, offset: int) -> Token:
        """The token at chunk offset ``offset``."""
        if self._starts is None:
            self._starts = [t.idx for t in self.args.tokens]
        return self.args.tokens[max(0, bisect_right(self._starts, offset) - 1)]

    def at(self, offset: int) -> tuple[str, str | None, int]:
        """``(line, reason, dateline end)`` of the line holding chunk offset ``offset``."""
        text = self.args.text
        lo = text.rfind("\n", 0, offset) + 1
        found = self._seen.get(lo)
        if found is None:
            _, line = _line(text, lo, lo)
            end = dateline_end(line)
            found = self._seen[lo] = (line, _line_reason(line, lo, self.args),
                                      lo + end if end else 0)
        return found


# -- statements the extractor read only in part -------------------------------------------
#: Complements a verb's statement must hold when it has no object: without them "has not once
#: shied ∅" (away from …), "will be called ∅" (illegal), "immigrants come ∅" (from which).
_COMPLEMENTS = frozenset({"prep", "agent", "dobj", "dative", "attr", "oprd", "acomp"})
#: Adverbs and particles whose own prepositions are the verb's ("shied away from …").
_CARRIERS = frozenset({"advmod", "prt"})
#: Relative adverbs: the noun their clause modifies is a time or place, never an object
#: ("in August, where he said …" says nothing of August).
_ADVERBIAL_RELATIVES = frozenset({"where", "when", "why", "whereby"})
_CLAUSE_DEPS = frozenset({"aux", "auxpass", "neg"})
#: Words that open an embedded question as a subject ("how many people — are missing").
_WH_OPENERS = frozenset({"how", "what", "whether", "why", "which", "where", "when"})
#: Speech verbs say nothing without what was said ("<person> — stated — ∅": the words are in
#: a quote the clause does not hold).
_SPEECH = frozenset({"say", "state", "tell", "add", "write", "note", "explain", "report",
                     "announce", "claim", "declare", "comment", "reply", "respond", "tweet"})
#: Nouns whose ``that``-clause is a fact the writer asserts ("the fact that the dam failed");
#: any other noun's ("allegations that he hid it", "claims that", "fears that") is somebody's
#: claim, hope or fear, which nobody asserts here.
_FACTIVE_NOUNS = frozenset({"fact", "news", "realization", "realisation", "discovery",
                            "knowledge", "proof", "confirmation", "revelation", "reminder"})


def _verbs(st: Statement, lines: Lines, offset: int) -> list[Token]:
    """The verbs of ``st``'s relation (not its auxiliaries)."""
    tokens = [lines.token(s.start - offset) for s in st.relation.spans]
    return [t for t in tokens if t.pos_ in ("VERB", "AUX") and t.dep_ not in _CLAUSE_DEPS]


def _covered(st: Statement, offset: int) -> list[tuple[int, int]]:
    """The chunk-offset spans ``st`` holds: its arguments and its relation words."""
    spans = [a.span for a in st.arguments] + list(st.relation.spans)
    return [(s.start - offset, s.end - offset) for s in spans]


def _complements(verb: Token, args: Args) -> Iterator[Token]:
    for child in args.children(verb):
        if child.dep_ in _COMPLEMENTS or _bound_participle(verb, child):
            yield child
        elif child.dep_ in _CARRIERS:
            yield from (c for c in args.children(child) if c.dep_ == "prep")


def _bound_participle(verb: Token, child: Token) -> bool:
    """A participle right after its verb, with no comma or conjunction between ("deserves to
    grow up knowing her mother fought"): it says how, and the verb alone says less."""
    return (child.dep_ == "advcl" and child.tag_ == "VBG" and child.i > verb.i
            and not child.nbor(-1).is_punct
            and not any(c.dep_ == "mark" for c in child.children))


def _far_apposition(st: Statement, lines: Lines, offset: int) -> bool:
    """An apposition of two unnamed phrases whose host is separated from it by a phrase of
    its own ("X's application for a waiver of removability, a legal order"), or is itself in
    a phrase of another noun ("the land of his father, a plot"): it may belong to either noun,
    and the parse cannot tell which."""
    obj = st.object
    if (obj is None or st.provenance.rule != "SVC-appos" or obj.label or st.subject.label):
        return False
    first, end = lines.token(obj.span.start - offset), obj.span.end - offset
    tokens = lines.args.tokens
    appos = None  # the first apposition from the object's first token to its end
    for i in range(first.i, len(tokens)):
        if tokens[i].idx >= end:
            break
        if tokens[i].dep_ == "appos":
            appos = tokens[i]
            break
    if appos is None:
        return False
    host = appos.head
    if host.dep_ == "pobj" and host.head.dep_ == "prep" and host.head.head.pos_ == "NOUN":
        return True  # "the land of his father, a plot": the land's or the father's?
    return any(c.dep_ == "prep" and host.i < c.i < appos.i for c in lines.args.children(host))


def _clause_reason(st: Statement, verbs: list[Token], args: Args) -> str | None:
    """Why the clause of ``st`` is not asserted, or its relation is not a verb of its own."""
    if st.relation.text.casefold().startswith("to "):
        return "infinitive"  # "for ICE to deny …": a clause nobody asserts
    if all(v.lemma_.casefold() == "do" and not any(c.dep_ in ("dobj", "ccomp", "xcomp")
                                                    for c in args.children(v)) for v in verbs):
        return "pro-verb"  # "like the Nazis did in Germany": "did" stands for another verb
    top = clause = verbs[0]
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ == "ccomp" and wishes(clause.head):
        return "irrealis"
    if clause.dep_ == "relcl" and wished(clause, args):
        return "irrealis"  # "build a society where the masses govern": a world wished for
    if clause.dep_ == "advcl" and purpose(clause, args):
        return "irrealis"  # "asked for parole so he could be present": a purpose
    if clause.dep_ == "advcl" and conditional(clause, args):
        return "conditional"  # "would stay out until the authority raised its offer"
    if (clause.dep_ in ("acl", "ccomp") and clause.head.pos_ in ("NOUN", "PROPN")
            and clause.head.lemma_.casefold() not in _FACTIVE_NOUNS
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in args.children(clause))):
        return "unasserted"  # "allegations that he failed to disclose …": a claim's content
    if (top.dep_ == "relcl" and st.provenance.rule.endswith("relcl")
            and any(c.dep_ == "advmod" and c.lower_ in _ADVERBIAL_RELATIVES
                    for c in args.children(top))):
        return "adverbial relative"  # "in August, where he said": August is no argument
    if top.dep_ == "relcl" and _ambiguous_relative(top):
        return "attachment"  # "its office in Lisbon, which employs 140 people": which one?
    return None


def _ambiguous_relative(clause: Token) -> bool:
    """A ``, which`` clause of a noun inside another noun's phrase ("its office in Lisbon,
    which employs 140 people"): it may belong to either noun, and the parse cannot tell
    which (``who`` can: only one of them is a person, as a rule). A part of a whole is no
    rival: "members of his legal team, which includes the ACLU" (the team)."""
    noun, first = clause.head, clause.left_edge
    if first.lower_ != "which" or first.i == 0 or first.nbor(-1).text != ",":
        return False
    outer = noun.head.head
    return (noun.dep_ == "pobj" and noun.head.dep_ == "prep" and outer.pos_ in ("NOUN", "PROPN")
            and outer.lemma_.casefold() not in _PARTITIVE)


#: Nouns that name a part of what follows them ("part of", "members of", "one of").
_PARTITIVE = frozenset({"part", "member", "one", "some", "many", "most", "all", "each", "none",
                        "both", "several", "few", "half", "rest", "majority", "minority"})


def _left_out(st: Statement, verbs: list[Token], lines: Lines, offset: int) -> str | None:
    """Why ``st`` leaves out an argument its clause has, or ``None``."""
    covered = _covered(st, offset)
    inside = {v.i for v in verbs}

    def held(token: Token) -> bool:
        return token.i in inside or any(lo <= token.idx < hi for lo, hi in covered)

    if st.object is None and (any(not held(c) for v in verbs for c in _complements(v, lines.args))
                              or (not st.extra_args and verbs[0].lemma_ in _SPEECH)):
        return "incomplete"
    for a in (st.subject, st.object):
        if a is not None and not a.literal and a.text:
            last = lines.token(a.span.end - offset - 1)
            if last.tag_ == "VB" and last.pos_ in ("VERB", "AUX"):
                return "incomplete"  # "To do — requires …": an infinitive without its object
            if a.text.endswith("-"):
                return "incomplete"  # "Co- — met — the mayor": a word cut in two
    return None


_ASKING = frozenset({"ask", "wonder", "inquire", "enquire", "question", "doubt"})


def _asks_how(token: Token) -> bool:
    """A wh-adverb or ``whether``/``if`` (that opens a complement clause: an embedded
    question, not "would hire locally wherever it could")."""
    return ((token.tag_ == "WRB" and token.dep_ == "advmod")
            or (token.dep_ == "mark" and token.lower_ in ("whether", "if")))


def _asks(verbs: list[Token], st: Statement, args: Args) -> bool:
    """An embedded question or free relative whose wh-word the statement leaves out ("what
    his message was to students"), or whose subject asks ("it is unclear how many people
    are still missing")."""
    words = st.subject.text.casefold().split()
    if len(words) > 1 and words[0] in _WH_OPENERS:
        return True
    if any((v.dep_ == "ccomp" or (v.dep_ == "advcl" and v.head.lemma_ in _ASKING))
           and any(_asks_how(c) and c.i == v.left_edge.i for c in args.children(v))
           for v in verbs):
        return True  # "they ask when he is coming home": an embedded question asserts nothing
    covered = _covered(st, args.offset)
    return any(c.tag_ in ("WP", "WDT") and c.dep_ in ("attr", "dobj") and v.dep_ != "relcl"
               and not any(lo <= c.idx < hi for lo, hi in covered)
               for v in verbs for c in args.children(v))


def _partial_reason(st: Statement, lines: Lines, offset: int) -> str | None:
    """Why ``st`` holds only part of what its clause says, or ``None``."""
    if _far_apposition(st, lines, offset):
        return "attachment"
    verbs = _verbs(st, lines, offset)
    if not verbs:
        return None
    if _asks(verbs, st, lines.args):
        return "question"
    if _next_clause(st, verbs[0], lines, offset):
        return "attachment"
    return _clause_reason(st, verbs, lines.args) or _left_out(st, verbs, lines, offset)


def _next_clause(st: Statement, verb: Token, lines: Lines, offset: int) -> bool:
    """A clausal object after a conjunction of its verb ("The road flooded, *so* the bus could
    not reach the school"): the parse took the next clause for what the verb says."""
    if st.provenance.rule != "SVO-ccomp" or st.object is None:
        return False
    first = lines.token(st.object.span.start - offset).i
    return any(c.dep_ == "cc" and verb.i < c.i < first for c in lines.args.children(verb))


def _reason(st: Statement, lines: Lines, offset: int) -> str | None:
    """Why ``st`` is not a fact, or ``None``."""
    core = (st.subject,) if st.object is None else (st.subject, st.object)
    if any("\n" in a.text and a.name is None for a in core):
        return "headline"  # an argument run on over two lines, naming nobody
    for a in core:
        # an argument's line is its name's ("Background\n\nJudge Maria Lopez" is the judge)
        start = (a.name or a.span).start - offset
        _, reason, dateline = lines.at(start)
        if reason:
            return reason
        if start < dateline:
            return "dateline"
    at = (st.subject.name or st.subject.span).start - offset
    line = lines.at(at)[0]
    if line.rstrip()[-1:] not in _TERMINAL and (nominal(st) or _title_case(line)
                                                 or st.object is None
                                                 or _headline(lines.args.text, at, line)):
        # a headline's apposition, a title-case line, or a headline's verb left without its
        # object ("Hospital strike enters second week": the week read as an adverb); any
        # statement of a short line that is a paragraph of its own ("Two men charged over
        # fire": were charged, in headline English)
        return "headline"
    if nominal(st) and SCORE.search(st.provenance.sentence.text):
        return "score line"
    sentence = st.provenance.sentence
    for a in core:
        at, end = a.span.start - sentence.start, a.span.end - sentence.start
        for m in SCORE.finditer(sentence.text):
            if a.text.isdigit() and m.start() <= at < m.end():
                return "score line"  # "the sides met … 0" of "won 3-0": a piece of a score
            if at < m.start() < end:
                # "beat | Vesteria 2" of "beat Vesteria 2-1": a name run into the score is
                # no entity's name
                return "score line"
    if st.provenance.rule.startswith("SVOC") and JUDGING.intersection(st.relation.lemma.split()):
        return "judgement"  # "called | the theft": the complement says what (SVOC-judgement)
    subject = st.subject.text.casefold()
    if subject == "there":
        return "expletive"  # "there could still be …": nobody is the subject
    if subject.startswith("whose "):
        return "relative"  # "whose boat — sank": the owner is outside the statement
    if st.object is None and st.provenance.rule.endswith("participle"):
        return "empty object"  # "a statement released", "individuals deemed"
    return _partial_reason(st, lines, offset)


def mark(found: Iterable[Statement], lines: Lines) -> list[Statement]:
    """``found`` (statements of ``lines.args.doc``), those that are not facts marked with the
    reason."""
    out = []
    offset = lines.args.offset
    for st in found:
        reason = st.filtered or _reason(st, lines, offset)
        if reason:
            st = dataclasses.replace(st, filtered=reason)
        elif st.extra_args:
            # the dateline's place and date are no arguments of the story's first clause
            extras = tuple(a for a in st.extra_args
                           if a.span.start - offset >= lines.at(a.span.start - offset)[2])
            if len(extras) < len(st.extra_args):
                st = dataclasses.replace(st, extra_args=extras)
        out.append(st)
    return out
