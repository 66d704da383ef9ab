# Start (and if need be install) the services the test suite uses. Sourced by scripts/test.

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

APT_UPDATED=""
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Please install: $* (no apt-get here)." >&2; return 1
  fi
  [ -n "$APT_UPDATED" ] || { as_root apt-get update -qq; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_chromium() {
  # Browser tests drive Debian's Chromium through Playwright (no browser download).
  if [ -z "${PONTE_CHROMIUM:-}" ]; then
    for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
      [ -x "$candidate" ] && export PONTE_CHROMIUM="$candidate" && break
    done
  fi
  if [ -z "${PONTE_CHROMIUM:-}" ]; then
    echo "== installing Chromium for the browser tests"
    apt_install chromium
    export PONTE_CHROMIUM=/usr/bin/chromium
  fi
}

ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return 0; fi
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "== installing PostgreSQL"
    apt_install postgresql
  fi
  echo "== starting PostgreSQL"
  local version
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  pg_isready -h 127.0.0.1 -p 5432
  # A fresh cluster uses peer auth; the tests connect over TCP as postgres without a password.
  if ! psql -h 127.0.0.1 -U postgres -c 'select 1' >/dev/null 2>&1; then
    local hba="/etc/postgresql/$version/main/pg_hba.conf"
    as_root sed -i 's/^\(host\s\+all\s\+all\s\+127.0.0.1\/32\s\+\).*/\1trust/' "$hba"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  fi
}

ensure_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then return 0; fi
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "== installing Redis"
    apt_install redis-server
  fi
  echo "== starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp --logfile /tmp/ponte-redis.log
  for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null
}

ensure_pgvector_postgres() {  # $1: database name. Prints its DATABASE_URL.
  # PostgreSQL 16 with pgvector from the pgserver wheel (Debian 12 packages no pgvector for
  # PostgreSQL 15). Data in var/pgvector; starts only if not running; as root it runs the
  # server as a `pgserver` system user. Unix socket only, so it never takes a TCP port.
  mkdir -p "$ROOT/var"
  PYTHONWARNINGS=ignore .venv/bin/python - "$ROOT/var/pgvector" "${1:-ponte}" <<'PY'
import sys
from urllib.parse import parse_qs, quote, urlsplit

import pgserver

server = pgserver.get_server(sys.argv[1], cleanup_mode=None)  # None: keep it running
socket_dir = parse_qs(urlsplit(server.get_uri()).query)["host"][0]
print(f"postgres://postgres@{quote(socket_dir, safe='')}/{sys.argv[2]}")
PY
}
