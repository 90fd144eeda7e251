#!/usr/bin/env bash
# The one command that prepares a fresh Debian machine and runs every test of Sachstand:
#   1. Debian's Chromium (/usr/bin/chromium) for the browser tests (and node/npm), and
#      poppler-utils (pdftotext, pdfinfo) for the report PDF tests, if missing;
#   2. the browser tests' npm packages (npm ci, no browser download), if missing or stale;
#   3. cargo build (debug) and the Rust tests (lib, bins, tests: not the harness-less bench),
#      with a throwaway PostgreSQL cluster (tests/pg/cluster.sh) for the PostgreSQL tests;
#   4. the browser tests (tests/browser/run.mjs) against target/debug/sachstand
#      (SACHSTAND_BIN overrides the binary).
# Both runners print their summary lines; the script exits non-zero if either failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$(pwd)
BROWSER_DIR="$ROOT/tests/browser"

step() { printf '\n==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# 1. Chromium from Debian (Playwright's own browser download is not used); node/npm if absent
#    (the machine image ships Node 20; playwright-core needs Node >= 20).
apt_packages=()
[ -x /usr/bin/chromium ] || apt_packages+=(chromium)
command -v pdftotext >/dev/null 2>&1 || apt_packages+=(poppler-utils)
/usr/bin/python3 -c 'import pikepdf' >/dev/null 2>&1 || apt_packages+=(python3-pikepdf)
command -v node >/dev/null 2>&1 || apt_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || apt_packages+=(npm)
command -v soffice >/dev/null 2>&1 || apt_packages+=(libreoffice-writer-nogui)
# issue 16: the Atom feed of the transparency page is read by a real feed parser
/usr/bin/python3 -c 'import feedparser' >/dev/null 2>&1 || apt_packages+=(python3-feedparser)
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || apt_packages+=(python3-aiosmtpd)  # the SMTP sink of the mail tests
# issue 14: a real OpenLDAP server for the directory login tests (the tests start their
# own slapd with its own config in a temp folder; the package's own server is not used).
[ -x /usr/sbin/slapd ] || apt_packages+=(slapd)
command -v ldapmodify >/dev/null 2>&1 || apt_packages+=(ldap-utils)
command -v openssl >/dev/null 2>&1 || apt_packages+=(openssl)  # the test CA for ldaps:// and StartTLS
command -v sqlite3 >/dev/null 2>&1 || apt_packages+=(sqlite3)  # issue 15: tests/pg/run.sh compares the two schemas
# issue 15: Debian's PostgreSQL server for the throwaway test cluster (tests/pg/cluster.sh;
# the package's own system cluster is not used)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || apt_packages+=(postgresql)
if [ ${#apt_packages[@]} -gt 0 ]; then
  step "apt-get install ${apt_packages[*]}"
  # slapd's post-install would configure and start a system server: skip its setup
  echo "slapd slapd/no_configuration boolean true" | as_root debconf-set-selections 2>/dev/null || true
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${apt_packages[@]}"
fi

# 2. npm packages, pinned by package-lock.json; reinstalled when the lock file changed.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
lock_sum=$(sha256sum "$BROWSER_DIR/package-lock.json" | cut -d' ' -f1)
stamp="$BROWSER_DIR/node_modules/.sachstand-lock.sha256"
if [ ! -d "$BROWSER_DIR/node_modules" ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  step "npm ci (tests/browser)"
  (cd "$BROWSER_DIR" && npm ci --no-audit --no-fund)
  echo "$lock_sum" >"$stamp"
fi
# issue 14: the OpenID Connect test provider (tests/oidc, npm oidc-provider), the same way.
OIDC_DIR="$ROOT/tests/oidc"
oidc_sum=$(sha256sum "$OIDC_DIR/package-lock.json" | cut -d' ' -f1)
oidc_stamp="$OIDC_DIR/node_modules/.sachstand-lock.sha256"
if [ ! -d "$OIDC_DIR/node_modules" ] || [ ! -f "$oidc_stamp" ] || [ "$(cat "$oidc_stamp")" != "$oidc_sum" ]; then
  step "npm ci (tests/oidc)"
  (cd "$OIDC_DIR" && npm ci --no-audit --no-fund)
  echo "$oidc_sum" >"$oidc_stamp"
fi

# 3. Rust: build, then the tests (the bench has harness = false and is not run here).
logs=$(mktemp -d)
pg_dir=
# shellcheck disable=SC2016  # expanded when the trap runs
trap 'rm -rf "$logs"; [ -z "$pg_dir" ] || "$ROOT/tests/pg/cluster.sh" stop "$pg_dir" || true' EXIT
step "cargo build"
cargo build
# issue 15: the PostgreSQL tests' cluster (SACHSTAND_TEST_PG_* URLs), stopped and removed on exit
step "PostgreSQL test cluster (tests/pg/cluster.sh start)"
pg_env=$(SACHSTAND_PG_OWNER_PID=$$ "$ROOT/tests/pg/cluster.sh" start)
eval "$pg_env"
pg_dir=$SACHSTAND_TEST_PG_DIR
step "cargo test --lib --bins --tests"
rust_rc=0
cargo test --lib --bins --tests 2>&1 | tee "$logs/cargo.log" || rust_rc=$?
# issue 15: the app tests a second time, on PostgreSQL (one migrated template, one database
# per test); the proc tests' hosted.rs runs two instances on it in the pass above.
step "cargo test --test app on PostgreSQL (SACHSTAND_TEST_BACKEND=postgres)"
SACHSTAND_TEST_BACKEND=postgres cargo test --test app 2>&1 | tee "$logs/cargo-pg.log" || rust_rc=$?
# issue 15: the PostgreSQL schema against the SQLite one, and the row-level security checks
# (tests/pg/run.sh starts and removes its own small cluster)
step "tests/pg/run.sh (schema parity, tenant isolation in SQL)"
"$ROOT/tests/pg/run.sh" "$((20000 + RANDOM % 40000))" 2>&1 | tail -n 4 || rust_rc=$?

# 4. Browser tests, even when the Rust tests failed.
step "browser tests (node tests/browser/run.mjs)"
export SACHSTAND_BIN="${SACHSTAND_BIN:-$ROOT/target/debug/sachstand}"
browser_rc=0
node "$BROWSER_DIR/run.mjs" 2>&1 | tee "$logs/browser.log" || browser_rc=$?

# One closing line over both runners (each runner's own summary is above).
passed=0
failed=0
while read -r p f; do
  passed=$((passed + p))
  failed=$((failed + f))
done < <(
  sed -n 's/^test result: [a-zA-Z]*\. \([0-9]*\) passed; \([0-9]*\) failed.*/\1 \2/p' "$logs/cargo.log" "$logs/cargo-pg.log"
  sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$logs/browser.log" | tail -n 1
)
echo
echo "test.sh: cargo test exit code $rust_rc, browser tests exit code $browser_rc"
if [ "$rust_rc" -ne 0 ] || [ "$browser_rc" -ne 0 ]; then
  # a runner that died before printing its counts still counts as a failure
  [ "$failed" -gt 0 ] || failed=1
  echo "total: $passed passed, $failed failed"
  exit 1
fi
echo "total: $passed passed, $failed failed"
