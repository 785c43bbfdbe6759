#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers for the project, and creates the databases it needs.
# Usage: deploy/local/postgres.sh ensure|databases
#   ensure    : if nothing answers at $PGHOST:$PGPORT (default 127.0.0.1:5432), install Debian's PostgreSQL
#               (when running as root with apt) and start its cluster with trust auth on loopback
#   databases : create fpi_enrollment, fpi_claims, fpi_reporting if missing
set -euo pipefail
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
export PGHOST PGPORT PGUSER

answers() { (exec 3<>"/dev/tcp/$PGHOST/$PGPORT") 2>/dev/null; }

ensure() {
  if answers; then echo "postgres: answering on $PGHOST:$PGPORT"; return 0; fi
  if [ "$PGHOST" != "127.0.0.1" ] && [ "$PGHOST" != "localhost" ]; then
    echo "postgres: nothing answers on $PGHOST:$PGPORT and it is not local; set DATABASE_URL to a reachable server" >&2; return 1
  fi
  if ! command -v pg_ctlcluster >/dev/null; then
    if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
      echo "postgres: not installed and cannot install (needs root and apt-get); install PostgreSQL 15+ or set DATABASE_URL" >&2; return 1
    fi
    echo "postgres: installing Debian's postgresql package"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  local version; version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  # Local development and CI only: trust on loopback, as the project's machines are set up.
  if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\nlocal all all trust' "$hba"
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 60); do answers && { echo "postgres: started ($version)"; return 0; }; sleep 0.5; done
  echo "postgres: cluster $version did not start; see /var/log/postgresql/" >&2; return 1
}

databases() {
  for db in fpi_enrollment fpi_claims fpi_reporting; do
    if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
      psql -d postgres -qc "CREATE DATABASE $db" && echo "postgres: created database $db"
    fi
  done
}

case "${1:-}" in
  ensure) ensure ;;
  databases) databases ;;
  *) echo "usage: $0 ensure|databases" >&2; exit 2 ;;
esac
