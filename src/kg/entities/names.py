"""Words about names: pronouns, titles, given-name genders and name normalisation."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

from kg.model import Mention

PRONOUNS = frozenset({
    "i", "me", "my", "mine", "we", "us", "our", "ours", "you", "your", "yours",
    "he", "him", "his", "she", "her", "hers", "it", "its", "they", "them", "their", "theirs",
    "this", "that", "these", "those", "who", "whom", "which", "what", "whose",
    "himself", "herself", "itself", "themselves",
    "someone", "something", "anyone", "anything", "everyone", "everything", "one",
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
    """The words of a name, case-folded; for a person, leading titles are dropped.

    >>> name_words("Louisiana Judge Jamee Comans’", person=True)
    ('jamee', 'comans')
    """
    words = [w.casefold().replace("’", "'") for w in _WORD.findall(clean_name(text))]
    if person:
        for i in range(len(words) - 1, -1, -1):
            if words[i] in TITLES:
                words = words[i + 1 :]
                break
    return tuple(words)


def initials(words: tuple[str, ...]) -> str:
    """Upper-case initials of the significant words: ``("immigration", "and", …)`` → ``"ICE"``."""
    return "".join(w[0] for w in words if w not in ACRONYM_STOPWORDS).upper()


@lru_cache(maxsize=1)
def _given_names() -> dict[str, str]:
    table: dict[str, str] = {}
    text = (files("kg") / "data" / "given_names.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, gender = line.split("\t")
            table[name] = gender
    return table


def gender_of(words: tuple[str, ...], preceding: str = "") -> str | None:
    """``"m"``, ``"f"`` or ``None`` from a title just before the name or the given name."""
    before = re.findall(r"[A-Za-z]+", preceding[-8:].casefold())
    if before and before[-1] in _TITLE_GENDER:
        return _TITLE_GENDER[before[-1]]
    return _given_names().get(words[0]) if words else None
