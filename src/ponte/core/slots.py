"""Extension points that let a lower app show or use what a higher app holds without
importing it.

A lower app opens a `Slot` (the directory's profile page opens one for panels about a local
government); a higher app fills it from its own `contributions.py`, which `CoreConfig.ready`
imports for every installed app. The arrow of imports then points down only: the higher app
knows the slot, the slot never knows who fills it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.http import HttpRequest

T = TypeVar("T")


class Slot(Generic[T]):
    """A named, ordered list of contributions of one kind."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: list[tuple[int, str, T]] = []

    def add(self, entry: T, *, key: str, order: int = 100) -> T:
        # Keyed so that a module imported twice (tests reload URLconfs) never adds twice.
        self._entries = [e for e in self._entries if e[1] != key]
        self._entries.append((order, key, entry))
        self._entries.sort(key=lambda e: (e[0], e[1]))
        return entry

    def __iter__(self) -> Iterator[T]:
        return iter([entry for _, _, entry in self._entries])

    def items(self) -> list[tuple[str, T]]:
        """(key, entry) pairs, in order."""
        return [(key, entry) for _, key, entry in self._entries]

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"Slot({self.name!r}, {[key for _, key, _ in self._entries]})"


@dataclass(frozen=True)
class Panel:
    """A section of a page that another app renders: a template and the context it needs,
    or None from `context` when there is nothing to show to this reader."""

    template: str
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class RenderedPanel:
    template: str
    context: dict[str, Any]


class PanelSlot(Slot[Panel]):
    def panel(
        self, *, key: str, template: str, order: int = 100
    ) -> Callable[
        [Callable[[HttpRequest, Any], dict[str, Any] | None]],
        Callable[[HttpRequest, Any], dict[str, Any] | None],
    ]:
        """Decorator: `@profile_panels.panel(key=..., template=...)` on a context function."""

        def decorate(
            function: Callable[[HttpRequest, Any], dict[str, Any] | None],
        ) -> Callable[[HttpRequest, Any], dict[str, Any] | None]:
            self.add(Panel(template=template, context=function), key=key, order=order)
            return function

        return decorate

    def for_page(self, request: HttpRequest, subject: Any) -> list[RenderedPanel]:
        """The panels to show on one page, each with its context, in order."""
        shown = []
        for panel in self:
            context = panel.context(request, subject)
            if context is not None:
                shown.append(RenderedPanel(template=panel.template, context=context))
        return shown
