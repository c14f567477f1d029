"""Common nouns for people, read by pronoun agreement (``kg.entities.pronouns``) and by the
test for a person named only through a possessive pronoun ("my wife", "their children")."""

from __future__ import annotations

import re

#: Common nouns that denote people (they compete with named people for ``he``/``she``).
MALE_NOUNS = frozenset({
    "man", "boy", "father", "husband", "son", "brother", "uncle", "grandfather", "nephew",
    "king", "prince", "spokesman", "chairman", "businessman", "congressman", "gentleman",
    "dad", "grandson", "stepfather", "boyfriend", "monk", "priest", "actor",
})
FEMALE_NOUNS = frozenset({
    "woman", "girl", "mother", "wife", "daughter", "sister", "aunt", "grandmother", "niece",
    "queen", "princess", "spokeswoman", "chairwoman", "businesswoman", "congresswoman",
    "lady", "mom", "granddaughter", "stepmother", "girlfriend", "nun", "actress", "widow",
})
PERSON_NOUNS = MALE_NOUNS | FEMALE_NOUNS | frozenset({
    "person", "child", "teacher", "student", "judge", "lawyer", "attorney", "officer",
    "official", "agent", "doctor", "nurse", "president", "minister", "senator", "governor",
    "mayor", "spokesperson", "director", "chief", "leader", "founder", "executive", "manager",
    "worker", "activist", "protester", "journalist", "reporter", "editor", "author", "writer",
    "researcher", "scientist", "professor", "farmer", "driver", "victim", "suspect", "witness",
    "resident", "citizen", "immigrant", "refugee", "player", "coach", "captain", "soldier",
    "commander", "pastor", "imam", "rabbi", "member", "engineer", "analyst", "economist",
    "banker", "owner", "singer", "artist", "candidate", "voter", "prosecutor", "defendant",
    "plaintiff", "detainee", "prisoner", "survivor", "friend", "neighbor", "neighbour",
    "colleague", "partner", "secretary", "ambassador", "diplomat", "physician", "surgeon",
    "chancellor", "premier", "representative", "lawmaker", "legislator", "guard", "nominee",
    "ceo", "chef", "poet", "novelist", "historian", "organizer", "organiser", "volunteer",
    "mother-in-law", "father-in-law", "parent", "grandparent", "teenager", "toddler", "baby",
    "infant", "patient", "veteran", "pilot", "sheriff", "inspector", "detective", "cousin",
})
#: Singular nouns for a body of people, which ``they`` may pick up ("the team … they").
COLLECTIVE_NOUNS = frozenset({
    "team", "government", "administration", "company", "police", "family", "group",
    "committee", "board", "council", "party", "union", "army", "navy", "staff", "crew",
    "band", "firm", "agency", "department", "ministry", "court", "jury", "panel", "coalition",
    "campaign", "organization", "organisation", "university", "school", "club", "public",
    "audience", "majority", "minority", "opposition", "delegation", "league", "squad",
})

#: Plural and collective nouns for people, which name someone through their owner too.
_PEOPLE_NOUNS = frozenset({
    "people", "children", "kids", "men", "women", "folks", "relatives", "family", "families",
    "ones", "team", "staff", "crew", "household", "kin", "parents", "grandchildren",
})
#: Possessive pronouns that may own a person ("my wife", "their children").
OWNER_PRONOUNS = frozenset({"my", "our", "your", "his", "her", "their", "its"})
_HEAD_END = re.compile(r"\s+(?:in|of|at|from|for|with|on|to|who|whom|that|which)\s|[,;:(]")


def head_word(phrase: str) -> str:
    """A phrase's last word, lower-cased, without the punctuation around it ("the
    Spokesman," → "spokesman"; "" for no word)."""
    words = phrase.split()
    return words[-1].casefold().strip(".,'’") if words else ""


def noun_gender(head: str) -> str | None:
    """``"m"`` or ``"f"`` for a gendered person noun ("father", "wife"), else ``None``."""
    return "m" if head in MALE_NOUNS else "f" if head in FEMALE_NOUNS else None


def person_through_pronoun(text: str) -> bool:
    """True for a phrase that names a person or people through a possessive pronoun: "my
    wife", "our son", "his father", "their children", "My friend in Canoga Park". Unless the
    pronoun's owner is known, the phrase names nobody a graph could hold.

    >>> person_through_pronoun("My wife"), person_through_pronoun("his detention")
    (True, False)
    """
    words = _HEAD_END.split(" ".join(text.split()), maxsplit=1)[0].casefold().split()
    if len(words) < 2 or words[0] not in OWNER_PRONOUNS:
        return False
    head = words[-1].strip(".,'’")
    return (head in PERSON_NOUNS or head in _PEOPLE_NOUNS
            or (head.endswith("s") and head[:-1] in PERSON_NOUNS))
