"""Match reasons in words the reader reads, in their language: what `matching.explain` chose
to say, translated, with tags named and numbers in the reader's format."""

from __future__ import annotations

from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext

from ponte.core.formats import count
from ponte.directory.models import Hazard, Language, Network, SdgTarget, Theme
from ponte.matching.explain import Count, Reason, Tags, reason, worth_showing


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return str(
        format_lazy(gettext("{first} and {last}"), first=", ".join(names[:-1]), last=names[-1])
    )


class Labels:
    """Translated names of the tags that reasons mention, loaded once per request."""

    def __init__(self) -> None:
        self.themes = {t.slug: t.label for t in Theme.objects.all()}
        self.hazards = {h.slug: h.label.lower() for h in Hazard.objects.all()}
        self.languages = {
            lang.code: lang.label for lang in Language.objects.filter(code__regex=r"^[a-z]{2}$")
        }
        self.networks = {n.slug: n.acronym or n.name for n in Network.objects.all()}
        self.targets = set(SdgTarget.objects.values_list("code", flat=True))

    def names(self, tags: Tags) -> list[str]:
        known: dict[str, str] = getattr(self, tags.kind)
        return [known.get(code, code) for code in tags.codes]


def in_words(chosen: Reason, labels: Labels) -> str:
    """A reason as one sentence in the active language."""
    values = {name: _value(value, labels) for name, value in chosen.values.items()}
    if chosen.plural is not None:
        text = ngettext(chosen.message, chosen.plural, chosen.number)
    else:
        text = gettext(chosen.message)
    return text % values if values else text


def _value(value: Any, labels: Labels) -> Any:
    if isinstance(value, Tags):
        return _join(labels.names(value))
    if isinstance(value, Count):
        return count(value.value)
    if isinstance(value, tuple) and all(isinstance(part, Reason) for part in value):
        return "; ".join(in_words(part, labels) for part in value)
    return value


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
                    "reason": in_words(reason(factor, kind=match.kind), labels),
                }
                for factor in match.factors
                if worth_showing(factor)
            ],
        }
        for match in matches
    ]
