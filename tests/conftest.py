"""Shared fixtures: reference data loaded once per test database, and role-specific users."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from ponte.directory.reference import load_reference_data


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Reference data is read-only for tests, so it is loaded once for the session."""
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    # A request in another language (Accept-Language: es) leaves that language active in
    # the thread; the next test must start in the default one again.
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    # The login throttle lives in the cache, and each process keeps its vector index in
    # memory: tests must not see each other's attempts or vectors.
    from ponte.search import vectors

    cache.clear()
    vectors.reset()
    yield
    cache.clear()
    vectors.reset()


@pytest.fixture
def reference_data(transactional_db):  # type: ignore[no-untyped-def]
    """For transactional tests (browser tests), whose database is emptied after each test."""
    load_reference_data()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("PONTE_CHROMIUM") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail(f"Chromium not found at {path}; scripts/test installs it (set PONTE_CHROMIUM).")
    return path


def _stays_on_this_machine(route: Any) -> None:
    url = route.request.url
    if url.startswith(("http://127.0.0.1", "http://localhost", "data:", "blob:")):
        route.continue_()
    else:  # map tiles and anything else outside: refused, as on an air-gapped server
        route.abort()


def _chromium(chromium_path: str) -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread; Django's ORM must be allowed here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def offline_context(browser: Any, **options: Any) -> Any:
    """A browser context (its own cookies, language, screen) that cannot reach the network."""
    context = browser.new_context(**options)
    context.route("**/*", _stays_on_this_machine)
    context.set_default_timeout(15_000)
    return context


def _chromium_page(chromium_path: str, *, bypass_csp: bool) -> Iterator[Any]:
    for browser in _chromium(chromium_path):
        yield offline_context(browser, locale="en-GB", bypass_csp=bypass_csp).new_page()


@pytest.fixture
def chromium(chromium_path: str) -> Iterator[Any]:
    """Debian's Chromium itself, for a test that opens several contexts (one per language or
    screen) with `offline_context`."""
    yield from _chromium(chromium_path)


@pytest.fixture
def page(chromium_path: str) -> Iterator[Any]:
    """A Chromium page (Debian's browser, driven by Playwright) that cannot reach the network."""
    yield from _chromium_page(chromium_path, bypass_csp=False)


@pytest.fixture
def csp_free_page(chromium_path: str) -> Iterator[Any]:
    """The same, ignoring Ponte's Content-Security-Policy so audit tools can be injected."""
    yield from _chromium_page(chromium_path, bypass_csp=True)


def sign_in(page: Any, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/me/")  # My Ponte, where everyone lands
