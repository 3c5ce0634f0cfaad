#!/usr/bin/env bash
# Measures the digest generator: starts a Release server (embedded SQLite) and an SMTP sink
# process (`recommender smtp-sink`, counting only), imports synthetic papers into the eight synthetic themes' topics,
# then runs `recommender bench digests`. Usage: deploy/bench-digests.sh USERS [bench options]
set -euo pipefail
cd "$(dirname "$0")/.."

users=${1:?usage: deploy/bench-digests.sh USERS [bench options]}
shift

sink_pid=""
bench_extra_cleanup() {
  # A failed run keeps the server's log for a post-mortem.
  [ "$1" -ne 0 ] && cp "$work/server.log" /tmp/recommender-bench-digests-server.log 2>/dev/null \
    && echo "server log: /tmp/recommender-bench-digests-server.log" >&2
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null && wait "$sink_pid" 2>/dev/null
  return 0
}
. deploy/bench-server.sh
start_bench_server embedded
smtp=$(free_port)
dotnet src/Recommender.Cli/bin/Release/net10.0/recommender.dll smtp-sink --port "$smtp" >"$work/sink.log" 2>&1 &
sink_pid=$!

cat >"$work/topics.yaml" <<'YAML'
- id: graph-learning
  name: Graph learning
  keywords: [graph, node, edge, message-passing, gnn, neighborhood, spectral, homophily]
- id: reinforcement-learning
  name: Reinforcement learning
  keywords: [policy, reward, agent, environment, q-learning, actor-critic, exploration, trajectory]
- id: language-models
  name: Language models
  keywords: [language, token, transformer, prompt, instruction, decoder, pretraining, llm]
- id: computer-vision
  name: Computer vision
  keywords: [image, pixel, convolutional, segmentation, detection, bounding-box, resnet, vision]
- id: speech-audio
  name: Speech audio
  keywords: [speech, audio, acoustic, spectrogram, waveform, speaker, phoneme, asr]
- id: recommender-systems
  name: Recommender systems
  keywords: [recommendation, user, item, click-through, collaborative, ranking, implicit-feedback, session]
- id: optimization-theory
  name: Optimization theory
  keywords: [convex, gradient-descent, convergence, stochastic, regret, lipschitz, saddle, momentum]
- id: quantum-computing
  name: Quantum computing
  keywords: [quantum, qubit, entanglement, circuit, hamiltonian, superposition, decoherence, gate]
YAML
cli topics apply "$work/topics.yaml" >/dev/null
cli bench import --records 4000 --seed 5 >/dev/null
cli bench digests --users "$users" --topic graph-learning --topic reinforcement-learning --topic language-models --topic computer-vision --topic speech-audio --topic recommender-systems --topic optimization-theory --topic quantum-computing --smtp "smtp://127.0.0.1:$smtp" "$@"
