# Shared by scripts/demo and scripts/test: make .venv/ and node_modules/ match the repo.
# Sourced, not run. Idempotent and quick when nothing changed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  echo "Ponte needs Python 3.11 or newer; none was found on PATH." >&2
  return 1
}

ensure_icu_headers() {
  # PyICU publishes no wheels: pip builds it against the system's ICU.
  if pkg-config --exists icu-i18n 2>/dev/null && command -v c++ >/dev/null 2>&1; then return 0; fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Ponte needs ICU's headers, pkg-config and a C++ compiler to build PyICU." >&2
    return 1
  fi
  echo "== installing ICU headers, pkg-config and g++ (to build PyICU)"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libicu-dev pkg-config g++ >/dev/null
}

ensure_venv() {  # $1: pip extras, e.g. "" or "[test]"
  local extras="${1:-}"
  local stamp=".venv/.ponte-installed${extras:+-test}"
  if [ ! -x .venv/bin/python ]; then
    "$(find_python)" -m venv .venv
  fi
  # Reinstall only when pyproject.toml changed since the last install.
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    ensure_icu_headers
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".${extras}"
    touch "$stamp"
  fi
}

ensure_assets() {
  if [ ! -f node_modules/htmx.org/dist/htmx.min.js ] || [ ! -f node_modules/leaflet/dist/leaflet.js ] ||
     [ package-lock.json -nt node_modules/.package-lock.json ]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "Ponte serves htmx and Leaflet from npm packages; install Node.js and npm first." >&2
      return 1
    fi
    npm ci --no-audit --no-fund --silent
  fi
}
