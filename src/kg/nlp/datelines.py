"""Datelines: the place, date or agency that opens a news story ("USA, March 10—",
"NEW YORK (AP) —", "March 11—"). The parser reads a dateline as part of the story's first
sentence (its place becomes the subject of the story's verb), so pieces are cut after it
(``kg.nlp.loader.chunks``), and no statement takes its words as arguments
(``kg.extract.facts``)."""

from __future__ import annotations

import re

# A dateline: the capitalised words, numbers and parentheses before the dash that opens a
# line ("USA, March 10—", "NEW YORK (AP) —", "March 11—").
_DASH = re.compile(r"\s*(?:—|–|--|\s-(?=\s))\s*")
_DATELINE_WORD = re.compile(r"[A-Z][\w.'’]*,?|\d{1,4}(?:st|nd|rd|th)?,?|\([^()\s]{1,30}\),?")
_DATELINE_WORDS = 8
# … and it names a date, an agency or a place in capitals, unlike a name set off by a dash
# ("Mahmoud Khalil — the activist — said").
_DATELINE_MARK = re.compile(
    r"\d|\(|\b[A-Z]{2,}\b|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")


def dateline_end(line: str) -> int:
    """Where the dateline opening ``line`` ends, after its dash and the space after it (0:
    none).

    >>> dateline_end("NEW YORK (AP) — Police said"), dateline_end("Mahmoud Khalil — the activist")
    (16, 0)
    """
    dash = _DASH.search(line, 0, 120)
    if dash is None or dash.start() == 0:
        return 0
    words = line[:dash.start()].split()
    if (len(words) > _DATELINE_WORDS or not all(_DATELINE_WORD.fullmatch(w) for w in words)
            or not _DATELINE_MARK.search(line[:dash.start()])):
        return 0
    return dash.end()
