"""Reading a refusal as its reader sees it: the message on the page or in the problem document,
and whether it is one of the Spanish catalogue's translations."""

from __future__ import annotations

import functools
import re
from typing import Any

import lxml.html
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.translation import trans_real
from ninja.operation import Operation

from ponte.site.api import api

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


@functools.cache
def spanish_messages() -> tuple[re.Pattern[str], ...]:
    """Every translated entry of the Spanish catalogue, as a pattern its filled-in text matches."""
    patterns = []
    for msgid, msgstr in trans_real.translation("es")._catalog.items():
        english = msgid[0] if isinstance(msgid, tuple) else msgid
        if not msgstr or msgstr == english or len(msgstr) < 12:
            continue  # untranslated, the same in both, or too short to tell a language by
        parts = PLACEHOLDER.split(msgstr)
        patterns.append(re.compile(".+".join(re.escape(part) for part in parts), re.DOTALL))
    return tuple(patterns)


def is_spanish(message: str) -> bool:
    text = " ".join(message.split())
    return bool(text) and any(p.fullmatch(text) for p in spanish_messages())


def refusal_messages(response: Any) -> list[str]:
    """What a refusal tells its reader: the problem's detail (API), or the texts of the page's
    alerts (the error page, or the errors on top of a form)."""
    if response["Content-Type"].startswith("application/problem+json"):
        return [response.json()["detail"]]
    page = lxml.html.fromstring(response.content.decode())
    return [
        " ".join(element.text_content().split())
        for alert in page.xpath('//*[@role="alert"]')
        for element in alert.iter()
        if element.text_content().strip()
    ]


def says_in_spanish(response: Any) -> bool:
    return any(is_spanish(message) for message in refusal_messages(response))


# The URLs and operations to cover -----------------------------------------------------------


def url_patterns(
    patterns: list[Any] | None = None, prefix: str = "", namespace: str = ""
) -> list[tuple[str, str, Any]]:
    """(route, name with namespace, view) of every URL pattern of the root URLconf."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else ""
            found.append((prefix + str(pattern.pattern), name, pattern.callback))
    return found


def is_api_operation(view: Any) -> bool:
    """The URL patterns ninja makes for the API's operations (covered operation by operation)."""
    return getattr(view, "__module__", "") == "ninja.operation"


WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def api_operations() -> dict[str, Operation]:
    """Every operation of the API, as "METHOD /api/v1/path/{param}"."""
    root = reverse("api:api-root")
    operations = {}
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            full = "/".join(part.strip("/") for part in (root, prefix, path) if part.strip("/"))
            for operation in path_view.operations:
                for method in operation.methods:
                    operations[f"{method} /{full}"] = operation
    return operations
