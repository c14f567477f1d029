"""Resolution: decide which entity each argument refers to.

This stage owns everything between extraction and the graph: it keeps statements whose
arguments can name an entity and drops (and counts) those that cannot, such as a bare
pronoun nobody has resolved.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from kg.model import Mention, Statement
from kg.pipeline import DocumentResult

PRONOUNS = frozenset({
    "i", "me", "my", "mine", "we", "us", "our", "ours", "you", "your", "yours",
    "he", "him", "his", "she", "her", "hers", "it", "its", "they", "them", "their", "theirs",
    "this", "that", "these", "those", "who", "whom", "which", "what", "whose",
    "himself", "herself", "itself", "themselves",
    "someone", "something", "anyone", "anything", "everyone", "everything", "one",
})


def is_pronoun(mention: Mention) -> bool:
    """True when the mention is a bare pronoun (``"he"``, ``"them"``, ``"which"``)."""
    return mention.text.casefold() in PRONOUNS


def _drop_reason(st: Statement) -> str | None:
    args = [st.subject] if st.object is None or st.object.literal else [st.subject, st.object]
    if any(not a.text.strip() for a in args):
        return "empty argument"
    if any(is_pronoun(a) for a in args):
        return "unresolved pronoun"
    return None


def resolve(results: Iterable[DocumentResult], dropped: Counter[str]) -> Iterator[DocumentResult]:
    """Yield each result with the statements the graph cannot use removed (counted by reason)."""
    for result in results:
        kept = []
        for st in result.statements:
            reason = _drop_reason(st)
            if reason is None:
                kept.append(st)
            else:
                dropped[reason] += 1
        yield DocumentResult(result.document, tuple(kept), result.mentions, result.sentences,
                             result.words)
