#!/usr/bin/env bash
# Packs the GPU check into one git-ignored folder that travels with the repository to a machine with no .NET and no
# internet (tools/gpu-check/README.md): a self-contained linux-x64 `modelscale` (xz-compressed), the llama.cpp source
# of node-llama-cpp 3.21.1's bundle (ggml with the CPU and CUDA backends, and libllama, common and llama-bench for the peer figure; xz-compressed),
# libllama from LLamaSharp.Backend.Cpu 0.30.0 (inside the publish), the tokenizer donor, and the run scripts.
#
#   tools/gpu-check/prepare.sh [--out DIR]
#
# --out   the folder to fill (default tools/gpu-check/out, ignored by git); it is emptied first
#
# Needs dotnet (the repository's SDK), tar with xz, git, and node-llama-cpp 3.21.1: an install found under
# MODELSCALE_PEER_DIR, ${TMPDIR:-/tmp}/modelscale-peer (bench/compare.sh's) or ~/.cache/modelscale-gpu-check, or
# fetched there with `npm pack` (the package tarball only; never into the repository).
# Environment: MODELSCALE_TEST_MODELS (the folder with llama-2-tiny-random.gguf; default ../shared/models).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$repo/tools/gpu-check"
out="$here/out"
peer_version=3.21.1

fail() { echo "prepare.sh: error: $*" >&2; exit 1; }
say() { echo "prepare.sh: $*" >&2; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) [[ $# -ge 2 && -n "$2" ]] || fail "--out needs a folder."; out=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown argument '$1'; see --help." ;;
  esac
done

for tool in dotnet tar xz git; do
  command -v "$tool" >/dev/null || fail "$tool is not installed."
done
models=${MODELSCALE_TEST_MODELS:-$repo/../shared/models}
donor="$models/llama-2-tiny-random.gguf"
[[ -f "$donor" ]] || fail "the tokenizer donor $donor is missing; set MODELSCALE_TEST_MODELS to the folder that holds llama-2-tiny-random.gguf."

scratch="${TMPDIR:-/tmp}/modelscale-gpu-check-prepare"
rm -rf "$scratch"
mkdir -p "$scratch"
trap 'rm -rf "$scratch"' EXIT

# 1. node-llama-cpp's llama.cpp bundle: reuse an install, or fetch the package tarball alone.
find_peer() {
  local dir
  for dir in "${MODELSCALE_PEER_DIR:-}" "${TMPDIR:-/tmp}/modelscale-peer" "$HOME/.cache/modelscale-gpu-check/peer"; do
    [[ -n "$dir" ]] || continue
    for pkg in "$dir/node_modules/node-llama-cpp" "$dir/package"; do
      if [[ -f "$pkg/llama/gitRelease.bundle" ]] && grep -q "\"version\": \"$peer_version\"" "$pkg/package.json" 2>/dev/null; then
        echo "$pkg"
        return 0
      fi
    done
  done
  return 1
}
if ! peer=$(find_peer); then
  command -v npm >/dev/null || fail "node-llama-cpp $peer_version is not installed and npm is not there to fetch it."
  cache="$HOME/.cache/modelscale-gpu-check/peer"
  say "fetching node-llama-cpp $peer_version (the package tarball, about 34 MiB) into $cache"
  mkdir -p "$cache"
  (cd "$cache" && npm pack --silent "node-llama-cpp@$peer_version" >/dev/null && tar xzf "node-llama-cpp-$peer_version.tgz" && rm "node-llama-cpp-$peer_version.tgz")
  peer=$(find_peer) || fail "npm pack did not give node-llama-cpp $peer_version with llama/gitRelease.bundle."
fi
say "llama.cpp source: the bundle of $peer"

git clone --quiet "$peer/llama/gitRelease.bundle" "$scratch/llama.cpp" 2>/dev/null \
  || fail "$peer/llama/gitRelease.bundle is not a git bundle git can clone."
commit=$(git -C "$scratch/llama.cpp" rev-parse HEAD)
# node-llama-cpp applies its patches to the bundle before it builds; the peer's llama-bench gets the same source.
for patch in "$peer"/llama/patches/*.diff; do
  [[ -f "$patch" ]] || continue
  git -C "$scratch/llama.cpp" apply "$patch" || fail "node-llama-cpp's patch $(basename "$patch") does not apply to its own bundle."
done

# Only what the check builds: ggml with the CPU and CUDA backends, and (for llama-bench) libllama, common and vendor.
src="$scratch/src"
mkdir -p "$src/ggml/src"
(
  cd "$scratch/llama.cpp"
  cp -r LICENSE CMakeLists.txt cmake include "$src/"
  cp -r ggml/CMakeLists.txt ggml/cmake ggml/include "$src/ggml/"
  find ggml/src -maxdepth 1 -type f -exec cp {} "$src/ggml/src/" \;
  cp -r ggml/src/ggml-cpu ggml/src/ggml-cuda "$src/ggml/src/"
  cp -r src common vendor "$src/"
  mkdir -p "$src/tools/llama-bench"
  cp -r tools/llama-bench/. "$src/tools/llama-bench/"
)
# tools/CMakeLists.txt would add every tool; the check builds llama-bench alone.
mkdir -p "$src/tools"
printf '# Written by tools/gpu-check/prepare.sh: llama-bench is the only tool the GPU check builds.\nfind_package(Threads REQUIRED)\nllama_add_compile_flags()\nadd_subdirectory(llama-bench)\n' > "$src/tools/CMakeLists.txt"
printf '{ "package": "node-llama-cpp", "version": "%s", "commit": "%s", "patches": "%s" }\n' \
  "$peer_version" "$commit" "$(cd "$peer/llama/patches" 2>/dev/null && ls ./*.diff 2>/dev/null | tr '\n' ' ' | sed 's#\./##g')" > "$src/SOURCE.json"

# 2. modelscale, self-contained for linux-x64 (the GPU machine has no .NET).
say "publishing modelscale (Release, self-contained, linux-x64)"
dotnet publish "$repo/src/ChatHost" -c Release -r linux-x64 --self-contained true -p:PublishTrimmed=false \
  -p:DebugType=none -p:PublishDocumentationFile=false -p:PublishReferencesDocumentationFiles=false -o "$scratch/modelscale" -v quiet -nologo >&2
natives="$scratch/modelscale/runtimes/linux-x64/native"
[[ -f "$natives/avx2/libllama.so" ]] || fail "the publish has no runtimes/linux-x64/native/avx2/libllama.so; has LLamaSharp.Backend.Cpu changed its layout?"
# One CPU build is kept (avx2): its libllama.so is the one every run uses, beside ggml built from the bundle.
for variant in "$natives"/*/; do
  [[ "$(basename "$variant")" == avx2 ]] || rm -rf "$variant"
done

# 3. Pack.
rm -rf "$out"
mkdir -p "$out"
say "compressing (xz -9)"
XZ_OPT='-9 -T0' tar -C "$scratch" -cJf "$out/modelscale-linux-x64.tar.xz" modelscale
# The source's files carry the bundle commit's time, so that a second run over a kit prepared again from the same
# bundle finds an earlier build up to date instead of building everything again.
XZ_OPT='-9 -T0' tar -C "$scratch" -cJf "$out/llama.cpp-src.tar.xz" --sort=name --owner=0 --group=0 \
  --mtime="@$(git -C "$scratch/llama.cpp" log -1 --format=%ct)" --transform 's#^src#llama.cpp#' src
cp "$donor" "$out/"
cp "$here/run.sh" "$here/gpu_check.py" "$out/"
chmod +x "$out/run.sh"
printf '{ "prepared": "%s", "repositoryCommit": "%s", "llamaCpp": %s }\n' \
  "$(date -u +%FT%TZ)" "$(git -C "$repo" rev-parse HEAD 2>/dev/null || echo unknown)" "$(cat "$src/SOURCE.json")" > "$out/PREPARED.json"

total=$(du -sb "$out" | cut -f1)
say "packed into $out:"
(cd "$out" && du -b ./* | sed 's#\./##' | awk '{ printf "  %-32s %7.2f MiB\n", $2, $1 / 1048576 }') >&2
awk -v t="$total" 'BEGIN { printf "prepare.sh: %.2f MiB in all (limit 64 MiB)\n", t / 1048576 }' >&2
(( total <= 64 * 1024 * 1024 )) || fail "the kit is $total bytes, over the 64 MiB a GPU machine's upload allows."
