#!/usr/bin/env bash
# The single "run all tests" command: private PostgreSQL/Redis, every test tier, services always stopped.
set -euo pipefail
cd "$(dirname "$0")/.."

trap 'deploy/test-services.sh stop' EXIT
eval "$(deploy/test-services.sh start)"

set +e
dotnet test Recommender.sln "$@"
status=$?
set -e
exit $status
