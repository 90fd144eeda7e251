#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (issue 15).
#
#   eval "$(tests/pg/cluster.sh start)"   # prints eval-able export lines on stdout
#   tests/pg/cluster.sh stop "$SACHSTAND_TEST_PG_DIR"
#
# `start` makes a fresh folder under ${TMPDIR:-/tmp}, runs initdb in it (as the OS user
# `postgres` when called as root, since initdb refuses root; otherwise as the caller), starts
# the server on a free loopback port with its socket in that folder, and creates the roles
# the app uses:
#   sachstand_owner  LOGIN CREATEROLE, password: owns the databases and runs the migrations
#   sachstand_app    NOLOGIN group role: what the running app may do (granted by migrations)
#   sachstand_web    LOGIN, password, IN ROLE sachstand_app: the app's connection role
# and prints SACHSTAND_TEST_PG_ADMIN / _OWNER / _APP / _DIR. `stop DIR` stops the server
# (fast shutdown) and removes the folder, and with it every database the tests created.
#
# A stale cluster from an aborted run does not get in the way: each run has its own folder
# and its own port. With SACHSTAND_PG_OWNER_PID set (test.sh passes its own pid), the cluster
# belongs to that process, and a later `start` stops and removes it once that process is gone
# (a run killed before its EXIT trap). A cluster started by hand without it is left alone
# until `stop`: a shell that ran `eval "$(cluster.sh start)"` may be gone while its user
# still works with the cluster.
set -euo pipefail

log() { printf 'cluster.sh: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

bindir() {
  local d
  # the newest installed major version first (version sort), then pg_config's idea
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  if command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir)
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  fi
  die "no PostgreSQL server binaries found (/usr/lib/postgresql/*/bin or pg_config --bindir); apt-get install postgresql"
}

# Runs a command as the cluster's OS user: `postgres` when we are root, else ourselves.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_free() {
  # nothing accepts on it (bash's /dev/tcp); the server's own bind is the final check
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

MARK=sachstand-test-cluster

stop_dir() {
  local dir=$1 bin
  [ -f "$dir/$MARK" ] || die "$dir is not a test cluster folder (no $MARK file); not removing it"
  bin=$(cat "$dir/bindir" 2>/dev/null || bindir)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      log "pg_ctl stop failed for $dir (already stopped?)"
  fi
  rm -rf -- "$dir"
}

reap_stale() {
  local d owner
  for d in "${TMPDIR:-/tmp}"/sachstand-pg.*; do
    [ -f "$d/$MARK" ] && [ -f "$d/owner.pid" ] || continue
    owner=$(cat "$d/owner.pid")
    if ! [ "$owner" -gt 0 ] 2>/dev/null || kill -0 "$owner" 2>/dev/null; then
      continue # its run is still going (or no number: leave it)
    fi
    log "removing stale cluster $d (its run, pid $owner, is gone)"
    stop_dir "$d" || true
  done
}

start() {
  local bin dir port pw_owner pw_web
  bin=$(bindir)
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    die "running as root, but there is no OS user postgres to run initdb as (apt-get install postgresql creates it)"
  fi
  reap_stale
  dir=$(mktemp -d "${TMPDIR:-/tmp}/sachstand-pg.XXXXXX")
  touch "$dir/$MARK"
  echo "$bin" >"$dir/bindir"
  [ -z "${SACHSTAND_PG_OWNER_PID:-}" ] || echo "$SACHSTAND_PG_OWNER_PID" >"$dir/owner.pid"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  # initdb may not be able to read the caller's working directory as `postgres`
  cd "$dir"

  # Trust on the loopback interface and the socket is fine for this cluster: it lives for one
  # test run in a private folder, listens on 127.0.0.1 only, and holds nothing but test data.
  # Only the superuser `postgres` is trusted (the admin URL carries no password); the app's
  # roles must give their passwords (scram-sha-256), so a wrong password fails as in production.
  as_pg "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  as_pg tee "$dir/data/pg_hba.conf" >/dev/null <<HBA
# TYPE  DATABASE  USER      ADDRESS        METHOD
local   all       postgres                 trust
host    all       postgres  127.0.0.1/32   trust
host    all       all       127.0.0.1/32   scram-sha-256
HBA

  local tries=0 started=
  while [ $tries -lt 20 ]; do
    tries=$((tries + 1))
    port=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
    port_free "$port" || continue
    # fsync=off and full_page_writes=off only risk data when the machine itself fails; a
    # crash of PostgreSQL (pg_ctl restart -m immediate, which tests/proc/hosted.rs does)
    # loses no acknowledged commit. synchronous_commit stays on: off would lose the last
    # acknowledged commits in exactly that crash.
    if as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null; then
      started=1
      break
    fi
    log "server did not start on port $port; trying another"
  done
  [ -n "$started" ] || { tail -n 20 "$dir/server.log" >&2 || true; rm -rf -- "$dir"; die "could not start PostgreSQL"; }

  local i=0
  until "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres; do
    i=$((i + 1))
    [ $i -lt 100 ] || { stop_dir "$dir"; die "server on port $port not ready after 10 s"; }
    sleep 0.1
  done

  pw_owner=$(random_hex 16)
  pw_web=$(random_hex 16)
  "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres >/dev/null <<SQL ||
CREATE ROLE sachstand_owner LOGIN CREATEROLE PASSWORD '$pw_owner';
CREATE ROLE sachstand_app NOLOGIN;
CREATE ROLE sachstand_web LOGIN PASSWORD '$pw_web' IN ROLE sachstand_app;
SQL
    { stop_dir "$dir"; die "creating the roles failed"; }

  # the app's German sort order needs ICU's collations (PostgreSQL built with ICU)
  local coll
  coll=$("$bin/psql" -X -At -h "$dir" -p "$port" -U postgres -d postgres \
    -c "SELECT collname FROM pg_collation WHERE collname = 'de-DE-x-icu'")
  [ "$coll" = de-DE-x-icu ] || { stop_dir "$dir"; die "the ICU collation de-DE-x-icu is missing (PostgreSQL without ICU?)"; }

  log "$("$bin/postgres" --version | sed "s/^postgres (PostgreSQL) /PostgreSQL /") on 127.0.0.1:$port, folder $dir"
  cat <<ENV
export SACHSTAND_TEST_PG_ADMIN='postgres://postgres@127.0.0.1:$port/postgres'
export SACHSTAND_TEST_PG_OWNER='postgres://sachstand_owner:$pw_owner@127.0.0.1:$port/'
export SACHSTAND_TEST_PG_APP='postgres://sachstand_web:$pw_web@127.0.0.1:$port/'
export SACHSTAND_TEST_PG_DIR='$dir'
ENV
}

case "${1:-}" in
  start) start ;;
  stop)
    [ $# -eq 2 ] || die "usage: $0 stop DIR"
    stop_dir "$2"
    ;;
  *) die "usage: $0 start | stop DIR" ;;
esac
