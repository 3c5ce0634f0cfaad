#!/usr/bin/env bash
# Measures import end to end: starts a Release server (embedded SQLite, or PostgreSQL
# with fsync on + Redis, from test-services.sh), defines two topics with ten followers
# each, then runs `recommender bench import`. Usage: deploy/bench-import.sh embedded|postgres RECORDS [bench options]
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${1:?usage: deploy/bench-import.sh embedded|postgres RECORDS [bench options]}
records=${2:?usage: deploy/bench-import.sh embedded|postgres RECORDS [bench options]}
shift 2

work=$(mktemp -d /tmp/recommender-bench.XXXXXX)
server_pid=""
started_services=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  # Only the services this run started (stop without the variable would pick another run's).
  [ -n "$started_services" ] && deploy/test-services.sh stop >&2 || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    # Nothing answering on the port means it is free (a small race, fine for a benchmark).
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
}

for project in src/Recommender.Server src/Recommender.Cli; do dotnet build -c Release -v q "$project" >&2; done
grpc=$(free_port); http=$(free_port)
settings=(--Recommender:GrpcPort="$grpc" --Recommender:HttpPort="$http" --Recommender:DataDirectory="$work/data"
          --Recommender:SiloPort="$(free_port)" --Recommender:GatewayPort="$(free_port)" --Recommender:ClusterId="bench-$$")
if [ "$profile" = postgres ]; then
  # A benchmark measures durable commits: PostgreSQL with fsync and synchronous commit on.
  eval "$(RECOMMENDER_TEST_DURABLE=1 deploy/test-services.sh start)"
  started_services=1
  settings+=(--Recommender:Postgres="$RECOMMENDER_TEST_POSTGRES" --Recommender:Redis="$RECOMMENDER_TEST_REDIS")
fi

Logging__LogLevel__Default=Warning dotnet src/Recommender.Server/bin/Release/net10.0/Recommender.Server.dll "${settings[@]}" \
  >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$http/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 1
done

cli() { dotnet src/Recommender.Cli/bin/Release/net10.0/recommender.dll --server "http://127.0.0.1:$grpc" "$@"; }
cat >"$work/topics.yaml" <<'YAML'
- id: graph-learning
  name: Graph learning
  keywords: [graph, node, edge, message-passing, gnn, neighborhood, spectral, subgraph]
- id: reinforcement-learning
  name: Reinforcement learning
  keywords: [policy, reward, agent, environment, q-learning, actor-critic, exploration, trajectory]
YAML
cli topics apply "$work/topics.yaml" >/dev/null
for u in $(seq 1 10); do
  cli users add "bench-u$u" >/dev/null
  cli users follow "bench-u$u" graph-learning >/dev/null
  cli users follow "bench-u$u" reinforcement-learning >/dev/null
done
cli bench import --records "$records" "$@"
