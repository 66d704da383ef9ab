"""Demo accounts, one per role, with fresh random passwords printed by `ponte demo`."""

from __future__ import annotations

import secrets

from django.db import transaction

from ponte.accounts.models import Role, User
from ponte.directory.models import LocalGovernment, Network


@transaction.atomic
def load_demo_accounts() -> list[tuple[str, str, str]]:
    """Create or refresh the demo accounts; returns (username, password, description)."""
    surabaya = LocalGovernment.objects.filter(name="Surabaya").first()
    rosario = LocalGovernment.objects.filter(name="Rosario").first()
    aspac = Network.objects.filter(slug="uclg-aspac").first()
    mercociudades = Network.objects.filter(slug="mercociudades").first()
    specs = [
        ("surabaya", Role.MEMBER, surabaya, None, "focal point of Surabaya", "Asia/Jakarta"),
        (
            "rosario",
            Role.MEMBER,
            rosario,
            None,
            "focal point of Rosario",
            "America/Argentina/Cordoba",
        ),
        (
            "aspac-staff",
            Role.NETWORK_STAFF,
            None,
            aspac,
            "UCLG ASPAC secretariat staff",
            "Asia/Jakarta",
        ),
        (
            "mercociudades-staff",
            Role.NETWORK_STAFF,
            None,
            mercociudades,
            "MERCOCIUDADES secretariat staff",
            "America/Montevideo",
        ),
        ("admin", Role.PLATFORM_ADMIN, None, None, "platform administrator", "UTC"),
    ]
    credentials = []
    for username, role, lg, network, description, tz in specs:
        user, _ = User.objects.get_or_create(username=f"demo-{username}")
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.role = role
        user.local_government = lg
        user.network = network
        user.timezone = tz
        user.email = f"demo-{username}@example.org"
        user.is_demo = True
        user.is_staff = user.is_superuser = role == Role.PLATFORM_ADMIN
        user.save()
        credentials.append((user.username, password, description))
    return credentials
