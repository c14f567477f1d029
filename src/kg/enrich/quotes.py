"""Direct quotes and their speakers.

A quote is text between quotation marks (“…” or "…") with a speaker, found from a reporting
verb next to it: ``“…,” Khalil said``, ``“…,” said Khalil``, ``Khalil said: “…”``. A pronoun
speaker (``she said``) is the entity kg's coreference resolved that pronoun to, and when it
abstained, the nearest speaker before it (of a quote or of a said-statement) if ``he``/``she``
may name them (not a woman for ``he``, nor an organisation). A quote that
starts a sentence with no said-clause of its own continues the previous quote of its paragraph;
one that ends its sentence (``…in May.”``) takes the next sentence as its said-clause only when
that is all it is (``Okafor said.``). Quotation marks around a phrase inside a sentence (scare
quotes) have no speaker and are not quotes. Reporting verbs are the ``kg:said`` lemmas of the
ontology. Inside a quote, ``I``/``me``/``my`` name the speaker, when the speaker is a known
entity.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kg.entities.kin import SpeakerKin
from kg.entities.names import is_pronoun
from kg.entities.people import head_word, noun_gender
from kg.entities.pronouns import name_gender
from kg.model import Document, Mention, Span, Statement
from kg.model.results import DocumentResult, MentionRecord, Quote
from kg.ontology.namespace import KG

_PAIRS = (("“", "”"), ('"', '"'))
_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "you"})
#: First-person pronouns: inside a quote they name its speaker.
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
#: Third-person singular pronouns: inside a quote they never name its speaker.
SINGULAR_THIRD = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
_LEADERS = re.compile(r"^(?:(?:and|but|where|when|while|who|that|then|as|so|though)\s+)+",
                      re.I)
_TRAILERS = re.compile(r"(?:\s+(?:then|again|also|\w+ly))+$", re.I)
_AGENT_LABELS = frozenset({"PERSON", "ORG"})
_MODIFIES = re.compile(r"\s+(?!(?:of|from|at|in|on|for|with|to|and|or|who)\b)[a-z]+\b")
_MIN_CONTINUATION_WORDS = 4
#: Every search around a quote looks at most this many characters away (a said-clause is
#: short, and a paragraph boundary further than this does not change the answer), so the
#: work per quote is bounded and the whole is linear in document length.
WINDOW = 400
#: The longest quote looked for (a quote is closed within its paragraph, and at most this).
MAX_QUOTE = 5000
_IRREGULAR = {"say": ("said",), "tell": ("told",), "write": ("wrote",), "speak": ("spoke",)}


def verb_forms(lemma: str) -> set[str]:
    """Inflected forms of a reporting verb (over-generating is harmless).

    >>> {"said", "says"} <= verb_forms("say"), "replied" in verb_forms("reply")
    (True, True)
    """
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma, lemma + "s", stem + "ing"}
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es", lemma + "ed"}
    else:
        forms |= {stem + "ed", lemma + lemma[-1] + "ed"}
    return forms | set(_IRREGULAR.get(lemma, ()))


def _verb_pattern(lemmas: Iterable[str]) -> str:
    forms = sorted({f for lemma in lemmas for f in verb_forms(lemma)}, key=len, reverse=True)
    return r"(?:" + "|".join(map(re.escape, forms)) + r")"


@dataclass(frozen=True)
class _Patterns:
    """The said-clause patterns for one set of reporting verbs (compiled once)."""

    verb: re.Pattern[str]  # one reporting verb form, whole
    lead: re.Pattern[str]  # ``X said:`` before a quote
    inverted: re.Pattern[str]  # ``, said X`` after it
    normal: re.Pattern[str]  # ``, X said`` after it


_AGAIN = re.compile("again", re.I)
_SENTENCE_END = re.compile(r"\s*(?:[.!?]|$)")


@lru_cache(maxsize=8)
def _patterns(lemmas: frozenset[str]) -> _Patterns:
    verbs = _verb_pattern(sorted(lemmas))
    not_next = r"(?![\s,:]*[“\"])"  # the verb must not introduce the next quote
    return _Patterns(
        re.compile(verbs, re.I),
        re.compile(rf"(?P<spk>[^,;“”\"]{{1,80}}?)\s+(?:(?:\w+ly|then|again)\s+)*"
                   rf"(?P<verb>{verbs})(?:\s+again)?\s*[,:]?\s*$", re.I),
        re.compile(rf"^[\s,]*(?P<verb>{verbs})\s+(?P<spk>[^,.;:!?“”\"]+?)"
                   r"(?=[,.;:!?]|\s+(?:in|on|at|during|after|before|from|to|when|while|as)"
                   r"\s|$)", re.I),
        re.compile(rf"^[\s,]*(?P<spk>[^,.;:!?“”\"]{{1,60}}?)\s+(?:\w+ly\s+)?"
                   rf"(?P<verb>{verbs})\b{not_next}", re.I))


def _verb_start(clause: str, patterns: _Patterns) -> int | None:
    """Where the reporting verb that ends ``clause`` (``… said[ again][,:]``) starts; ``None``
    when no verb ends it, and then ``patterns.lead`` cannot match it."""
    rest = clause.rstrip()
    if rest.endswith((",", ":")):
        rest = rest[:-1].rstrip()
    words = rest.rsplit(None, 2)
    start = None
    if words and patterns.verb.fullmatch(words[-1]):
        start = len(rest) - len(words[-1])
    if (len(words) > 1 and _AGAIN.fullmatch(words[-1])
            and patterns.verb.fullmatch(words[-2])):
        start = len(rest[:len(rest) - len(words[-1])].rstrip()) - len(words[-2])
    return start


def _earliest_lead(clause: str, verb: int) -> int:
    """No match of ``patterns.lead`` starts before this (so searching from here finds the same
    match, faster): only words and spaces (adverbs) lie between its speaker and the verb, and
    the speaker is at most 80 characters, none of them ``,;“”"``."""
    run = verb
    while run > 0 and (clause[run - 1].isalnum() or clause[run - 1] == "_"
                       or clause[run - 1].isspace()):
        run -= 1
    forbidden = max(clause.rfind(c, 0, run) for c in ',;“”"')
    return max(run - 80, forbidden + 1, 0)


def _marks(text: str) -> list[Span]:
    """The inner spans of every quotation, paragraph by paragraph."""
    spans: list[Span] = []
    for open_, close in _PAIRS:
        pos = 0
        while True:
            start = text.find(open_, pos)
            if start < 0:
                break
            end = text.find(close, start + 1, start + 1 + MAX_QUOTE)
            para_end = text.find("\n", start, start + 1 + MAX_QUOTE if end < 0 else end)
            if end < 0 or para_end >= 0:
                pos = para_end + 1 if para_end >= 0 else start + 1
                continue
            inner = text[start + 1:end]
            if inner.strip():
                spans.append(Span(start + 1, end, inner))
            pos = end + 1
    return sorted(spans, key=lambda s: s.start)


def _region(text: str, lo: int, hi: int) -> Span:
    piece = text[lo:hi]
    stripped = _TRAILERS.sub("", _LEADERS.sub("", piece.strip(" ,:;\n")))
    start = lo + piece.find(stripped) if stripped else lo
    return Span(start, start + len(stripped), stripped)


def _lead(text: str, quote: Span, patterns: _Patterns) -> Span | None:
    """The speaker of ``X said: “…”``: the clause just before the opening mark."""
    para_start = text.rfind("\n", max(0, quote.start - 1 - WINDOW), quote.start - 1) + 1
    para_start = max(para_start, quote.start - 1 - WINDOW)
    before = text[para_start:quote.start - 1]
    cut = max(before.rfind(c) for c in ".!?”\"") + 1
    clause = before[cut:]
    verb = _verb_start(clause, patterns)
    if verb is None:
        return None
    lead = patterns.lead.search(clause, _earliest_lead(clause, verb))
    if lead is None:
        return None
    base = para_start + cut
    return _region(text, base + lead.start("spk"), base + lead.end("spk"))


def _speaker_region(text: str, quote: Span, patterns: _Patterns) -> Span | None:
    """Where the said-clause next to ``quote`` names its speaker."""
    lead = _lead(text, quote, patterns)
    if lead is not None:
        return lead
    para_end = text.find("\n", quote.end, quote.end + 1 + WINDOW)
    after = text[quote.end + 1:quote.end + 1 + WINDOW if para_end < 0 else para_end]
    base = quote.end + 1
    # A quote that ends its sentence (``…in May.”``) is followed by a new one: it is the
    # said-clause only when it is nothing else (``Okafor said.``), not ``Later Okafor said
    # the plan was late.``
    closed = quote.text.rstrip().endswith(".")
    for pattern in (patterns.inverted, patterns.normal):
        found = pattern.match(after)
        if found and (not closed or _SENTENCE_END.match(after, found.end())):
            return _region(text, base + found.start("spk"), base + found.end("spk"))
    return None


def _speaker(region: Span, mentions: Sequence[Mention], starts: Sequence[int]
             ) -> Mention | None:
    """The entity named in ``region``; ``None`` for a pronoun or nothing. ``mentions`` are
    sorted by start offset (``starts``)."""
    if not region.text or region.text.casefold() in _PRONOUNS:
        return None
    lo, hi = bisect_left(starts, region.start), bisect_right(starts, region.end)
    named = [m for m in mentions[lo:hi] if m.span.end <= region.end
             and (m.label in _AGENT_LABELS or m.span == region)]
    if named:  # a person, not a name that modifies a noun ("Guild president Marco Bellini")
        return min(named, key=lambda m: (m.label != "PERSON", bool(_MODIFIES.match(
            region.text, m.span.end - region.start)), m.span.start))
    if len(region.text.split()) > 6:
        return None
    return Mention(region, "", region)


def _may_be(pronoun: str, speaker: Mention) -> bool:
    """Whether ``he`` or ``she`` may name ``speaker``: a person, or a phrase the tagger left
    unnamed, whose given name or own noun (``wife``, ``father``) is not of the other gender.
    Other pronouns (``they``, ``it``, ``I``) name no earlier speaker."""
    word = pronoun.casefold()
    if word not in ("he", "she") or speaker.label not in ("", "PERSON"):
        return False
    words = speaker.name_text.split()
    head = head_word(speaker.name_text)
    gender = {"he": "m", "she": "f"}.get(head) or noun_gender(head)
    if gender is None and speaker.label == "PERSON" and len(words) > 1:
        gender = name_gender(words[0])
    return gender is None or gender == ("m" if word == "he" else "f")


def _starts_sentence(text: str, quote: Span) -> bool:
    before = text[max(0, quote.start - 1 - WINDOW):quote.start - 1].rstrip(" \t")
    return not before or before[-1] in "\n.!?”\""


def _said_subjects(statements: Sequence[Statement]) -> list[Mention]:
    said = str(KG.said)
    return [st.subject for st in statements if st.relation.predicate == said
            and (st.subject.entity_id is not None
                 or st.subject.text.casefold() not in _PRONOUNS)]


def _resolved_pronouns(records: Iterable[MentionRecord], mentions: Iterable[Mention],
                       statements: Iterable[Statement]) -> dict[int, Mention]:
    """The pronouns kg's coreference resolved (``how == "pronoun"``), by start offset, each as
    a mention of its entity (typed as the entity's named mentions are)."""
    labels: dict[str, str] = {}
    for m in (*mentions, *(a for st in statements for a in st.arguments)):
        if m.entity_id is not None and m.label:
            labels.setdefault(m.entity_id, m.label)
    return {r.start: Mention(Span(r.start, r.end, r.text), labels.get(r.entity_id, ""), None,
                             False, r.entity_id)
            for r in records if r.how == "pronoun" and r.entity_id is not None}


def find_quotes(document: Document, mentions: Sequence[Mention],
                statements: Sequence[Statement], speech_lemmas: Iterable[str],
                records: Iterable[MentionRecord] = ()) -> tuple[Quote, ...]:
    """Every quote of ``document`` whose speaker can be found, in text order. ``records``:
    the document's mention records (``DocumentResult.mention_records``), whose resolved
    pronouns name the speakers of ``she said``."""
    text = document.text
    pronouns = _resolved_pronouns(records, mentions, statements)
    names = _names(statements, mentions)
    patterns = _patterns(frozenset(speech_lemmas))
    marks = _marks(text)
    inside = _Quotes([Quote(m, Mention(m), document.id) for m in marks])
    said = sorted((m for m in _said_subjects(statements) if inside.at(m.span.start) is None),
                  key=lambda m: m.span.end)
    said_ends = [m.span.end for m in said]
    ordered = sorted(mentions, key=lambda m: m.span.start)
    starts = [m.span.start for m in ordered]
    found: list[Quote] = []
    for span in marks:
        region = _speaker_region(text, span, patterns)
        speaker = _speaker(region, ordered, starts) if region is not None else None
        resolved = None if region is None else pronouns.get(region.start)
        if speaker is None and resolved is not None and resolved.span == region:
            speaker = resolved  # a pronoun kg's coreference resolved
        elif speaker is None and region is not None and region.text.casefold() in _PRONOUNS:
            # a pronoun it did not resolve: the nearest speaker before (of a quote or of a
            # said-statement), if the pronoun may name them
            i = bisect_right(said_ends, span.start) - 1
            earlier = ([found[-1].speaker] if found else []) + ([said[i]] if i >= 0 else [])
            nearest = max(earlier, key=lambda m: m.span.end, default=None)
            named = nearest if nearest is None else names.get(nearest.entity_id or "", nearest)
            speaker = nearest if named is not None and _may_be(region.text, named) else None
        if speaker is None and region is None and found:
            previous = found[-1]
            same_paragraph = (span.start - previous.span.end <= WINDOW
                              and "\n" not in text[previous.span.end:span.start])
            if (same_paragraph and _starts_sentence(text, span)
                    and len(span.text.split()) >= _MIN_CONTINUATION_WORDS):
                speaker = previous.speaker
        if speaker is not None:
            found.append(Quote(span, speaker, document.id))
    return tuple(found)


class _Quotes:
    """The quotes of a document, found by offset in logarithmic time."""

    def __init__(self, quotes: Sequence[Quote]) -> None:
        self.quotes = sorted(quotes, key=lambda q: q.span.start)
        self.starts = [q.span.start for q in self.quotes]

    def at(self, offset: int) -> Quote | None:
        """The quote whose words contain ``offset``."""
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.quotes[i].span.end:
            return self.quotes[i]
        return None


def _as_speaker(mention: Mention, quotes: _Quotes) -> Mention:
    """``I``/``me``/``my`` inside a quote, as its speaker, when the speaker is a known entity;
    otherwise ``mention`` unchanged (it stays unresolved). A speaker is "I" in their own
    words, never "he" or "she": a third-person pronoun inside the quote that was resolved to
    the speaker ("I told him", said Dahl) is unresolved again."""
    word = mention.text.casefold()
    if word in SINGULAR_THIRD and mention.entity_id is not None:
        home = quotes.at(mention.span.start)
        if home is not None and home.speaker.entity_id == mention.entity_id:
            return Mention(mention.span)
        return mention
    if word not in FIRST_PERSON or mention.entity_id is not None:
        return mention
    home = quotes.at(mention.span.start)
    if home is None or home.speaker.entity_id is None:
        return mention
    speaker = home.speaker
    return Mention(mention.span, speaker.label, speaker.name, False, speaker.entity_id)


def _names(statements: Iterable[Statement], mentions: Iterable[Mention]) -> dict[str, Mention]:
    """A mention that names each entity (not a pronoun), by entity id: the first met."""
    found: dict[str, Mention] = {}
    for m in (*mentions, *(a for st in statements for a in st.arguments)):
        if m.entity_id is not None and not m.literal and not is_pronoun(m):
            found.setdefault(m.entity_id, m)
    return found


def attribute(statements: Sequence[Statement], quotes: Sequence[Quote],
              mentions: Sequence[Mention] = ()) -> tuple[Statement, ...]:
    """Statements read from inside a quote, attributed to its speaker (unless already), with
    first-person arguments inside the quote resolved to the speaker, and the speaker's own kin
    and role nouns (``My wife``) to the speaker's nominals (``kg.entities.kin``). A statement
    attributed to a resolved pronoun (``He said the decision was wrong``, ``“…,” she said``)
    is attributed to a mention that names its entity (among ``mentions`` and the statements'
    arguments): the graph states who said it, not "he"."""
    found = _Quotes(quotes)
    kin = SpeakerKin(statements)  # "My wife", said by the speaker
    names = _names(statements, mentions)
    out = []
    for st in statements:
        if st.attributed_to is None:
            home = found.at(st.subject.span.start)
            if home is not None:
                st = dataclasses.replace(st, attributed_to=home.speaker)
        by = st.attributed_to
        if by is not None and by.entity_id in names and is_pronoun(by):
            st = dataclasses.replace(st, attributed_to=names[by.entity_id])
        subject = kin.resolve(_as_speaker(st.subject, found), _speaker_at(st.subject, found),
                              st)
        obj = None if st.object is None else kin.resolve(
            _as_speaker(st.object, found), _speaker_at(st.object, found), st)
        if subject is not st.subject or obj is not st.object:
            st = dataclasses.replace(st, subject=subject, object=obj)
        out.append(st)
    return (*out, *kin.owner_statements())


def _speaker_at(mention: Mention, quotes: _Quotes) -> Mention | None:
    home = quotes.at(mention.span.start)
    return None if home is None else home.speaker


def _speaker_record(record: MentionRecord, quotes: _Quotes) -> MentionRecord:
    word = record.text.casefold()
    if word in SINGULAR_THIRD and record.entity_id is not None:
        home = quotes.at(record.start)
        if home is not None and home.speaker.entity_id == record.entity_id:
            return dataclasses.replace(record, entity_id=None, confidence=0.0)
        return record
    if record.entity_id is not None or word not in FIRST_PERSON:
        return record
    home = quotes.at(record.start)
    if home is None or home.speaker.entity_id is None:
        return record
    return dataclasses.replace(record, entity_id=home.speaker.entity_id, how="speaker",
                               confidence=0.9)


def speak(result: DocumentResult) -> DocumentResult:
    """``result`` with its statements attributed to the speakers of its quotes
    (``attribute``) and its first-person mention records resolved the same way."""
    found = _Quotes(result.quotes)
    return dataclasses.replace(
        result, statements=attribute(result.statements, result.quotes, result.mentions),
        mention_records=tuple(_speaker_record(r, found) for r in result.mention_records))
