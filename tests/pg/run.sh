#!/bin/sh
# Checks migrations_pg/ against a real PostgreSQL in a throwaway cluster (removed at the end):
#  1. runs every migration in order, each in one transaction, as the database owner;
#  2. compares the result with the SQLite schema of migrations/ (tests/pg/compare_schema.py);
#  3. runs the tenant isolation checks (tests/pg/rls_check.sql) as a member of sachstand_app;
#  4. runs the migrations a second time on a database that already has a tenant, to show that
#     the seed rows of 0007/0015 reach existing tenants.
# usage: tests/pg/run.sh [PORT]   (default 55432; needs postgresql-15, sqlite3, python3)
set -eu
PORT=${1:-55432}
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
D=$(mktemp -d /tmp/sachstand-pgcheck.XXXXXX)
chmod 755 "$D"
if [ "$(id -u)" = 0 ]; then
    chown postgres "$D"
    as_pg() { su postgres -c "$*"; }
else
    as_pg() { sh -c "$*"; }
fi
stop() {
    as_pg "$BIN/pg_ctl -D $D/data -m fast stop" >/dev/null 2>&1 || true
    rm -rf "$D"
}
trap stop EXIT INT TERM

as_pg "$BIN/initdb -D $D/data -U postgres -A trust -E UTF8 --locale=C.UTF-8" >/dev/null
as_pg "$BIN/pg_ctl -D $D/data -l $D/log -w -o '-c listen_addresses=127.0.0.1 -p $PORT -k $D -c fsync=off' start" >/dev/null

PSQL="psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p $PORT"
# What the cluster admin does once (README): the owner, which may create the app's group role.
$PSQL -U postgres -c "CREATE ROLE sachstand_owner LOGIN CREATEROLE" \
    -c "CREATE DATABASE sachstand OWNER sachstand_owner" -c "CREATE DATABASE upgrade OWNER sachstand_owner" \
    -c "REVOKE ALL ON DATABASE sachstand FROM PUBLIC"

migrate() {
    for f in "$ROOT"/migrations_pg/*.sql; do
        $PSQL -U sachstand_owner -d "$1" -1 -f "$f" >/dev/null
    done
}
start=$(date +%s%N)
migrate sachstand
echo "migrations_pg: $(ls "$ROOT"/migrations_pg/*.sql | wc -l) migrations applied in $(( ($(date +%s%N) - start) / 1000000 )) ms"
# One login role per app instance, member of the group role the migrations created.
# (TEMPORARY only for this test's login role: rls_check.sql keeps its helpers in pg_temp.)
$PSQL -U postgres -d sachstand -c "GRANT CONNECT ON DATABASE sachstand TO sachstand_app" \
    -c "CREATE ROLE sachstand_web LOGIN IN ROLE sachstand_app" -c "GRANT TEMPORARY ON DATABASE sachstand TO sachstand_web"

cat "$ROOT"/migrations/*.sql | sqlite3 -bail "$D/reference.db"
python3 "$ROOT/tests/pg/compare_schema.py" "$D/reference.db" -h 127.0.0.1 -p "$PORT" -U sachstand_owner -d sachstand

$PSQL -U sachstand_owner -d sachstand -v app_user=sachstand_web -f "$ROOT/tests/pg/rls_check.sql" 2>"$D/check.log" \
    || { cat "$D/check.log"; exit 1; }
echo "rls_check: $(grep -c 'NOTICE:  ok:' "$D/check.log") checks passed"

# Upgrade path: a tenant exists before 0007 and 0015 run; both seed rows must reach it.
for f in "$ROOT"/migrations_pg/000[1-6]_*.sql; do
    $PSQL -U sachstand_owner -d upgrade -1 -f "$f" >/dev/null
done
$PSQL -U sachstand_owner -d upgrade \
    -c "INSERT INTO tenants (name, host, created_at) VALUES ('Altstadt', 'alt.example', '2026-01-01T00:00:00Z')"
for f in "$ROOT"/migrations_pg/*.sql; do
    case "$(basename "$f")" in 000[1-6]_*) continue ;; esac
    $PSQL -U sachstand_owner -d upgrade -1 -f "$f" >/dev/null
done
seeded=$($PSQL -U sachstand_owner -d upgrade -At -c "BEGIN" \
    -c "SELECT set_config('app.tenant', (SELECT id FROM tenants)::text, true)" \
    -c "SELECT (SELECT count(*) FROM letterhead) || '+' || (SELECT count(*) FROM transparency_settings)" -c "COMMIT" | tail -n 1)
[ "$seeded" = "1+1" ] || { echo "upgrade: a tenant existing before 0007/0015 got $seeded seed rows, expected 1+1"; exit 1; }
echo "upgrade: an existing tenant got its letterhead and transparency rows"
echo "tests/pg: all passed"
