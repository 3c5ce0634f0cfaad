#!/usr/bin/env bash
# Runs a local Orleans cluster of N Recommender servers on one private PostgreSQL + Redis, all on loopback.
# Usage: deploy/cluster.sh up N     (prints each server's endpoints; state in a directory of its own)
#        deploy/cluster.sh down     (stops the servers and services of the last `up`, or of $RECOMMENDER_CLUSTER_DIR)
# Environment: CONFIGURATION (Release), NO_BUILD=1 to use an existing build, CLUSTER_ID (local).
set -euo pipefail
cd "$(dirname "$0")/.."

LAST_LINK=/tmp/recommender-cluster.last
log() { echo "cluster: $*" >&2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

up() {
  local count="${1:-}"
  [[ "$count" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 up N" >&2; exit 2; }
  local configuration="${CONFIGURATION:-Release}" cluster_id="${CLUSTER_ID:-local}"
  local dll="src/Recommender.Server/bin/$configuration/net10.0/Recommender.Server.dll"
  [ "${NO_BUILD:-}" = 1 ] || dotnet build src/Recommender.Server -c "$configuration" -v quiet -nologo >&2
  [ -f "$dll" ] || { log "no build at $dll"; exit 1; }

  local dir
  dir="$(mktemp -d /tmp/recommender-cluster.XXXXXX)"
  ln -sfn "$dir" "$LAST_LINK"
  # The services get a state directory of their own, so `down` stops exactly these.
  bash deploy/test-services.sh start > "$dir/services.env"
  # shellcheck disable=SC1091
  . "$dir/services.env"
  echo "$RECOMMENDER_TEST_SERVICES_DIR" > "$dir/services.dir"

  # One signing key for the whole cluster (each silo would otherwise make its own development key, and a
  # token from one would fail on the others). Tokens: recommender --key "$dir/signing-key.pem" ...
  openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out "$dir/signing-key.pem"
  chmod 600 "$dir/signing-key.pem"

  local i grpc http
  for ((i = 1; i <= count; i++)); do
    grpc="$(free_port)"; http="$(free_port)"
    mkdir -p "$dir/silo-$i"
    # DataDirectory is unused by the PostgreSQL profile; it marks the process as this cluster's for `down`.
    setsid dotnet "$dll" \
      "--Recommender:Postgres=$RECOMMENDER_TEST_POSTGRES" "--Recommender:Redis=$RECOMMENDER_TEST_REDIS" \
      "--Recommender:ClusterId=$cluster_id" "--Recommender:DataDirectory=$dir/silo-$i" \
      "--Recommender:Auth:KeyFiles=$dir/signing-key.pem" \
      "--Recommender:GrpcPort=$grpc" "--Recommender:HttpPort=$http" "--Recommender:SiloPort=$(free_port)" \
      > "$dir/silo-$i/log" 2>&1 < /dev/null &
    echo "$!" > "$dir/silo-$i/pid"
    echo "$i $grpc $http" >> "$dir/silos"
  done

  local ready deadline=$((SECONDS + 120))
  while read -r i grpc http; do
    ready=0
    while ((SECONDS < deadline)); do
      if curl -sf -o /dev/null "http://127.0.0.1:$http/readyz"; then ready=1; break; fi
      kill -0 "$(cat "$dir/silo-$i/pid")" 2>/dev/null || break
      sleep 0.5
    done
    if [ "$ready" != 1 ]; then
      log "server $i did not become ready; its log:"; tail -n 30 "$dir/silo-$i/log" >&2
      RECOMMENDER_CLUSTER_DIR="$dir" down; exit 1
    fi
    echo "server $i: grpc http://127.0.0.1:$grpc  health/metrics http://127.0.0.1:$http/{healthz,readyz,metrics}"
  done < "$dir/silos"
  echo "signing key: $dir/signing-key.pem  (e.g. recommender --key $dir/signing-key.pem --server http://127.0.0.1:PORT topics list)"
  log "cluster '$cluster_id' of $count up; files in $dir; stop with: $0 down"
}

down() {
  local dir="${RECOMMENDER_CLUSTER_DIR:-$(readlink "$LAST_LINK" 2>/dev/null || true)}"
  if [ -z "$dir" ] || [ ! -d "$dir" ]; then log "nothing to stop"; return 0; fi
  local pidfile pid
  for pidfile in "$dir"/silo-*/pid; do
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    # Only a process that still carries this cluster's directory on its command line: a reused pid is left alone.
    if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF "$(dirname "$pidfile")"; then
      kill -TERM "$pid"
      for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
  done
  [ -f "$dir/services.dir" ] && RECOMMENDER_TEST_SERVICES_DIR="$(cat "$dir/services.dir")" bash deploy/test-services.sh stop
  [ "$(readlink "$LAST_LINK" 2>/dev/null)" = "$dir" ] && rm -f "$LAST_LINK"
  rm -rf "$dir"
  log "stopped"
}

case "${1:-}" in
  up) up "${2:-}" ;;
  down) down ;;
  *) echo "usage: $0 up N | down" >&2; exit 2 ;;
esac
