# shellcheck shell=bash
# Shared helpers for the simpul command. Sourced, never run directly.
#
# Every external tool is pinned here and installed from a package registry only
# (crates.io, npm, Debian apt): nothing is downloaded from GitHub at build or run time.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# Pinned tool versions. WASM_BINDGEN_VERSION must equal the wasm-bindgen in Cargo.lock.
CARGO_LEPTOS_VERSION=0.3.11
WASM_BINDGEN_VERSION=0.2.130
SQLX_CLI_VERSION=0.9.0
BINARYEN_NPM_VERSION=123.0.0

# Tools live outside the clone so that every clone on a machine shares one install.
SIMPUL_CACHE="${SIMPUL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/simpul}"
SIMPUL_TOOLS="$SIMPUL_CACHE/tools"
export SIMPUL_CACHE SIMPUL_TOOLS

log() { printf '\033[1;34m[simpul]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[simpul] error:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null || die "apt-get not found; install these packages by hand: $*"
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    as_root apt-get update -qq
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

tool_bin() { echo "$SIMPUL_TOOLS/$1-$2/bin"; }

# Downloads a crate's source from the crates.io registry and unpacks it into $3.
fetch_crate_source() {
  local name=$1 version=$2 dest=$3
  mkdir -p "$dest"
  curl -sSfL "https://static.crates.io/crates/$name/$name-$version.crate" | tar -xz -C "$dest"
}

# cargo install from registry source with one lockfile pin adjusted, then --locked.
# $1 crate, $2 version, $3 "pkg@old" to re-pin, $4 precise version, rest: extra install args.
install_crate_repinned() {
  local name=$1 version=$2 pin=$3 precise=$4; shift 4
  local dest="$SIMPUL_TOOLS/$name-$version" src
  src="$(mktemp -d)"
  log "installing $name $version (one-off, several minutes)"
  fetch_crate_source "$name" "$version" "$src"
  (
    cd "$src/$name-$version"
    if [ -n "$pin" ]; then cargo update -q -p "$pin" --precise "$precise"; fi
    cargo install -q --path . --locked --root "$dest" "$@"
  )
  rm -rf "$src"
}

ensure_rust_tools() {
  command -v cargo >/dev/null || die "cargo not found: install Rust with rustup (https://rustup.rs) first"
  if ! rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown; then
    log "adding rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  command -v cc >/dev/null || apt_install build-essential
  command -v pkg-config >/dev/null || apt_install pkg-config
  command -v curl >/dev/null || apt_install curl
  # The RouterOS client and simulator use OpenSSL: only it still speaks the anonymous
  # Diffie-Hellman suites of RouterOS' api-ssl without a certificate.
  pkg-config --exists openssl 2>/dev/null || apt_install libssl-dev

  # cargo-leptos 0.3.11's lock pins cargo-util-schemas 0.14.2, which needs rustc 1.96.
  local b
  b="$(tool_bin cargo-leptos "$CARGO_LEPTOS_VERSION")"
  [ -x "$b/cargo-leptos" ] || install_crate_repinned cargo-leptos "$CARGO_LEPTOS_VERSION" \
    cargo-util-schemas 0.14.1
  PATH="$b:$PATH"

  # wasm-bindgen-cli's lock names a webpki-roots version that is missing from the registry.
  b="$(tool_bin wasm-bindgen-cli "$WASM_BINDGEN_VERSION")"
  [ -x "$b/wasm-bindgen" ] || install_crate_repinned wasm-bindgen-cli "$WASM_BINDGEN_VERSION" \
    webpki-roots@1.0.11 1.0.10
  PATH="$b:$PATH"

  # Debian's binaryen (wasm-opt 108) emits WASM that fails to hydrate; npm's 123 works.
  b="$SIMPUL_TOOLS/binaryen-$BINARYEN_NPM_VERSION"
  if [ ! -x "$b/node_modules/.bin/wasm-opt" ]; then
    command -v npm >/dev/null || apt_install nodejs npm
    log "installing binaryen $BINARYEN_NPM_VERSION (wasm-opt) from npm"
    mkdir -p "$b"
    (cd "$b" && npm install -s --no-save --prefix "$b" "binaryen@$BINARYEN_NPM_VERSION" >/dev/null)
  fi
  PATH="$b/node_modules/.bin:$PATH"
  export PATH
}

# Only `./simpul sqlx-prepare` needs sqlx-cli; tests check queries through the build itself.
ensure_sqlx_cli() {
  local b
  b="$(tool_bin sqlx-cli "$SQLX_CLI_VERSION")"
  [ -x "$b/sqlx" ] || install_crate_repinned sqlx-cli "$SQLX_CLI_VERSION" "" "" \
    --no-default-features --features postgres,rustls
  PATH="$b:$PATH"
  export PATH
}

# ---------------------------------------------------------------------------------------------
# Browser and end-to-end test dependencies.

ensure_chromium() {
  command -v chromium >/dev/null || apt_install chromium
}

ensure_end2end_deps() {
  command -v npm >/dev/null || apt_install nodejs npm
  if [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ]; then
    log "installing end2end packages (npm ci, no browser download)"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null)
  fi
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL: use the server at DATABASE_URL; if none answers and it is local, start a private
# trust-auth cluster with Debian's binaries (installing them when missing). The cluster lives
# in $SIMPUL_PG_DIR: under $SIMPUL_CACHE for normal users, under /var/lib/simpul as root
# (the postgres user cannot enter /root).

# Splits postgres://user[:pass]@host[:port][/db] into PG_USER PG_HOST PG_PORT PG_DB.
# (IPv6 literals are not supported; use 127.0.0.1.)
parse_database_url() {
  local url=$1 rest auth hostport
  rest=${url#*://}
  rest=${rest%%\?*}
  hostport=${rest%%/*}
  PG_DB=simpul
  [ "$hostport" != "$rest" ] && PG_DB=${rest#*/}
  auth=postgres
  case "$hostport" in *@*) auth=${hostport%@*}; hostport=${hostport##*@} ;; esac
  PG_USER=${auth%%:*}
  PG_HOST=${hostport%%:*}
  PG_PORT=${hostport##*:}
  [ "$PG_PORT" = "$hostport" ] && PG_PORT=5432
  export PG_USER PG_HOST PG_PORT PG_DB
}

# The same server, database "postgres" (for CREATE DATABASE).
admin_url() {
  local url=${1%%\?*} rest
  rest=${url#*://}
  case "$rest" in */*) echo "${url%/*}/postgres" ;; *) echo "$url/postgres" ;; esac
}

pg_bin_dir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  if command -v initdb >/dev/null; then dirname "$(command -v initdb)"; fi
  return 0
}

pg_answers() {
  pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 3 2>/dev/null
}

# Fails with a clear message when the server answers but refuses our user.
pg_accepts_login() {
  psql -qtA "$(admin_url "$DATABASE_URL")" -c "SELECT 1" >/dev/null 2>&1 || die \
    "PostgreSQL at $PG_HOST:$PG_PORT answers but refuses user '$PG_USER'. Put the password in DATABASE_URL, allow trust auth for 127.0.0.1, or stop that server so ./simpul can start its own."
}

ensure_postgres() {
  parse_database_url "$DATABASE_URL"
  command -v pg_isready >/dev/null || apt_install postgresql-client
  if pg_answers; then pg_accepts_login; return; fi
  case "$PG_HOST" in
    127.0.0.1|localhost) ;;
    *) die "PostgreSQL at $PG_HOST:$PG_PORT does not answer; start it or change DATABASE_URL" ;;
  esac
  local bin
  bin="$(pg_bin_dir)"
  if [ -z "$bin" ]; then
    apt_install postgresql
    bin="$(pg_bin_dir)"
    # Debian creates and may start a "main" cluster with password auth on the same port;
    # keep it from starting so the private trust cluster below owns DATABASE_URL's port.
    local conf
    for conf in /etc/postgresql/*/main/start.conf; do
      [ -f "$conf" ] || continue
      as_root sh -c "echo manual > '$conf'"
      as_root pg_ctlcluster --skip-systemctl-redirect "$(basename "$(dirname "$(dirname "$conf")")")" main stop \
        >/dev/null 2>&1 || true
    done
  fi
  [ -n "$bin" ] || die "could not find PostgreSQL's initdb"
  local dir runner=()
  if [ "$(id -u)" -eq 0 ]; then
    dir="${SIMPUL_PG_DIR:-/var/lib/simpul/pg}"
  else
    dir="${SIMPUL_PG_DIR:-$SIMPUL_CACHE/pg}"
  fi
  local data="$dir/data" sock="$dir/run"
  mkdir -p "$dir" "$sock"
  if [ "$(id -u)" -eq 0 ]; then
    # initdb refuses to run as root: the cluster belongs to the postgres system user.
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" --no-create-home postgres
    chown -R postgres "$dir"
    runner=(runuser -u postgres --)
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    log "creating a private PostgreSQL cluster in $data"
    "${runner[@]}" "$bin/initdb" -D "$data" -U "$PG_USER" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  log "starting PostgreSQL on $PG_HOST:$PG_PORT"
  "${runner[@]}" "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w \
    -o "-p $PG_PORT -k $sock -c listen_addresses=127.0.0.1" start >/dev/null
  pg_answers || die "PostgreSQL did not start; see $dir/server.log"
}

# Creates database $2 on the server of URL $1 unless it exists. $3=fresh drops it first.
ensure_database() {
  local url=$1 name=$2 mode=${3:-keep}
  local admin
  admin="$(admin_url "$url")"
  if [ "$mode" = fresh ]; then
    psql -q "$admin" -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null
  fi
  if ! psql -qtA "$admin" -c "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
    psql -q "$admin" -c "CREATE DATABASE \"$name\"" >/dev/null
  fi
}

free_port() {
  local port
  for port in $(seq 3400 3499); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "no free port in 3400-3499"
}

wait_for_http() {
  local url=$1 tries=${2:-120}
  for _ in $(seq "$tries"); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.5
  done
  return 1
}

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A base port whose demo-simulator ports (routers: base, +10, +11, +20, +30; payment
# gateways: +40; WhatsApp gateway and SMTP sink: +50, +51) are all free.
free_router_base() {
  local base offset ok
  for base in $(seq 18728 100 28728); do
    ok=1
    for offset in 0 10 11 20 30 40 50 51; do
      port_is_free $((base + offset)) || { ok=0; break; }
    done
    [ "$ok" = 1 ] && { echo "$base"; return; }
  done
  die "no free ports for the simulated routers (tried 18728-28728)"
}

# Starts the RouterOS simulator with the demo's three routers (see server/src/seed/network.rs
# for the NAS records that point at them): `start_demo_routers BASE LOG [STATE] [EXTRA...]`.
# Prints the simulator's pid. Extra arguments are more `--router` specs.
start_demo_routers() {
  local base=$1 log=$2 state=${3:-} pid port
  shift 3 || shift $#
  local user="user=simpul,password=demo-router-pass"
  local args=(--seed-demo
    --router "name=nas-jakarta-pusat,api=$base,$user,board=CCR2004-16G-2S+,session-delay-ms=1500"
    --router "name=nas-bekasi,api=$((base + 10)),rest=$((base + 11)),$user,empty-replies,board=RB4011iGS+,session-delay-ms=2500"
    --router "name=nas-depok,api=$((base + 20)),$user,legacy-login,board=CCR1036-8G-2S+,session-delay-ms=3500")
  [ -n "$state" ] && args+=(--state "$state")
  args+=("$@")
  local routers=0 arg
  for arg in "${args[@]}"; do [ "$arg" = --router ] && routers=$((routers + 1)); done
  "$CARGO_TARGET_DIR/debug/routeros-sim" "${args[@]}" >"$log" 2>&1 &
  pid=$!
  # Ready once it has printed one "router NAME api=PORT" line per router.
  for _ in $(seq 150); do
    [ "$(grep -c '^router ' "$log" 2>/dev/null || true)" -ge "$routers" ] && { echo "$pid"; return 0; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  cat "$log" >&2
  die "the RouterOS simulator did not start"
}

# Starts the payment gateway simulator (Midtrans and Tripay, see crates/paygate-sim) on
# PORT, the demo routers' base + 40, where the demo's billing settings point (see
# server/src/seed/payments.rs): `start_demo_paygate PORT LOG [STATE]`. Prints its pid.
start_demo_paygate() {
  local port=$1 log=$2 state=${3:-} pid
  local args=(--listen "127.0.0.1:$port")
  [ -n "$state" ] && args+=(--state "$state")
  "$CARGO_TARGET_DIR/debug/paygate-sim" "${args[@]}" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 150); do
    grep -q '^paygate-sim listening on ' "$log" 2>/dev/null && { echo "$pid"; return 0; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  cat "$log" >&2
  die "the payment gateway simulator did not start"
}

# Starts the message simulator (a Fonnte-compatible WhatsApp gateway on HTTP PORT and an
# SMTP sink on PORT + 1, see crates/notify-sim) where the demo's message settings point
# (server/src/seed/messaging.rs): `start_demo_notify PORT LOG [STATE]`. Prints its pid.
start_demo_notify() {
  local port=$1 log=$2 state=${3:-} pid
  local args=(--http "127.0.0.1:$port" --smtp "127.0.0.1:$((port + 1))")
  [ -n "$state" ] && args+=(--state "$state")
  "$CARGO_TARGET_DIR/debug/notify-sim" "${args[@]}" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 150); do
    grep -q '^notify-sim listening on ' "$log" 2>/dev/null && { echo "$pid"; return 0; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  cat "$log" >&2
  die "the message simulator did not start"
}
