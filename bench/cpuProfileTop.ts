/**
 * `npm run bench:profile-top -- <file.cpuprofile> [rows]`: where a Node CPU profile (support/cpuProfile.js,
 * written by `BENCH_PROFILE=<dir> npm run bench:engine`) spent its samples: self time by package (the
 * folder under node_modules, the project's top folder, or Node's own), then by function.
 */
import * as fs from "fs";

interface CallFrame {
    functionName: string;
    url: string;
    lineNumber: number;
}
interface Profile {
    nodes: { id: number; callFrame: CallFrame }[];
    samples: number[];
    timeDeltas: number[];
}

/** The package a frame's script belongs to: `@scope/name` or `name` under node_modules, else the script's top folder relative to cwd. */
function packageOf(f: CallFrame): string {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url);
    if (m) {
        return m[1];
    }
    if (!f.url) {
        return f.functionName || "(native)";
    }
    const local = f.url.replace(/^file:\/\//, "").replace(`${process.cwd()}/`, "");
    return local.startsWith("node:") ? "node" : local.split("/")[0];
}

const short = (url: string) =>
    url
        .replace(/^file:\/\//, "")
        .replace(/.*node_modules\//, "")
        .replace(`${process.cwd()}/`, "");

function selfTimes(p: Profile): { total: number; byPackage: Map<string, number>; byFunction: Map<string, number> } {
    const frames = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
    const byPackage = new Map<string, number>();
    const byFunction = new Map<string, number>();
    let total = 0;
    p.samples.forEach((id, i) => {
        const us = p.timeDeltas[i] ?? 0;
        const f = frames.get(id)!;
        const fn = `${f.functionName || "(anonymous)"} ${short(f.url)}:${f.lineNumber + 1}`;
        byPackage.set(packageOf(f), (byPackage.get(packageOf(f)) ?? 0) + us);
        byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
        total += us;
    });
    return { total, byPackage, byFunction };
}

function main(): void {
    const [file, rows = "15"] = process.argv.slice(2);
    if (!file) {
        throw new Error("usage: npm run bench:profile-top -- <file.cpuprofile> [rows]");
    }
    const { total, byPackage, byFunction } = selfTimes(JSON.parse(fs.readFileSync(file, "utf8")) as Profile);
    const show = (title: string, m: Map<string, number>) => {
        console.log(`${title} (self time, ms of ${(total / 1000).toFixed(0)} ms sampled)`);
        [...m]
            .sort((a, b) => b[1] - a[1])
            .slice(0, Number(rows))
            .forEach(([k, us]) => console.log(`${(us / 1000).toFixed(0).padStart(8)}  ${k}`));
    };
    show("by package", byPackage);
    show("by function", byFunction);
}

main();
