/**
 * `npm run bench:engine`: wall time of the real engine (Automation API, Kubernetes provider, local
 * control plane with kwok nodes and, for v1.7.0, the real yurt-manager) for 100, 500 and 2,000 edge
 * nodes converted in one batch: preview of a fresh conversion and no-op `up` as the CLI commands
 * a user types (`pulumi preview`, `pulumi up --skip-preview`; a no-op preview of the converged stack
 * beside the no-op up, since both read the same state; one Automation API `up` too, which
 * reads the outputs and the history after the update), the converging `up`,
 * `destroy`, and the state size per node. For v1.7.0 also the time yurt-manager itself spends
 * converting (first pool label to last `Converted` condition, polled once a second).
 * Nodes report a status like a real node's (images, conditions, addresses, capacity; ~8 KB of JSON).
 * Prints medians and ratios. Targets (v1.7.0, issue "fleets as they are"): preview ≤ 30 s at every size;
 * converging up ≤ 1.2 × yurt-manager's conversion time; no-op up ≤ 1.1 × the preview of the same stack
 * (what `pulumi up --yes` would run before it; median of the pairs' ratios); destroy ≤ 1.2 ×
 * yurt-manager's revert time; state ≤ 1 KB per node beyond the fixed charts (from two sizes: the growth).
 * BENCH_SIZES (default 100,500,2000), BENCH_RUNS (3), BENCH_RELEASE (v1.7.0 or v0.6.1), BENCH_WORKERS (yurt-manager workers, 50),
 * BENCH_BACKEND (file; s3: the state in versitygw, an S3 server on 127.0.0.1; file,s3: both per size,
 * then the object store / file ratios), BENCH_DESTROY (1; 0: no destroy, for one size), BENCH_PROFILE
 * (a folder: one more no-op preview and up per size with the engine's CPU profile and trace, and the Node
 * processes' CPU profiles, there).
 * v1.7.0 fleets as they are: BENCH_OFFLINE and BENCH_FAILING (shares of the edge nodes, e.g. 0.01 each;
 * default 0) are taken offline (scripts/cluster.sh take-offline: Ready=Unknown before the run) and
 * given a failing node-servant (fail-servant) before the converging up, which runs with
 * rollout.maxFailures at twice their sum (room for nodes the loaded machine itself loses; printed)
 * and must succeed; then they are healed and an up converts every node left (the "retry up"), before
 * the no-op ups. The destroy is compared with yurt-manager's own revert
 * time (first pool label removed to last node reported Reverted).
 */
import * as path from "path";
import { performance } from "perf_hooks";
import { kubeRequest } from "../components/core/kube/client";
import { nodeView } from "../components/core/kube/nodeView";
import { newStack } from "../support/engineStack";
import { cluster, connection, openyurtCharts as charts } from "../support/localCluster";
import { startObjectStore } from "../support/objectStore";

const sizes = (process.env.BENCH_SIZES ?? "100,500,2000").split(",").map(Number);
const release = process.env.BENCH_RELEASE ?? "v1.7.0";
const workers = Number(process.env.BENCH_WORKERS ?? 50);
const repeats = Number(process.env.BENCH_RUNS ?? 3);
/** Where the state lives: "file" (the project copy's folder), "s3" (versitygw on 127.0.0.1), or both, one after the other per size. */
const backends = (process.env.BENCH_BACKEND ?? "file").split(",").map((b) => b.trim());
for (const b of backends) {
    if (b !== "file" && b !== "s3") {
        throw new Error(`BENCH_BACKEND: unknown backend "${b}"; use file, s3 or file,s3`);
    }
}
/**
 * BENCH_DESTROY=0: no destroy (at 5,000 nodes it takes half an hour); the cluster goes with the run.
 * Then one size and one backend only, since the next would meet this stack's converted nodes.
 */
const withDestroy = process.env.BENCH_DESTROY !== "0";
/** BENCH_PROFILE=<dir>: where profileNoop writes its profiles. */
const profileDir = process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : undefined;
if (!withDestroy && (sizes.length > 1 || backends.length > 1)) {
    throw new Error(`BENCH_DESTROY=0 needs one size and one backend (BENCH_SIZES=${sizes.join(",")}, BENCH_BACKEND=${backends.join(",")})`);
}
const offlineShare = Number(process.env.BENCH_OFFLINE ?? 0);
const failingShare = Number(process.env.BENCH_FAILING ?? 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A status like a real node reports: cached images, addresses, capacity, node info (about 8 KB of JSON). */
function realisticStatus(name: string, i: number) {
    const images = Array.from({ length: 40 }, (_, k) => ({
        names: [
            `registry.cn-hangzhou.aliyuncs.com/acs/image-${k}@sha256:${(k * 7919 + i).toString(16).padStart(64, "0")}`,
            `registry.cn-hangzhou.aliyuncs.com/acs/image-${k}:v1.${k}.0`,
        ],
        sizeBytes: 10_000_000 + k * 1_234_567,
    }));
    return {
        allocatable: { cpu: "16", memory: "64Gi", pods: "110", "ephemeral-storage": "100Gi", "hugepages-1Gi": "0", "hugepages-2Mi": "0" },
        capacity: { cpu: "16", memory: "65806124Ki", pods: "110", "ephemeral-storage": "123722704Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0" },
        addresses: [
            { type: "InternalIP", address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
            { type: "Hostname", address: name },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        images,
        nodeInfo: {
            architecture: "amd64",
            bootID: `b00t-${i}`,
            containerRuntimeVersion: "containerd://1.7.22",
            kernelVersion: "5.10.134-17.3.al8.x86_64",
            kubeProxyVersion: "v1.34.4",
            kubeletVersion: "v1.34.4",
            machineID: `m-${i}`,
            operatingSystem: "linux",
            osImage: "Alibaba Cloud Linux 3",
            systemUUID: `u-${i}`,
        },
    };
}

async function ensureNodes(names: string[]) {
    const conn = connection();
    const existing = new Set<string>((await kubeRequest(conn, "GET", "/api/v1/nodes")).items.map((n: any) => n.metadata.name));
    const missing = names.filter((n) => !existing.has(n));
    const queue = [...missing];
    await Promise.all(
        Array.from({ length: 8 }, async () => {
            for (let name = queue.shift(); name; name = queue.shift()) {
                await kubeRequest(conn, "POST", "/api/v1/nodes", {
                    body: {
                        apiVersion: "v1",
                        kind: "Node",
                        metadata: {
                            name,
                            annotations: { "kwok.x-k8s.io/node": "fake" },
                            labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux", type: "kwok" },
                        },
                        status: realisticStatus(name, names.indexOf(name)),
                    },
                });
            }
        }),
    );
    // kwok marks them Ready.
    for (let i = 0; i < 120; i++) {
        const nodes = (await kubeRequest(conn, "GET", "/api/v1/nodes")).items;
        const wanted = new Set(names);
        const ready = nodes.filter(
            (n: any) => wanted.has(n.metadata.name) && n.status?.conditions?.some((c: any) => c.type === "Ready" && c.status === "True"),
        );
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

const POOL_LABEL = "apps.openyurt.io/nodepool";
const hasReason = (n: any, reasons: string[]) =>
    (n.status?.conditions ?? []).some((c: any) => c.type === "YurtNodeConversionFailed" && reasons.includes(c.reason));

/**
 * While `work` runs, reads the nodes once a second (one list, then a watch on the changes, so the
 * measuring does not load the machine with the fleet's size): from when `starts`
 * first holds for one of `edges` to when every one of them reports one of `reasons` — yurt-manager's
 * own share of a converging up (first pool label to its last verdict, `Converted` or, for the nodes
 * given a failing node-servant, `ConvertFailed`) or of a destroy (first label removed to last `Reverted`).
 */
async function yurtManagerWindow<T>(
    work: Promise<T>,
    edges: string[],
    starts: (node: any) => boolean,
    reasons: string[],
): Promise<{ result: T; seconds: number }> {
    const view = nodeView(connection());
    let first = 0;
    let last = 0;
    let done = false;
    const poll = (async () => {
        while (!done) {
            const nodes = await view.read(1).catch(() => new Promise<undefined>((r) => setTimeout(r, 1000)));
            if (!nodes) {
                continue;
            }
            const mine = edges.map((n) => nodes.get(n)).filter((n) => n !== undefined);
            if (!first && mine.some(starts)) {
                first = performance.now();
            }
            if (first && !last && mine.filter((n: any) => hasReason(n, reasons)).length === edges.length) {
                last = performance.now();
            }
        }
    })();
    try {
        const result = await work;
        return { result, seconds: first && last ? (last - first) / 1000 : NaN };
    } finally {
        done = true;
        await poll;
    }
}

const conversionWindow = <T>(work: Promise<T>, edges: string[]) =>
    yurtManagerWindow(work, edges, (n) => n.metadata.labels?.[POOL_LABEL] !== undefined, ["Converted", "ConvertFailed"]);
const revertWindow = <T>(work: Promise<T>, edges: string[]) =>
    yurtManagerWindow(work, edges, (n) => n.metadata.labels?.[POOL_LABEL] === undefined, ["Reverted"]);

type Row = {
    preview: number;
    noopPreview: number;
    /** The median of the no-op ups' ratios to the no-op preview run beside each. */
    noopPaired: number;
    noop: number;
    noopApi: number;
    up: number;
    ym: number;
    retry: number;
    destroy: number;
    ymRevert: number;
    kbPerNode: number;
};

type Stack = Awaited<ReturnType<typeof newStack>>;
type ObjectStore = Awaited<ReturnType<typeof startObjectStore>>;
/** Prints one figure of a size as soon as it is measured, so that a run stopped early still says what it saw. */
type Say = (what: string) => void;

/**
 * The edge nodes of a size, the ones taken offline or given a failing node-servant (spread over the
 * fleet, so every batch meets some), and the budget.
 */
interface Fleet {
    n: number;
    edges: string[];
    offline: string[];
    failing: string[];
    /** The nodes the converging up converts. */
    expected: string[];
    budget: number;
}

function fleetOf(n: number): Fleet {
    const edges = Array.from({ length: n }, (_, i) => `edge${String(i + 1).padStart(4, "0")}`);
    const every = (share: number, offset: number) => (share > 0 ? edges.filter((_, i) => (i + offset) % Math.round(1 / share) === 0) : []);
    const offline = release === "v1.7.0" ? every(offlineShare, 0) : [];
    const failing =
        release === "v1.7.0" ? every(failingShare, Math.round(0.5 / Math.max(failingShare, 1e-9))).filter((x) => !offline.includes(x)) : [];
    const expected = edges.filter((x) => !offline.includes(x) && !failing.includes(x));
    return { n, edges, offline, failing, expected, budget: 2 * (offline.length + failing.length) };
}

function stackSettings(fleet: Fleet): Record<string, unknown> {
    return release === "v0.6.1"
        ? {
              release,
              allowUnsupportedKubernetes: true,
              cloudNodes: ["node1"],
              edgeNodes: fleet.edges,
              provider: "none",
              rollout: { jobTimeout: "10m" },
          }
        : {
              release,
              cloudNodes: ["node1"],
              edgeNodes: fleet.edges,
              charts: { path: charts },
              yurtManager: { conversionWorkers: workers },
              rollout: { jobTimeout: "10m", maxFailures: fleet.budget },
          };
}

/** Takes the fleet's offline nodes offline and gives its failing ones a failing node-servant. */
function breakNodes(fleet: Fleet): void {
    if (fleet.offline.length + fleet.failing.length > 0) {
        fleet.failing.forEach((x) => cluster("fail-servant", x));
        fleet.offline.forEach((x) => cluster("take-offline", x));
        fleet.offline.forEach((x) => cluster("take-offline", x, "--wait"));
        console.log(
            `  ${fleet.offline.length} node(s) offline, ${fleet.failing.length} with a failing node-servant, rollout.maxFailures ${fleet.budget}`,
        );
    }
}

/**
 * After the converging up: its report names every offline and failing node (others the loaded
 * machine lost are printed); they are healed, and an up converts every node left. Its seconds.
 */
async function retryAfterHealing(s: Stack, fleet: Fleet, first: Awaited<ReturnType<Stack["up"]>>, say: Say): Promise<number> {
    const { offline, failing, edges } = fleet;
    const report = first.result.outputs.nodeReport.value as Record<string, { outcome: string; reason?: string }>;
    const short = new Set(Object.keys(report).filter((x) => report[x].outcome !== "converted" && report[x].outcome !== "cloud"));
    const missed = [...offline, ...failing].filter((x) => !short.has(x));
    if (missed.length > 0) {
        throw new Error(`the report does not name these offline or failing nodes: ${missed.slice(0, 10)}`);
    }
    for (const x of [...short].filter((y) => !offline.includes(y) && !failing.includes(y))) {
        console.log(`  also not converted: ${x} (${report[x].outcome}): ${report[x].reason}`);
    }
    failing.forEach((x) => cluster("heal-servant", x));
    if (offline.length > 0) {
        cluster("bring-online", ...offline);
    }
    const retry = await timed(async () => {
        const r = await s.up();
        const converted = r.result.outputs.convertedNodes.value as string[];
        if (converted.length !== edges.length) {
            throw new Error(`the retry up left ${edges.length - converted.length} node(s) unconverted`);
        }
    });
    say(`retry up ${retry.toFixed(1)} s`);
    return retry;
}

/**
 * Previews of a fresh conversion as a user types them (`pulumi preview`), then the converging up
 * with yurt-manager's own window, then (with offline or failing nodes) the retry after healing.
 */
async function measureConversion(s: Stack, fleet: Fleet, say: Say): Promise<Pick<Row, "preview" | "up" | "ym" | "retry">> {
    const previews: number[] = [];
    for (let i = 0; i < repeats; i++) {
        previews.push(await timed(() => s.cli(["preview"])));
    }
    say(`previews ${previews.map((x) => x.toFixed(1)).join(", ")} s`);
    const t0 = performance.now();
    const { seconds: ym, result: first } = await conversionWindow(s.up(), [...fleet.expected, ...fleet.failing]);
    const up = (performance.now() - t0) / 1000;
    say(`converging up ${up.toFixed(1)} s, yurt-manager ${ym.toFixed(1)} s`);
    const retry = fleet.offline.length + fleet.failing.length > 0 ? await retryAfterHealing(s, fleet, first, say) : 0;
    return { preview: median(previews), up, ym, retry };
}

/**
 * One no-op preview and one no-op up, each with the engine's CPU profile and execution trace (for `go tool
 * pprof`) and a CPU profile of every Node process the engine starts (support/cpuProfile.js, preloaded through
 * NODE_OPTIONS; Node 20 refuses --cpu-prof there), as <dir>/<preview|up>-<n>-<pid>-<script>.cpuprofile.
 */
async function profileNoop(s: Stack, n: number, dir: string): Promise<void> {
    const nodeProfile = (label: string) => ({
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${path.resolve(__dirname, "..", "support", "cpuProfile.js")}`.trim(),
        OPENYURT_CPU_PROFILE_DIR: dir,
        OPENYURT_CPU_PROFILE_LABEL: label,
    });
    await s.cli(["preview", "--expect-no-changes", "--profiling", `${dir}/preview-${n}`], nodeProfile(`preview-${n}`));
    await s.cli(["up", "--yes", "--skip-preview", "--expect-no-changes", "--profiling", `${dir}/up-${n}`], nodeProfile(`up-${n}`));
}

/**
 * The converged stack: no-op previews (`pulumi preview --expect-no-changes`, which read the same state
 * as the no-op up, so their ratio is what the update itself adds) and no-op ups as a user types them
 * (`pulumi up --skip-preview`), in pairs, the order alternating (preview first, then up first), so both
 * see the same load of the machine and the cluster beside them; the pairs' ratios and their median are
 * printed. Then one `up` through the Automation API, which also runs `pulumi stack output` twice and
 * `pulumi stack history` after the update, each reading the whole state.
 */
async function measureNoop(s: Stack, n: number, say: Say): Promise<Pick<Row, "noopPreview" | "noop" | "noopPaired" | "noopApi">> {
    const noopPreviews: number[] = [];
    const noops: number[] = [];
    const preview = async () => noopPreviews.push(await timed(() => s.cli(["preview", "--expect-no-changes"])));
    // --expect-no-changes: the command fails if the update changed anything.
    const up = async () => noops.push(await timed(() => s.cli(["up", "--yes", "--skip-preview", "--expect-no-changes"])));
    for (let i = 0; i < repeats; i++) {
        for (const run of i % 2 === 0 ? [preview, up] : [up, preview]) {
            await run();
        }
    }
    const paired = noops.map((x, i) => x / noopPreviews[i]);
    say(`no-op previews ${noopPreviews.map((x) => x.toFixed(1)).join(", ")} s`);
    say(`no-op ups (pulumi up --skip-preview) ${noops.map((x) => x.toFixed(1)).join(", ")} s`);
    say(`no-op up / no-op preview, pair by pair ${paired.map((x) => x.toFixed(2)).join(", ")}: median ${median(paired).toFixed(2)}`);
    const noopApi = await timed(async () => {
        const r = await s.up();
        if (r.events.changes().length > 0) {
            throw new Error(`no-op up changed ${r.events.changes().slice(0, 5)}`);
        }
    });
    say(`no-op up through the Automation API (the update, then stack output ×2 and stack history) ${noopApi.toFixed(1)} s`);
    if (profileDir) {
        await profileNoop(s, n, profileDir);
        say(`engine and Node profiles in ${profileDir} (preview-${n}*, up-${n}*; npm run bench:profile-top -- <file.cpuprofile>)`);
    }
    return { noopPreview: median(noopPreviews), noop: median(noops), noopPaired: median(paired), noopApi };
}

/** One size on one backend: a new stack through conversion, no-op runs and (unless BENCH_DESTROY=0) destroy. */
async function measureSize(fleet: Fleet, backend: string, store: ObjectStore | undefined): Promise<Row> {
    const { n } = fleet;
    const s = await newStack(`bench${n}${backend}`, backend === "s3" ? { backendUrl: store!.backendUrl("bench"), env: store!.engineEnv() } : {});
    s.configure(stackSettings(fleet));
    breakNodes(fleet);
    const say: Say = (what) => console.log(`  ${n} nodes: ${what}`);
    const conversion = await measureConversion(s, fleet, say);
    const state = JSON.stringify(await s.stack.exportStack());
    say(`state ${(Buffer.byteLength(state) / 1024 / 1024).toFixed(2)} MB`);
    const noop = await measureNoop(s, n, say);
    let [destroy, ymRevert] = [NaN, NaN];
    if (withDestroy) {
        const t1 = performance.now();
        ({ seconds: ymRevert } = await revertWindow(s.destroy(), fleet.edges));
        destroy = (performance.now() - t1) / 1000;
        await s.stack.workspace.removeStack(s.name);
    }
    return { ...conversion, ...noop, destroy, ymRevert, kbPerNode: Buffer.byteLength(state) / 1024 / n };
}

const tableHeader =
    "edge nodes  backend  preview s  no-op preview s  up s  yurt-manager s  up/yurt-manager  retry up s  no-op up s  API up s  destroy s  yurt-manager revert s  destroy/revert  no-op/preview (pairs)  state KB/node";

function printRow(n: number, backend: string, r: Row): void {
    const cells: Array<[number, number, number]> = [
        [r.preview, 1, 9],
        [r.noopPreview, 1, 15],
        [r.up, 1, 4],
        [r.ym, 1, 14],
        [r.up / r.ym, 2, 15],
        [r.retry, 1, 10],
        [r.noop, 1, 10],
        [r.noopApi, 1, 8],
        [r.destroy, 1, 9],
        [r.ymRevert, 1, 21],
        [r.destroy / r.ymRevert, 2, 14],
        [r.noopPaired, 2, 21],
        [r.kbPerNode, 2, 13],
    ];
    console.log([String(n).padStart(10), backend.padStart(7), ...cells.map(([v, digits, width]) => v.toFixed(digits).padStart(width))].join("  "));
}

/** Each target per size and backend, met or MISSED, and the state's growth per node between the smallest and largest size. */
function printTargets(rows: Record<string, Row>): void {
    const met = (ok: boolean) => (ok ? "met" : "MISSED");
    for (const backend of backends) {
        for (const n of sizes) {
            const r = rows[`${n} ${backend}`];
            console.log(
                `${backend}, ${n} nodes: preview ${r.preview.toFixed(1)} s (≤ 30: ${met(r.preview <= 30)}); ` +
                    `up / yurt-manager ${(r.up / r.ym).toFixed(2)} (≤ 1.2: ${met(r.up / r.ym <= 1.2)}); ` +
                    `no-op up / the preview beside it ${r.noopPaired.toFixed(2)} (≤ 1.1: ${met(r.noopPaired <= 1.1)}; ` +
                    `ratio of medians ${(r.noop / r.noopPreview).toFixed(2)}, / a fresh conversion's preview ${(r.noop / r.preview).toFixed(2)}); ` +
                    (withDestroy
                        ? `destroy / yurt-manager's revert ${(r.destroy / r.ymRevert).toFixed(2)} (≤ 1.2: ${met(r.destroy / r.ymRevert <= 1.2)})`
                        : "destroy not measured (BENCH_DESTROY=0)"),
            );
        }
        const [small, large] = [Math.min(...sizes), Math.max(...sizes)];
        if (small !== large) {
            const [a, b] = [rows[`${small} ${backend}`], rows[`${large} ${backend}`]];
            const growth = (b.kbPerNode * large - a.kbPerNode * small) / (large - small);
            console.log(`${backend}: state grows by ${growth.toFixed(2)} KB per node from ${small} to ${large} nodes (≤ 1: ${met(growth <= 1)})`);
        }
    }
    if (backends.includes("s3") && backends.includes("file")) {
        console.log("object store / file backend (same machine, same run):");
        for (const n of sizes) {
            const [f, o] = [rows[`${n} file`], rows[`${n} s3`]];
            const ratio = (k: keyof Row) => (o[k] / f[k]).toFixed(2);
            console.log(
                `${n} nodes: preview ${ratio("preview")}, converging up ${ratio("up")}, no-op up ${ratio("noop")}, destroy ${ratio("destroy")}`,
            );
        }
    }
}

async function main() {
    const store = backends.includes("s3") ? await startObjectStore() : undefined;
    try {
        console.log(
            `engine benchmark, OpenYurt ${release}, state in ${backends.map((b) => (b === "s3" ? `s3 (versitygw ${store!.endpoint})` : "file")).join(" and ")}: ${repeats} previews and no-op ups per size (medians), one converging up${withDestroy ? " and one destroy" : ", no destroy (BENCH_DESTROY=0)"}`,
        );
        console.log(tableHeader);
        const rows: Record<string, Row> = {};
        for (const n of sizes) {
            const fleet = fleetOf(n);
            await ensureNodes(["node1", ...fleet.edges]);
            for (const backend of backends) {
                rows[`${n} ${backend}`] = await measureSize(fleet, backend, store);
                printRow(n, backend, rows[`${n} ${backend}`]);
            }
        }
        printTargets(rows);
    } finally {
        await store?.stop();
    }
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
