"""Words about names: pronouns, titles, given-name genders and name normalisation."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from kg.extract.facts import SCORE
from kg.model import Mention, Span

PRONOUNS = frozenset({
    "i", "me", "my", "mine", "we", "us", "our", "ours", "you", "your", "yours",
    "he", "him", "his", "she", "her", "hers", "it", "its", "they", "them", "their", "theirs",
    "this", "that", "these", "those", "who", "whom", "which", "what", "whose",
    "myself", "ourselves", "yourself", "yourselves", "himself", "herself", "itself",
    "themselves",
    # indefinite and quantifying pronouns: they name nobody in particular
    "someone", "something", "anyone", "anything", "everyone", "everything", "one",
    "somebody", "anybody", "everybody", "nobody", "no one", "nothing", "none",
    "some", "many", "most", "few", "several", "others", "all", "both", "each", "either",
    "neither", "another",
})
MASCULINE = frozenset({"he", "him", "his", "himself"})
FEMININE = frozenset({"she", "her", "hers", "herself"})
NEUTER = frozenset({"it", "its", "itself"})
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})

#: Words stripped from the front of a person's name ("Louisiana Judge Jamee Comans").
TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "judge", "justice", "president",
    "senator", "sen", "rep", "representative", "gov", "governor", "mayor", "secretary",
    "minister", "prime", "chancellor", "king", "queen", "prince", "princess", "sir", "dame",
    "general", "gen", "col", "colonel", "capt", "captain", "officer", "sheriff", "attorney",
    "lawyer", "activist", "chief", "director", "former", "vice", "deputy", "acting", "st",
})
_TITLE_GENDER = {"mr": "m", "sir": "m", "king": "m", "prince": "m",
                 "mrs": "f", "ms": "f", "miss": "f", "dame": "f", "queen": "f", "princess": "f"}
#: Words left out of an acronym's expansion ("Immigration and Customs Enforcement" → ICE).
ACRONYM_STOPWORDS = frozenset({"and", "of", "for", "the", "on", "in", "to", "&", "at"})

_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\s*['’]s?$")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def is_pronoun(mention: Mention) -> bool:
    """True when the mention is a bare pronoun (``"he"``, ``"them"``, ``"which"``)."""
    return mention.text.casefold() in PRONOUNS


@lru_cache(maxsize=1 << 16)  # asked again and again for the same names while rendering
def clean_name(text: str) -> str:
    """A display name: white space folded, leading article and possessive ending dropped.

    >>> clean_name("the Center for  Constitutional Rights’")
    'Center for Constitutional Rights'
    """
    name = " ".join(text.split())
    stripped = _POSSESSIVE.sub("", _LEADING_ARTICLE.sub("", name))
    return stripped or name


@lru_cache(maxsize=1 << 16)
def name_words(text: str, *, person: bool = False) -> tuple[str, ...]:
    """The words of a name, case-folded; for a person, leading titles are dropped; a
    country's other names and codes give the words of its one name.

    >>> name_words("Louisiana Judge Jamee Comans’", person=True)
    ('jamee', 'comans')
    >>> name_words("the U.S.") == name_words("USA") == name_words("United States")
    True
    """
    name = clean_name(text)
    words = [w.casefold().replace("’", "'") for w in _WORD.findall(name)]
    if person:
        for i in range(len(words) - 1, -1, -1):
            if words[i] in TITLES:
                words = words[i + 1 :]
                break
        return tuple(words)
    return _country_words(name, tuple(words))


#: Upper-case codes read as a country: the ISO three-letter codes and short forms the country
#: table lists (USA, UAE, DRC), but not those that are also English words ("CAN", "ARE"), and
#: of two-letter codes only US and UK: the others are mostly also US states or words ("IL").
_TWO_LETTER = frozenset({"US", "UK"})
_NOT_CODES = frozenset({"AND", "ARE", "BEN", "CAN", "COM", "GIN", "LIE", "MAR", "PER", "TON"})
_DOTS = re.compile(r"[.\s]")


@dataclass(frozen=True)
class _Countries:
    names: dict[tuple[str, ...], tuple[str, ...]]  # words of a name → words of the country
    codes: dict[str, tuple[str, ...]]
    demonyms: dict[str, str]  # "israeli" → "Israel"
    provinces: frozenset[tuple[str, ...]]  # words of a state's or province's name
    capitals: frozenset[tuple[str, ...]]  # words of a capital city's name


@lru_cache(maxsize=1)
def _countries() -> _Countries:
    """The country table of the ``countryinfo`` package: names, other spellings, ISO codes
    and demonyms (a name or code two countries share is left out; a demonym two share is
    the more populous one's); the names of their states or provinces and of their capitals."""
    from countryinfo import all_countries

    names: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    codes: dict[str, set[tuple[str, ...]]] = {}
    demonyms: dict[str, list[tuple[int, str]]] = {}
    provinces: set[tuple[str, ...]] = set()
    capitals: set[tuple[str, ...]] = set()

    def words_of(text: str) -> tuple[str, ...]:
        return tuple(w.casefold() for w in _WORD.findall(text))

    for country in all_countries():
        info = country.info()
        canonical = str(info["name"])
        words = words_of(canonical)
        provinces.update(words_of(str(p)) for p in info.get("provinces") or [])
        capitals.add(words_of(str(info.get("capital") or "")))
        iso_2 = (info.get("ISO") or {}).get("alpha2")
        if iso_2 in _TWO_LETTER:
            codes.setdefault(iso_2, set()).add(words)
        for spelling in [canonical, *(info.get("altSpellings") or [])]:
            spelling = str(spelling)
            code = _DOTS.sub("", spelling)
            if code.isupper():
                if (len(code) > 2 and code not in _NOT_CODES) or code in _TWO_LETTER:
                    codes.setdefault(code, set()).add(words)
            elif spelling.isascii():
                key = words_of(spelling)
                names.setdefault(key, set()).add(words)
        demonym = str(info.get("demonym") or "").casefold()
        if demonym:  # "American": the United States, not American Samoa
            demonyms.setdefault(demonym, []).append((-int(info.get("population") or 0),
                                                     canonical))
    return _Countries({k: next(iter(v)) for k, v in names.items() if len(v) == 1},
                      {k: next(iter(v)) for k, v in codes.items() if len(v) == 1},
                      {k: min(v)[1] for k, v in demonyms.items()},
                      frozenset(provinces - capitals), frozenset(capitals - provinces))


def _country_words(name: str, words: tuple[str, ...]) -> tuple[str, ...]:
    """``words``, or the words of the country ``name`` names (``U.S.`` → united states)."""
    if not words or len(words) > 8:
        return words
    table = _countries()
    compact = _DOTS.sub("", name)
    if compact.isupper() and compact in table.codes:
        return table.codes[compact]
    return table.names.get(words, words)


@lru_cache(maxsize=1)
def _country_set() -> frozenset[tuple[str, ...]]:
    return frozenset(_countries().names.values())


def is_country(words: tuple[str, ...]) -> bool:
    """Whether ``words`` (``name_words`` of a name) are a country's.

    >>> is_country(name_words("Kenya")), is_country(name_words("Mombasa"))
    (True, False)
    """
    return words in _country_set()


def place_kind(words: tuple[str, ...]) -> str | None:
    """What the country table says a place is (``name_words`` of its name): ``country``, a
    ``state`` (or province) or a ``capital``; ``None`` for any other place (a town, mostly).

    >>> [place_kind(name_words(n)) for n in ("Kenya", "Ohio", "Nairobi", "Millbrook")]
    ['country', 'state', 'capital', None]
    """
    table = _countries()
    if words in _country_set():
        return "country"
    if words in table.provinces:
        return "state"
    return "capital" if words in table.capitals else None


def demonym_place(text: str) -> str | None:
    """The country a demonym is of: ``Palestinian``, ``Israelis`` → its country's name.

    >>> demonym_place("Palestinians"), demonym_place("Mahmoud")
    ('Palestine', None)
    """
    word = " ".join(clean_name(text).split()).casefold()
    demonyms = _countries().demonyms
    return demonyms.get(word) or (demonyms.get(word[:-1]) if word.endswith("s") else None)


def initials(words: tuple[str, ...]) -> str:
    """Upper-case initials of the significant words: ``("immigration", "and", …)`` → ``"ICE"``."""
    return "".join(w[0] for w in words if w not in ACRONYM_STOPWORDS).upper()


@lru_cache(maxsize=1)
def given_names() -> dict[str, str]:
    """kg's own list of given names and their genders (``src/kg/data/given_names.txt``)."""
    table: dict[str, str] = {}
    text = (files("kg") / "data" / "given_names.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, gender = line.split("\t")
            table[name] = gender
    return table


def load_tables() -> None:
    """Read every name table now (the country table, the given names, the gender
    dictionary): a process about to fork its workers does, so they share them."""
    _country_set()
    given_names()
    gender_detector()


#: ``gender_guesser``'s sex codes (the first column of its ``nam_dict.txt``).
_GUESSER_SEXES = {"M": "male", "1M": "mostly_male", "?M": "mostly_male", "F": "female",
                  "1F": "mostly_female", "?F": "mostly_female", "?": "andy"}


@lru_cache(maxsize=1)
def gender_detector() -> object:
    """``gender_guesser.detector.Detector(case_sensitive=False)``, loaded once per process,
    with its 48,000-line dictionary read here as the package reads it (the same table) in
    half its time (it reads the file line by line through ``codecs``)."""
    from gender_guesser.detector import Detector

    names: dict[str, dict[str, str]] = {}
    path = files("gender_guesser") / "data" / "nam_dict.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line[0] in "#=":
            continue
        sex, name = line.split(None, 2)[:2]
        gender, countries, name = _GUESSER_SEXES[sex], line[30:-1], name.lower()
        for variant in ((name.replace("+", r) for r in ("", " ", "-")) if "+" in name
                        else (name,)):
            names.setdefault(variant, {})[gender] = countries
    detector = Detector.__new__(Detector)
    detector.case_sensitive = False
    detector.names = names
    return detector


def gender_of(words: tuple[str, ...], preceding: str = "") -> str | None:
    """``"m"``, ``"f"`` or ``None`` from a title just before the name or the given name."""
    before = re.findall(r"[A-Za-z]+", preceding[-8:].casefold())
    if before and before[-1] in _TITLE_GENDER:
        return _TITLE_GENDER[before[-1]]
    return given_names().get(words[0]) if words else None


#: A score the tagger ran into the end of a name ("Brenton Rovers 2-1").
_TRAILING_SCORE = re.compile(rf"\s+(?:{SCORE.pattern})\s*$")
_HYPHENS = "-‐‑–"


def tagged_names(mentions: Iterable[Mention], text: str) -> Iterator[Mention]:
    """The tagger's mentions as names of entities: a score run into the end of a name
    trimmed off (``Brenton Rovers 2-1`` → ``Brenton Rovers``), and a group word that is half
    of a hyphenated word left out (``American`` of ``American-Arab Committee``,
    ``Israeli-Palestinian conflict``: an adjective of a compound, not a group)."""
    for m in mentions:
        start, end = m.span.start, m.span.end
        if m.label == "NORP" and ((end < len(text) and text[end] in _HYPHENS)
                                  or (start > 0 and text[start - 1] in _HYPHENS)):
            continue
        score = _TRAILING_SCORE.search(m.span.text)
        if score is not None and score.start() > 0:
            span = Span(start, start + score.start(), m.span.text[:score.start()])
            name = m.name if m.name is None or m.name != m.span else span
            m = Mention(span, m.label, name, m.literal, m.entity_id)
        yield m
