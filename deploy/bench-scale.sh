#!/usr/bin/env bash
# The fan-out at scale: starts a Release server (embedded, or PostgreSQL with fsync on + Redis)
# and runs `recommender bench scale` against it, then reports Redis memory per user.
# Usage: deploy/bench-scale.sh embedded|postgres [bench scale options, e.g. --users 100000]
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:?usage: deploy/bench-scale.sh embedded|postgres [bench scale options]}
shift
. deploy/bench-server.sh
start_bench_server "$profile"
cli bench scale --server-pid "$server_pid" --model src/Recommender.Server/bin/Release/net10.0/models/default.onnx "$@"
if [ "$profile" = postgres ]; then
  # What the fan-out cost Redis: calls and microseconds per call of each command it ran.
  redis-cli -p "${RECOMMENDER_TEST_REDIS##*:}" info cpu | awk -F: '/^used_cpu_(user|sys):/{cpu += $2} END {printf "redis: %.1f s of CPU over the whole benchmark\n", cpu}'
  redis-cli -p "${RECOMMENDER_TEST_REDIS##*:}" info commandstats | awk -F'[:,=]' '/^cmdstat_/{printf "redis %-22s calls %10d  usec/call %6.2f  total %.1f s\n", substr($1, 9), $3, $7, $5 / 1e6}'
fi
users=100000
for ((i = 1; i <= $#; i++)); do [ "${!i}" = --users ] && { j=$((i + 1)); users=${!j}; }; done
# Kill the server as a crash would, start it on the same storage, and read every feed once.
kill -9 "$server_pid"; wait "$server_pid" 2>/dev/null || true
restart_bench_server
echo "after a crash and restart:"
cli bench feeds --users "$users"
if [ "$profile" = postgres ]; then
  used=$(redis-cli -p "${RECOMMENDER_TEST_REDIS##*:}" info memory | awk -F: '/^used_memory:/{print $2+0}')
  keys=$(redis-cli -p "${RECOMMENDER_TEST_REDIS##*:}" dbsize)
  echo "redis: used_memory $((used / 1048576)) MB for $keys keys (two per stored feed: its value and its list of added entries)"
  echo "redis: $((used / users)) bytes per user (target ≤ 4,096)"
fi
