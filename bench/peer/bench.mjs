// The peer side of `modelscale bench`: node-llama-cpp measures the same model with the same prompt tokens, answer
// tokens, threads, context and batch, and prints one JSON document shaped like ModelScale's target results.
//
//   node bench.mjs --model FILE.gguf [--prompt-tokens 512] [--gen-tokens 128] [--threads 2] [--repeat 5]
//                  [--ctx 768] [--batch 512] [--flash-attention auto|on|off]
//
// The prompt is built the way ModelScale builds it (src/ChatHost/Bench/BenchPrompt.cs): the seed paragraph is
// tokenized once without BOS or special tokens, and its tokens are repeated after BOS until there are exactly N.
// Generation is greedy and goes on past end-of-generation tokens, so exactly --gen-tokens tokens come out.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { getLlama } from "node-llama-cpp";

const SEED_TEXT =
    "The quick brown fox jumps over the lazy dog while the old lighthouse keeper writes down the weather, " +
    "counts the ships that pass the harbour, and wonders how many tokens a small model can read in one second.";

const { values: args } = parseArgs({
    options: {
        model: { type: "string" },
        "prompt-tokens": { type: "string", default: "512" },
        "gen-tokens": { type: "string", default: "128" },
        threads: { type: "string", default: "2" },
        repeat: { type: "string", default: "5" },
        ctx: { type: "string" },
        batch: { type: "string", default: "512" },
        "flash-attention": { type: "string", default: "auto" },
    },
});

function positive(name, minimum = 1) {
    const value = Number.parseInt(args[name], 10);
    if (!Number.isInteger(value) || value < minimum) {
        console.error(`error: --${name} must be an integer of at least ${minimum}.`);
        process.exit(1);
    }
    return value;
}

if (!args.model || !fs.existsSync(args.model)) {
    console.error("error: --model must name a GGUF file that exists.");
    process.exit(1);
}

const promptTokens = positive("prompt-tokens", 2);
const genTokens = positive("gen-tokens", 2);
const threads = positive("threads");
const repeat = positive("repeat");
const batchSize = positive("batch");
const contextSize = args.ctx ? positive("ctx", promptTokens + genTokens) : Math.ceil((promptTokens + genTokens) / 256) * 256;
const flashAttention = { auto: "auto", on: true, off: false }[args["flash-attention"]];
if (flashAttention === undefined) {
    console.error("error: --flash-attention must be auto, on or off.");
    process.exit(1);
}

/** FNV-1a (64-bit) over the token ids as little-endian 32-bit values: the same as BenchPrompt.Checksum. */
function checksum(tokens) {
    let hash = 14695981039346656037n;
    const prime = 1099511628211n;
    for (const token of tokens) {
        const value = token >>> 0;
        for (let shift = 0; shift < 32; shift += 8) {
            hash ^= BigInt((value >>> shift) & 0xff);
            hash = (hash * prime) & 0xffffffffffffffffn;
        }
    }
    return `fnv1a64:${hash.toString(16).padStart(16, "0")}`;
}

function buildPrompt(model, count) {
    const body = model.tokenize(SEED_TEXT, false);
    const tokens = [];
    if (model.tokens.shouldPrependBosToken && model.tokens.bos != null) tokens.push(model.tokens.bos);
    for (let i = 0; tokens.length < count; i++) tokens.push(body[i % body.length]);
    return tokens;
}

function peakRssBytes() {
    try {
        const line = fs.readFileSync("/proc/self/status", "utf8").split("\n").find((l) => l.startsWith("VmHWM:"));
        if (line) return Number.parseInt(line.slice(6).trim().split(/\s+/)[0], 10) * 1024;
    } catch {
        // not Linux: fall back to the process's lifetime peak
    }
    return process.resourceUsage().maxRSS * 1024;
}

function resetPeakRss() {
    try {
        fs.writeFileSync("/proc/self/clear_refs", "5");
    } catch {
        // not Linux, or not allowed: the peak covers the whole process
    }
}

function distribution(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    return { median, min: sorted[0], max: sorted[sorted.length - 1], count: sorted.length };
}

const now = () => performance.now();

const llama = await getLlama({ gpu: false, build: "never", logLevel: "error" });
resetPeakRss();

const runs = [];
let greedyTokens = [];
let promptChecksum = null;
let usedFlashAttention = null;
for (let i = 0; i <= repeat; i++) {
    const loadStarted = now();
    const model = await llama.loadModel({ modelPath: args.model, gpuLayers: 0 });
    const context = await model.createContext({ contextSize, batchSize, threads, sequences: 1, flashAttention });
    const loadMilliseconds = now() - loadStarted;
    usedFlashAttention = context.flashAttention;
    const sequence = context.getSequence();
    const prompt = buildPrompt(model, promptTokens);
    promptChecksum ??= checksum(prompt);

    const tokens = [];
    const started = now();
    let firstAt = 0;
    let lastAt = 0;
    for await (const token of sequence.evaluate(prompt, { temperature: 0, yieldEogToken: true })) {
        lastAt = now();
        if (tokens.length === 0) firstAt = lastAt;
        tokens.push(token);
        if (tokens.length >= genTokens) break;
    }

    const ttft = firstAt - started;
    const run = {
        loadMilliseconds,
        prefillTokensPerSecond: promptTokens / (ttft / 1000),
        decodeTokensPerSecond: (tokens.length - 1) / ((lastAt - firstAt) / 1000),
        timeToFirstTokenMilliseconds: ttft,
        promptTokens,
        cachedPromptTokens: 0,
        completionTokens: tokens.length,
    };
    runs.push(run);
    if (i === 0) greedyTokens = tokens;
    console.error(
        `peer ${i === 0 ? "cold" : `run ${i}/${repeat}`}: load ${run.loadMilliseconds.toFixed(0)} ms, prefill ${run.prefillTokensPerSecond.toFixed(1)} tok/s, ` +
        `decode ${run.decodeTokensPerSecond.toFixed(2)} tok/s, TTFT ${run.timeToFirstTokenMilliseconds.toFixed(0)} ms`);
    await context.dispose();
    await model.dispose();
}

const measured = runs.length > 1 ? runs.slice(1) : runs;
const packageJson = JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.resolve("node-llama-cpp")), "utf8"));
const report = {
    tool: "node-llama-cpp",
    version: packageJson.version,
    llamaCpp: llama.llamaCppRelease,
    systemInfo: llama.systemInfo,
    settings: { promptTokens, genTokens, threads, repeat, context: contextSize, batchSize, flashAttention: args["flash-attention"], usedFlashAttention },
    target: {
        path: args.model,
        fileBytes: fs.statSync(args.model).size,
        promptChecksum,
        cold: runs[0],
        runs: measured,
        loadMilliseconds: distribution(measured.map((r) => r.loadMilliseconds)),
        prefillTokensPerSecond: distribution(measured.map((r) => r.prefillTokensPerSecond)),
        decodeTokensPerSecond: distribution(measured.map((r) => r.decodeTokensPerSecond)),
        timeToFirstTokenMilliseconds: distribution(measured.map((r) => r.timeToFirstTokenMilliseconds)),
        peakRssBytes: peakRssBytes(),
        greedyTokens,
    },
};
console.log(JSON.stringify(report, null, 2));
await llama.dispose();
