"""Production settings: `ponte check --deploy` with .env.example's values reports nothing, and
no process starts with a secret key that anyone could read in Ponte's source."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.processes import REPO, database_url


def env_example() -> dict[str, str]:
    values = {}
    for line in (REPO / ".env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def _environment(tmp_path: Path, **values: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PONTE_", "DATABASE_", "DJANGO_", "REDIS_", "EMAIL_"))
    }
    env.update(
        PYTHONPATH=os.pathsep.join([str(REPO / "src"), str(REPO)]),
        PONTE_VAR_DIR=str(tmp_path),
        **values,
    )
    return env


def _ponte(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ponte.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db(transaction=True)
def test_check_deploy_with_the_example_production_settings_reports_nothing(
    tmp_path: Path,
) -> None:
    values = env_example()
    assert values["PONTE_DEBUG"] == "false" and values["PONTE_HTTPS"] == "true"
    assert values["PONTE_SECRET_KEY"] == ""  # the operator fills it in, as here
    values["PONTE_SECRET_KEY"] = secrets.token_urlsafe(50)
    # The example's database and Redis are the operator's; the check reads this test's.
    values["DATABASE_URL"] = database_url()
    values.pop("REDIS_URL")
    result = _ponte(
        ["check", "--deploy", "--fail-level", "WARNING"], _environment(tmp_path, **values)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_debug_without_a_secret_key_refuses_to_start(tmp_path: Path) -> None:
    env = _environment(tmp_path, PONTE_DEBUG="true")
    result = _ponte(["check"], env)
    assert result.returncode == 2
    assert "PONTE_DEBUG=true needs PONTE_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr
    # A server process imports the settings directly (ponte.wsgi): it refuses too.
    wsgi = subprocess.run(
        [sys.executable, "-c", "import ponte.wsgi"],
        env={**env, "DJANGO_SETTINGS_MODULE": "ponte.settings"},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert wsgi.returncode != 0
    assert "ImproperlyConfigured: PONTE_DEBUG=true needs PONTE_SECRET_KEY" in wsgi.stderr
    assert "insecure" not in (REPO / "src/ponte/settings.py").read_text()


def test_production_without_a_secret_key_refuses_a_server_but_the_cli_keeps_its_own(
    tmp_path: Path,
) -> None:
    env = _environment(tmp_path)
    wsgi = subprocess.run(
        [sys.executable, "-c", "import ponte.wsgi"],
        env={**env, "DJANGO_SETTINGS_MODULE": "ponte.settings"},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "ImproperlyConfigured: PONTE_SECRET_KEY is not set" in wsgi.stderr
    # The embedded default: the CLI keeps a random per-installation key under var/.
    result = _ponte(["diffsettings", "--all"], env)
    assert result.returncode == 0, result.stderr
    key = (tmp_path / "secret_key").read_text().strip()
    assert len(key) >= 50 and f"SECRET_KEY = '{key}'" in result.stdout
