"""Two-factor sign-in in Chromium, as a network's staff member goes through it: set it up
from the account page (typing the secret into an "app" that is django-otp's own TOTP), keep
the backup codes, sign out, and sign in with password then code. The pages have no axe
violations and fit a phone."""

from __future__ import annotations

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from ponte.accounts.models import Role
from tests.core.test_accessibility import violations
from tests.factories import PASSWORD, NetworkFactory, UserFactory

pytestmark = pytest.mark.browser


def _app_code(secret: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the secret the page gave it."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def test_staff_turn_on_two_factor_and_sign_in_with_it(  # type: ignore[no-untyped-def]
    csp_free_page, live_server, reference_data
) -> None:
    UserFactory(username="budi", role=Role.NETWORK_STAFF, network=NetworkFactory())
    page = csp_free_page
    page.set_viewport_size({"width": 390, "height": 844})
    base = live_server.url
    problems: dict[str, list[str]] = {}

    def check(name: str) -> None:
        found = violations(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            found.append(f"{width} px wide")
        if found:
            problems[name] = found

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("budi")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/me/")
    page.goto(f"{base}/accounts/preferences/")
    page.get_by_role("link", name="Two-factor sign-in").click()
    check("off")
    page.get_by_role("button", name="Set up two-factor sign-in").click()
    page.wait_for_selector("img[alt='QR code of your two-factor secret']")
    check("setup")
    secret = page.locator("code").first.inner_text()
    page.get_by_label("The code the app shows now").fill(_app_code(secret))
    page.get_by_role("button", name="Turn two-factor sign-in on").click()
    page.wait_for_selector("text=Keep these codes somewhere safe")
    check("backup codes")
    assert page.locator(".backup-codes li").count() == 10

    page.context.clear_cookies()  # signed out
    page.goto(f"{base}/accounts/login/?next=/accounts/two-factor/")
    page.get_by_label("Username").fill("budi")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/login/code/**")
    check("code")
    page.get_by_label("Code").fill(_app_code(secret, steps_ahead=1))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/accounts/two-factor/")
    assert page.get_by_text("Two-factor sign-in is on.").count() >= 1
    check("on")
    assert problems == {}
