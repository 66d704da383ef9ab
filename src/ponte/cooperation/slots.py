"""What higher apps add to cooperation pages (core/slots.py explains the pattern).

- `partnership_panels`: sections of a partnership's page; the context function gets the
  request and the `Partnership` (events: upcoming events and "plan an exchange").
- `project_panels`: sections of a project's page; it gets the request and the `Project`.
- `iati_document_links`: functions that, given a `Project`, give the `DocumentLink`s its
  IATI activity lists after the project's own documents (events: its published events).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ponte.core.slots import PanelSlot, Slot

partnership_panels = PanelSlot("cooperation.partnership")
project_panels = PanelSlot("cooperation.project")


@dataclass(frozen=True)
class DocumentLink:
    """An IATI `document-link`: an absolute URL, its media type, a title, a code of the IATI
    DocumentCategory codelist (A12: activity web page) and the document's date."""

    url: str
    title: str
    category: str
    document_date: date
    format: str = "text/html"
    language: str = ""


iati_document_links: Slot[Callable[[Any], Iterable[DocumentLink]]] = Slot(
    "cooperation.iati_document_links"
)
