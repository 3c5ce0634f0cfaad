#!/usr/bin/env bash
# The single "run all tests" command: private PostgreSQL/Redis, every test tier, services always stopped.
set -euo pipefail
cd "$(dirname "$0")/.."

trap 'deploy/test-services.sh stop' EXIT
eval "$(deploy/test-services.sh start)"

log="$(mktemp)"
# The fault tier (tests/Recommender.Server.Tests/Faults) appends what each scenario counted here.
export RECOMMENDER_FAULT_REPORT="$(mktemp)"
set +e
# A test that never ends is stopped after 15 minutes (the longest test takes ~3) and named in the
# output, so a hang fails the run with its culprit instead of eating CI's whole time limit.
dotnet test Recommender.sln --blame-hang-timeout 15m --blame-hang-dump-type none "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
cat "$RECOMMENDER_FAULT_REPORT"
# One plain closing line over all test projects, e.g. "167 passed, 0 failed".
awk '/(Passed|Failed)!  - /{ for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
     /Test Run Aborted/{ a++ }
     END { printf "%d passed, %d failed%s\n", p, f, a ? sprintf(", %d test run(s) aborted (a crash or a hang: see above)", a) : "" }' "$log"
rm -f "$log" "$RECOMMENDER_FAULT_REPORT"
exit "$status"
