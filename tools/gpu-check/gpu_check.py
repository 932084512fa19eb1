#!/usr/bin/env python3
"""The GPU check's steps (tools/gpu-check/README.md); run.sh starts it. Python 3.8+, standard library only.

Unpacks the kit, builds ggml from the packed llama.cpp source (CUDA for the GPU it finds, or the CPU backend with
--cpu) next to the packaged libllama, then:
  1. `modelscale gpus --json`: NVML and ggml's device memory agree within 1%
  2. random-weight models (1B, 8B and 13B shapes; Q4_0 and Q4_K_M) planned and loaded at each context with
     `plan --verify --json`: every buffer within 5%, the total never under by more than 2%
  3. `--vram` caps (MODELSCALE_VRAM): NVML's peak stays under the cap, the plan's layer count loads, one more layer
     would not have fit, no out-of-memory
  4. `bench` at full offload (prefill, decode, --parallel 4 and 16) and llama.cpp's llama-bench on the same files
  5. the header-only 70B shape planned for this machine's real free memory
Every figure is written with its prediction to gpu-check.json and gpu-check.md in the output folder after each
measurement, so a run stopped halfway keeps what it measured. Exit code: 0 when every target is met, 1 otherwise.
"""

import argparse
import ctypes
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time

KIT = os.path.dirname(os.path.abspath(__file__))
MIB = 1024 * 1024
GIB = 1024 * MIB
SCHEMA_VERSION = 1

# The check's targets (issue 17).
BUFFER_TOLERANCE_PERCENT = 5.0
TOTAL_UNDER_PERCENT = 2.0
DEVICE_AGREEMENT_PERCENT = 1.0
DECODE_RATIO_TARGET = 0.95
MARGIN_BYTES = GIB  # the plan's default margin per GPU


def now():
    return time.monotonic()


class Budget:
    """The whole run's time: each step gets at most its own limit and never more than what is left."""

    def __init__(self, seconds):
        self.deadline = now() + seconds
        self.seconds = seconds

    def left(self):
        return self.deadline - now()

    def limit(self, wanted, reserve=15):
        return max(0.0, min(wanted, self.left() - reserve))


class Report:
    """The results document, written again after every figure (JSON and a markdown table)."""

    def __init__(self, out_dir, mode):
        self.out_dir = out_dir
        self.doc = {
            "schemaVersion": SCHEMA_VERSION,
            "mode": mode,
            "started": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "finished": None,
            "status": "running",
            "machine": {},
            "kit": {},
            "build": {},
            "steps": {},
            "targets": [],
            "errors": [],
        }
        self.log_path = os.path.join(out_dir, "gpu-check.log")
        self._lock = threading.Lock()

    def log(self, text):
        line = f"[{datetime.datetime.now().strftime('%H:%M:%S')}] {text}"
        with self._lock:
            print(line, file=sys.stderr, flush=True)
            with open(self.log_path, "a", encoding="utf-8") as f:
                f.write(line + "\n")

    def log_block(self, title, text, tail_lines=None):
        lines = (text or "").splitlines()
        if tail_lines is not None and len(lines) > tail_lines:
            lines = [f"... ({len(lines) - tail_lines} lines left out)"] + lines[-tail_lines:]
        with self._lock:
            with open(self.log_path, "a", encoding="utf-8") as f:
                f.write(f"----- {title}\n" + "\n".join(lines) + "\n-----\n")

    def step(self, name):
        return self.doc["steps"].setdefault(name, {"status": "running", "items": []})

    def target(self, step, what, measured, predicted, ok, note=""):
        """One figure against its target; ok None means not applicable (recorded, never a miss)."""
        self.doc["targets"].append({"step": step, "what": what, "measured": measured, "predicted": predicted,
                                    "ok": ok, "note": note})
        mark = "ok" if ok else ("n/a" if ok is None else "MISSED")
        self.log(f"target [{mark}] {step}: {what}: measured {fmt(measured)}, predicted {fmt(predicted)} {note}".rstrip())
        self.save()

    def error(self, step, message):
        self.doc["errors"].append({"step": step, "message": message})
        self.log(f"error in {step}: {message}")
        self.save()

    def save(self):
        with self._lock:
            write_atomically(os.path.join(self.out_dir, "gpu-check.json"), json.dumps(self.doc, indent=2) + "\n")
            write_atomically(os.path.join(self.out_dir, "gpu-check.md"), render_markdown(self.doc))

    def missed(self):
        return [t for t in self.doc["targets"] if t["ok"] is False]


def write_atomically(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def fmt(value):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def mib(n):
    return None if n is None else round(n / MIB, 2)


def render_markdown(doc):
    m = doc.get("machine", {})
    lines = [f"# GPU check ({doc['mode']}): {doc['status']}", ""]
    lines.append(f"Started {doc['started']}, finished {doc.get('finished') or '-'}; "
                 f"GPU {m.get('gpu') or 'none'}, driver {m.get('driver') or '-'}, CUDA arch {m.get('cudaArch') or '-'}, "
                 f"{m.get('cpus', '?')} CPUs; build {doc.get('build', {}).get('status', '-')} "
                 f"in {doc.get('build', {}).get('seconds', '-')} s.")
    lines.append("")
    missed = [t for t in doc["targets"] if t["ok"] is False]
    lines.append(f"**{len(doc['targets']) - len(missed)} of {len(doc['targets'])} figures on target**"
                 + (f"; missed: {len(missed)}" if missed else "") + ".")
    lines.append("")
    lines.append("| step | what | measured | predicted | target |")
    lines.append("| --- | --- | ---: | ---: | --- |")
    for t in doc["targets"]:
        mark = "ok" if t["ok"] else ("n/a" if t["ok"] is None else "**missed**")
        note = f" ({t['note']})" if t.get("note") else ""
        lines.append(f"| {t['step']} | {t['what']} | {fmt(t['measured'])} | {fmt(t['predicted'])} | {mark}{note} |")
    if doc["errors"]:
        lines.append("")
        lines.append("Errors:")
        lines.append("")
        for e in doc["errors"]:
            lines.append(f"- {e['step']}: {e['message']}")
    return "\n".join(lines) + "\n"


_children = set()
_children_lock = threading.Lock()


def run(report, name, cmd, timeout, env=None, cwd=None, log_tail=60):
    """Runs one command under a time limit; returns (rc, stdout, stderr, seconds). rc 124 when it ran out of time."""
    started = now()
    report.log(f"$ {' '.join(cmd)}   (limit {timeout:.0f} s)")
    if timeout <= 1:
        report.log(f"{name}: skipped, the run's time budget is spent")
        return 124, "", "skipped: the run's time budget is spent", 0.0
    try:
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd, text=True,
                             errors="replace", start_new_session=True)
    except OSError as e:
        report.log(f"{name}: could not start ({e})")
        return 127, "", str(e), 0.0
    with _children_lock:
        _children.add(p)
    try:
        out, err = p.communicate(timeout=timeout)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        kill(p)
        out, err = p.communicate()
        rc = 124
        err = (err or "") + f"\n(timed out after {timeout:.0f} s)"
    finally:
        with _children_lock:
            _children.discard(p)
    seconds = round(now() - started, 2)
    report.log(f"{name}: exit {rc} in {seconds} s")
    if rc != 0:
        report.log_block(f"{name} stderr", err, log_tail)
    return rc, out or "", err or "", seconds


def kill(p):
    """Ends a command and everything it started (its own process group)."""
    try:
        os.killpg(p.pid, 9)
    except (ProcessLookupError, PermissionError):
        pass


def kill_children():
    with _children_lock:
        for p in list(_children):
            kill(p)


class Nvml:
    """NVML through ctypes (libnvidia-ml.so.1, which the driver installs): device memory and a peak sampler."""

    class _Memory(ctypes.Structure):
        _fields_ = [("total", ctypes.c_ulonglong), ("free", ctypes.c_ulonglong), ("used", ctypes.c_ulonglong)]

    def __init__(self):
        self.lib = ctypes.CDLL("libnvidia-ml.so.1")
        if self.lib.nvmlInit_v2() != 0:
            raise OSError("nvmlInit_v2 failed")
        self.handle = ctypes.c_void_p()
        if self.lib.nvmlDeviceGetHandleByIndex_v2(0, ctypes.byref(self.handle)) != 0:
            raise OSError("nvmlDeviceGetHandleByIndex_v2(0) failed")
        self._peak = 0
        self._stop = threading.Event()
        self._thread = None

    def memory(self):
        m = Nvml._Memory()
        if self.lib.nvmlDeviceGetMemoryInfo(self.handle, ctypes.byref(m)) != 0:
            raise OSError("nvmlDeviceGetMemoryInfo failed")
        return m.total, m.free, m.used

    def start_peak(self):
        """Samples the used memory every 10 ms until stop_peak; returns the used memory before."""
        baseline = self.memory()[2]
        self._peak = baseline
        self._stop.clear()

        def sample():
            while not self._stop.is_set():
                self._peak = max(self._peak, self.memory()[2])
                time.sleep(0.01)

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()
        return baseline

    def stop_peak(self):
        self._stop.set()
        if self._thread:
            self._thread.join()
        return self._peak


class Kit:
    def __init__(self, args, report, budget):
        self.args = args
        self.report = report
        self.budget = budget
        self.work = os.path.abspath(args.work)
        self.modelscale = os.path.join(self.work, "modelscale", "modelscale")
        self.native = os.path.join(self.work, "native")
        self.build_dir = os.path.join(self.work, "build")
        self.source = os.path.join(self.work, "llama.cpp")
        self.models_dir = os.path.join(self.work, "models")
        self.nvml = None
        self.cuda_lib_dirs = []
        self.models = {}          # (shape, scheme) -> path
        self.written = {}         # (shape, scheme) -> threading.Event, set once its writing ended (well or not)
        self.writer = None        # the background thread that writes the models
        self.bench_build = None   # the background thread that builds llama-bench
        self.llama_bench = None

    # ----- environment

    def env(self, vram=None, with_natives=True):
        env = dict(os.environ)
        env["HOME"] = os.path.join(self.work, "home")
        env["XDG_DATA_HOME"] = os.path.join(self.work, "home", "data")
        env["XDG_CACHE_HOME"] = os.path.join(self.work, "home", "cache")
        env["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1"  # no ICU needed on a bare machine
        env["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1"
        env.pop("MODELSCALE_VRAM", None)
        env.pop("MODELSCALE_RAM", None)
        env.pop("MODELSCALE_NATIVE_DIR", None)
        if with_natives:
            env["MODELSCALE_NATIVE_DIR"] = self.native
        if vram is not None:
            env["MODELSCALE_VRAM"] = vram
        if self.cuda_lib_dirs:
            env["LD_LIBRARY_PATH"] = ":".join(self.cuda_lib_dirs + [p for p in env.get("LD_LIBRARY_PATH", "").split(":") if p])
        return env

    def ms(self, name, argv, timeout, vram=None, with_natives=True):
        return run(self.report, name, [self.modelscale] + argv, self.budget.limit(timeout), env=self.env(vram, with_natives))

    # ----- unpack and build

    def unpack(self):
        os.makedirs(self.work, exist_ok=True)
        for d in ("home", "models"):
            os.makedirs(os.path.join(self.work, d), exist_ok=True)
        for archive, folder in (("modelscale-linux-x64.tar.xz", "modelscale"), ("llama.cpp-src.tar.xz", "llama.cpp")):
            path = os.path.join(KIT, archive)
            if not os.path.isfile(path):
                raise KitError(f"{archive} is not beside gpu_check.py in {KIT}; run tools/gpu-check/prepare.sh first.")
            # tar keeps the archive's times, so a rerun over the same source leaves an earlier build up to date.
            shutil.rmtree(os.path.join(self.work, folder), ignore_errors=True)
            rc, _, err, _ = run(self.report, f"unpack {archive}", ["tar", "-xJf", path, "-C", self.work], self.budget.limit(120))
            if rc != 0:
                raise KitError(f"unpacking {archive} failed: {err.strip()[-300:]}")
        if not os.access(self.modelscale, os.X_OK):
            raise KitError(f"{self.modelscale} is missing or not executable after unpacking.")
        prepared = os.path.join(KIT, "PREPARED.json")
        if os.path.isfile(prepared):
            with open(prepared, encoding="utf-8") as f:
                self.report.doc["kit"] = json.load(f)

    def detect_gpu(self):
        m = self.report.doc["machine"]
        m["cpus"] = os.cpu_count()
        m["os"] = platform.platform()
        if self.args.cpu:
            return
        if self.args.arch:
            m["cudaArch"] = self.args.arch
        smi = shutil.which("nvidia-smi")
        if smi:
            rc, out, err, _ = run(self.report, "nvidia-smi", [smi, "--query-gpu=name,compute_cap,memory.total,driver_version",
                                                               "--format=csv,noheader"], 30)
            if rc == 0 and out.strip():
                name, cap, total, driver = [x.strip() for x in out.strip().splitlines()[0].split(",")]
                m.update({"gpu": name, "computeCapability": cap, "memoryTotal": total, "driver": driver})
                m.setdefault("cudaArch", cap.replace(".", ""))
        if not m.get("cudaArch"):
            raise KitError("no NVIDIA GPU found (nvidia-smi is missing or lists none); pass --arch 90 to build anyway, or --cpu.")
        try:
            self.nvml = Nvml()
            total, free, used = self.nvml.memory()
            m["nvml"] = {"totalBytes": total, "freeBytes": free, "usedBytes": used}
        except OSError as e:
            self.report.error("machine", f"NVML is not usable ({e}); peak device memory cannot be measured.")

    def find_nvcc(self):
        """nvcc on the PATH, in /usr/local/cuda*, or in Python's CUDA wheels; the runtime libraries' folders beside it."""
        wheels = pip_cuda_dirs()
        candidates = [shutil.which("nvcc"), "/usr/local/cuda/bin/nvcc"]
        candidates += sorted([os.path.join(d, "bin", "nvcc") for d in _glob("/usr/local/cuda-*")], reverse=True)
        candidates += [c for d in wheels for c in sorted(_glob(os.path.join(d, "*", "bin", "nvcc")))]
        for c in candidates:
            if c and os.access(c, os.X_OK):
                home = os.path.dirname(os.path.dirname(os.path.realpath(c)))
                dirs = [d for d in (os.path.join(home, "lib64"), os.path.join(home, "lib"), os.path.join(home, "targets", "x86_64-linux", "lib"))
                        if os.path.isdir(d)]
                # cuBLAS and the runtime from the wheels when the toolkit beside nvcc lacks them.
                if not any(_glob(os.path.join(d, "libcublas.so*")) for d in dirs):
                    dirs += sorted({os.path.dirname(f) for d in wheels for f in _glob(os.path.join(d, "*", "lib", "libcu*.so*"))})
                self.cuda_lib_dirs = dirs
                self.report.doc["build"]["cudaLibraryDirs"] = dirs
                return c
        return None

    def configure(self):
        b = self.report.doc["build"]
        generator = ["-G", "Ninja"] if shutil.which("ninja") else []
        b["generator"] = "ninja" if generator else "make"
        flags = ["-DCMAKE_BUILD_TYPE=Release", "-DBUILD_SHARED_LIBS=ON", "-DGGML_NATIVE=ON", "-DGGML_OPENMP=ON",
                 "-DLLAMA_CURL=OFF", "-DLLAMA_OPENSSL=OFF", "-DLLAMA_BUILD_TESTS=OFF", "-DLLAMA_BUILD_EXAMPLES=OFF",
                 "-DLLAMA_BUILD_SERVER=OFF", "-DLLAMA_BUILD_APP=OFF", "-DLLAMA_BUILD_COMMON=ON", "-DLLAMA_BUILD_TOOLS=ON",
                 "-DCMAKE_INSTALL_RPATH=$ORIGIN", "-DCMAKE_BUILD_WITH_INSTALL_RPATH=ON", "-DCMAKE_PLATFORM_NO_VERSIONED_SONAME=ON"]
        if not self.args.cpu:
            nvcc = self.find_nvcc()
            b["nvcc"] = nvcc
            if not nvcc:
                self.report.error("build", "nvcc was not found (PATH, /usr/local/cuda*, Python's nvidia-* wheels); CMake will look for it itself.")
            if nvcc:
                rc, out, _, _ = run(self.report, "nvcc --version", [nvcc, "--version"], 30)
                b["nvccVersion"] = out.strip().splitlines()[-1] if rc == 0 and out.strip() else None
            arch = self.report.doc["machine"]["cudaArch"]
            # Only this GPU's architecture, as real code (no PTX); flash attention on (as the CUDA package builds it,
            # and as the plan's compute formula assumes), but only the f16/q4_0/q8_0 KV pairs; no NCCL, no compression.
            flags += ["-DGGML_CUDA=ON", f"-DCMAKE_CUDA_ARCHITECTURES={arch}-real", "-DGGML_CUDA_FA=ON",
                      "-DGGML_CUDA_FA_ALL_QUANTS=OFF", "-DGGML_CUDA_GRAPHS=ON", "-DGGML_CUDA_NCCL=OFF",
                      "-DGGML_CUDA_COMPRESSION_MODE=none"]
            if nvcc:
                flags.append(f"-DCMAKE_CUDA_COMPILER={nvcc}")
        b["flags"] = flags
        # A build folder left by an earlier run on this machine is kept: ninja then builds only what is missing.
        rc, out, err, seconds = run(self.report, "cmake configure", ["cmake", "-S", self.source, "-B", self.build_dir] + generator + flags,
                                    self.budget.limit(120), log_tail=80)
        b["configureSeconds"] = seconds
        self.report.log_block("cmake configure", out, 40)
        if rc != 0:
            raise KitError(f"cmake could not configure llama.cpp ({last_error_line(out + err)}).")

    def build_ggml(self):
        b = self.report.doc["build"]
        targets = ["ggml-base", "ggml", "ggml-cpu"] + ([] if self.args.cpu else ["ggml-cuda"])
        jobs = str(self.args.jobs or os.cpu_count() or 2)
        rc, out, err, seconds = run(self.report, "build ggml", ["cmake", "--build", self.build_dir, "-j", jobs, "--target"] + targets,
                                    self.budget.limit(self.args.build_budget), log_tail=120)
        b["targets"] = targets
        b["seconds"] = seconds
        self.report.log_block("build ggml (tail)", out, 30)
        if rc != 0:
            b["status"] = "timed out" if rc == 124 else "failed"
            raise KitError(f"building ggml {'ran out of time' if rc == 124 else 'failed'} after {seconds} s ({last_error_line(out + err)}).")
        b["status"] = "ok"
        # The folder ModelScale loads: the package's libllama and libmtmd beside the ggml just built.
        shutil.rmtree(self.native, ignore_errors=True)
        os.makedirs(self.native)
        packaged = os.path.join(self.work, "modelscale", "runtimes", "linux-x64", "native", "avx2")
        for f in ("libllama.so", "libmtmd.so"):
            shutil.copy2(os.path.join(packaged, f), self.native)
        bin_dir = os.path.join(self.build_dir, "bin")
        libs = sorted(f for f in os.listdir(bin_dir) if f.startswith("libggml") and f.endswith(".so"))
        for f in libs:
            shutil.copy2(os.path.join(bin_dir, f), self.native)
        b["libraries"] = {f: os.path.getsize(os.path.join(self.native, f)) for f in sorted(os.listdir(self.native))}
        self.check_abi()

    def check_abi(self):
        """Every ggml symbol the packaged libllama imports must be exported by the ggml just built."""
        nm = shutil.which("nm")
        if not nm:
            self.report.log("nm is not installed; the ggml ABI check is skipped")
            return
        def symbols(path, flag):
            p = subprocess.run([nm, "-D", flag, path], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            return {line.split()[-1].split("@")[0] for line in p.stdout.splitlines() if line.strip()}
        wanted = {s for s in symbols(os.path.join(self.native, "libllama.so"), "--undefined-only") if s.startswith(("ggml_", "gguf_"))}
        have = set()
        for f in os.listdir(self.native):
            if f.startswith("libggml"):
                have |= symbols(os.path.join(self.native, f), "--defined-only")
        missing = sorted(wanted - have)
        self.report.doc["build"]["abi"] = {"importedByLibllama": len(wanted), "missing": missing}
        self.report.target("build", "ggml symbols libllama 0.30.0 imports that the bundle's ggml lacks", len(missing), 0,
                           not missing, ", ".join(missing[:8]))

    def start_llama_bench_build(self):
        def build():
            jobs = str(max(1, (self.args.jobs or os.cpu_count() or 2) - 2))
            rc, out, err, seconds = run(self.report, "build llama-bench", ["nice", "-n", "10", "cmake", "--build", self.build_dir, "-j", jobs,
                                                                          "--target", "llama-bench"],
                                        self.budget.limit(self.args.bench_build_budget), log_tail=60)
            exe = os.path.join(self.build_dir, "bin", "llama-bench")
            self.report.doc["build"]["llamaBench"] = {"status": "ok" if rc == 0 else ("timed out" if rc == 124 else "failed"), "seconds": seconds}
            if rc == 0 and os.access(exe, os.X_OK):
                self.llama_bench = exe
            else:
                self.report.error("build", f"llama-bench was not built ({'out of time' if rc == 124 else last_error_line(out + err)}).")
        self.bench_build = threading.Thread(target=build, daemon=True)
        self.bench_build.start()

    # ----- models

    def model_set(self):
        if self.args.cpu:
            return [("synthetic-1b", "q4_0"), ("synthetic-1b", "q4_k_m")]
        return [(shape, scheme) for shape in ("synthetic-1b", "synthetic-8b", "13b") for scheme in ("q4_0", "q4_k_m")]

    def start_writing_models(self):
        """Writes the models one after another in the background (no native code), while ggml builds."""
        donor = os.path.join(KIT, "llama-2-tiny-random.gguf")

        for key in self.model_set():
            self.written[key] = threading.Event()

        def write():
            for shape, scheme in self.model_set():
                rc, out, err, seconds = run(self.report, f"write {shape} {scheme}",
                                            ["nice", "-n", "5", self.modelscale, "bench", "--write-only", "--shape", shape, "--scheme", scheme,
                                             "--cache-dir", self.models_dir, "--tokenizer-from", donor],
                                            self.budget.limit(300), env=self.env(with_natives=False))
                path = out.strip().splitlines()[-1] if rc == 0 and out.strip() else None
                if path and os.path.isfile(path):
                    self.models[(shape, scheme)] = path
                    self.report.doc.setdefault("models", {})[f"{shape}-{scheme}"] = {"path": path, "bytes": os.path.getsize(path), "writeSeconds": seconds}
                    self.report.save()
                else:
                    self.report.error("models", f"writing {shape} {scheme} failed: {last_error_line(err)}")
                self.written[(shape, scheme)].set()
        self.writer = threading.Thread(target=write, daemon=True)
        self.writer.start()

    def model(self, shape, scheme):
        """The model's path once it is written (waiting for it while time is left); None when it could not be."""
        event = self.written.get((shape, scheme))
        if event is not None and not event.is_set():
            self.report.log(f"waiting for {shape} {scheme} to be written")
            event.wait(max(1.0, self.budget.left() - 30))
        return self.models.get((shape, scheme))

    # ----- step 1

    def step_gpus(self):
        s = self.report.step("1-gpus")
        rc, out, err, _ = self.ms("gpus", ["gpus", "--json"], 120)
        doc = parse_json(out)
        s["output"] = doc
        if rc != 0 or doc is None:
            s["status"] = "failed"
            self.report.error("1-gpus", f"`modelscale gpus --json` failed (exit {rc}): {last_error_line(err)}")
            return
        detected = doc.get("detected", [])
        nvml = [d for d in detected if d["source"] == "nvml"]
        ggml = [d for d in detected if d["source"] == "llamaCpp"]
        if self.args.cpu:
            self.report.target("1-gpus", "GPUs seen on the CPU backend (no NVML)", len(detected), 0, len(detected) == 0)
            s["status"] = "done"
            return
        self.report.target("1-gpus", "GPUs NVML lists", len(nvml), 1, len(nvml) >= 1)
        self.report.target("1-gpus", "GPUs ggml's CUDA backend lists", len(ggml), len(nvml), len(ggml) == len(nvml) and len(ggml) > 0)
        for a, b in zip(nvml, ggml):
            for field in ("totalBytes", "freeBytes"):
                diff = 100.0 * (b[field] - a[field]) / a[field] if a[field] else 100.0
                self.report.target("1-gpus", f"GPU {a['index']} {field}: ggml (measured) vs NVML (predicted), MiB",
                                   mib(b[field]), mib(a[field]), abs(diff) <= DEVICE_AGREEMENT_PERCENT, f"{diff:+.2f}%")
        s["status"] = "done"

    # ----- step 2

    def verify(self, step, label, model, ctx, vram=None):
        """plan --verify --json under NVML's peak sampler; returns (doc, peak bytes above the baseline, stderr)."""
        baseline = self.nvml.start_peak() if self.nvml else None
        try:
            rc, out, err, seconds = self.ms(f"{step} {label}", ["plan", "--model", model, "--ctx", str(ctx), "--verify", "--json"],
                                            self.args.load_budget, vram=vram)
        finally:
            peak = self.nvml.stop_peak() if self.nvml else None
        doc = parse_json(out)
        return rc, doc, (None if peak is None else peak - baseline), err, seconds

    def step_plans(self):
        s = self.report.step("2-plans")
        contexts = [2048, 8192] if self.args.cpu else [2048, 8192, 32768]
        for (shape, scheme) in self.model_set():
            model = self.model(shape, scheme)
            if not model:
                self.report.error("2-plans", f"no {shape} {scheme} model to load")
                continue
            for ctx in contexts:
                if self.budget.left() < self.args.reserve_for_later:
                    self.report.error("2-plans", f"{shape} {scheme} ctx {ctx} skipped: out of time")
                    continue
                label = f"{shape} {scheme} ctx {ctx}"
                rc, doc, peak, err, seconds = self.verify("2-plans", label, model, ctx)
                item = {"model": f"{shape}-{scheme}", "ctx": ctx, "exit": rc, "seconds": seconds, "nvmlPeakBytes": peak}
                s["items"].append(item)
                if doc is None or not doc.get("verify"):
                    self.report.target("2-plans", f"{label}: loads with plan --verify", f"exit {rc}", "exit 0", False, last_error_line(err))
                    continue
                item["plan"] = doc
                self.judge_buffers("2-plans", label, doc, peak)
        s["status"] = "done"

    def judge_buffers(self, step, label, doc, peak):
        for row in doc["verify"]:
            err = row["errorPercent"]
            if row["buffer"] == "total":
                ok = abs(err) <= BUFFER_TOLERANCE_PERCENT and err >= -TOTAL_UNDER_PERCENT
                note = f"{err:+.2f}% (never under by more than {TOTAL_UNDER_PERCENT}%)"
            else:
                ok = abs(err) <= BUFFER_TOLERANCE_PERCENT
                note = f"{err:+.2f}%"
            self.report.target(step, f"{label}: {row['buffer']} MiB", mib(row["measuredBytes"]), mib(row["predictedBytes"]), ok, note)
        # Per place: the plan's device and host totals against llama.cpp's device and host buffers.
        measured = doc.get("measured") or []
        device_measured = sum(b["bytes"] for b in measured if not b["host"])
        host_measured = sum(b["bytes"] for b in measured if b["host"])
        device_predicted = sum(d["weightBytes"] + d["kvBytes"] + d["computeBytes"] for d in doc["devices"])
        h = doc["host"]
        host_predicted = h["weightBytes"] + h["kvBytes"] + h["computeBytes"] + h["outputBytes"]
        for place, m, p in (("GPU buffers", device_measured, device_predicted), ("host buffers", host_measured, host_predicted)):
            if m == 0 and p == 0:
                continue
            diff = 100.0 * (p - m) / m if m else 100.0
            ok = abs(diff) <= BUFFER_TOLERANCE_PERCENT or abs(p - m) <= 16 * MIB
            self.report.target(step, f"{label}: {place} MiB", mib(m), mib(p), ok, f"{diff:+.2f}%")
        if peak is not None and doc["devices"]:
            predicted = sum(d["totalBytes"] for d in doc["devices"])  # buffers plus the 400 MiB per-GPU overhead
            overhead = peak - device_measured
            diff = 100.0 * (predicted - peak) / peak if peak else 0.0
            self.report.target(step, f"{label}: NVML peak MiB (CUDA context, cuBLAS, buffers)", mib(peak), mib(predicted),
                               diff >= -TOTAL_UNDER_PERCENT,
                               f"{diff:+.2f}%; overhead beyond the buffers {mib(overhead)} MiB, planned {mib(sum(d['overheadBytes'] for d in doc['devices']))}")

    # ----- step 3

    def step_caps(self):
        s = self.report.step("3-caps")
        caps = [1, 2] if self.args.cpu else [4, 8, 16]
        ctx = 2048 if self.args.cpu else 8192
        shapes = ["synthetic-1b"] if self.args.cpu else ["synthetic-1b", "synthetic-8b", "13b"]
        oom = 0
        for shape in shapes:
            model = self.model(shape, "q4_k_m")
            if not model:
                self.report.error("3-caps", f"no {shape} q4_k_m model")
                continue
            for cap in caps:
                if self.budget.left() < self.args.reserve_for_later:
                    self.report.error("3-caps", f"{shape} cap {cap} GiB skipped: out of time")
                    continue
                label = f"{shape} q4_k_m ctx {ctx} --vram {cap}GiB"
                rc, out, err, _ = self.ms(f"3-caps plan {label}", ["plan", "--model", model, "--ctx", str(ctx), "--json"], 60, vram=f"{cap}GiB")
                planned = parse_json(out)
                item = {"model": f"{shape}-q4_k_m", "ctx": ctx, "capGiB": cap, "planned": planned}
                s["items"].append(item)
                if planned is None:
                    self.report.target("3-caps", f"{label}: plans", f"exit {rc}", "exit 0", False, last_error_line(err))
                    continue
                n, total = planned["gpuLayers"], planned["totalLayers"]
                if self.args.cpu:
                    # No GPU to load on: the plan alone (its device total within the cap, less the margin).
                    used = sum(d["totalBytes"] for d in planned["devices"])
                    self.report.target("3-caps", f"{label}: planned GPU MiB (layers {n}/{total})", mib(used), mib(cap * GIB - MARGIN_BYTES),
                                       used <= cap * GIB - MARGIN_BYTES)
                    continue
                rc, doc, peak, err, _ = self.verify("3-caps", label, model, ctx, vram=f"{cap}GiB")
                item.update({"exit": rc, "loaded": doc, "nvmlPeakBytes": peak})
                if "out of memory" in err.lower() or "cudaMalloc failed" in err:
                    oom += 1
                if doc is None:
                    self.report.target("3-caps", f"{label}: loads", f"exit {rc}", "exit 0", False, last_error_line(err))
                    continue
                self.report.target("3-caps", f"{label}: GPU layers loaded", doc["gpuLayers"], n, doc["gpuLayers"] == n,
                                   "the engine's fallback stepped down" if doc["gpuLayers"] != n else f"of {total}")
                if peak is not None:
                    self.report.target("3-caps", f"{label}: NVML peak MiB under the cap", mib(peak), cap * 1024, peak < cap * GIB)
                if n < total and doc.get("measured"):
                    device = [b for b in doc["measured"] if not b["host"]]
                    layer = sum(b["bytes"] for b in device if b["kind"] in ("model", "KV")) / max(1, n)
                    fits_one_more = peak is not None and peak + layer <= cap * GIB - MARGIN_BYTES
                    self.report.target("3-caps", f"{label}: peak + one more layer (MiB) exceeds cap - margin", mib(peak + layer) if peak else None,
                                       (cap * GIB - MARGIN_BYTES) // MIB, not fits_one_more, "else the plan left a layer on the CPU that fit")
        if not self.args.cpu:
            self.report.target("3-caps", "out-of-memory errors while loading under caps", oom, 0, oom == 0)
        s["status"] = "done"

    # ----- step 4

    def step_bench(self):
        s = self.report.step("4-bench")
        prompt, gen, repeat = (64, 16, 1) if self.args.cpu else (512, 128, 1)
        threads = str(min(8, os.cpu_count() or 2))
        # One model per shape (Q4_K_M, the mix people run), to fit the run's ten minutes.
        models = [("synthetic-1b", "q4_0")] if self.args.cpu else [(shape, "q4_k_m") for shape in ("synthetic-1b", "synthetic-8b", "13b")]
        for shape, scheme in models:
            model = self.model(shape, scheme)
            if not model or self.budget.left() < 40:
                self.report.error("4-bench", f"{shape} {scheme} skipped ({'no model' if not model else 'out of time'})")
                continue
            label = f"{shape} {scheme}"
            rc, out, err, _ = self.ms(f"4-bench {label}", ["bench", "--model", model, "--prompt-tokens", str(prompt), "--gen-tokens", str(gen),
                                                          "--repeat", str(repeat), "--threads", threads, "--no-switch-back",
                                                          "--flash-attention", "auto", "--json"], self.args.load_budget * 2)
            doc = parse_json(out)
            item = {"model": f"{shape}-{scheme}", "exit": rc, "ours": doc}
            s["items"].append(item)
            if doc is None or not doc.get("targets"):
                self.report.target("4-bench", f"{label}: bench runs", f"exit {rc}", "exit 0", False, last_error_line(err))
                continue
            t = doc["targets"][0]
            ours = {"prefill": t["prefillTokensPerSecond"]["median"], "decode": t["decodeTokensPerSecond"]["median"]}
            item["oursMedian"] = ours
            theirs = self.run_llama_bench(label, model, prompt, gen, threads) if self.want_llama_bench() else None
            item["llamaBench"] = theirs
            for what in ("prefill", "decode"):
                if theirs and theirs.get(what):
                    ratio = ours[what] / theirs[what]
                    target_ok = ratio >= DECODE_RATIO_TARGET if what == "decode" else None
                    self.report.target("4-bench", f"{label}: {what} tok/s, ours vs llama-bench", round(ours[what], 1), round(theirs[what], 1),
                                       target_ok, f"ratio {ratio:.3f}" + (f" (target >= {DECODE_RATIO_TARGET})" if what == "decode" else ""))
                else:
                    self.report.target("4-bench", f"{label}: {what} tok/s (no llama-bench figure)", round(ours[what], 1), None, None)
        self.bench_parallel()
        s["status"] = "done"

    def want_llama_bench(self):
        return self.args.llama_bench and (self.bench_build is not None)

    def run_llama_bench(self, label, model, prompt, gen, threads):
        if self.bench_build is not None and self.bench_build.is_alive():
            self.report.log("waiting for the llama-bench build")
            self.bench_build.join(max(1.0, self.budget.left() - 60))
        if not self.llama_bench:
            return None
        env = self.env(with_natives=False)
        env["LD_LIBRARY_PATH"] = ":".join([os.path.join(self.build_dir, "bin")] + self.cuda_lib_dirs)
        rc, out, err, _ = run(self.report, f"llama-bench {label}", [self.llama_bench, "-m", model, "-p", str(prompt), "-n", str(gen),
                                                                    "-r", "2", "-ngl", "999", "-fa", "auto",
                                                                    "-t", threads, "-o", "json"],
                              self.budget.limit(self.args.load_budget * 2), env=env)
        doc = parse_json(out)
        if rc != 0 or not isinstance(doc, list):
            self.report.error("4-bench", f"llama-bench on {label} failed (exit {rc}): {last_error_line(err)}")
            return None
        result = {"raw": doc}
        for r in doc:
            if r.get("n_prompt", 0) > 0 and r.get("n_gen", 0) == 0:
                result["prefill"] = r.get("avg_ts")
            if r.get("n_gen", 0) > 0 and r.get("n_prompt", 0) == 0:
                result["decode"] = r.get("avg_ts")
        return result

    def bench_parallel(self):
        model_key = ("synthetic-1b", "q4_0") if self.args.cpu else ("synthetic-8b", "q4_k_m")
        model = self.model(*model_key)
        if not model:
            return
        for n in ([4] if self.args.cpu else [4, 16]):
            if self.budget.left() < 40:
                self.report.error("4-bench", f"--parallel {n} skipped: out of time")
                continue
            label = f"{model_key[0]} {model_key[1]} --parallel {n}"
            gen = "16" if self.args.cpu else "64"
            rc, out, err, _ = self.ms(f"4-bench {label}", ["bench", "--model", model, "--prompt-tokens", "64", "--gen-tokens", gen, "--repeat", "1",
                                                          "--parallel", str(n), "--no-switch-back", "--json"], self.args.load_budget * 2)
            doc = parse_json(out)
            self.report.step("4-bench")["items"].append({"model": "-".join(model_key), "parallel": n, "exit": rc, "ours": doc})
            p = (doc or {}).get("parallel")
            if not p:
                self.report.target("4-bench", f"{label}: runs", f"exit {rc}", "exit 0", False, last_error_line(err))
                continue
            single = p["singleTokensPerSecond"]["median"]
            aggregate = p["aggregateTokensPerSecond"]["median"]
            self.report.target("4-bench", f"{label}: aggregate decode tok/s (predicted: {n} x one sequence)", round(aggregate, 1),
                               round(single * n, 1), None, f"speed-up {aggregate / single:.2f}x over one sequence ({single:.1f} tok/s)")

    # ----- step 5

    def step_70b(self):
        s = self.report.step("5-70b")
        for ctx in (8192, 32768):
            rc, out, err, _ = self.ms(f"5-70b ctx {ctx}", ["plan", "70b", "--ctx", str(ctx), "--json"], 60)
            doc = parse_json(out)
            s["items"].append({"ctx": ctx, "exit": rc, "plan": doc})
            if doc is None:
                self.report.target("5-70b", f"70b ctx {ctx}: plans", f"exit {rc}", "exit 0", False, last_error_line(err))
                continue
            gpu = sum(d["totalBytes"] for d in doc["devices"])
            free = sum(d["freeBytes"] for d in doc["devices"])
            what = f"70b Q4_K_M ctx {ctx}: GPU layers (GPU {mib(gpu)} of {mib(free)} MiB free, host {mib(doc['host']['totalBytes'])} MiB)"
            if self.args.cpu:
                self.report.target("5-70b", what, doc["gpuLayers"], 0, doc["gpuLayers"] == 0)
            else:
                # An H100/H200 (80 GiB and more) holds all 81 layers (42.5 GB of weights) with the margin.
                expect_all = free >= 80 * 1000 * MIB
                self.report.target("5-70b", what, doc["gpuLayers"], doc["totalLayers"] if expect_all else None,
                                   (doc["gpuLayers"] == doc["totalLayers"]) if expect_all else None)
        s["status"] = "done"


class KitError(Exception):
    pass


def pip_cuda_dirs():
    """The folders of the nvidia-* Python wheels (nvidia-cuda-runtime, nvidia-cublas, ...), when this Python has them."""
    try:
        import nvidia  # a namespace package the CUDA wheels share
    except ImportError:
        return []
    return list(getattr(nvidia, "__path__", []))


def _glob(pattern):
    import glob
    return glob.glob(pattern)


def parse_json(text):
    text = (text or "").strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        # llama-bench may print other lines first; take the outermost JSON value.
        start = min([i for i in (text.find("{"), text.find("[")) if i >= 0], default=-1)
        if start < 0:
            return None
        try:
            return json.loads(text[start:])
        except ValueError:
            return None


def last_error_line(text):
    lines = [l.strip() for l in (text or "").splitlines() if l.strip()]
    for l in reversed(lines):
        if re.search(r"error|fail|not found|cannot|refused", l, re.IGNORECASE):
            return l[-300:]
    return lines[-1][-300:] if lines else "no output"


class Arguments(argparse.ArgumentParser):
    """Bad arguments are one sentence and exit code 1, as everywhere in ModelScale."""

    def error(self, message):
        print(f"run.sh: error: {message}; see --help.", file=sys.stderr)
        sys.exit(1)


def main(argv):
    p = Arguments(prog="run.sh", description="The GPU check: the memory plan against real allocations (tools/gpu-check/README.md).")
    p.add_argument("--cpu", action="store_true", help="the CPU backend only: no CUDA build, no NVML (for CI)")
    p.add_argument("--out", default=os.environ.get("OUT") or os.path.join(os.getcwd(), "gpu-check-results"),
                   help="where gpu-check.json, gpu-check.md and gpu-check.log go (default $OUT, else ./gpu-check-results)")
    p.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "modelscale-gpu-check"),
                   help="scratch folder for the unpacked kit, the build and the models (default $TMPDIR/modelscale-gpu-check)")
    p.add_argument("--budget", type=float, default=None, help="seconds for the whole run (default 560 on a GPU, 1200 with --cpu)")
    p.add_argument("--build-budget", type=float, default=None, help="seconds for building ggml (default 330 on a GPU, 600 with --cpu)")
    p.add_argument("--bench-build-budget", type=float, default=240, help="seconds for building llama-bench in the background")
    p.add_argument("--load-budget", type=float, default=None, help="seconds for one load (plan --verify; default 90 on a GPU, 240 with --cpu); bench gets twice that")
    p.add_argument("--reserve-for-later", type=float, default=150, help="seconds kept for steps 4 and 5 while steps 2 and 3 run")
    p.add_argument("--jobs", type=int, default=None, help="build jobs (default: one per CPU)")
    p.add_argument("--arch", default=None, help="the CUDA architecture to build for (default: nvidia-smi's compute capability, e.g. 90)")
    lb = p.add_mutually_exclusive_group()
    lb.add_argument("--llama-bench", dest="llama_bench", action="store_true", default=None, help="build and run llama-bench (default on a GPU)")
    lb.add_argument("--no-llama-bench", dest="llama_bench", action="store_false", help="skip llama-bench (default with --cpu)")
    args = p.parse_args(argv)
    if args.llama_bench is None:
        args.llama_bench = not args.cpu
    if args.budget is None:
        args.budget = 1200 if args.cpu else 560
    if args.build_budget is None:
        args.build_budget = 600 if args.cpu else 330
    if args.load_budget is None:
        args.load_budget = 240 if args.cpu else 90
    if args.arch is not None and not re.fullmatch(r"[0-9]{2,3}[af]?", args.arch):
        p.error(f"--arch must be a CUDA architecture like 90, not '{args.arch}'")
    for name in ("budget", "build_budget", "bench_build_budget", "load_budget"):
        if getattr(args, name) <= 0:
            p.error(f"--{name.replace('_', '-')} must be a positive number of seconds")
    if args.jobs is not None and args.jobs < 1:
        p.error("--jobs must be at least 1")

    os.makedirs(args.out, exist_ok=True)
    report = Report(args.out, "cpu" if args.cpu else "cuda")
    if os.path.exists(report.log_path):
        os.remove(report.log_path)
    budget = Budget(args.budget)
    report.doc["budgetSeconds"] = args.budget
    report.save()
    kit = Kit(args, report, budget)
    started = now()
    try:
        kit.detect_gpu()
        kit.unpack()
        kit.configure()
        kit.start_writing_models()
        kit.build_ggml()
        if args.llama_bench:
            kit.start_llama_bench_build()
        for step in (kit.step_gpus, kit.step_plans, kit.step_caps, kit.step_bench, kit.step_70b):
            try:
                step()
            except KitError:
                raise
            except Exception as e:  # one broken step must not lose the others' figures
                report.error(step.__name__, f"{type(e).__name__}: {e}")
        status = "missed targets" if report.missed() or report.doc["errors"] else "passed"
    except KitError as e:
        report.error("kit", str(e))
        status = "failed"
    except KeyboardInterrupt:
        report.error("kit", "interrupted")
        status = "interrupted"
    kill_children()  # a model still being written, or llama-bench still building, when the run ends
    report.doc["status"] = status
    report.doc["seconds"] = round(now() - started, 1)
    report.doc["finished"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    report.save()
    missed = report.missed()
    report.log(f"{status}: {len(report.doc['targets']) - len(missed)} of {len(report.doc['targets'])} figures on target, "
               f"{len(report.doc['errors'])} errors, {report.doc['seconds']} s; results in {args.out}")
    return 0 if status == "passed" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
