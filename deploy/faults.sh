#!/usr/bin/env bash
# The fault suite alone (three real servers on a private PostgreSQL and Redis; see docs/operations.md).
# Usage: deploy/faults.sh            the test tier's sizes (about 6 minutes on 2 cores)
#        deploy/faults.sh --long     50,000-paper kill, 20,000-paper SIGTERM, 30-minute soak after 3 minutes' warm-up
# Needs root (PostgreSQL runs as user postgres) and the packages deploy/test-services.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  --long) export RECOMMENDER_FAULTS_LONG=1 ;;
  "") ;;
  *) echo "usage: $0 [--long]" >&2; exit 2 ;;
esac

# Installs redis-server, postgresql and friends if missing; the suite starts servers of its own.
dir="$(deploy/test-services.sh start | sed -n "s/^export RECOMMENDER_TEST_SERVICES_DIR='\(.*\)'$/\1/p")"
trap 'RECOMMENDER_TEST_SERVICES_DIR="$dir" deploy/test-services.sh stop' EXIT

export RECOMMENDER_FAULT_REPORT="$(mktemp)"
set +e
dotnet test tests/Recommender.Server.Tests --filter Category=Faults --logger "console;verbosity=normal"
status=$?
set -e
cat "$RECOMMENDER_FAULT_REPORT"
rm -f "$RECOMMENDER_FAULT_REPORT"
exit "$status"
