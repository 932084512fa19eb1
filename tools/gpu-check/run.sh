#!/usr/bin/env bash
# The GPU check, run on the machine with the GPU (no .NET, no internet needed): builds ggml with the CUDA backend for
# the GPU it finds, next to the packaged libllama, points MODELSCALE_NATIVE_DIR at it, and runs the five steps of
# tools/gpu-check/README.md, writing gpu-check.json, gpu-check.md and gpu-check.log into the output folder.
#
#   tools/gpu-check/out/run.sh [--cpu] [--out DIR] [--budget SECONDS] [--no-llama-bench] [--arch 90] [--help]
#
# Run tools/gpu-check/prepare.sh first (on a machine with .NET): it packs everything into tools/gpu-check/out/.
# --cpu runs the same steps on the CPU backend (no CUDA build, no NVML), as CI does. The output folder is $OUT when
# set, else ./gpu-check-results. Exit code 0 when every target is met, 1 when one is missed or a step could not run.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kit=$here
# Started from tools/gpu-check/ rather than from the packed folder: use the packed folder beside it.
if [[ ! -f "$kit/modelscale-linux-x64.tar.xz" && -f "$here/out/modelscale-linux-x64.tar.xz" ]]; then
  kit="$here/out"
fi

python=""
for candidate in python3 python; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 8) else 1)' 2>/dev/null; then
    python=$candidate
    break
  fi
done
[[ -n "$python" ]] || { echo "run.sh: error: python 3.8 or newer is needed to run the check's steps." >&2; exit 1; }
for tool in tar xz cmake; do
  command -v "$tool" >/dev/null || { echo "run.sh: error: $tool is not installed." >&2; exit 1; }
done
[[ -f "$kit/gpu_check.py" && -f "$kit/modelscale-linux-x64.tar.xz" ]] || {
  echo "run.sh: error: the kit is not packed in $kit; run tools/gpu-check/prepare.sh first." >&2
  exit 1
}

export PYTHONUNBUFFERED=1
exec "$python" "$kit/gpu_check.py" "$@"
