"""Every UI string has a translation in Spanish, Portuguese and Indonesian."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "src" / "ponte" / "locale"
ENTRY = re.compile(r'^msgid ("(?:[^"\\]|\\.)*"\n(?:"(?:[^"\\]|\\.)*"\n)*)', re.MULTILINE)


def _untranslated(po_text: str) -> list[str]:
    missing = []
    for block in po_text.split("\n\n"):
        if "#, fuzzy" in block and 'msgid ""\nmsgstr ""' not in block:
            missing.append(block)
            continue
        if block.startswith('msgid ""\nmsgstr ""') or "msgid " not in block:
            continue  # the header
        strings = re.findall(r'^msgstr(?:\[\d\])? ((?:"(?:[^"\\]|\\.)*"\n?)+)', block, re.MULTILINE)
        if not strings or any(not "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', s)) for s in strings):
            missing.append(block.splitlines()[-2] if len(block.splitlines()) > 1 else block)
    return missing


@pytest.mark.parametrize("language", ["es", "pt", "id"])
def test_catalogue_is_complete_and_compiled(language: str) -> None:
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    text = po.read_text(encoding="utf-8")
    assert _untranslated(text) == []
    assert len(ENTRY.findall(text)) > 300
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime - 5
