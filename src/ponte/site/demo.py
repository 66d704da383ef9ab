"""Loads every app's demo content in dependency order."""

from __future__ import annotations

from django.db import transaction

from ponte.cooperation.demo import load_demo_cooperation, load_demo_programmes
from ponte.directory.demo import load_demo_directory
from ponte.events.demo import load_demo_events
from ponte.exchange.demo import load_demo_exchange
from ponte.knowledge.demo import load_demo_library
from ponte.search import signals as search_signals
from ponte.search.services import reindex
from ponte.site.demo_accounts import load_demo_accounts


def load_demo_content() -> tuple[dict[str, int], list[tuple[str, str, str]]]:
    # Objects are indexed once at the end rather than one background task per save.
    with search_signals.paused():
        counts, credentials = _load_all()
    counts["search documents"] = sum(reindex().values())
    return counts, credentials


@transaction.atomic
def _load_all() -> tuple[dict[str, int], list[tuple[str, str, str]]]:
    counts = load_demo_directory()
    counts["programmes"] = load_demo_programmes()
    counts["projects and partnerships"] = load_demo_cooperation()
    counts["library items"] = load_demo_library()
    for name, n in load_demo_exchange().items():
        counts[name.replace("_", " ")] = n
    counts["events"] = load_demo_events()
    credentials = load_demo_accounts()
    return counts, credentials
