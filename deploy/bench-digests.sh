#!/usr/bin/env bash
# Measures the digest generator: starts a Release server (embedded SQLite) and an SMTP sink
# process (`recommender smtp-sink`, counting only), imports synthetic papers into the eight synthetic themes' topics,
# then runs `recommender bench digests`. Usage: deploy/bench-digests.sh USERS [bench options]
set -euo pipefail
cd "$(dirname "$0")/.."

users=${1:?usage: deploy/bench-digests.sh USERS [bench options]}
shift

work=$(mktemp -d /tmp/recommender-bench-digests.XXXXXX)
server_pid=""
sink_pid=""
cleanup() {
  status=$?
  # A failed run keeps the server's log for a post-mortem.
  [ "$status" -ne 0 ] && cp "$work/server.log" /tmp/recommender-bench-digests-server.log 2>/dev/null \
    && echo "server log: /tmp/recommender-bench-digests-server.log" >&2
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null && wait "$sink_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
}

for project in src/Recommender.Server src/Recommender.Cli; do dotnet build -c Release -v q "$project" >&2; done
grpc=$(free_port); http=$(free_port); smtp=$(free_port)
Logging__LogLevel__Default=Warning dotnet src/Recommender.Server/bin/Release/net10.0/Recommender.Server.dll \
  --Recommender:GrpcPort="$grpc" --Recommender:HttpPort="$http" --Recommender:DataDirectory="$work/data" \
  --Recommender:SiloPort="$(free_port)" --Recommender:GatewayPort="$(free_port)" >"$work/server.log" 2>&1 &
server_pid=$!
dotnet src/Recommender.Cli/bin/Release/net10.0/recommender.dll smtp-sink --port "$smtp" >"$work/sink.log" 2>&1 &
sink_pid=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$http/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 1
done

cli() { dotnet src/Recommender.Cli/bin/Release/net10.0/recommender.dll --server "http://127.0.0.1:$grpc" "$@"; }
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
