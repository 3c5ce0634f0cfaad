#!/usr/bin/env bash
# Rebuilds models/default.onnx reproducibly: fixed-seed simulation (300 users, 14 days,
# seed 1), MMoE trained on every impression, ONNX export. Same bytes on every run.
# Usage: deploy/train-default-model.sh [OUT.onnx]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project src/Recommender.Cli -c Release -- build-default-model --out "${1:-models/default.onnx}"
