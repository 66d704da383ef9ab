"""How the JSON API knows who is asking: a personal access token (`Authorization: Bearer
<secret>`, accounts.services) or the browser's signed-in session (with its CSRF token).

Operations that need a person declare `auth=SIGNED_IN`. A token with the read scope is
refused (403) on writes; an unknown, revoked or expired token is refused (401) on every
operation, public reads too, which otherwise see what the token's owner may see (drafts).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja.security import HttpBearer, django_auth

from ponte.accounts import services
from ponte.accounts.models import ApiToken
from ponte.core.exceptions import PermissionDeniedError
from ponte.core.middleware import error_response

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
ATTRIBUTE = "ponte_api_token"


def _bearer_secret(request: HttpRequest) -> str | None:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else None


def _sign_in(request: HttpRequest, secret: str) -> ApiToken:
    token: ApiToken | None = getattr(request, ATTRIBUTE, None)
    if token is None:
        token = services.api_token_authenticate(secret=secret)
        setattr(request, ATTRIBUTE, token)
        request.user = token.user
    return token


def identify(request: HttpRequest) -> HttpResponse | None:
    """Sign a request carrying a bearer token in as the token's owner, before anything else
    looks at `request.user` (idempotency keys belong to a user); a refused token is a 401."""
    secret = _bearer_secret(request)
    if secret is None:
        return None
    try:
        _sign_in(request, secret)
    except services.TokenRefusedError as refused:
        return error_response(request, refused)
    return None


class BearerToken(HttpBearer):
    """A personal access token, made on the account's "API tokens" page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = _sign_in(request, token)
        if request.method not in SAFE_METHODS and not api_token.can_write:
            raise PermissionDeniedError(
                gettext(
                    "This API token may only read. Make a token with the write scope to "
                    "change anything."
                )
            )
        return api_token.user


bearer_token = BearerToken()
# A token first: a request that carries one is judged by it, not by a session cookie.
SIGNED_IN: list[Any] = [bearer_token, django_auth]
