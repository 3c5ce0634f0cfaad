#!/usr/bin/env bash
# Measures import end to end: starts a Release server (embedded SQLite, or PostgreSQL
# with fsync on + Redis, from test-services.sh), defines two topics with ten followers
# each, then runs `recommender bench import`. Usage: deploy/bench-import.sh embedded|postgres RECORDS [bench options]
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${1:?usage: deploy/bench-import.sh embedded|postgres RECORDS [bench options]}
records=${2:?usage: deploy/bench-import.sh embedded|postgres RECORDS [bench options]}
shift 2

. deploy/bench-server.sh
start_bench_server "$profile"

define_bench_topics
add_bench_followers graph-learning reinforcement-learning
cli bench import --records "$records" "$@"
