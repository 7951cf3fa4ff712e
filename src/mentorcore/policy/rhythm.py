"""The cadence as agreed (CORE-RHYTHM): a cadence rule read from the agreement in force.

Seed 002 has the getting-to-know meeting settle "für welchen Zeitraum", "wie
viele Treffen … in dem Zeitraum" and "Art und Häufigkeit der
Kontaktaufnahme"; the Ostalb document leaves "die Dauer des Kontakts und der
zeitliche Rhythmus der Gespräche" to the two. Where the terms in force state a
rhythm, :func:`agreed_rule` turns it into a :class:`CadenceRule` with the ID
:data:`AGREED`, and :func:`rules_in_force` decides which rules a tandem's
cadence report measures:

* a programme that gives no cadence rule of its own (``mentorcore_cadence_rules``
  answers nothing, e.g. Kerpen and the generic flow) is measured against the
  agreement, where it states a rhythm;
* a programme's *recommended* rules (:attr:`CadenceRule.recommended`, e.g.
  OSTALB-CAD-1 "empfohlen etwa einmal im Quartal") give way to the agreed
  rhythm, unless the agreement states exactly the recommendation;
* every other programme rule stays (MEDIC-CAD-1/2 are the programme's minimum;
  the agreement's own pace is CORE-8's concern there).

The rhythm is read, first, from the number of meetings agreed for a bounded
period (``meetings_planned`` over ``period_start`` to ``period_end``), else
from the agreed frequency in words (``contact_frequency``: "zweimal im Jahr",
"etwa 1 Treffen im Quartal", "every two months", "monatlich"). It is reckoned
in the shortest calendar period (month, quarter, mentoring year) whose whole
number of meetings is within a quarter of the agreed pace: two a year are two
per year, not one per half (there is no half-year period) and not a
quarterly one; four a year are one per quarter. A pace slower than one a year,
or words that name no rhythm or several different ones, state no rhythm.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction

from mentorcore.domain import AgreementTerms, Tandem
from mentorcore.i18n import Message, _
from mentorcore.policy.decisions import CadenceRule, PeriodKind

#: The rule ID of the cadence as agreed.
AGREED = "CORE-RHYTHM"

#: Days in a mean year, as a fraction (a bounded period's pace per year).
_YEAR_DAYS = Fraction(36525, 100)

#: Calendar periods the agreed rhythm is reckoned in, shortest first, with how
#: many of them make a year.
_KINDS = ((PeriodKind.MONTH, 12), (PeriodKind.QUARTER, 4), (PeriodKind.MENTORING_YEAR, 1))

_NUMBERS = {
    "ein": 1,
    "eine": 1,
    "einen": 1,
    "einem": 1,
    "one": 1,
    "a": 1,
    "an": 1,
    "zwei": 2,
    "two": 2,
    "drei": 3,
    "three": 3,
    "vier": 4,
    "four": 4,
    "fünf": 5,
    "five": 5,
    "sechs": 6,
    "six": 6,
    "acht": 8,
    "eight": 8,
    "zehn": 10,
    "ten": 10,
    "zwölf": 12,
    "twelve": 12,
}
_TIMES = {"einmal": 1, "once": 1, "zweimal": 2, "twice": 2, "dreimal": 3, "thrice": 3, "viermal": 4}

#: Units per year of each word for a period, singular, plural and adverb.
_UNITS = {
    **dict.fromkeys(("woche", "wochen", "week", "weeks", "wöchentlich", "weekly"), 52),
    **dict.fromkeys(("monat", "monate", "monaten", "month", "months", "monatlich", "monthly"), 12),
    **dict.fromkeys(
        (
            "quartal",
            "quartale",
            "quartalen",
            "vierteljahr",
            "quarter",
            "quarters",
            "vierteljährlich",
            "quartalsweise",
            "quarterly",
        ),
        4,
    ),
    **dict.fromkeys(
        ("halbjahr", "halbjahre", "half-year", "halbjährlich", "half-yearly", "biannually"), 2
    ),
    **dict.fromkeys(
        ("jahr", "jahre", "jahren", "year", "years", "jährlich", "yearly", "annually", "annual"),
        1,
    ),
}
#: The words for a period that say "once per" on their own ("monatlich").
_ADVERBS = tuple(w for w in _UNITS if w.endswith(("lich", "ly", "weise")))

_NUM = r"(?P<n>\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")"
_TIMES_RE = r"(?P<t>" + "|".join(_TIMES) + r"|\d{1,3}\s*(?:x|mal)\b)"
_UNIT = r"(?P<u>" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")\b"
_WHAT = r"(?:treffen|gespräche?|termine?|meetings?|sessions?|conversations?|times)"
_PER = r"(?:pro|im|je|in\s+einem|in\s+jedem|per|a|an|each|every|in\s+a|in\s+each)"
_PATTERNS = (
    # "2 Treffen pro Quartal", "one meeting a month", "zweimal im Jahr", "twice yearly"
    re.compile(rf"\b(?:{_TIMES_RE}|{_NUM}\s+{_WHAT})\s+(?:{_WHAT}\s+)?(?:{_PER}\s+)?{_UNIT}"),
    # "alle zwei Monate", "every 3 months", "every month"
    re.compile(rf"\b(?:alle|every)\s+(?:{_NUM}\s+)?{_UNIT}"),
    # "monatlich", "quarterly"
    re.compile(r"(?<![\w-])(?P<u>" + "|".join(_ADVERBS) + r")\b"),
)


def agreed_rule(tandem: Tandem) -> CadenceRule | None:
    """The cadence the agreement in force states, if it states one (CORE-RHYTHM)."""
    if tandem.agreement is None:
        return None
    rate = agreed_rate(tandem.agreement.terms)
    return None if rate is None else _rule(rate)


def rules_in_force(tandem: Tandem, rules: Iterable[CadenceRule]) -> tuple[CadenceRule, ...]:
    """The cadence rules *tandem* is measured by, given its programme's *rules*."""
    given = tuple(rules)
    if given and not any(r.recommended for r in given):
        return given
    agreed = agreed_rule(tandem)
    if agreed is None:
        return given
    kept = tuple(r for r in given if not r.recommended)
    same = tuple(
        r
        for r in given
        if r.recommended
        and (r.period, r.minimum, r.formats) == (agreed.period, agreed.minimum, agreed.formats)
    )
    return kept + (same or (agreed,))


def agreed_rate(terms: AgreementTerms) -> Fraction | None:
    """Meetings a year the *terms* agree, if they state a rhythm."""
    planned, end = terms.meetings_planned, terms.period_end
    if planned is not None and planned > 0 and end is not None and end >= terms.period_start:
        return planned * _YEAR_DAYS / ((end - terms.period_start).days + 1)
    return rate_in_words(terms.contact_frequency)


def rate_in_words(text: str) -> Fraction | None:
    """Meetings a year that *text* names ("zweimal im Jahr": 2), if it names
    exactly one rhythm."""
    lowered = text.lower()
    rates: set[Fraction] = set()
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for found in pattern.finditer(lowered):
            if any(a < found.end() and found.start() < b for a, b in taken):
                continue
            taken.append(found.span())
            rates.add(_rate_of(found))
    rates.discard(Fraction(0))
    return rates.pop() if len(rates) == 1 else None


def _rate_of(found: re.Match[str]) -> Fraction:
    groups = found.groupdict()
    per_year = _UNITS[groups["u"]]
    if found.group(0).startswith(("alle", "every")):
        return Fraction(per_year, _count(groups.get("n")) or 1)
    times = groups.get("t")
    if times is not None:
        return Fraction(per_year * (_TIMES.get(times) or int(re.sub(r"\D", "", times))))
    return Fraction(per_year * (_count(groups.get("n")) or 1))


def _count(word: str | None) -> int:
    if word is None:
        return 0
    return int(word) if word.isdigit() else _NUMBERS[word]


def _rule(rate: Fraction) -> CadenceRule | None:
    for kind, per_year in _KINDS:
        expected = rate / per_year
        n = int(expected + Fraction(1, 2))
        if n >= 1 and 4 * abs(n - expected) <= expected:
            return CadenceRule(AGREED, kind, n, description=_describe(kind, n))
    return None


def _describe(kind: PeriodKind, n: int) -> Message:
    if kind is PeriodKind.MONTH:
        return _.plural("{n} meeting a month, as agreed", "{n} meetings a month, as agreed", n)
    if kind is PeriodKind.QUARTER:
        return _.plural("{n} meeting a quarter, as agreed", "{n} meetings a quarter, as agreed", n)
    return _.plural("{n} meeting a year, as agreed", "{n} meetings a year, as agreed", n)
