"""Match explanations in words the user reads, in the active language: "both face coastal
flooding", "Recife published a practice with results on this", "shares Portuguese"."""

from __future__ import annotations

from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ponte.core.formats import count
from ponte.directory.models import Hazard, Language, Network, SdgTarget, Theme
from ponte.matching.engine import REGION_ASIA_PACIFIC, REGION_LATIN_AMERICA, Factor


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return str(format_lazy(_("{first} and {last}"), first=", ".join(names[:-1]), last=names[-1]))


class Labels:
    """Translated names of the tags that explanations mention, loaded once per request."""

    def __init__(self) -> None:
        self.themes = {t.slug: t.label for t in Theme.objects.all()}
        self.hazards = {h.slug: h.label.lower() for h in Hazard.objects.all()}
        self.languages = {
            lang.code: lang.label for lang in Language.objects.filter(code__regex=r"^[a-z]{2}$")
        }
        self.networks = {n.slug: n.acronym or n.name for n in Network.objects.all()}
        self.targets = set(SdgTarget.objects.values_list("code", flat=True))


def sentence(factor: Factor, labels: Labels, *, kind: str) -> str:
    d: dict[str, Any] = factor.detail
    place = d.get("place") or ""
    code = factor.code
    if code == "text":
        return _("Close in meaning to what you are looking for, across languages")
    if code == "themes":
        names = _join([labels.themes.get(t, t) for t in d.get("themes", [])])
        if d.get("asks"):
            return _("%(place)s has an open need on %(themes)s") % {"place": place, "themes": names}
        return _("Both work on %(themes)s") % {"themes": names} if names else _("Related themes")
    if code == "targets":
        targets = d.get("targets") or []
        if targets:
            return _("Same SDG targets: %(targets)s") % {"targets": ", ".join(targets)}
        return _("Works towards the same Sustainable Development Goals")
    if code == "hazards":
        names = _join([labels.hazards.get(h, h) for h in d.get("hazards", [])])
        return _("Both face %(hazards)s") % {"hazards": names}
    if code == "context":
        parts = []
        if d.get("coastal"):
            parts.append(_("both coastal"))
        if d.get("same_level"):
            parts.append(_("same level of government"))
        population = d.get("population")
        if population:
            parts.append(
                _("%(place)s has %(population)s people")
                % {"place": place, "population": count(population)}
            )
        return (
            _("Similar context: %(details)s") % {"details": "; ".join(parts)}
            if parts
            else _("Similar context")
        )
    if code == "evidence":
        if d.get("lacks"):
            return _("%(place)s has no published practice with results on this yet") % {
                "place": place
            }
        if kind == "local_government" and d.get("practice"):
            if d.get("results"):
                return _("%(place)s published a practice with results on this: “%(practice)s”") % {
                    "place": place,
                    "practice": d["practice"],
                }
            return _("%(place)s published a practice on this: “%(practice)s”") % {
                "place": place,
                "practice": d["practice"],
            }
        if d.get("results"):
            return _("Has measured results")
        return _("Backed by published experience")
    if code == "language":
        languages = _join([labels.languages.get(c, c) for c in d.get("languages", [])])
        if languages:
            return _("Shares %(languages)s") % {"languages": languages}
        network = d.get("network")
        if network:
            return _("Both belong to %(network)s, which works across your languages") % {
                "network": labels.networks.get(network, network)
            }
        return _("A language in common")
    if code == "time_zone":
        hours = round(d.get("hours") or 0)
        return ngettext(
            "%(hours)d working hour overlaps", "%(hours)d working hours overlap", hours
        ) % {"hours": hours}
    if code == "bridge":
        regions = d.get("regions") or []
        if set(regions) == {REGION_ASIA_PACIFIC, REGION_LATIN_AMERICA}:
            return _("A South-South bridge between Asia-Pacific and Latin America")
        return _("A bridge between regions")
    if code == "new_partner":
        return _("Not yet partners: a new connection")
    return code


def worth_showing(factor: Factor) -> bool:
    """Reasons are shown with their contribution to two decimals; one that reads "+0.00"
    explains nothing."""
    return round(factor.contribution, 2) > 0


def explained(matches: list[Any], labels: Labels | None = None) -> list[dict[str, Any]]:
    """Matches as plain dicts with a sentence per factor that counts (for pages, the API and
    the CLI)."""
    labels = labels or Labels()
    return [
        {
            "kind": match.kind,
            "key": match.key,
            "id": match.key.split(":", 1)[1],
            "title": match.title,
            "score": match.score,
            "place": match.place,
            "factors": [
                {
                    "factor": factor.code,
                    "value": factor.value,
                    "contribution": factor.contribution,
                    "reason": sentence(factor, labels, kind=match.kind),
                }
                for factor in match.factors
                if worth_showing(factor)
            ],
        }
        for match in matches
    ]
