#!/usr/bin/env bash
# Builds llama.cpp's ggml libraries for this CPU's AVX-512 VNNI/VBMI/BF16 instructions and assembles a folder that
# ModelScale loads instead of the backend package's libraries (MODELSCALE_NATIVE_DIR).
#
# LLamaSharp.Backend.Cpu 0.30.0 ships one generic AVX-512 build without VNNI kernels, which evaluates prompts about a
# fifth slower on CPUs that have VNNI (docs/bench.md). Only ggml (ggml-base, ggml, ggml-cpu) is built here; libllama and
# libmtmd come from the backend package, so the bindings and llama.cpp always agree. ggml must then come from the same
# llama.cpp commit the package was built from (below), or from one whose ggml ABI is unchanged (--any-commit).
#
#   tools/native-cpu/build.sh --source ~/src/llama.cpp [--out DIR] [--build DIR] [--any-commit]
#
# Linux x86-64 only. Needs cmake, a C++17 compiler, ninja or make, and a restored solution (the NuGet package cache).
set -euo pipefail

expected_commit=815a2a5915f22ce6a760c676389c5dfe8535c08f # llama.cpp b10221, which LLamaSharp 0.30.0 binds
backend_version=0.30.0
source_dir=""
out_dir="${XDG_DATA_HOME:-$HOME/.local/share}/modelscale/native/cpu-avx512-vnni"
build_dir="${TMPDIR:-/tmp}/modelscale-native-build"
any_commit=false

fail() { echo "error: $*" >&2; exit 2; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --source) source_dir="${2:-}"; shift 2 ;;
    --out) out_dir="${2:-}"; shift 2 ;;
    --build) build_dir="${2:-}"; shift 2 ;;
    --any-commit) any_commit=true; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) fail "unknown argument '$1'; see --help." ;;
  esac
done

[[ "$(uname -s)-$(uname -m)" == "Linux-x86_64" ]] || fail "this build is for Linux x86-64 only."
[[ -n "$source_dir" ]] || fail "--source is required: a clone of ggml-org/llama.cpp checked out at $expected_commit."
[[ -f "$source_dir/CMakeLists.txt" && -d "$source_dir/ggml/src/ggml-cpu" ]] || fail "'$source_dir' is not a llama.cpp source tree (no CMakeLists.txt and ggml/src/ggml-cpu)."
for flag in avx512f avx512_vnni avx512vbmi avx512_bf16; do
  grep -qw "$flag" /proc/cpuinfo || fail "this CPU lacks $flag; the backend package's own build is the right one for it."
done
command -v cmake >/dev/null || fail "cmake is not installed."

commit="$(git -C "$source_dir" rev-parse HEAD 2>/dev/null || echo unknown)"
if [[ "$commit" != "$expected_commit" ]]; then
  if [[ "$any_commit" != true ]]; then
    fail "'$source_dir' is at commit $commit, not $expected_commit, which LLamaSharp $backend_version binds; check that commit out, or pass --any-commit if you know its ggml ABI is the same."
  fi
  echo "warning: building ggml from commit $commit, not $expected_commit; its ABI must match the packaged libllama." >&2
fi

packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
packaged="$packages/llamasharp.backend.cpu/$backend_version/LLamaSharpRuntimes/linux-x64/native/avx512"
[[ -f "$packaged/libllama.so" ]] || fail "the backend package is not in $packages; run 'dotnet restore ModelScale.sln' first."

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)

# LLamaSharp's own Linux build options (shared libraries, $ORIGIN rpath, OpenMP), with the VNNI instruction sets on.
cmake -S "$source_dir" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DBUILD_SHARED_LIBS=ON -DGGML_OPENMP=ON -DGGML_NATIVE=OFF \
  -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON \
  -DGGML_AVX512=ON -DGGML_AVX512_VBMI=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_BF16=ON \
  -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF \
  -DLLAMA_BUILD_TOOLS=OFF -DCMAKE_INSTALL_RPATH='$ORIGIN' -DCMAKE_BUILD_WITH_INSTALL_RPATH=ON \
  -DCMAKE_PLATFORM_NO_VERSIONED_SONAME=ON >/dev/null
cmake --build "$build_dir" --target ggml ggml-base ggml-cpu -j "$(nproc)"

mkdir -p "$out_dir"
cp "$packaged/libllama.so" "$packaged/libmtmd.so" "$out_dir/"
cp "$build_dir/bin/libggml-base.so" "$build_dir/bin/libggml.so" "$build_dir/bin/libggml-cpu.so" "$out_dir/"
if command -v objdump >/dev/null; then
  echo "VNNI instructions in libggml-cpu.so: $(objdump -d "$out_dir/libggml-cpu.so" | grep -c vpdpbusd || true)"
fi
echo "ggml from llama.cpp $commit, libllama from LLamaSharp.Backend.Cpu $backend_version, in $out_dir"
echo "Use it with:  export MODELSCALE_NATIVE_DIR=$out_dir"
