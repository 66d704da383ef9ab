"""The `ponte` command line: demo loading and error handling."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from ponte.accounts.models import Role, User
from ponte.cooperation.models import Programme
from ponte.directory.models import Committee, LocalGovernment, Network, Theme
from ponte.exchange.models import Need, Offer, Pledge, SolidarityRequest
from ponte.knowledge.models import Item, ItemTranslation

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_demo_loads_networks_programmes_cities_and_accounts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("demo", no_serve=True)
    out = capsys.readouterr().out
    assert {"uclg-aspac", "mercociudades", "gcom", "cuf"} <= set(
        Network.objects.values_list("slug", flat=True)
    )
    assert Committee.objects.filter(network__slug="mercociudades").exists()
    assert LocalGovernment.objects.filter(is_demo=True).count() >= 30
    assert LocalGovernment.objects.filter(country__ponte_region="asia-pacific").count() >= 15
    assert LocalGovernment.objects.filter(country__ponte_region="latin-america").count() >= 15
    assert LocalGovernment.objects.get(name="Palu").memberships.exists()
    names = " ".join(Programme.objects.values_list("name", flat=True))
    for programme in ["CRIC", "LOCALISE", "LEAD4SDGs"]:
        assert (
            programme.lower()
            in (names + " " + " ".join(Programme.objects.values_list("acronym", flat=True))).lower()
        )
    items = Item.objects.filter(is_demo=True, status="published")
    assert items.filter(type="practice").count() >= 60
    assert items.exclude(type="practice").count() >= 15
    assert set(items.values_list("language_id", flat=True)) >= {"en", "es", "pt", "id"}
    assert ItemTranslation.objects.filter(item__is_demo=True).count() >= 8
    assert ItemTranslation.objects.filter(origin="machine").exists()
    assert set(
        Theme.objects.filter(knowledge_items__is_demo=True).values_list("slug", flat=True)
    ) == set(Theme.objects.values_list("slug", flat=True))
    seed = " ".join(items.values_list("title", flat=True)).lower()
    assert "masks" in seed and "palu" in seed.replace("pascabencana", "palu") and "tpb" in seed
    assert items.filter(owner__name="Palu").exists()
    assert items.filter(
        themes__slug="climate-finance", owner__country__ponte_region="latin-america"
    ).exists()
    open_needs = Need.objects.filter(is_demo=True, status="open")
    assert open_needs.count() >= 20 and Offer.objects.filter(status="open").count() >= 20
    for posts in (open_needs, Offer.objects.filter(status="open")):
        assert set(posts.values_list("language_id", flat=True)) == {"en", "es", "pt", "id"}
    assert set(open_needs.values_list("local_government__country__ponte_region", flat=True)) == {
        "asia-pacific",
        "latin-america",
    }
    masks = SolidarityRequest.objects.get(hazard__slug="epidemic")
    assert masks.items.filter(name__icontains="mascarillas").exists()
    assert any(item.missing() > 0 for item in masks.items.all())
    assert Pledge.objects.filter(item__request=masks).count() >= 2
    roles = set(User.objects.filter(is_demo=True).values_list("role", flat=True))
    assert roles == {Role.MEMBER, Role.NETWORK_STAFF, Role.PLATFORM_ADMIN}
    assert "demo-surabaya" in out
    # Loading again changes nothing but the passwords.
    before = LocalGovernment.objects.count(), Committee.objects.count(), Need.objects.count()
    call_command("demo", no_serve=True)
    assert (
        LocalGovernment.objects.count(),
        Committee.objects.count(),
        Need.objects.count(),
    ) == before


def test_cli_reports_unknown_commands_with_non_zero_exit(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PONTE_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3",
    }
    env.pop("PONTE_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "ponte.cli", "no-such-command"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode != 0
    assert "Unknown command" in result.stderr
    # Without PONTE_SECRET_KEY the CLI keeps a per-installation secret under var/.
    assert (tmp_path / "secret_key").exists()


def test_import_needs_command_reports_lines_and_writes_nothing(tmp_path: Path, world) -> None:  # type: ignore[no-untyped-def]
    from django.core.management.base import CommandError

    bad = tmp_path / "needs.csv"
    bad.write_text(
        "title,description,language,city,country,themes,status\n"
        "Water,We need water.,en,Surabaya,ID,water,open\n"
        "Agua,Falta agua.,es,Atlantis,AR,unknown-theme,open\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", "needs", str(bad))
    assert Need.objects.count() == 0
    good = tmp_path / "offers.jsonl"
    good.write_text(
        '{"title": "Study visit", "description": "Come.", "language": "id", "city": "Surabaya",'
        ' "country": "ID", "kind": "study-visit", "status": "open"}\n',
        encoding="utf-8",
    )
    call_command("import", "offers", str(good))
    assert Offer.objects.get().kind == "study-visit"


def test_ponte_import_of_malformed_files_exits_non_zero_with_messages_not_tracebacks(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "PONTE_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3",
    }

    def ponte(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ponte.cli", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    assert ponte("migrate", "--verbosity", "0").returncode == 0
    deep = tmp_path / "deep.jsonl"
    deep.write_text('{"title": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    nan = tmp_path / "nan.jsonl"
    nan.write_text(
        '{"title": "T", "summary": "S", "results": [{"indicator": "i", "unit": "u", '
        '"target": NaN}]}\n',
        encoding="utf-8",
    )
    wide = tmp_path / "wide.csv"
    wide.write_text(f'title,summary,body\nT,S,"{"x" * 200_000}"\n', encoding="utf-8")
    for path, message in (
        (deep, "the json is nested too deeply to read"),
        (nan, "result 1, target:"),
        (wide, "cannot read the CSV from here on"),
    ):
        result = ponte("import", "practices", str(path))
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert message.lower() in result.stderr.lower()
        assert "nothing was imported" in result.stderr


def _ponte_into_head(tmp_path: Path, *args: str) -> tuple[str, str, int]:
    """Run `ponte ARGS | head -1` on the test database: head's output, ponte's stderr and
    exit status. The output must be far larger than a pipe holds (64 kB), so that ponte is
    still writing when head leaves."""
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{db['NAME']}"
    else:
        host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
        url = f"postgres://{db['USER']}:{db['PASSWORD']}@{host}:{port}/{db['NAME']}"
    env = {**os.environ, "PONTE_VAR_DIR": str(tmp_path), "DATABASE_URL": url}
    ponte = subprocess.Popen(
        [sys.executable, "-m", "ponte.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert ponte.stdout is not None and ponte.stderr is not None
    head = subprocess.run(
        ["head", "-1"], stdin=ponte.stdout, capture_output=True, text=True, check=True
    )
    ponte.stdout.close()
    errors = ponte.stderr.read().decode()
    ponte.wait(timeout=120)
    return head.stdout, errors, ponte.returncode


@pytest.mark.django_db
def test_a_command_piped_into_head_stops_without_a_traceback(tmp_path: Path) -> None:
    # The reference languages (7,900 rows) are in the test database, committed per session.
    first, errors, status = _ponte_into_head(
        tmp_path, "dumpdata", "directory.language", "--indent", "1"
    )
    assert first == "[\n"
    assert "Traceback" not in errors and "Broken pipe" not in errors, errors
    assert status == 141  # as a Unix tool stopped by SIGPIPE
