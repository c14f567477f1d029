"""Unnamed noun phrases as nominal coreference reads them: determiner, modifiers, head noun.

``parse_phrase`` reads ``the national team`` as a definite phrase with head ``team`` and the
modifier ``national``; ``a robotics team from Pune`` as an indefinite one whose words after
the head name ``Pune``. ``compatible`` tells whether a later phrase may name what an earlier
one named (``the team`` after ``a robotics team``: yes; ``the old bridge`` after ``a new
bridge``, ``the Chennai team`` after ``a team from Pune``: no). ``type_of`` gives the kind of
entity a head noun names by type alone (``company`` is a business, ``city`` a place).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.entities.names import place_kind
from kg.entities.people import OWNER_PRONOUNS

if TYPE_CHECKING:
    from kg.entities.resolve import Cluster

DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_INDEFINITE = frozenset({"a", "an", "another", "some", "any", "each", "every", "no", "one",
                         "two", "three", "four", "five", "several", "many", "few", "both",
                         "such", "what", "which"})
#: Words that end the part of a phrase before its head: prepositions and relatives.
_CUT = frozenset({"of", "for", "in", "at", "from", "on", "with", "by", "to", "that", "who",
                  "whom", "which", "whose", "near", "over", "under", "after", "before", "about",
                  "against", "between", "into", "during", "since", "without", "like", "as",
                  "outside", "inside", "across", "behind", "through", "where", "when", "and",
                  "or", "but", "than", "said", "says"})
_RELATIVES = frozenset({"who", "whom", "whose", "which", "that", "where"})
#: A later phrase with one of these names another entity ("the other team").
_OTHER = frozenset({"other", "another", "different", "rival", "opposing", "separate", "second",
                    "third", "fourth", "fifth", "latter"})
#: Modifiers that set a later phrase apart from an earlier one without them ("the strike" …
#: "the previous strike").
_SETS_APART = frozenset({"last", "previous", "earlier", "prior", "former", "past", "next",
                         "first", "latest", "future"})
#: Modifiers of which two different ones name two entities ("the old bridge", "a new bridge").
_CONTRASTS = tuple(frozenset(s.split()) for s in (
    "new old", "first second third fourth fifth last final next previous",
    "north south east west northern southern eastern western central",
    "upper lower", "men's women's boys' girls' mens womens", "home away",
    "big small large little", "left right", "junior senior", "public private",
    "local national international regional federal state", "male female",
    "red blue green yellow black white",
))
#: Heads that refer to nothing in particular, or to a time or a measure.
_GENERIC = frozenset({
    "way", "thing", "things", "lot", "lots", "kind", "sort", "type", "part", "end", "rest",
    "time", "times", "year", "years", "day", "days", "week", "weeks", "month", "months",
    "hour", "hours", "minute", "minutes", "moment", "number", "percent", "point", "fact",
    "one", "ones", "others", "people", "everyone", "someone", "anyone", "nothing", "something",
    "anything", "everything", "beginning", "morning", "evening", "night", "afternoon",
    "today", "tomorrow", "yesterday", "future", "past", "world", "country's", "side's",
    "decade", "decades", "century", "weekend", "season", "term", "place", "area", "matter",
    "issue", "question", "reason", "idea", "need", "chance", "use", "help", "lead", "news",
})
#: Heads some styles write with a capital that are no names: "the President", "the Company".
_COMMON_CAPITALS = frozenset({"president", "company", "court", "government", "minister",
                              "prime", "chancellor", "governor", "mayor", "senator", "judge",
                              "department", "ministry", "agency", "committee", "council",
                              "commission", "board", "party", "club", "university", "city",
                              "state", "bank", "group", "firm"})
_STRIP = ".,;:!?\"“”‘’()[]"
_HEAD = re.compile(r"(?:[a-z][a-z'’-]*|\d{1,3}-year-olds?)")
_POSSESSIVE_END = re.compile(r"['’]s?$")


@dataclass(frozen=True, slots=True)
class Phrase:
    """One unnamed noun phrase: ``head`` and ``mods`` case-folded, ``proper`` the
    capitalised words around the head (``Chennai``, ``Pune``), ``restricted`` when a
    relative clause or ``other`` tells it apart from what came before."""

    start: int
    end: int
    text: str
    head_at: int  # the head word's offset: one phrase however its words were cut
    determiner: str  # "def", "indef" or "" (a bare noun)
    mods: tuple[str, ...]
    head: str
    plural: bool
    proper: frozenset[str]
    restricted: bool

    @property
    def definite(self) -> bool:
        return self.determiner == "def"


def _plural(head: str) -> bool:
    return head.endswith("s") and not head.endswith(("ss", "us", "is", "ics", "news"))


@lru_cache(maxsize=1 << 16)  # asked again for each mention of a statement and of the parse
def parse_phrase(text: str, start: int, head: int | None = None,
                 number: str = "") -> Phrase | None:
    """``text`` (at offset ``start``) as a phrase, or ``None`` for a name, a pronoun, a
    possessive (``Khalil's lawyers``, ``his team``: ``kg.entities.nominals``) or a generic
    head. ``head`` is given for a phrase of the parse, whose words end with its head."""
    raw = text.split()
    if not raw:
        return None
    first = raw[0].strip(_STRIP).casefold()
    if first in OWNER_PRONOUNS:
        return None
    determiner = "def" if first in DEFINITE else "indef" if first in _INDEFINITE else ""
    rest = raw[1:] if determiner else raw
    cut = len(rest)
    if head is None:  # the head is the last word before a preposition, relative or comma
        for k, word in enumerate(rest):
            if k > 0 and word.strip(_STRIP).casefold() in _CUT:
                cut = k
                break
            if word.endswith(","):
                cut = k + 1
                break
    words = [w.strip(_STRIP) for w in rest[:cut]]
    if not words or not words[-1]:
        return None
    if any(_POSSESSIVE_END.search(w) and (determiner != "indef" or w[:1].isupper())
           for w in words):
        return None  # "the team's coach" is an owner's (kg.entities.nominals)
    last = words[-1]
    word = last.casefold()
    if word in _GENERIC or not _HEAD.fullmatch(word):
        return None
    mods = tuple(w.casefold() for w in words[:-1] if w)
    if last.isupper() and len(last) > 1:
        return None  # "ICE": an acronym, a name
    if last[:1].isupper() and (determiner or len(words) > 1) and not (
            word in _COMMON_CAPITALS and not any(w[:1].isupper() for w in words[:-1])):
        return None  # "the Atlanta Ledger": a name the tagger missed; not "the President"
    after = [w.strip(_STRIP) for w in rest[cut:]]
    proper = frozenset(w for w in (*words[:-1], *after) if w[:1].isupper())
    restricted = bool(after and after[0].casefold() in _RELATIVES) or bool(set(mods) & _OTHER)
    plural = number == "pl" if number else _plural(word)
    at = _word_start(text, rest, cut - 1)
    return Phrase(start, start + len(text), text, start + at, determiner, mods, word, plural,
                  proper, restricted)


def _word_start(text: str, rest: list[str], k: int) -> int:
    """The offset in ``text`` of ``rest[k]`` (``rest`` the last words of ``text.split()``)."""
    at = len(text)
    for word in reversed(rest[k:]):
        at = text.rindex(word, 0, at)
    return at


#: Heads that a later definite phrase uses for the same thing ("a bill" … "the measure").
_SYNONYMS = tuple(frozenset(s.split()) for s in (
    "bill measure legislation", "fire blaze", "ship vessel boat", "deal agreement accord pact",
    "plan proposal scheme", "attack assault", "car vehicle", "strike walkout",
    "suspect suspects", "storm typhoon hurricane cyclone", "vote ballot referendum",
    "lawsuit suit", "inquiry investigation probe", "protest demonstration",
))
_SYNONYM_OF = {w: group for group in _SYNONYMS for w in group}


def synonyms(head: str) -> frozenset[str]:
    """``head`` and the heads a later phrase may use for the same thing."""
    return _SYNONYM_OF.get(head, frozenset((head,)))


def compatible(earlier: Phrase, later: Phrase) -> bool:
    """Whether ``later`` may name what ``earlier`` named: no ``other``, no two different
    modifiers of one contrast (new/old, first/second, …), numbers or capitalised words."""
    if set(later.mods) & _OTHER:
        return False
    a, b = set(earlier.mods), set(later.mods)
    if (b - a) & _SETS_APART:
        return False  # "the strike" … "the last long strike, in 2011": an earlier one
    for contrast in _CONTRASTS:
        x, y = a & contrast, b & contrast
        if x and y and x != y:
            return False
    numbers_a = {w for w in a if w.isdigit()}
    numbers_b = {w for w in b if w.isdigit()}
    if numbers_a and numbers_b and numbers_a != numbers_b:
        return False
    return not (later.proper and earlier.proper and not later.proper & earlier.proper)


# -- type nouns -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class TypeNoun:
    """A head noun that names an entity by its type: its entity group and kind."""

    group: str  # a ``kg.entities.resolve.TYPE_GROUPS`` value
    family: str  # "business", "media", …; "any" for a word of every kind of its group


_FAMILIES = {
    ("org", "business"): "company firm business corporation carmaker automaker manufacturer "
                         "retailer bank lender insurer airline carrier utility startup "
                         "conglomerate maker producer operator supplier developer giant "
                         "miner publisher chain brand",
    ("org", "media"): "newspaper paper broadcaster network channel magazine outlet station "
                      "publication",
    ("org", "public"): "agency department ministry office authority regulator council "
                       "commission committee court tribunal parliament legislature senate "
                       "bureau board service",
    ("org", "education"): "university college school institute academy",
    ("org", "health"): "hospital clinic",
    ("org", "politics"): "party coalition alliance movement",
    ("org", "labour"): "union",
    ("org", "sport"): "team club side squad",
    ("org", "civic"): "charity foundation nonprofit association campaign",
    ("org", "any"): "organization organisation group body institution",
    ("place", "settlement"): "city town village capital municipality",
    ("place", "country"): "country nation kingdom republic",
    ("place", "region"): "province region island county district territory state",
    ("person", "any"): "man woman boy girl teenager teen child youngster schoolboy schoolgirl",
}
TYPE_NOUNS: dict[str, TypeNoun] = {
    word: TypeNoun(group, family)
    for (group, family), words in _FAMILIES.items() for word in words.split()
}
#: Person type nouns for a child: they fit a person known to be one (an age under 18, a son).
CHILD_NOUNS = frozenset({"boy", "girl", "child", "teenager", "teen", "youngster", "schoolboy",
                         "schoolgirl"})
_CHILD_WORDS = CHILD_NOUNS | {"son", "daughter", "baby", "toddler", "infant"}
_AGE = re.compile(r"^(\d{1,3})-year-old$")


def is_child(cluster: Cluster) -> bool:
    """Whether a person's descriptions say it is a child (``11-year-old``, ``son``)."""
    for word in cluster.descriptions:
        age = _AGE.match(word)
        if word in _CHILD_WORDS or (age and int(age.group(1)) < 18):
            return True
    return False


#: Person type nouns of one gender.
GENDERED = {"man": "m", "boy": "m", "schoolboy": "m", "woman": "f", "girl": "f",
            "schoolgirl": "f"}
_NAME_STOPWORDS = frozenset({"of", "the", "and", "for", "in", "on", "at", "de", "la", "del",
                             "&", "new", "united", "national", "general"})


def type_of(head: str) -> TypeNoun | None:
    """The type a head noun names (``company`` → an organisation of kind business)."""
    return TYPE_NOUNS.get(head)


#: Last words of a company's name: such a name is a company's ("the company").
COMPANY_ENDS = frozenset({"inc", "ltd", "llc", "plc", "co", "corp", "corporation", "ag",
                           "sa", "gmbh", "nv", "bv", "spa", "holdings", "limited"})


@lru_cache(maxsize=1 << 14)
def _words_of(names: frozenset[tuple[str, ...]]) -> frozenset[str]:
    words = {w for name in names for w in name if w not in _NAME_STOPWORDS}
    if any(name and name[-1].strip(".") in COMPANY_ENDS for name in names):
        words.add("company")
    return frozenset(words)


def name_kinds(cluster: Cluster) -> frozenset[str]:
    """The words of a named entity's names (``Cairo University Hospital`` → ``hospital``…;
    ``Acme Corp.`` → ``company`` too)."""
    return _words_of(frozenset(cluster.words))


def kinds_agree(head: str, cluster: Cluster, called: Iterable[str] = ()) -> bool:
    """Whether the type noun ``head`` fits what the entity's names and descriptions say it is
    (``the company`` fits ``Tata Motors`` and ``Zenith Bank``, not ``Cairo University
    Hospital``); ``called``: type nouns it was already called by."""
    kind = TYPE_NOUNS[head]
    words = name_kinds(cluster) | cluster.descriptions | set(called)
    if cluster.group == "place":
        words |= {k for k in map(place_kind, cluster.words) if k is not None}
    known = [TYPE_NOUNS[w] for w in words if w in TYPE_NOUNS]
    if not known and cluster.group == "place":
        # A place the country table does not know is no country, and not known to be a
        # state or region: only "the city" (or town, village) may be it, never "the country"
        # or "the state" of a town
        return kind.family in ("settlement", "any")
    return (not known or kind.family == "any"
            or any(k.family in (kind.family, "any") for k in known))
