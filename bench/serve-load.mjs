// Concurrent streamed chat completions against a running `modelscale serve`: what batching gives through HTTP.
//
//   node bench/serve-load.mjs --url http://127.0.0.1:11435 --model 1b [--streams 4] [--tokens 128] [--late-ms 0] [--api-key KEY]
//
// First one stream alone, then N at once (the last one starting --late-ms later, to see a newcomer's first token
// while the others stream). Prints each stream's time to first token and rate, the aggregate rate, and fairness (the
// slowest stream's rate over an even share of the aggregate). Rates count streamed content chunks: one per token,
// except where the server holds text back while it might be a stop sequence.
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
    options: {
        url: { type: "string", default: "http://127.0.0.1:11435" },
        model: { type: "string" },
        streams: { type: "string", default: "4" },
        tokens: { type: "string", default: "128" },
        "late-ms": { type: "string", default: "0" },
        "api-key": { type: "string" },
    },
});
const streams = Number.parseInt(args.streams, 10);
const tokens = Number.parseInt(args.tokens, 10);
const lateMs = Number.parseInt(args["late-ms"], 10);
if (!args.model || !(streams >= 1) || !(tokens >= 2) || !(lateMs >= 0)) {
    console.error("error: --model is required; --streams must be at least 1, --tokens at least 2, --late-ms at least 0.");
    process.exit(1);
}

const topics = ["a cat", "a dog", "a bird", "a fish", "a fox", "an owl", "a cow", "a bee"];
let asked = 0;

async function stream(delayMs) {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const topic = topics[asked % topics.length] + ` (${asked++})`;
    const started = performance.now();
    const response = await fetch(`${args.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(args["api-key"] ? { Authorization: `Bearer ${args["api-key"]}` } : {}) },
        body: JSON.stringify({ model: args.model, stream: true, max_tokens: tokens, temperature: 0, messages: [{ role: "user", content: `Tell me a story about ${topic}.` }] }),
    });
    if (!response.ok) {
        throw new Error(`${response.status}: ${await response.text()}`);
    }

    const times = [];
    const decoder = new TextDecoder();
    let pending = "";
    for await (const bytes of response.body) {
        pending += decoder.decode(bytes, { stream: true });
        let newline;
        while ((newline = pending.indexOf("\n")) >= 0) {
            const line = pending.slice(0, newline).trim();
            pending = pending.slice(newline + 1);
            if (line.startsWith("data: ") && line !== "data: [DONE]" && JSON.parse(line.slice(6)).choices?.[0]?.delta?.content) {
                times.push(performance.now());
            }
        }
    }

    return { started, times };
}

function report(label, results) {
    const first = Math.min(...results.map((r) => r.times[0]));
    const last = Math.max(...results.map((r) => r.times.at(-1)));
    const total = results.reduce((sum, r) => sum + r.times.length, 0);
    const aggregate = (total - 1) / ((last - first) / 1000);
    const rates = results.map((r) => (r.times.length - 1) / ((r.times.at(-1) - r.times[0]) / 1000));
    console.log(`${label}: aggregate ${aggregate.toFixed(1)} tok/s${results.length > 1 ? `, fairness ${(Math.min(...rates) / (aggregate / results.length)).toFixed(2)}` : ""}`);
    results.forEach((r, i) => console.log(`  stream ${i + 1}: ${r.times.length} chunks, first after ${(r.times[0] - r.started).toFixed(0)} ms, ${rates[i].toFixed(1)} tok/s`));
    return aggregate;
}

try {
    await stream(0); // loads the model
    const alone = report("1 stream", [await stream(0)]);
    const together = report(`${streams} streams${lateMs > 0 ? `, the last ${lateMs} ms late` : ""}`,
        await Promise.all(Array.from({ length: streams }, (_, i) => stream(i === streams - 1 && streams > 1 ? lateMs : 0))));
    console.log(`speed-up: ${(together / alone).toFixed(2)}x`);
} catch (error) {
    console.error(`error: ${error.cause?.message ?? error.message}`);
    process.exit(1);
}
