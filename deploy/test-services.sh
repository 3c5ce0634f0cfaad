#!/usr/bin/env bash
# Starts/stops throwaway PostgreSQL and Redis instances on loopback for the test suite
# (and installs python3-aiosmtpd, the SMTP server the digest tests start themselves, and chromium).
# Usage: eval "$(deploy/test-services.sh start)"   ...   deploy/test-services.sh stop
set -euo pipefail

# Each start gets its own directory, so parallel runs (other worktrees, CI) never stop each other's servers.
# `start` exports RECOMMENDER_TEST_SERVICES_DIR; `stop` uses it, else the most recent start on this machine.
LAST_LINK=/tmp/recommender-test-services.last

log() { echo "test-services: $*" >&2; }

need_root() {
  if [ "$(id -u)" -ne 0 ]; then log "must run as root (installs packages, runs postgres as user postgres)"; exit 1; fi
}

ensure_packages() {
  local missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  # The end-to-end tests' stock clients (gRPC health, manifest validation) run on Node.js.
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  # The digest tests run a real SMTP server (deploy/smtp_sink.py) on Debian's python3.
  /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
  # The web app's end-to-end test drives Debian's headless Chromium.
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  fi
}

free_port() {
  # Ask the kernel for an unused loopback port; the tiny race until the server binds is acceptable in tests.
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    # Nothing answering on the port means it is free.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1; }

start() {
  need_root
  ensure_packages
  local dir pg_port redis_port bin
  dir="$(mktemp -d /tmp/recommender-test-services.XXXXXX)"
  chmod 755 "$dir"
  pg_port="$(free_port)"
  redis_port="$(free_port)"
  bin="$(pg_bin)"

  # initdb/postgres refuse to run as root, so the cluster belongs to the postgres user.
  mkdir -p "$dir/pg"
  chown postgres:postgres "$dir/pg"
  runuser -u postgres -- "$bin/initdb" -D "$dir/pg/data" -U postgres --auth=trust -E UTF8 >/dev/null
  # Tests trade durability for speed; RECOMMENDER_TEST_DURABLE=1 (benchmarks) keeps PostgreSQL's defaults.
  local durability="-c fsync=off -c synchronous_commit=off"
  [ "${RECOMMENDER_TEST_DURABLE:-}" = 1 ] && durability="-c fsync=on -c synchronous_commit=on"
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/log" -w \
    -o "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1 $durability -c max_connections=300" start >/dev/null
  runuser -u postgres -- "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres recommender_test

  mkdir -p "$dir/redis"
  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$dir/redis" --save '' --appendonly no \
    --daemonize yes --logfile "$dir/redis/log" --pidfile "$dir/redis/pid" >/dev/null

  printf 'DIR=%q\nPG_PORT=%q\nREDIS_PORT=%q\nPG_BIN=%q\n' "$dir" "$pg_port" "$redis_port" "$bin" > "$dir/state"
  ln -sfn "$dir" "$LAST_LINK"
  echo "export RECOMMENDER_TEST_SERVICES_DIR='$dir'"
  echo "export RECOMMENDER_TEST_POSTGRES='Host=127.0.0.1;Port=$pg_port;Database=recommender_test;Username=postgres'"
  echo "export RECOMMENDER_TEST_REDIS='127.0.0.1:$redis_port'"
  log "postgres on 127.0.0.1:$pg_port, redis on 127.0.0.1:$redis_port, files in $dir"
}

stop() {
  local state="${RECOMMENDER_TEST_SERVICES_DIR:-$LAST_LINK}/state"
  if [ ! -f "$state" ]; then log "nothing to stop"; return 0; fi
  # shellcheck disable=SC1090
  . "$state"
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$DIR/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  [ "$(readlink "$LAST_LINK" 2>/dev/null)" = "$DIR" ] && rm -f "$LAST_LINK"
  rm -rf "$DIR"
  log "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
