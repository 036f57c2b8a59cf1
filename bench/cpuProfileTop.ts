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

/** A frame's script as a path: without `file://`, and relative to cwd when under it. */
const localPath = (url: string) => url.replace(/^file:\/\//, "").replace(`${process.cwd()}/`, "");

/** The package a frame's script belongs to: `@scope/name` or `name` under node_modules, Node's own, else the script's top folder. */
function packageOf(f: CallFrame): string {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url);
    if (m) {
        return m[1];
    }
    if (!f.url) {
        return f.functionName || "(native)";
    }
    const local = localPath(f.url);
    return local.startsWith("node:") ? "node" : local.split("/")[0];
}

/** Self time (µs) per package and per function: each profile node named once, then its samples added up. */
function selfTimes(p: Profile): { total: number; byPackage: Map<string, number>; byFunction: Map<string, number> } {
    const names = new Map(
        p.nodes.map(({ id, callFrame: f }) => [
            id,
            { pkg: packageOf(f), fn: `${f.functionName || "(anonymous)"} ${localPath(f.url).replace(/.*node_modules\//, "")}:${f.lineNumber + 1}` },
        ]),
    );
    const byPackage = new Map<string, number>();
    const byFunction = new Map<string, number>();
    let total = 0;
    p.samples.forEach((id, i) => {
        const us = p.timeDeltas[i] ?? 0;
        const { pkg, fn } = names.get(id)!;
        byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
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
