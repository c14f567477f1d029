"""The model's ``attribute_ruler``, applied by lookup.

spaCy's ``AttributeRuler`` runs a ``Matcher`` over every document, then sets each match's
attributes token by token; in ``en_core_web_sm`` its 179 rules (mostly "this tag has this
coarse POS and these features") cost a tenth of the whole pipeline. ``AttributeTable`` applies
the same rules from the document's attribute arrays: a token's rules depend only on the values
they test (``TAG``, ``LOWER``, ``DEP``, …), so they are found once per distinct token, and the
attributes of every match, found on the document as it came in, are written in rule order,
later rules overriding earlier ones, exactly as the ruler does (12× faster on news text, 2.4×
with nothing remembered yet). A rule it cannot compile (another operator, another attribute)
leaves the model's ruler in place.

``replace_ruler(nlp)`` swaps it in (``kg.nlp.loader.load_model`` does); tests check that
every token attribute comes out as the ruler sets it, on real text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

NAME = "kg_attribute_table"
_RULER = "attribute_ruler"

#: Token attributes a pattern may test (read from ``Doc.to_array``); strings are hashed.
_READ = ("TAG", "LOWER", "DEP", "ORTH", "POS", "IS_SPACE")
_FLAGS = frozenset({"IS_SPACE"})
_INDEXED = ("TAG", "LOWER")  #: rules are looked up by these values of a token
#: Attributes a rule may set.
_WRITE = ("TAG", "POS", "MORPH", "LEMMA", "DEP")

Test = Callable[[tuple[int, ...]], bool]  # a token's ``_READ`` values → whether it passes

#: Distinct tokens (their ``_READ`` values) whose rules are remembered, at most.
CACHE_SIZE = 200_000


class Unsupported(ValueError):
    """A rule that ``AttributeTable`` cannot apply as it is (the model's ruler stays)."""


@dataclass(frozen=True)
class _Rule:
    number: int  # its place among the ruler's rules: later ones override earlier ones
    tokens: tuple[tuple[Test, ...], ...]  # one pattern: the tests of each of its tokens
    index: int  # which token of a match gets the attributes (may be negative)
    values: tuple[tuple[int, int], ...]  # (column in _WRITE, value)
    key: tuple[int, int] | None  # (column, value) its first token must have, if any


def _test(vocab: Vocab, column: int, key: str, value: Any) -> Test:
    """One test of a token pattern (``{"TAG": "NN"}``, ``{"LOWER": {"IN": [...]}}``)."""
    if key in _FLAGS:
        if not isinstance(value, bool):
            raise Unsupported(f"{key}: {value!r}")
        return lambda row: (row[column] != 0) == value
    if isinstance(value, str):
        wanted = vocab.strings.add(value) if value else 0
        return lambda row: row[column] == wanted
    if not isinstance(value, dict) or len(value) != 1:
        raise Unsupported(f"{key}: {value!r}")
    ((op, arg),) = value.items()
    if op in ("IN", "NOT_IN") and isinstance(arg, list):
        hashes = frozenset(vocab.strings.add(s) if s else 0 for s in arg)
        inside = op == "IN"
        return lambda row: (row[column] in hashes) == inside
    if op == "REGEX" and isinstance(arg, str):
        pattern = re.compile(arg)
        return lambda row: pattern.search(vocab.strings[row[column]]) is not None
    raise Unsupported(f"{key}: {value!r}")


def _key(vocab: Vocab, token: dict[str, Any]) -> tuple[int, int] | None:
    """The ``TAG`` (else ``LOWER``) that a pattern's first token must equal, if one: the rules
    a token may match are looked up by these two values."""
    for name in _INDEXED:
        value = next((v for k, v in token.items() if k.upper() == name), None)
        if isinstance(value, str):
            return _READ.index(name), vocab.strings.add(value) if value else 0
    return None


def _compile(vocab: Vocab, patterns: Sequence[dict[str, Any]]) -> list[_Rule]:
    """The ruler's rules (``AttributeRuler.patterns``), one ``_Rule`` per alternative."""
    from spacy.attrs import IDS
    from spacy.tokens._retokenize import normalize_token_attrs

    write = {IDS[name]: column for column, name in enumerate(_WRITE)}
    rules = []
    for number, spec in enumerate(patterns):
        attrs: dict[int, int] = normalize_token_attrs(vocab, dict(spec["attrs"]))
        if any(a not in write for a in attrs):
            raise Unsupported(f"sets {sorted(attrs)}")
        values = tuple((write[a], int(v)) for a, v in attrs.items())
        for pattern in spec["patterns"]:
            if not isinstance(pattern, list) or not pattern:
                raise Unsupported(f"pattern {pattern!r}")
            tokens, key = [], _key(vocab, pattern[0])
            for token in pattern:
                if any(key.upper() not in _READ for key in token):
                    raise Unsupported(f"attributes {sorted(token)}")
                tokens.append(tuple(_test(vocab, _READ.index(key.upper()), key.upper(), value)
                                    for key, value in token.items()))
            rules.append(_Rule(number, tuple(tokens), int(spec.get("index", 0)), values, key))
    return rules


class AttributeTable:
    """A pipeline component that does what the model's ``AttributeRuler`` with ``patterns``
    does (see the module docstring).

    A token's rules depend only on its ``_READ`` values, so they are found once per distinct
    token (``_seen``): the one-token rules that match it, and the longer patterns whose first
    token it can be; only those are then tried further along the document.
    """

    def __init__(self, vocab: Vocab, patterns: Sequence[dict[str, Any]]) -> None:
        from spacy.attrs import IDS

        self.vocab = vocab
        self.patterns = list(patterns)
        self._rules = _compile(vocab, self.patterns)
        self._read = [IDS[name] for name in _READ]
        self._write = [IDS[name] for name in _WRITE]
        self._seen: dict[tuple[int, ...], tuple[tuple[_Rule, ...], tuple[_Rule, ...]]] = {}
        self._keyed: dict[tuple[int, int], list[_Rule]] = {}
        self._always: list[_Rule] = []
        for rule in self._rules:
            if rule.key is None:
                self._always.append(rule)
            else:
                self._keyed.setdefault(rule.key, []).append(rule)

    def _candidates(self, row: tuple[int, ...]) -> list[_Rule]:
        """The rules whose first token ``row`` may match (those keyed by its TAG or LOWER, and
        those with no key), in rule order."""
        found = list(self._always)
        for name in _INDEXED:
            column = _READ.index(name)
            found += self._keyed.get((column, row[column]), ())
        return sorted(found, key=attrgetter("number"))

    def _rules_of(self, row: tuple[int, ...]) -> tuple[tuple[_Rule, ...], tuple[_Rule, ...]]:
        found = self._seen.get(row)
        if found is None:
            if len(self._seen) >= CACHE_SIZE:
                self._seen.clear()
            first = [r for r in self._candidates(row) if all(test(row) for test in r.tokens[0])]
            found = self._seen[row] = (tuple(r for r in first if len(r.tokens) == 1),
                                       tuple(r for r in first if len(r.tokens) > 1))
        return found

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        rows = [tuple(row) for row in doc.to_array(self._read).tolist()]
        matched: list[list[_Rule]] = [[] for _ in range(n)]
        for i, row in enumerate(rows):
            single, longer = self._rules_of(row)
            matched[i].extend(single)
            for rule in longer:
                width = len(rule.tokens)
                if i + width <= n and all(test(rows[i + k]) for k in range(1, width)
                                          for test in rule.tokens[k]):
                    matched[i + (rule.index if rule.index >= 0 else width + rule.index)
                            ].append(rule)
        out = doc.to_array(self._write).tolist()
        for i, rules in enumerate(matched):
            if len(rules) > 1:
                rules.sort(key=attrgetter("number"))  # later rules override earlier ones
            target = out[i]
            for rule in rules:
                for column, value in rule.values:
                    target[column] = value
        doc.from_array(self._write, np.array(out, dtype=np.uint64))  # type: ignore[arg-type]
        return doc


def replace_ruler(nlp: Language) -> bool:
    """Put an ``AttributeTable`` in place of ``nlp``'s ``attribute_ruler`` when every one of
    its rules compiles; whether it did."""
    if _RULER not in nlp.pipe_names:
        return False
    patterns = nlp.get_pipe(_RULER).patterns  # type: ignore[attr-defined]
    try:
        _compile(nlp.vocab, patterns)
    except Unsupported:
        return False
    _register()
    nlp.replace_pipe(_RULER, NAME, config={"patterns": patterns})
    return True


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(NAME):
        @Language.factory(NAME, default_config={"patterns": []})
        def make(nlp: Language, name: str, patterns: list[dict[str, Any]]) -> AttributeTable:
            return AttributeTable(nlp.vocab, patterns)
