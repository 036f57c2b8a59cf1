/**
 * `npm run bench:engine`: wall time of the real engine (Automation API, Kubernetes provider, local
 * control plane with kwok nodes) for 10, 100 and 500 edge nodes converted in one batch:
 * preview of a fresh conversion, the converging `up`, and a no-op `up` afterwards.
 * Prints medians and ratios. Targets: preview of 500 nodes ≤ 60 s; no-op up ≤ 1.2 × preview.
 */
import { performance } from "perf_hooks";
import { kubeRequest } from "../components/kube/client";
import { connection, newStack } from "../test/e2e/harness";

const sizes = (process.env.BENCH_SIZES ?? "10,100,500").split(",").map(Number);
const repeats = Number(process.env.BENCH_RUNS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function ensureNodes(names: string[]) {
    const conn = connection();
    const existing = new Set<string>((await kubeRequest(conn, "GET", "/api/v1/nodes")).items.map((n: any) => n.metadata.name));
    for (const name of names.filter((n) => !existing.has(n))) {
        await kubeRequest(conn, "POST", "/api/v1/nodes", {
            body: {
                apiVersion: "v1", kind: "Node",
                metadata: { name, annotations: { "kwok.x-k8s.io/node": "fake" }, labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux", type: "kwok" } },
                status: { allocatable: { cpu: "16", memory: "64Gi", pods: "110" }, capacity: { cpu: "16", memory: "64Gi", pods: "110" } },
            },
        });
    }
    // kwok marks them Ready.
    for (let i = 0; i < 120; i++) {
        const nodes = (await kubeRequest(conn, "GET", "/api/v1/nodes")).items;
        const ready = nodes.filter((n: any) => names.includes(n.metadata.name) && n.status?.conditions?.some((c: any) => c.type === "Ready" && c.status === "True"));
        if (ready.length === names.length) {
            return;
        }
        await new Promise((r) => setTimeout(r, 1000));
    }
    throw new Error("nodes did not become Ready");
}

async function timed<T>(f: () => Promise<T>): Promise<number> {
    const t = performance.now();
    await f();
    return (performance.now() - t) / 1000;
}

async function main() {
    console.log(`engine benchmark: ${repeats} previews and no-op ups per size (medians), one converging up and one destroy`);
    console.log("edge nodes  preview s  up s  no-op up s  destroy s  no-op/preview");
    const rows: Record<number, { preview: number; noop: number }> = {};
    for (const n of sizes) {
        const edges = Array.from({ length: n }, (_, i) => `edge${String(i + 1).padStart(4, "0")}`);
        await ensureNodes(["node1", ...edges]);
        const s = await newStack(`bench${n}`);
        s.configure({ cloudNodes: ["node1"], edgeNodes: edges, provider: "none", rollout: { jobTimeout: "10m" } });
        const previews: number[] = [];
        for (let i = 0; i < repeats; i++) {
            previews.push(await timed(() => s.preview()));
        }
        const up = await timed(() => s.up());
        const noops: number[] = [];
        for (let i = 0; i < repeats; i++) {
            noops.push(await timed(async () => {
                const r = await s.up();
                if (r.events.changes().length > 0) {
                    throw new Error(`no-op up changed ${r.events.changes().slice(0, 5)}`);
                }
            }));
        }
        const destroy = await timed(() => s.destroy());
        await s.stack.workspace.removeStack(s.name);
        rows[n] = { preview: median(previews), noop: median(noops) };
        console.log(`${String(n).padStart(10)}  ${rows[n].preview.toFixed(1).padStart(9)}  ${up.toFixed(1).padStart(4)}  ${rows[n].noop.toFixed(1).padStart(10)}  ${destroy.toFixed(1).padStart(9)}  ${(rows[n].noop / rows[n].preview).toFixed(2).padStart(13)}`);
    }
    const big = rows[500];
    if (big) {
        console.log(`preview of 500 nodes: ${big.preview.toFixed(1)} s (target ≤ 60 s: ${big.preview <= 60 ? "met" : "MISSED"}); no-op up / preview = ${(big.noop / big.preview).toFixed(2)} (target ≤ 1.2: ${big.noop / big.preview <= 1.2 ? "met" : "MISSED"})`);
    }
    if (rows[10] && rows[500]) {
        console.log(`growth 10 → 500 nodes: preview ×${(rows[500].preview / rows[10].preview).toFixed(1)}, no-op up ×${(rows[500].noop / rows[10].noop).toFixed(1)}`);
    }
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
