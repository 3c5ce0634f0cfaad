#!/usr/bin/env bash
# Sourced by the benchmark scripts: builds Release, starts a server of the chosen profile
# (embedded SQLite, or PostgreSQL with fsync on + Redis from test-services.sh) on free ports,
# and stops everything it started on exit. Sets: work, server_pid, grpc, http, cli().
# A script that starts more may define bench_extra_cleanup STATUS; it runs first on exit.
set -euo pipefail

work=$(mktemp -d /tmp/recommender-bench.XXXXXX)
server_pid=""
started_services=""
cleanup() {
  local status=$?
  if declare -F bench_extra_cleanup >/dev/null; then bench_extra_cleanup "$status"; fi
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  report_server_warnings
  # Only the services this run started (stop without the variable would pick another run's).
  [ -n "$started_services" ] && deploy/test-services.sh stop >&2 || true
  rm -rf "$work"
}
trap cleanup EXIT

# Figures taken while the server warned (feeds dropped, Redis calls failing) are not the figures
# of a healthy run: print how many warnings and errors it logged and the first of them.
report_server_warnings() {
  [ -s "$work/server.log" ] || return 0
  local count
  count=$(grep -cE '^(warn|fail|crit):' "$work/server.log" || true)
  echo "server log: $count warnings and errors" >&2
  grep -A1 -E '^(warn|fail|crit):' "$work/server.log" | head -20 >&2 || true
}

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    # Nothing answering on the port means it is free (a small race, fine for a benchmark).
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
}

start_bench_server() {
  local profile=$1
  for project in src/Recommender.Server src/Recommender.Cli; do dotnet build -c Release -v q "$project" >&2; done
  grpc=$(free_port); http=$(free_port)
  local settings=(--Recommender:GrpcPort="$grpc" --Recommender:HttpPort="$http" --Recommender:DataDirectory="$work/data"
            --Recommender:SiloPort="$(free_port)" --Recommender:ClusterId="bench-$$")
  if [ "$profile" = postgres ]; then
    # A benchmark measures durable commits: PostgreSQL with fsync and synchronous commit on.
    eval "$(RECOMMENDER_TEST_DURABLE=1 deploy/test-services.sh start)"
    started_services=1
    settings+=(--Recommender:Postgres="$RECOMMENDER_TEST_POSTGRES" --Recommender:Redis="$RECOMMENDER_TEST_REDIS")
  fi
  bench_settings=("${settings[@]}")
  restart_bench_server
}

# Starts the server (again) with the settings of start_bench_server, on the same storage.
restart_bench_server() {
  Logging__LogLevel__Default=Warning dotnet src/Recommender.Server/bin/Release/net10.0/Recommender.Server.dll "${bench_settings[@]}" \
    >>"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$http/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 1
  done
  echo "the server did not become healthy" >&2; exit 1
}

# The tool mints its tokens (admin; service for digests) from the development key the server made in its data directory.
cli() { dotnet src/Recommender.Cli/bin/Release/net10.0/recommender.dll --server "http://127.0.0.1:$grpc" --key "$work/data/dev-signing-key.pem" "$@"; }

# Defines the two topics the import and re-encode benchmarks publish into.
define_bench_topics() {
  cat >"$work/topics.yaml" <<'YAML'
- id: graph-learning
  name: Graph learning
  keywords: [graph, node, edge, message-passing, gnn, neighborhood, spectral, subgraph]
- id: reinforcement-learning
  name: Reinforcement learning
  keywords: [policy, reward, agent, environment, q-learning, actor-critic, exploration, trajectory]
YAML
  cli topics apply "$work/topics.yaml" >/dev/null
}

# Ten followers, bench-u1 … bench-u10, each following every topic given.
add_bench_followers() {
  for u in $(seq 1 10); do
    cli users add "bench-u$u" >/dev/null
    for topic in "$@"; do cli users follow "bench-u$u" "$topic" >/dev/null; done
  done
}
