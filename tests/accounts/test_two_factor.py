"""Two-factor sign-in (django-otp): a staff or admin account turns it on from its account page
with the authenticator app's QR code or secret and one code; sign-in then asks for a code,
on the site and in the admin; backup codes recover; wrong codes are throttled; django-axes
still counts the passwords."""

from __future__ import annotations

import re
import time

import pytest
from django.conf import settings
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ponte.accounts.models import Role, User
from tests.factories import PASSWORD, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


def code(user: User, *, steps_ahead: int = 0) -> str:
    """What the authenticator app shows, `steps_ahead` 30-second steps from now (a code is
    accepted once: a later sign-in in the same test takes the next step's)."""
    device = TOTPDevice.objects.get(user=user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def turn_on(client: Client, user: User) -> list[str]:
    client.force_login(user)
    assert client.post("/accounts/two-factor/setup/").status_code == 302
    done = client.post("/accounts/two-factor/confirm/", {"code": code(user)})
    assert done.status_code == 200, done.content.decode()
    client.logout()
    return re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())


@pytest.fixture
def staff() -> User:
    return UserFactory(username="budi", role=Role.NETWORK_STAFF, network=NetworkFactory())


def test_staff_turn_it_on_from_their_account_page(client: Client, staff: User) -> None:
    client.force_login(staff)
    assert "/accounts/two-factor/" in client.get("/accounts/preferences/").content.decode()
    page = client.get("/accounts/two-factor/").content.decode()
    assert "Set up two-factor sign-in" in page
    client.post("/accounts/two-factor/setup/")
    page = client.get("/accounts/two-factor/").content.decode()
    assert 'src="data:image/svg+xml' in page and "QR code of your two-factor secret" in page
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page)
    assert secret is not None
    device = TOTPDevice.objects.get(user=staff)
    assert secret.group(1).replace(" ", "") in device.config_url and not device.confirmed
    assert "issuer=Ponte" in device.config_url

    wrong = client.post("/accounts/two-factor/confirm/", {"code": "000000"})
    assert wrong.status_code == 400 and "That code is not right" in wrong.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)

    done = client.post("/accounts/two-factor/confirm/", {"code": code(staff)})
    assert done.status_code == 200 and done["Cache-Control"] == "no-store"
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    page = client.get("/accounts/two-factor/").content.decode()
    assert "Two-factor sign-in is on." in page and "10 backup codes left." in page
    # The session that confirmed the code counts as verified (the admin will not ask again).
    assert client.session["otp_device_id"] == device.persistent_id


def test_sign_in_asks_for_the_code_after_the_password(client: Client, staff: User) -> None:
    turn_on(client, staff)
    first = client.post(
        "/accounts/login/?next=/accounts/preferences/",
        {"username": "budi", "password": PASSWORD},
    )
    assert first.status_code == 302
    assert first["Location"].startswith("/accounts/login/code/")
    assert "_auth_user_id" not in client.session  # not signed in by the password alone
    page = client.get(first["Location"]).content.decode()
    assert "Enter the code your authenticator app shows now" in page

    wrong = client.post(
        "/accounts/login/code/", {"code": "123456", "next": "/accounts/preferences/"}
    )
    assert wrong.status_code == 400 and "That code is not right" in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    TOTPDevice.objects.filter(user=staff).update(throttling_failure_count=0)

    right = client.post(
        "/accounts/login/code/",
        {"code": code(staff, steps_ahead=1), "next": "/accounts/preferences/"},
    )
    assert right.status_code == 302 and right["Location"] == "/accounts/preferences/"
    assert client.get("/accounts/preferences/").status_code == 200
    # The same code cannot be used twice.
    client.logout()
    client.post("/accounts/login/", {"username": "budi", "password": PASSWORD})
    again = client.post("/accounts/login/code/", {"code": code(staff, steps_ahead=1)})
    assert again.status_code == 400


def test_a_code_without_the_password_signs_nobody_in(client: Client, staff: User) -> None:
    turn_on(client, staff)
    page = client.post("/accounts/login/code/", {"code": code(staff, steps_ahead=1)})
    assert page.status_code == 400 and "Enter your username and password first" in (
        page.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_a_backup_code_recovers_the_account_once(client: Client, staff: User) -> None:
    codes = turn_on(client, staff)
    client.post("/accounts/login/", {"username": "budi", "password": PASSWORD})
    assert client.post("/accounts/login/code/", {"code": codes[0]}).status_code == 302
    client.logout()
    client.post("/accounts/login/", {"username": "budi", "password": PASSWORD})
    assert client.post("/accounts/login/code/", {"code": codes[0]}).status_code == 400
    assert "_auth_user_id" not in client.session


def test_wrong_codes_are_throttled(client: Client, staff: User) -> None:
    turn_on(client, staff)
    client.post("/accounts/login/", {"username": "budi", "password": PASSWORD})
    assert client.post("/accounts/login/code/", {"code": "111111"}).status_code == 400
    throttled = client.post("/accounts/login/code/", {"code": code(staff, steps_ahead=1)})
    assert throttled.status_code == 429 and int(throttled["Retry-After"]) >= 1
    assert "Too many wrong codes" in throttled.content.decode()
    assert "_auth_user_id" not in client.session


def test_django_axes_still_counts_the_passwords(client: Client, staff: User) -> None:
    turn_on(client, staff)
    for _ in range(settings.LOGIN_ATTEMPTS_LIMIT - 1):
        assert (
            client.post("/accounts/login/", {"username": "budi", "password": "x"}).status_code
            == 200
        )
    assert client.post("/accounts/login/", {"username": "budi", "password": "x"}).status_code == 429
    locked = client.post("/accounts/login/", {"username": "budi", "password": PASSWORD})
    assert locked.status_code == 429


def test_the_admin_asks_for_the_code_of_accounts_that_have_one(client: Client) -> None:
    root = UserFactory(username="root", role=Role.PLATFORM_ADMIN, is_staff=True, is_superuser=True)
    turn_on(client, root)
    form = client.get("/admin/login/").content.decode()
    assert "Two-factor code" in form
    no_code = client.post("/admin/login/", {"username": "root", "password": PASSWORD})
    assert no_code.status_code == 200
    assert "Enter the code from your authenticator app." in no_code.content.decode()
    assert client.get("/admin/").status_code == 302
    signed = client.post(
        "/admin/login/",
        {"username": "root", "password": PASSWORD, "code": code(root, steps_ahead=1)},
    )
    assert signed.status_code == 302
    assert client.get("/admin/").status_code == 200
    # A session that never confirmed a code does not reach the admin.
    other = Client()
    other.force_login(root)
    assert other.get("/admin/").status_code == 302
    # Without two-factor on, the password is enough, as before.
    plain = UserFactory(username="plain", is_staff=True, is_superuser=True)
    assert not TOTPDevice.objects.filter(user=plain).exists()
    assert (
        client.post("/admin/login/", {"username": "plain", "password": PASSWORD}).status_code == 302
    )


def test_new_backup_codes_and_turning_it_off(client: Client, staff: User) -> None:
    old = turn_on(client, staff)
    client.force_login(staff)
    renewed = client.post("/accounts/two-factor/backup-codes/")
    new = re.findall(r"<li><code>([a-z0-9]+)</code></li>", renewed.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    refused = client.post("/accounts/two-factor/disable/", {"code": "999999"})
    assert refused.status_code == 400 and TOTPDevice.objects.filter(user=staff).exists()
    TOTPDevice.objects.filter(user=staff).update(throttling_failure_count=0)
    off = client.post("/accounts/two-factor/disable/", {"code": code(staff, steps_ahead=1)})
    assert off.status_code == 302 and not TOTPDevice.objects.filter(user=staff).exists()
    client.logout()
    # Signed in with the password alone again: straight to My Ponte, no code asked.
    assert (
        client.post("/accounts/login/", {"username": "budi", "password": PASSWORD})["Location"]
        == "/me/"
    )


def test_members_have_no_two_factor_page(client: Client) -> None:
    client.force_login(UserFactory(role=Role.MEMBER))
    assert client.get("/accounts/two-factor/").status_code == 403
    assert client.post("/accounts/two-factor/setup/").status_code == 403
    assert not TOTPDevice.objects.exists()


@pytest.mark.parametrize("language", ["es", "pt", "id"])
def test_the_pages_speak_the_readers_language(client: Client, staff: User, language: str) -> None:
    client.force_login(staff)
    page = client.get("/accounts/two-factor/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert "Set up two-factor sign-in" not in page
