"""Sign-up, affiliation approval, sign-in lockout, password reset and hashing."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.http import HttpResponse
from django.test import Client, RequestFactory

from ponte.accounts.forms import AdminSignInForm, SignInForm
from ponte.accounts.models import Role, User
from ponte.directory.models import LocalGovernment
from tests.factories import (
    PASSWORD,
    LocalGovernmentFactory,
    MembershipFactory,
    NetworkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def surabaya() -> LocalGovernment:
    lg = LocalGovernmentFactory(city_name="Surabaya", slug="surabaya-id")
    MembershipFactory(local_government=lg, network=NetworkFactory(slug="uclg-aspac"))
    return lg


def test_sign_up_requests_an_affiliation_without_granting_it(
    client: Client, surabaya: LocalGovernment
) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "username": "ana",
            "email": "ana@example.org",
            "password": "a long pass phrase 42",
            "local_government": surabaya.slug,
        },
    )
    assert response.status_code == 302
    ana = User.objects.get(username="ana")
    assert ana.role == Role.MEMBER
    assert ana.requested_local_government == surabaya and ana.local_government is None
    assert ana.password.startswith("argon2") or ana.password.startswith("md5")
    assert client.get(f"/directory/{surabaya.slug}/edit/").status_code == 403


def test_sign_up_rejects_weak_passwords_and_taken_names(client: Client) -> None:
    UserFactory(username="taken")
    response = client.post(
        "/accounts/signup/",
        {"username": "taken", "email": "t@example.org", "password": "a long pass phrase 42"},
    )
    assert response.status_code == 400 and "That username is taken." in response.content.decode()
    response = client.post(
        "/accounts/signup/", {"username": "new", "email": "n@example.org", "password": "123"}
    )
    assert response.status_code == 400 and not User.objects.filter(username="new").exists()


def test_network_staff_confirm_affiliations_of_their_members_only(
    client: Client, surabaya: LocalGovernment
) -> None:
    candidate = UserFactory(requested_local_government=surabaya)
    other_staff = UserFactory(role=Role.NETWORK_STAFF, network=NetworkFactory(slug="mercociudades"))
    client.force_login(other_staff)
    assert client.post(f"/accounts/requests/{candidate.pk}/approve/").status_code == 403
    staff = UserFactory(role=Role.NETWORK_STAFF, network=surabaya.networks.get())
    client.force_login(staff)
    assert candidate.username in client.get("/accounts/requests/").content.decode()
    assert client.post(f"/accounts/requests/{candidate.pk}/approve/").status_code == 302
    candidate.refresh_from_db()
    assert candidate.local_government == surabaya


def _sign_in(client: Client, path: str, username: str, password: str) -> HttpResponse:
    return client.post(path, {"username": username, "password": password})


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_every_sign_in_path_locks_after_repeated_failures(client: Client, path: str) -> None:
    user = UserFactory(username="dewi", is_staff=True)
    for _ in range(settings.LOGIN_ATTEMPTS_LIMIT - 1):
        response = _sign_in(client, path, "dewi", "wrong")
        assert response.status_code == 200 and "correct username" in response.content.decode()
    locked = _sign_in(client, path, "dewi", "wrong")
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == settings.LOGIN_LOCKOUT_SECONDS
    page = locked.content.decode()
    assert "Too many failed sign-in attempts. Wait 15 minutes, or reset your password." in page
    assert 'href="/accounts/password-reset/"' in page
    # The right password is refused on both paths while the lockout lasts.
    for other in ("/accounts/login/", "/admin/login/"):
        assert _sign_in(client, other, "dewi", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # A password reset is still possible.
    client.post("/accounts/password-reset/", {"email": user.email})
    assert len(mail.outbox) == 1
    # Another client is not locked out with this one.
    other_client = Client(REMOTE_ADDR="10.9.9.9")
    assert _sign_in(other_client, path, "dewi", PASSWORD).status_code == 302


def test_admin_sign_in_stays_locked_after_twenty_wrong_passwords(client: Client) -> None:
    UserFactory(username="root", is_staff=True, is_superuser=True)
    statuses = [
        _sign_in(client, "/admin/login/", "root", f"guess{n}").status_code for n in range(20)
    ]
    assert statuses.count(200) == settings.LOGIN_ATTEMPTS_LIMIT - 1
    assert set(statuses[settings.LOGIN_ATTEMPTS_LIMIT - 1 :]) == {429}
    assert _sign_in(client, "/admin/login/", "root", PASSWORD).status_code == 429
    assert client.get("/admin/").status_code == 302  # still not signed in


def test_lockout_message_is_translated(client: Client) -> None:
    UserFactory(username="dewi")
    for _ in range(settings.LOGIN_ATTEMPTS_LIMIT):
        locked = client.post(
            "/accounts/login/",
            {"username": "dewi", "password": "wrong"},
            HTTP_ACCEPT_LANGUAGE="es",
        )
    assert locked.status_code == 429
    assert "Demasiados intentos fallidos" in locked.content.decode()


@pytest.mark.parametrize("form_class", [SignInForm, AdminSignInForm])
def test_attempts_sent_at_once_get_no_more_password_checks_than_the_limit(
    monkeypatch: pytest.MonkeyPatch, form_class: type
) -> None:
    """While one attempt's password is being checked, ten more arrive for the same account
    and client: only as many passwords are checked as the limit allows."""
    UserFactory(username="dewi", is_staff=True)
    checks: list[str] = []
    original = User.check_password

    def attempt(password: str) -> bool:
        request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="203.0.113.7")
        return form_class(request, data={"username": "dewi", "password": password}).is_valid()

    def check_password(self: User, raw_password: str) -> bool:
        checks.append(raw_password)
        if len(checks) == 1:
            for n in range(10):
                attempt(f"parallel{n}")
        return original(self, raw_password)

    monkeypatch.setattr(User, "check_password", check_password)
    assert attempt("first") is False
    assert len(checks) == settings.LOGIN_ATTEMPTS_LIMIT
    monkeypatch.setattr(User, "check_password", original)
    assert attempt(PASSWORD) is False  # locked: the right password does not help now


def test_behind_a_proxy_each_client_is_counted_by_its_own_address(settings: Any) -> None:
    settings.PONTE_TRUSTED_PROXIES = 1
    UserFactory(username="dewi")
    proxy = "10.0.0.2"
    attacker = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.9")
    for _ in range(settings.LOGIN_ATTEMPTS_LIMIT):
        response = _sign_in(attacker, "/accounts/login/", "dewi", "wrong")
    assert response.status_code == 429
    # A forged address in front of the real one changes nothing: the proxy appends the real one.
    forged = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.9")
    assert _sign_in(forged, "/accounts/login/", "dewi", PASSWORD).status_code == 429
    # Dewi, behind the same proxy from her own address, signs in.
    dewi = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.50")
    assert _sign_in(dewi, "/accounts/login/", "dewi", PASSWORD).status_code == 302


def test_without_a_trusted_proxy_forwarded_headers_are_ignored(client: Client) -> None:
    UserFactory(username="dewi")
    for n in range(settings.LOGIN_ATTEMPTS_LIMIT):
        client.post(
            "/accounts/login/",
            {"username": "dewi", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    response = client.post(
        "/accounts/login/",
        {"username": "dewi", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert response.status_code == 429


def test_successful_sign_in(client: Client) -> None:
    UserFactory(username="rafael")
    response = client.post("/accounts/login/", {"username": "rafael", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_password_reset_sends_a_working_link(client: Client) -> None:
    UserFactory(username="lia", email="lia@example.org")
    client.post("/accounts/password-reset/", {"email": "lia@example.org"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert b"new_password1" in form_page.content
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "another long phrase 7", "new_password2": "another long phrase 7"},
    )
    assert response.status_code == 302
    assert User.objects.get(username="lia").check_password("another long phrase 7")


def test_production_hashing_is_argon2() -> None:
    from ponte import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_csrf_is_enforced_on_forms(surabaya: LocalGovernment) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403


def test_user_time_zone_is_applied(client: Client) -> None:
    user = UserFactory(timezone="Asia/Jakarta")
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["TIME_ZONE"] == "Asia/Jakarta"


def test_preferences_set_time_zone_and_language(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/accounts/preferences/", {"timezone": "America/Montevideo", "preferred_language": "pt"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.timezone, user.preferred_language) == ("America/Montevideo", "pt")
    page = client.get("/accounts/preferences/")
    assert "<h1>Preferências</h1>" in page.content.decode()  # the chosen language sticks
    assert page.context["TIME_ZONE"] == "America/Montevideo"
    assert (
        client.post(
            "/accounts/preferences/", {"timezone": "Mars/Olympus", "preferred_language": "pt"}
        ).status_code
        == 400
    )


class _DownCache:
    def __getattr__(self, name: str) -> Any:
        def fail(*args: Any, **kwargs: Any) -> None:
            raise ConnectionError("cache down")

        return fail


def test_sign_in_works_and_still_locks_when_the_cache_is_down(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    UserFactory(username="dewi")
    UserFactory(username="rafael")
    monkeypatch.setattr("ponte.accounts.services.cache", _DownCache())
    assert _sign_in(client, "/accounts/login/", "rafael", PASSWORD).status_code == 302
    statuses = [
        _sign_in(Client(), "/accounts/login/", "dewi", "wrong").status_code
        for _ in range(settings.LOGIN_ATTEMPTS_LIMIT)
    ]
    assert statuses[-1] == 429  # django-axes counts in the database


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", "Masukkan nama pengguna dan kata sandi yang benar."),
        ("es", "Introduzca un nombre de usuario y una contraseña correctos."),
        ("pt", "Informe um nome de usuário e uma senha corretos."),
        ("en", "Please enter a correct username and password."),
    ],
)
def test_a_wrong_password_is_explained_once_in_the_readers_language(
    client: Client, language: str, expected: str
) -> None:
    UserFactory(username="dewi")
    response = client.post(
        "/accounts/login/",
        {"username": "dewi", "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    from html import unescape

    page = unescape(response.content.decode())
    assert expected in page
    assert "nama pengguna nama pengguna" not in page
