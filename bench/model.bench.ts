/**
 * `npm run bench`: how building the resource model scales with the fleet, under Pulumi mocks.
 * Each sample runs in a fresh process of compiled JavaScript (so peak RSS is per size); prints
 * medians, the growth ratio t(5000)/t(500) (linear growth = 10), and the Pulumi SDK's own floor:
 * the same number of bare ConfigMaps, registered the same way.
 * Targets: 5,000 edge nodes in ≤ 2 s and ≤ 400 MB.
 */
import { spawnSync } from "child_process";
import * as path from "path";

const sizes = (process.env.BENCH_SIZES ?? "100,500,1000,5000").split(",").map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 3);

interface Sample {
    nodes: number;
    ms: number;
    resources: number;
    peakRssMb: number;
}

function sample(mode: "model" | "floor", n: number): Sample {
    const r = spawnSync(process.execPath, [path.join(__dirname, "model.worker.js"), mode, String(n)], {
        encoding: "utf8",
        cwd: path.join(__dirname, ".."),
        stdio: ["ignore", "pipe", "pipe"],
    });
    const line = r.stdout.trim().split("\n").pop();
    if (!line?.startsWith("{")) {
        throw new Error(`benchmark worker failed (${mode} ${n}): ${r.stderr}`);
    }
    return JSON.parse(line);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows: { nodes: number; resources: number; medianMs: number; peakRssMb: number; floorMs: number }[] = [];
console.log(`node ${process.version}, ${runs} runs per size, medians`);
console.log("edge nodes  resources   model ms  peak RSS MB   SDK floor ms (same number of bare resources)  model/floor");
for (const n of sizes) {
    const samples = Array.from({ length: runs }, () => sample("model", n));
    const resources = samples[0].resources;
    const floors = Array.from({ length: runs }, () => sample("floor", resources));
    const r = {
        nodes: n,
        resources,
        medianMs: median(samples.map((s) => s.ms)),
        peakRssMb: Math.max(...samples.map((s) => s.peakRssMb)),
        floorMs: median(floors.map((s) => s.ms)),
    };
    rows.push(r);
    console.log(
        `${String(n).padStart(10)}  ${String(resources).padStart(9)}  ${r.medianMs.toFixed(0).padStart(9)}  ${r.peakRssMb.toFixed(0).padStart(11)}   ${r.floorMs.toFixed(0).padStart(12)}${" ".repeat(34)}${(r.medianMs / r.floorMs).toFixed(2).padStart(11)}`,
    );
}
const t = (n: number) => rows.find((r) => r.nodes === n)?.medianMs;
if (t(5000) && t(500)) {
    console.log(`ratio t(5000)/t(500) = ${(t(5000)! / t(500)!).toFixed(2)} (10 = linear)`);
}
const big = rows.find((r) => r.nodes === 5000);
if (big) {
    console.log(
        `target 5000 nodes: ${big.medianMs <= 2000 ? "met" : "MISSED"} time (${(big.medianMs / 1000).toFixed(2)} s ≤ 2 s), ${big.peakRssMb <= 400 ? "met" : "MISSED"} memory (${big.peakRssMb.toFixed(0)} MB ≤ 400 MB)`,
    );
}
