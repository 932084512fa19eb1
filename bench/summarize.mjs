// Summarises a bench/compare.sh run: ModelScale's and node-llama-cpp's runs pooled over the rounds, the ratios, the
// token-for-token check, and ModelScale's switch-back and batching figures. Prints a table; with an output path, also
// writes everything (raw rounds included) as one JSON document.
//
//   node bench/summarize.mjs WORK_DIR ROUNDS [OUT.json]
import fs from "node:fs";
import path from "node:path";

const [workDir, roundsText, outPath] = process.argv.slice(2);
const rounds = Number.parseInt(roundsText, 10);
const read = (name) => JSON.parse(fs.readFileSync(path.join(workDir, name), "utf8"));

const ours = [];
const peer = [];
for (let round = 1; round <= rounds; round++) {
    ours.push(read(`ours-${round}.json`));
    peer.push(read(`peer-${round}.json`));
}
const extra = fs.existsSync(path.join(workDir, "extra.json")) ? read("extra.json") : null;

function distribution(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    return { median, min: sorted[0], max: sorted[sorted.length - 1], count: sorted.length };
}

const oursTargets = ours.map((r) => r.targets[0]);
const peerTargets = peer.map((r) => r.target);
const metrics = [
    ["decodeTokensPerSecond", "decode (tok/s)", true, 2],
    ["prefillTokensPerSecond", "prefill (tok/s)", true, 1],
    ["timeToFirstTokenMilliseconds", "TTFT (ms)", false, 0],
    ["loadMilliseconds", "load (ms)", false, 0],
];

const summary = {};
for (const [key, , higherIsBetter] of metrics) {
    const o = distribution(oursTargets.flatMap((t) => t.runs.map((r) => r[key])));
    const p = distribution(peerTargets.flatMap((t) => t.runs.map((r) => r[key])));
    // Per round, ours over the peer's (for times, the peer's over ours): above 1 means ModelScale is ahead.
    const perRound = oursTargets.map((t, i) => {
        const a = t[key].median;
        const b = peerTargets[i][key].median;
        return higherIsBetter ? a / b : b / a;
    });
    const best = higherIsBetter ? o.max / p.max : p.min / o.min;
    summary[key] = { ours: o, peer: p, ratioOfMedians: higherIsBetter ? o.median / p.median : p.median / o.median, ratioPerRound: perRound, ratioOfBest: best };
}
const rss = {
    ours: distribution(oursTargets.map((t) => t.peakRssBytes)),
    peer: distribution(peerTargets.map((t) => t.peakRssBytes)),
};

const samePrompt = oursTargets.every((t, i) => t.promptChecksum === peerTargets[i].promptChecksum);
const a = oursTargets[0].greedyTokens;
const b = peerTargets[0].greedyTokens;
let matching = 0;
while (matching < Math.min(a.length, b.length) && a[matching] === b[matching]) matching++;
const correctness = { samePrompt, promptChecksum: oursTargets[0].promptChecksum, greedyTokensCompared: Math.min(a.length, b.length), greedyTokensMatching: matching };

const f = (value, digits) => value.toFixed(digits);
const lines = [];
const s = ours[0].settings;
lines.push(`${ours[0].machine.cpu}, ${ours[0].machine.logicalCores} cores; prompt ${s.promptTokens}, generate ${s.genTokens}, ${s.threads} threads, ctx ${s.context}, batch ${s.batchSize}; ${rounds} rounds x ${s.repeat} runs each, in alternation`);
lines.push(`${"".padEnd(16)}${"ModelScale median (min-max)".padEnd(32)}${"node-llama-cpp median (min-max)".padEnd(34)}ratio (medians / per round / best)`);
for (const [key, label, , digits] of metrics) {
    const m = summary[key];
    const cell = (d) => `${f(d.median, digits)} (${f(d.min, digits)}-${f(d.max, digits)})`;
    lines.push(`${label.padEnd(16)}${cell(m.ours).padEnd(32)}${cell(m.peer).padEnd(34)}${f(m.ratioOfMedians, 2)}x / ${m.ratioPerRound.map((r) => f(r, 2)).join(", ")} / ${f(m.ratioOfBest, 2)}x`);
}
const mib = (bytes) => f(bytes / 1048576, 1);
lines.push(`${"peak RSS (MiB)".padEnd(16)}${mib(rss.ours.median).padEnd(32)}${mib(rss.peer.median).padEnd(34)}${f(rss.peer.median / rss.ours.median, 2)}x`);
lines.push(`same prompt: ${samePrompt ? "yes" : "NO"} (${correctness.promptChecksum}); greedy tokens matching: ${matching}/${correctness.greedyTokensCompared}`);
if (extra?.switchBack) {
    const sw = extra.switchBack;
    lines.push(`switch back: median ${f(sw.switchMilliseconds.median, 2)} ms, max ${f(sw.switchMilliseconds.max, 2)} ms; ${sw.wasResident ? "resident" : "RELOADED"}; follow-up reused ${sw.followUpCachedTokens}/${sw.cachedBeforeSwitch} cached tokens`);
}
if (extra?.parallel) {
    const p = extra.parallel;
    const speedup = p.aggregateTokensPerSecond.median / p.singleTokensPerSecond.median;
    lines.push(`batching: 1 sequence ${f(p.singleTokensPerSecond.median, 2)} tok/s, ${p.sequences} sequences ${f(p.aggregateTokensPerSecond.median, 2)} tok/s aggregate (${f(speedup, 2)}x), fairness ${f(p.fairness, 2)}, late joiner's first token ${f(p.lateJoinTimeToFirstTokenMilliseconds.median, 0)} ms (${p.othersTokensDuringJoin} tokens from the others meanwhile)`);
}
console.log(lines.join("\n"));

if (outPath) {
    const document = {
        when: ours[0].when,
        machine: ours[0].machine,
        settings: s,
        rounds,
        modelScale: { version: ours[0].version, rounds: oursTargets },
        peer: { tool: peer[0].tool, version: peer[0].version, llamaCpp: peer[0].llamaCpp, systemInfo: peer[0].systemInfo, settings: peer[0].settings, rounds: peerTargets },
        summary,
        peakRssBytes: rss,
        correctness,
        switchBack: extra?.switchBack ?? null,
        parallel: extra?.parallel ?? null,
        table: lines,
    };
    fs.writeFileSync(outPath, JSON.stringify(document, null, 2) + "\n");
    console.error(`wrote ${outPath}`);
}
