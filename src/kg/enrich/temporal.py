"""Temporal expressions: from the text of a DATE mention to a calendar date when possible.

A full date (``March 10, 2025``, ``10 March 2025``, ``2025-03-10``) resolves on its own; a
partial one (``September 12``, ``Sunday``, ``yesterday``) only against an anchor — the
document's date. Anything else (``in June``, ``last month``, ``1919-1920``) stays text.

>>> resolve_date("on March 10, 2025")
datetime.date(2025, 3, 10)
>>> resolve_date("September 12", anchor=datetime.date(2025, 9, 20))
datetime.date(2025, 9, 12)
>>> resolve_date("in June") is None
True
"""

from __future__ import annotations

import datetime
import re

from kg.nlp.datelines import dateline_end

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
             "saturday": 5, "sunday": 6}
_RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}
_PERIODS = {"day", "days", "week", "weeks", "weekend", "month", "months", "year", "years",
            "decade", "decades", "century", "morning", "afternoon", "evening", "night", "ago",
            "tonight", "spring", "summer", "autumn", "fall", "winter"}

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"

_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)")
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+{_DAY}(?:\s*,\s*|\s+){_YEAR}\b", re.I)
_DAY_MONTH_YEAR = re.compile(rf"\b{_DAY}\s+{_MONTH}\s*,?\s+{_YEAR}\b", re.I)
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*,?\s*\d)", re.I)
_DAY_MONTH = re.compile(rf"\b{_DAY}\s+{_MONTH}\b(?!\s*,?\s*\d)", re.I)
_WORD = re.compile(r"[a-z]+", re.I)


def _make(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _month(value: str) -> int:
    return int(value) if value.isdigit() else _MONTHS[value.casefold()]


def parse_anchor(value: str | None) -> datetime.date | None:
    """A document's date (ISO date or date-time, or a written full date) as a ``date``.

    >>> parse_anchor("2025-09-18T10:00:00Z")
    datetime.date(2025, 9, 18)
    """
    if not value:
        return None
    return _full_date(value)


def _full_date(text: str) -> datetime.date | None:
    for pattern in (_ISO, _MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
        match = pattern.search(text)
        if match:
            return _make(int(match["year"]), _month(match["month"]), int(match["day"]))
    return None


def _before(anchor: datetime.date, month: int, day: int) -> datetime.date | None:
    """``month``/``day`` in the anchor's year, or the year before when that would be more
    than a month after the anchor (news reports the past)."""
    found = _make(anchor.year, month, day)
    if found is not None and found > anchor + datetime.timedelta(days=31):
        found = _make(anchor.year - 1, month, day)
    return found


def text_anchor(text: str) -> datetime.date | None:
    """The latest full date written in ``text``: it fixes the year of ``March 11`` when the
    document has no date (but not the day of ``yesterday``).

    >>> text_anchor("Rally, March 10, 2025. Earlier, on 2 May 2024, …")
    datetime.date(2025, 3, 10)
    """
    found = [_make(int(m["year"]), _month(m["month"]), int(m["day"]))
             for pattern in (_ISO, _MONTH_DAY_YEAR, _DAY_MONTH_YEAR)
             for m in pattern.finditer(text)]
    return max((d for d in found if d is not None), default=None)


#: How far into a document its opening dateline may be (after a headline, a caption).
_DATELINE_REACH = 1500


def dateline_date(text: str) -> datetime.date | None:
    r"""The date of the dateline that opens the story ("March 11—Mahmoud Khalil was …"),
    its year from the latest full date of the text when it names none: the document's date
    when its source gives none. Only the first dateline counts, and only near the start.

    >>> dateline_date("Rally, March 10, 2025\nMarch 11—Police said …")
    datetime.date(2025, 3, 11)
    """
    start = 0
    while start < min(len(text), _DATELINE_REACH):
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        cut = dateline_end(line)
        if cut:
            return resolve_date(line[:cut], None, text_anchor(text))
        if end < 0:
            break
        start = end + 1
    return None


def is_temporal(text: str) -> bool:
    """True when a DATE/TIME mention really names a time (not ``age 35``, ``11-year-old``).

    >>> is_temporal("earlier this month"), is_temporal("11-year-old"), is_temporal("2017")
    (True, False, True)
    """
    lowered = text.casefold()
    if "-old" in lowered or re.search(r"\b(?:age|aged|ages)\b", lowered):
        return False
    words = set(_WORD.findall(lowered))
    return bool(words & _TIME_WORDS or _YEAR_WORD.search(lowered))


_TIME_WORDS = frozenset(_MONTHS) | frozenset(_WEEKDAYS) | frozenset(_RELATIVE_DAYS) | _PERIODS
_YEAR_WORD = re.compile(r"\b(?:1[5-9]|20)\d{2}s?\b")


def resolve_date(text: str, anchor: datetime.date | None = None,
                 year_anchor: datetime.date | None = None) -> datetime.date | None:
    """The calendar date ``text`` names, or ``None`` when it is not one day or not resolvable.

    ``anchor`` (the document's date) resolves every partial date; ``year_anchor`` (see
    ``text_anchor``) only dates that name their month and day.
    """
    full = _full_date(text)
    year_anchor = anchor or year_anchor
    if full is not None or year_anchor is None:
        return full
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        match = pattern.search(text)
        if match:
            return _before(year_anchor, _month(match["month"]), int(match["day"]))
    words = [w.casefold() for w in _WORD.findall(text)]
    if anchor is None or len(words) > 3 or "next" in words or "last" in words:
        return None
    for word in words:
        if word in _RELATIVE_DAYS:
            return anchor + datetime.timedelta(days=_RELATIVE_DAYS[word])
        if word in _WEEKDAYS:
            back = (anchor.weekday() - _WEEKDAYS[word]) % 7
            return anchor - datetime.timedelta(days=back)
    return None
