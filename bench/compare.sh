#!/usr/bin/env bash
# ModelScale against its peer, node-llama-cpp, on the same model, prompt tokens, answer tokens, threads, context and
# batch. Installs the peer into a scratch folder outside the repository (never a committed node_modules), runs the two
# in alternation (the machine's other load hits both alike), checks that their greedy answers match token for token,
# and prints the ratios. Then one more ModelScale run measures switching back and batching.
#
#   bench/compare.sh [--rounds 3] [--repeat 3] [--prompt-tokens 512] [--gen-tokens 128] [--threads 2]
#                    [--parallel 4] [--model FILE.gguf] [--tokenizer-from llama-2-tiny-random.gguf] [--out FILE.json]
#
# Without --model, ModelScale's own synthetic 1B-shaped model is used (written once to the per-user cache).
# Environment: MODELSCALE_PEER_DIR (default ${TMPDIR:-/tmp}/modelscale-peer), MODELSCALE_BENCH_EXE (a built modelscale).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=3 repeat=3 prompt=512 gen=128 threads=2 parallel=4 model="" tokenizer="" out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --prompt-tokens) prompt=$2; shift 2 ;;
    --gen-tokens) gen=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --parallel) parallel=$2; shift 2 ;;
    --model) model=$2; shift 2 ;;
    --tokenizer-from) tokenizer=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "error: unknown option '$1' (see --help)." >&2; exit 1 ;;
  esac
done

peer_dir=${MODELSCALE_PEER_DIR:-${TMPDIR:-/tmp}/modelscale-peer}
work=$(mktemp -d "${TMPDIR:-/tmp}/modelscale-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The peer, installed from the pinned package.json and lock file (prebuilt CPU binaries; no build, no download at run time).
mkdir -p "$peer_dir"
cp "$repo/bench/peer/package.json" "$repo/bench/peer/package-lock.json" "$repo/bench/peer/bench.mjs" "$peer_dir/"
if [[ ! -f "$peer_dir/node_modules/node-llama-cpp/package.json" ]] \
   || ! grep -q '"version": "3.21.1"' "$peer_dir/node_modules/node-llama-cpp/package.json"; then
  echo "Installing node-llama-cpp 3.21.1 into $peer_dir ..." >&2
  (cd "$peer_dir" && npm ci --ignore-scripts --no-audit --no-fund >&2)
fi

# ModelScale, built in Release.
exe=${MODELSCALE_BENCH_EXE:-}
if [[ -z "$exe" ]]; then
  echo "Building ModelScale (Release) ..." >&2
  dotnet build "$repo/src/ChatHost" -c Release -v quiet -nologo >&2
  exe="$repo/src/ChatHost/bin/Release/net10.0/modelscale"
fi

ctx=$(( (prompt + gen + 255) / 256 * 256 ))
ours_args=(bench --prompt-tokens "$prompt" --gen-tokens "$gen" --threads "$threads" --repeat "$repeat" --ctx "$ctx" --no-switch-back --json)
if [[ -n "$model" ]]; then ours_args+=(--model "$model"); fi
if [[ -n "$tokenizer" ]]; then ours_args+=(--tokenizer-from "$tokenizer"); fi

for ((round = 1; round <= rounds; round++)); do
  echo "== round $round/$rounds: ModelScale (load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'))" >&2
  "$exe" "${ours_args[@]}" > "$work/ours-$round.json"
  if [[ -z "$model" ]]; then
    model=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).targets[0].path)' "$work/ours-$round.json")
    ours_args+=(--model "$model")
  fi
  echo "== round $round/$rounds: node-llama-cpp (load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'))" >&2
  (cd "$peer_dir" && node bench.mjs --model "$model" --prompt-tokens "$prompt" --gen-tokens "$gen" --threads "$threads" \
     --repeat "$repeat" --ctx "$ctx") > "$work/peer-$round.json"
done

extra_args=(bench --model "$model" --prompt-tokens "$prompt" --gen-tokens "$gen" --threads "$threads" --repeat "$repeat" --ctx "$ctx" --json)
if [[ "$parallel" -gt 1 ]]; then extra_args+=(--parallel "$parallel"); fi
echo "== switch-back and batching (x$parallel)" >&2
"$exe" "${extra_args[@]}" > "$work/extra.json"

node "$repo/bench/summarize.mjs" "$work" "$rounds" ${out:+"$out"}
