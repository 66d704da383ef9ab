"""Every string a reader sees goes through the translation catalogue (issue 13).

The test builds a pseudo catalogue at test time: every msgid of Ponte's catalogue, its msgstr
the msgid with each run of text wrapped in ⟦…⟧ (placeholders and HTML tags kept as they are,
plural forms too). It installs it as Esperanto ("eo", a language Django knows, with its own
catalogue for Django's strings), gives the reference records (themes, hazards, languages,
countries…) a marked name in that language, then renders every page of the permission table
(tests/site) as a visitor, a focal point and network staff, and the main error paths. What a
reader sees (text, and title/aria-label/placeholder/alt) must be marked, or be content: the
world's own values (titles, names, what people typed) and country or language names.

Any English left over is an offender: the test prints each one with its page.
"""

from __future__ import annotations

import re
import zoneinfo
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import lxml.html
import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.test import Client, override_settings
from django.utils.translation import get_language_info, trans_real

from ponte.core.collation import register_sqlite_collations
from ponte.directory.models import Currency, TranslatedNamesMixin
from ponte.matching import world as matching_world
from tests.site.permission_table import WEB, Row
from tests.site.world import World, build

pytestmark = pytest.mark.django_db

PSEUDO = "eo"
OPEN, CLOSE = "⟦", "⟧"
CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "es" / "LC_MESSAGES" / "django.po"
# What a translation must keep as it is: placeholders, HTML tags and entities.
KEEP = re.compile(r"(%\(\w+\)[sdfr]|%[sdfr%]|\{[\w.]*\}|<[^>]*>|&#?\w+;)")


def pseudo(text: str) -> str:
    """Each run of text between placeholders and tags, wrapped in the markers."""
    parts = KEEP.split(text)
    return "".join(
        part if KEEP.fullmatch(part) or not part.strip() else f"{OPEN}{part}{CLOSE}"
        for part in parts
    )


def write_pseudo_catalogue(root: Path) -> None:
    with CATALOGUE.open("rb") as source:
        english = read_po(source)
    catalogue = Catalog(locale=PSEUDO)
    for message in english:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            singular, plural = message.id
            string: Any = (pseudo(singular), pseudo(plural))
        else:
            string = pseudo(message.id)
        catalogue.add(message.id, string, context=message.context)
    target = root / PSEUDO / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "django.mo").open("wb") as out:
        write_mo(out, catalogue)


# Who looks, and at what ----------------------------------------------------------------------

READERS = ("anonymous", "owner_member", "owner_staff")


def error_paths(world: World) -> list[tuple[str, str, str, dict[str, Any] | None]]:
    """(reader, method, url, data) of the main error paths."""
    stale = {
        "version": 0,
        "kind": "expertise",
        "title": "Edited",
        "description": "Edited.",
        "language": "en",
    }
    return [
        ("anonymous", "GET", "/no-such-page/", None),  # 404
        ("other_member", "GET", f"/exchange/needs/{world.needs['draft'].pk}/edit/", None),
        ("owner_member", "POST", "/accounts/preferences/", {"timezone": "Nowhere/Never"}),
        # A domain error from a service: someone else saved the need since this form was opened.
        ("owner_member", "POST", f"/exchange/needs/{world.needs['draft'].pk}/edit/", stale),
        ("anonymous", "GET", "/api/v1/needs?status=bogus", None),  # a domain error, in the API
        ("anonymous", "GET", "/api/v1/items/999999", None),  # problem+json
        ("anonymous", "GET", "/api/v1/me", None),  # 401 problem+json
    ]


# Reading a page as its reader sees it ------------------------------------------------------

SKIPPED = {"script", "style", "template"}
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
MARKED = re.compile(f"{OPEN}[^{CLOSE}]*{CLOSE}")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
# Words that are the same in every language: names, acronyms, file formats.
UNIVERSAL = {
    *("Ponte", "PDF", "CSV", "XLSX", "XML", "JSON", "API", "IATI", "SDG", "OpenAPI", "URL"),
    *("UTC", "Markdown"),
}
SEPARATORS = re.compile(r"\s*[·•—–|,;:()\[\]/]\s*|\s+-\s+")


def visible_texts(html: str) -> list[str]:
    page = lxml.html.fromstring(html)
    texts: list[str] = []
    for element in page.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag not in SKIPPED and element.text:
            texts.append(element.text)
        parent = element.getparent()
        if element.tail and (parent is None or parent.tag not in SKIPPED):
            texts.append(element.tail)
        texts += [element.get(name) for name in ATTRIBUTES if element.get(name)]
    return [" ".join(t.split()) for t in texts if t.strip()]


def problem_texts(document: dict[str, Any]) -> list[str]:
    texts = [str(document.get("title", "")), str(document.get("detail", ""))]
    for messages in (document.get("errors") or {}).values():
        texts += [str(m) for m in messages]
    return [t for t in texts if t.strip()]


class Content:
    """What is not Ponte's to translate: the world's values, and reference names by value."""

    def __init__(self) -> None:
        self.values: set[str] = set()
        self.names: set[str] = set()
        for model in apps.get_models():
            fields = [
                f.attname
                for f in model._meta.concrete_fields
                # A choice's stored value is a code, not content: its label is Ponte's to translate.
                if isinstance(f, models.CharField | models.TextField) and not f.choices
            ]
            if not fields:
                continue
            reference = model._meta.app_label == "directory" and model.__name__ in {
                "Region",
                "Currency",
                "Country",
                "Language",
                "City",
                "SdgGoal",
                "SdgTarget",
                "Theme",
                "Hazard",
            }
            if reference and issubclass(model, TranslatedNamesMixin):
                continue  # marked names of their own: see mark_reference_names
            target = self.names if reference else self.values
            for row in model.objects.values_list(*fields):
                for value in (str(v) for v in row if v and len(str(v)) > 1):
                    target.add(" ".join(value.split()))
                    # Markdown shows its lines as headings and list items of their own.
                    target.update(line.strip(" #*->") for line in value.splitlines())
        self.values.discard("")
        self.long_values = sorted((v for v in self.values if len(v) > 3), key=len, reverse=True)
        # Language names in their own language (the language switcher), time zones (IANA's).
        for code, _name in settings.LANGUAGES:
            self.names |= {
                Locale.parse(code).get_display_name(),
                get_language_info(code)["name_local"],
            }
        for zone in zoneinfo.available_timezones():
            self.names |= {zone, *zone.split("/"), *re.split(r"[/_]", zone)}
        self.names = {name.casefold() for name in self.names}
        self.universal = {*UNIVERSAL, *Currency.objects.values_list("code", flat=True)}
        # Django's own strings in the pseudo language are real Esperanto: its words are not English.
        self.foreign: set[str] = set()
        for _key, message in trans_real.translation(PSEUDO)._catalog.items():
            if CLOSE not in message:
                self.foreign.update(w.casefold() for w in WORD.findall(message))

    def _remove_values(self, text: str) -> str:
        for value in self.long_values:
            if value in text:
                text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " | ", text)
        return text

    def leftover(self, text: str, asked: set[str]) -> list[str]:
        """The pieces of a text that are neither marked nor content (nor what was asked)."""
        unmarked = MARKED.sub(" | ", text)
        if unmarked.strip() in self.values or unmarked.strip() in asked:
            return []
        unmarked = self._remove_values(unmarked)
        for value in sorted(asked, key=len, reverse=True):
            unmarked = unmarked.replace(value, " | ") if len(value) > 2 else unmarked
        pieces = []
        for piece in SEPARATORS.split(unmarked):
            piece = piece.strip(" .!?'\"“”‘’…")
            if not piece or piece in self.values or piece in asked:
                continue
            if piece.casefold() in self.names:
                continue
            if all(
                w in self.universal or w.casefold() in self.foreign or len(w) < 3
                for w in WORD.findall(piece)
            ):
                continue
            pieces.append(piece)
        return pieces


def mark_reference_names() -> None:
    """Themes, hazards, languages, countries…: a marked name in the pseudo language, so a page
    that shows the English `name` instead of the reader's `label` is caught."""
    for model in apps.get_models():
        if not issubclass(model, TranslatedNamesMixin) or model._meta.abstract:
            continue
        rows = list(model.objects.only("pk", "name", "names"))
        for row in rows:
            row.names = {**(row.names or {}), PSEUDO: f"{OPEN}{row.name}{CLOSE}"}
        model.objects.bulk_update(rows, ["names"], batch_size=2000)


# The proof -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pseudo_world(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    root = tmp_path_factory.mktemp("pseudo-locale")
    write_pseudo_catalogue(root)
    languages = [*settings.LANGUAGES, (PSEUDO, "Pseudo")]
    with (
        override_settings(LOCALE_PATHS=[root], LANGUAGES=languages),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        # The open SQLite connection learnt the readers' collations before the pseudo
        # language existed: teach it this one too (a deployment's languages never change).
        connection.ensure_connection()
        register_sqlite_collations(None, connection)
        matching_world.reset()
        world = build()
        mark_reference_names()
        yield world
        transaction.set_rollback(True)
    matching_world.reset()


def _client(world: World, reader: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=PSEUDO)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = PSEUDO
    actor = world.actor(reader)
    if actor is not None:
        actor.preferred_language = PSEUDO
        actor.save(update_fields=["preferred_language"])
        client.force_login(actor)
    return client


def _texts(response: Any) -> list[str]:
    kind = response.get("Content-Type", "")
    if "json" in kind:
        document = response.json()
        return problem_texts(document) if isinstance(document, dict) else []
    if "html" not in kind or not response.content.strip():
        return []
    return visible_texts(response.content.decode())


def _get_rows() -> list[Row]:
    return [row for row in WEB if row.method == "GET"]


# Offenders known and not yet translated, as (page, text): the test fails on any offender not
# listed here, and on a listed one that no longer shows. Empty: every one found was fixed.
ALLOWED: set[tuple[str, str]] = set()


def test_every_page_and_error_is_in_the_readers_language(pseudo_world: World) -> None:
    world = pseudo_world
    content = Content()
    offenders: dict[tuple[str, str], set[str]] = defaultdict(set)
    requests: list[tuple[str, str, str, str, dict[str, Any] | None]] = []
    for row in _get_rows():
        url = row.url(world)
        for reader in READERS:
            requests.append((row.id, reader, "GET", url, None))
    for reader, method, url, data in error_paths(world):
        requests.append((url, reader, method, url, data))
    clients = {reader: _client(world, reader) for reader in {r[1] for r in requests}}
    seen_pages = 0
    for page, reader, method, url, data in requests:
        client = clients[reader]
        response = client.get(url) if method == "GET" else client.post(url, data or {})
        if page == url:  # an error path: it must fail, or it proves nothing
            assert response.status_code >= 400, (url, response.status_code)
        if response.status_code in (301, 302):
            continue
        seen_pages += 1
        for text in _texts(response):
            # What the reader typed comes back to them: a search query, a form's values.
            # (and on an error path, the bad value it is told about).
            asked = {v for key, v in parse_qsl(urlsplit(url).query) if key == "q" or page == url}
            asked |= {str(v) for v in (data or {}).values()}
            for piece in content.leftover(text, asked):
                offenders[(page, piece)].add(f"{reader} {response.status_code}")
    new = sorted(set(offenders) - ALLOWED)
    gone = sorted(ALLOWED - set(offenders))
    for page, piece in sorted(offenders):
        mark = "  " if (page, piece) in ALLOWED else "! "
        print(f"{mark}{page}: {piece!r} ({', '.join(sorted(offenders[(page, piece)]))})")
    print(f"{len(offenders)} offenders on {seen_pages} pages, {len(new)} new")
    assert seen_pages > 50
    assert new == [], f"{len(new)} texts in English, not through the catalogue (printed above)"
    assert gone == [], f"translated now: remove them from ALLOWED: {gone}"


def test_the_reading_tells_english_from_marked_text_and_content(pseudo_world: World) -> None:
    """The proof can fail: English outside the markers is caught, content and markers are not."""
    assert (
        pseudo("Hello %(name)s, <a href='x'>read</a>")
        == "⟦Hello ⟧%(name)s⟦, ⟧<a href='x'>⟦read⟧</a>"
    )
    content = Content()
    assert content.leftover("⟦Sign in⟧ · Read more", set()) == ["Read more"]
    assert content.leftover("⟦Document added: ⟧MoU", set()) == []
    assert content.leftover("Pumps after the flood", set()) == []
    assert content.leftover("Results for flood", {"flood"}) == ["Results for"]
    texts = visible_texts('<p title="Close">⟦Hi⟧<script>var a = "English";</script></p>')
    assert texts == ["⟦Hi⟧", "Close"]
