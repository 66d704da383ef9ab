"""Loads every app's demo content in dependency order."""

from __future__ import annotations

from django.db import transaction

from ponte.accounts.demo import load_demo_accounts
from ponte.cooperation.demo import load_demo_programmes
from ponte.directory.demo import load_demo_directory
from ponte.knowledge.demo import load_demo_library


@transaction.atomic
def load_demo_content() -> tuple[dict[str, int], list[tuple[str, str, str]]]:
    counts = load_demo_directory()
    counts["programmes"] = load_demo_programmes()
    counts["library items"] = load_demo_library()
    credentials = load_demo_accounts()
    return counts, credentials
