#!/usr/bin/env bash
# Measures `recommender catalogue re-encode` both ways: imports PAPERS synthetic papers (default 10,000) with
# the hashed encoder, defines two topics with ten followers, restarts the server with arctic-xs and re-encodes
# everything (hashed → arctic-xs), then restarts it with hashed and re-encodes back (arctic-xs → hashed).
# Usage: deploy/bench-reencode.sh embedded|postgres [PAPERS]
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${1:?usage: deploy/bench-reencode.sh embedded|postgres [PAPERS]}
papers=${2:-10000}

. deploy/bench-server.sh
start_bench_server "$profile"

define_bench_topics
add_bench_followers graph-learning
cli bench generate "$work/papers.jsonl" --records "$papers" >/dev/null
cli import "$work/papers.jsonl" --format arxiv-jsonl | tail -1

# The same storage each time; only the server's encoder changes (a later command-line setting wins).
switch_encoder() {
  kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
  bench_settings+=(--Recommender:Encoder="$1")
  restart_bench_server
}

switch_encoder arctic-xs
echo "== hashed -> arctic-xs ($profile, $papers papers)"
cli catalogue re-encode --encoder arctic-xs-v1-t256 | grep -v '^papers: '
switch_encoder hashed
echo "== arctic-xs -> hashed ($profile, $papers papers)"
cli catalogue re-encode --encoder hashed-tf-v1-d256 | grep -v '^papers: '
