"""What a match's reasons say, decided without Django: for each factor the engine scored, the
sentence to show ("both face coastal flooding", "Recife published a practice with results on
this", "shares Portuguese") as an English message id with its values.

Turning a `Reason` into words in the reader's language (translating the message, naming the
tags, formatting numbers) is `matching/reasons.py`'s job. Keeping the choice here, apart from
the database and the translation machinery, lets it be tested and benchmarked with the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ponte.matching.engine import REGION_ASIA_PACIFIC, REGION_LATIN_AMERICA, Factor


def gettext_noop(message: str) -> str:
    """Marks a message for the translation catalogues (makemessages looks for this name);
    `matching.reasons` translates it when it is shown."""
    return message


def ngettext(singular: str, plural: str, number: int) -> tuple[str, str, int]:
    """Marks a message with a plural form for the catalogues (makemessages reads this name as
    a plural); it only keeps both forms, for `matching.reasons` to choose when translating."""
    return singular, plural, number


@dataclass(frozen=True)
class Tags:
    """Tags a sentence names, by code: `kind` is "themes", "hazards", "languages" or
    "networks"; shown as their names in the reader's language, joined ("A, B and C")."""

    kind: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Count:
    """A number of things, shown with the reader's digit grouping."""

    value: int


@dataclass(frozen=True)
class Reason:
    """One sentence: a message id with `%(name)s` placeholders and their values (plain text,
    `Tags`, `Count`, or other reasons joined with "; "). `plural` and `number` choose between
    a singular and a plural message."""

    message: str
    values: Mapping[str, Any] = field(default_factory=dict)
    plural: str | None = None
    number: int = 0


def reason(factor: Factor, *, kind: str) -> Reason:
    """The sentence that explains one factor of a match of this kind ("local_government",
    "practice" or "offer")."""
    d: dict[str, Any] = factor.detail
    place = d.get("place") or ""
    code = factor.code
    if code == "text":
        return Reason(
            gettext_noop("Close in meaning to what you are looking for, across languages")
        )
    if code == "themes":
        themes = Tags("themes", tuple(d.get("themes", [])))
        if d.get("asks"):
            return Reason(
                gettext_noop("%(place)s has an open need on %(themes)s"),
                {"place": place, "themes": themes},
            )
        if themes.codes:
            return Reason(gettext_noop("Both work on %(themes)s"), {"themes": themes})
        return Reason(gettext_noop("Related themes"))
    if code == "targets":
        targets = d.get("targets") or []
        if targets:
            return Reason(
                gettext_noop("Same SDG targets: %(targets)s"), {"targets": ", ".join(targets)}
            )
        return Reason(gettext_noop("Works towards the same Sustainable Development Goals"))
    if code == "hazards":
        return Reason(
            gettext_noop("Both face %(hazards)s"),
            {"hazards": Tags("hazards", tuple(d.get("hazards", [])))},
        )
    if code == "context":
        return _context(d, place)
    if code == "evidence":
        return _evidence(d, place, kind)
    if code == "language":
        languages = tuple(d.get("languages", []))
        if languages:
            return Reason(
                gettext_noop("Shares %(languages)s"), {"languages": Tags("languages", languages)}
            )
        network = d.get("network")
        if network:
            return Reason(
                gettext_noop("Both belong to %(network)s, which works across your languages"),
                {"network": Tags("networks", (network,))},
            )
        return Reason(gettext_noop("A language in common"))
    if code == "time_zone":
        hours = round(d.get("hours") or 0)
        singular, plural, number = ngettext(
            "%(hours)d working hour overlaps", "%(hours)d working hours overlap", hours
        )
        return Reason(singular, {"hours": hours}, plural=plural, number=number)
    if code == "bridge":
        if set(d.get("regions") or []) == {REGION_ASIA_PACIFIC, REGION_LATIN_AMERICA}:
            return Reason(
                gettext_noop("A South-South bridge between Asia-Pacific and Latin America")
            )
        return Reason(gettext_noop("A bridge between regions"))
    if code == "new_partner":
        return Reason(gettext_noop("Not yet partners: a new connection"))
    return Reason(code)


def _context(d: dict[str, Any], place: str) -> Reason:
    parts = []
    if d.get("coastal"):
        parts.append(Reason(gettext_noop("both coastal")))
    if d.get("same_level"):
        parts.append(Reason(gettext_noop("same level of government")))
    population = d.get("population")
    if population:
        parts.append(
            Reason(
                gettext_noop("%(place)s has %(population)s people"),
                {"place": place, "population": Count(int(population))},
            )
        )
    if parts:
        return Reason(gettext_noop("Similar context: %(details)s"), {"details": tuple(parts)})
    return Reason(gettext_noop("Similar context"))


def _evidence(d: dict[str, Any], place: str, kind: str) -> Reason:
    if d.get("lacks"):
        return Reason(
            gettext_noop("%(place)s has no published practice with results on this yet"),
            {"place": place},
        )
    if kind == "local_government" and d.get("practice"):
        values = {"place": place, "practice": d["practice"]}
        if d.get("results"):
            return Reason(
                gettext_noop("%(place)s published a practice with results on this: “%(practice)s”"),
                values,
            )
        return Reason(
            gettext_noop("%(place)s published a practice on this: “%(practice)s”"), values
        )
    if d.get("results"):
        return Reason(gettext_noop("Has measured results"))
    return Reason(gettext_noop("Backed by published experience"))


def worth_showing(factor: Factor) -> bool:
    """Reasons are shown with their contribution to two decimals; one that reads "+0.00"
    explains nothing."""
    return round(factor.contribution, 2) > 0
