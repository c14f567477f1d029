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
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kg.model import Statement

if TYPE_CHECKING:
    from kg.extract.clause_args import Args

# A caption or credit opens with its keyword and a colon, slash or dash: "Image: …",
# "Photo by …", "Credit: …", "File photo — …".
_CAPTION = re.compile(
    r"^\W*(?:images?|photos?|photographs?|pictures?|pictured|credits?|source|illustrations?"
    r"|videos?|file photo|caption|watch|listen)\b\s*(?:[:/|—–]|-\s|by\b|courtesy\b)",
    re.IGNORECASE)
# … or closes with an agency's credit: "(AP Photo/Jane Doe)", "/Getty Images", "Reuters".
_CREDIT = re.compile(
    r"(?:\bphoto\s*/|/\s*(?:getty images|afp|reuters|ap|epa|shutterstock)\b)[^\n]*$"
    r"|\b(?:getty images|shutterstock)\W*$", re.IGNORECASE)
# A byline: "By Amara Okafor", "Reporting by Li Wei and Tomás Ruiz".
_BYLINE = re.compile(r"^\W*(?:By|(?:Additional )?[Rr]eporting by|Written by|Story by)\s+[A-Z]")
_BYLINE_WORDS = 10
# A dateline: the capitalised words, numbers and parentheses before the dash that opens a
# line ("USA, March 10—", "NEW YORK (AP) —", "March 11—").
_DASH = re.compile(r"\s*(?:—|–|--|\s-\s)")
_DATELINE_WORD = re.compile(r"[A-Z][\w.'’]*,?|\d{1,4}(?:st|nd|rd|th)?,?|\([^()\s]{1,30}\),?")
_DATELINE_WORDS = 8
# … and it names a date, an agency or a place in capitals, unlike a name set off by a dash
# ("Mahmoud Khalil — the activist — said").
_DATELINE_MARK = re.compile(
    r"\d|\(|\b[A-Z]{2,}\b|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")
# A score: "1–0", "2 - 1", "103-98" (not a year range: at most three digits a side).
_SCORE = re.compile(r"(?<![\d.,:/])\d{1,3}\s?[–—-]\s?\d{1,3}(?![\d.,:/%])")
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
# A line that ends a sentence ends so; a headline, caption or title does not.
_TERMINAL = frozenset('.!?…"”’\')')
# Statements read without a verb: appositions and possessives (``kg.extract.clause_nominal``).
_NOMINAL_RULES = ("SVC-appos", "possessive")
# Title case: most words of four letters or more capitalised.
_TITLE_SHARE = 0.6
_LONG_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")


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


def _dateline_end(line: str) -> int:
    """Where the dateline opening ``line`` ends (0: none)."""
    dash = _DASH.search(line, 0, 120)
    if dash is None or dash.start() == 0:
        return 0
    words = line[:dash.start()].split()
    if (len(words) > _DATELINE_WORDS or not all(_DATELINE_WORD.fullmatch(w) for w in words)
            or not _DATELINE_MARK.search(line[:dash.start()])):
        return 0
    return dash.end()


def _line_reason(line: str, start: int, args: Args) -> str | None:
    """Why no statement read from ``line`` (at chunk offset ``start``) is a fact."""
    text = line.strip()
    if _CAPTION.match(text) or _CREDIT.search(text):
        return "caption"
    if _BYLINE.match(text) and len(text.split()) <= _BYLINE_WORDS:
        return "byline"
    if _SCORE.search(text):
        doc = args.doc
        span = doc.char_span(start, start + len(line), alignment_mode="expand")
        if span is not None and not any(t.tag_ in _FINITE for t in span):
            return "score line"
    return None


class Lines:
    """The lines of one chunk that statements are read from, each judged once."""

    def __init__(self, args: Args) -> None:
        self.args = args
        self._seen: dict[int, tuple[str, str | None, int]] = {}

    def at(self, offset: int) -> tuple[str, str | None, int]:
        """``(line, reason, dateline end)`` of the line holding chunk offset ``offset``."""
        text = self.args.text
        lo = text.rfind("\n", 0, offset) + 1
        found = self._seen.get(lo)
        if found is None:
            _, line = _line(text, lo, lo)
            end = _dateline_end(line)
            found = self._seen[lo] = (line, _line_reason(line, lo, self.args),
                                      lo + end if end else 0)
        return found


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
    line = lines.at((st.subject.name or st.subject.span).start - offset)[0]
    if line.rstrip()[-1:] not in _TERMINAL and (nominal(st) or _title_case(line)):
        return "headline"
    if nominal(st) and _SCORE.search(st.provenance.sentence.text):
        return "score line"
    subject = st.subject.text.casefold()
    if subject == "there":
        return "expletive"  # "there could still be …": nobody is the subject
    if subject.startswith("whose "):
        return "relative"  # "whose boat — sank": the owner is outside the statement
    if st.object is None and st.provenance.rule.endswith("participle"):
        return "empty object"  # "a statement released", "individuals deemed"
    return None


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
