"""The API tokens page on a phone, in Indonesian: a token is made (its secret shown once, in
a field that fits the screen) and revoked, and axe finds no serious violation."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from ponte.accounts.models import ApiToken
from tests.conftest import offline_context
from tests.core.test_accessibility import violations
from tests.core.test_mobile import MEASURE, PHONE, _sign_in
from tests.factories import LocalGovernmentFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_make_and_revoke_a_token_on_a_phone(
    chromium: Any, live_server: Any, reference_data: Any
) -> None:
    person = UserFactory(local_government=LocalGovernmentFactory(slug="surabaya"))
    base = live_server.url
    context = offline_context(chromium, viewport=PHONE, locale="id", bypass_csp=True)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "id", "url": base}])
    page = context.new_page()
    _sign_in(page, base, person.username)
    page.goto(f"{base}/accounts/tokens/")
    assert page.get_by_text("Anda belum punya token.").count() == 1
    page.fill("#id_name", "Skrip laporan")
    page.get_by_label("Baca dan tulis").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Buat token").click()
    secret = page.input_value("#token-secret")
    assert secret.startswith("ponte_pat_")
    assert ApiToken.objects.get(user=person).scope == "write"
    found = page.evaluate(MEASURE)
    assert found["width"] <= PHONE["width"], found["wide"]
    assert violations(page, impacts=("serious", "critical")) == []

    page.goto(f"{base}/accounts/tokens/")
    assert secret not in page.content()
    with page.expect_navigation():
        page.get_by_role("button", name="Cabut Skrip laporan").click()
    assert page.get_by_text("dicabut pada").count() == 1
    assert ApiToken.objects.get(user=person).revoked_at is not None
    context.close()
