"""Error pages (400, 403, 404, 500 and a refused form) have the site's layout and speak the
reader's language; the API answers the same errors as problem+json."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db

TITLES = {
    "en": {
        404: "Page not found",
        403: "Not allowed",
        400: "Bad request",
        500: "Something went wrong",
    },
    "es": {
        404: "Página no encontrada",
        403: "No permitido",
        400: "Solicitud incorrecta",
        500: "Algo salió mal",
    },
    "pt": {
        404: "Página não encontrada",
        403: "Não permitido",
        400: "Pedido inválido",
        500: "Algo deu errado",
    },
    "id": {
        404: "Halaman tidak ditemukan",
        403: "Tidak diizinkan",
        400: "Permintaan tidak valid",
        500: "Terjadi kesalahan",
    },
}


def _in_layout(page: str, language: str) -> None:
    assert f'<html lang="{language}">' in page
    assert 'class="site-header"' in page and 'class="site-footer"' in page


@pytest.mark.parametrize("language", ["en", "es", "pt", "id"])
@pytest.mark.parametrize(
    "url",
    [
        "/community/nowhere/",
        "/directory/networks/no-such-network/",
        "/directory/committees/nope/",
    ],
)
def test_not_found_pages_have_the_layout_in_the_readers_language(
    client: Client, language: str, url: str
) -> None:
    NetworkFactory(slug="uclg-aspac")
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    page = response.content.decode()
    _in_layout(page, language)
    assert f"<h1>{TITLES[language][404]}</h1>" in page
    assert "matches the given query" not in page


@pytest.mark.parametrize("language", ["en", "id"])
def test_a_page_past_the_last_is_not_found_and_says_so_in_the_readers_language(
    client: Client, language: str
) -> None:
    response = client.get("/exchange/needs/?page=99", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    page = response.content.decode()
    _in_layout(page, language)
    expected = {
        "en": "Page 99 does not exist; the last page is 1.",
        "id": "Halaman 99 tidak ada; halaman terakhir adalah 1.",
    }
    assert expected[language] in page
    assert client.get("/exchange/needs/?page=x").status_code == 400


@pytest.mark.urls("tests.core.error_urls")
@pytest.mark.parametrize("language", ["en", "es", "pt", "id"])
@pytest.mark.parametrize("status", [400, 403, 500])
def test_bad_request_forbidden_and_server_error_pages(language: str, status: int) -> None:
    client = Client(raise_request_exception=False)
    response = client.get(f"/fail/{status}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == status
    page = response.content.decode()
    _in_layout(page, language)
    assert f"<h1>{TITLES[language][status]}</h1>" in page
    assert "Interests belong" not in page and "Something broke" not in page


def test_a_refused_form_is_explained_in_the_layout_and_the_readers_language() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/accounts/login/", {"username": "x", "password": "y"}, HTTP_ACCEPT_LANGUAGE="id"
    )
    assert response.status_code == 403
    page = response.content.decode()
    _in_layout(page, "id")
    assert "<h1>Tidak diizinkan</h1>" in page


def test_unknown_api_addresses_answer_problem_json(client: Client) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
