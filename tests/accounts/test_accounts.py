"""Sign-up, affiliation approval, sign-in throttling, password reset and hashing."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

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


def test_sign_in_is_throttled_after_repeated_failures(client: Client) -> None:
    user = UserFactory(username="dewi")
    for _ in range(settings.LOGIN_ATTEMPTS_LIMIT):
        response = client.post("/accounts/login/", {"username": "dewi", "password": "wrong"})
        assert response.status_code == 200
    locked = client.post("/accounts/login/", {"username": "dewi", "password": PASSWORD})
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    other_client = Client(REMOTE_ADDR="10.9.9.9")
    assert (
        other_client.post(
            "/accounts/login/", {"username": user.username, "password": PASSWORD}
        ).status_code
        == 302
    )


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
