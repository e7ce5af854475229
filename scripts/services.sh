# Sourced by scripts/test.sh: brings up the real servers and programs the tests use, each
# torn down by the caller's trap. Where something cannot be brought up, one plain line says
# so and the rest runs — except with CI=true, where that is a failure.

apt_updated=""
can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
apt_install() {
  can_apt || return 1
  if [ -z "$apt_updated" ]; then apt-get update -qq >/dev/null 2>&1 || return 1; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1
}
unavailable() {
  echo "Not available here: $1"
  if [ "${CI:-}" = "true" ]; then echo "CI=true: $1 is required, stopping." >&2; exit 1; fi
}
free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

pg_dir=""
start_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ]; then apt_install postgresql && bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1); fi
  if [ -z "$bin" ]; then unavailable "PostgreSQL (no server binaries and no apt-get as root); the service tests run on PGlite only"; return 0; fi
  local as_owner=() port
  pg_dir=$(mktemp -d /tmp/helhedsplan-pg.XXXXXX)
  # initdb refuses to run as root: the cluster belongs to the postgres user then.
  if [ "$(id -u)" = 0 ]; then chown postgres "$pg_dir"; as_owner=(runuser -u postgres --); fi
  port=$(free_port)
  if ! "${as_owner[@]}" "$bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1; then
    cat "$pg_dir/initdb.log" >&2; unavailable "PostgreSQL (initdb failed)"; return 0
  fi
  # fsync off: a throwaway cluster for tests, not for durability.
  if ! "${as_owner[@]}" "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
      -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" start >/dev/null; then
    cat "$pg_dir/server.log" >&2; unavailable "PostgreSQL (the server did not start)"; return 0
  fi
  PG_BIN="$bin"; PG_AS_OWNER=("${as_owner[@]}")
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') is up for the tests on 127.0.0.1:$port (throwaway cluster in $pg_dir)"
}
stop_postgres() {
  [ -n "$pg_dir" ] || return 0
  [ -n "${PG_BIN:-}" ] && "${PG_AS_OWNER[@]}" "$PG_BIN/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$pg_dir"
  echo "PostgreSQL test cluster stopped and removed"
}

ensure_libreoffice() {
  local bin
  bin=$(command -v libreoffice || command -v soffice || true)
  if [ -z "$bin" ]; then echo "Installing LibreOffice Calc from Debian for the spreadsheet cross-check (once per machine) …"; apt_install libreoffice-calc && bin=$(command -v libreoffice || command -v soffice || true); fi
  if [ -z "$bin" ]; then unavailable "LibreOffice (no apt-get as root); the cross-check of formulas in LibreOffice is skipped"; return 0; fi
  export LIBREOFFICE_BIN="$bin"
  echo "LibreOffice is at $bin"
}

ensure_chromium() {
  local bin
  bin=$(command -v chromium || command -v chromium-browser || true)
  if [ -z "$bin" ]; then echo "Installing Chromium from Debian for the add-in's browser tests (once per machine) …"; apt_install chromium && bin=$(command -v chromium || true); fi
  if [ -z "$bin" ]; then unavailable "Chromium (no apt-get as root); the add-in's browser tests are skipped"; return 0; fi
  export CHROMIUM_BIN="$bin"
  echo "Chromium is at $bin"
}
