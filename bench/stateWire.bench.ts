/**
 * `npm run bench:state-wire`: what one per-node map of the state costs each time it crosses gRPC
 * between the engine, the program and a dynamic provider. Every such call carries property values
 * as `google.protobuf.Struct`; this times one round trip (from JavaScript, encoded, decoded, back to
 * JavaScript) with the Struct class @pulumi/pulumi itself uses, for the shapes the v1.7.0 state holds
 * per node: a list of names (`batches`), a map of strings (the reverts' pools, `nodeRoles`), the
 * members' `nodes` and `report` as NodePoolMembers keeps them (one string per node, membersState.ts)
 * and, for comparison, as the objects states before it kept ({pool, edge, autonomy}; {pool, outcome,
 * since, autonomy}; the stack output `nodeReport` still is). Prints medians (ms) per size and the
 * ratio of each shape to the list of names.
 * A no-op `up` or a preview of a converged stack carries such maps through several calls (check,
 * diff, the registration's answer, the outputs); a preview of a fresh conversion carries none.
 */
import { performance } from "perf_hooks";
import { membershipText, reportText } from "../components/yurtmanager/membersState";
import type { NodeReport } from "../components/yurtmanager/rolloutReport";

// The Struct class of the protobuf runtime @pulumi/pulumi is built on (not a dependency of ours).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [require.resolve("@pulumi/pulumi")] }));

const sizes = (process.env.BENCH_SIZES ?? "100,1000,5000").split(",").map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 7);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function shapes(n: number): Record<string, unknown> {
    const names = Array.from({ length: n }, (_, i) => `edge-${String(i).padStart(5, "0")}`);
    const pool = (i: number) => `pool-${i % 10}`;
    const member = (i: number) => ({ pool: pool(i), edge: true, autonomy: "0" });
    const line = (i: number): NodeReport => ({ pool: pool(i), outcome: "converted", since: "2026-12-05T13:41:03Z", autonomy: "0" });
    return {
        "names (batches)": [names],
        "strings (pools, roles)": Object.fromEntries(names.map((x, i) => [x, pool(i)])),
        "members' nodes": Object.fromEntries(names.map((x, i) => [x, membershipText(member(i))])),
        report: Object.fromEntries(names.map((x, i) => [x, reportText(line(i))])),
        "members' nodes as objects": Object.fromEntries(names.map((x, i) => [x, member(i)])),
        "report as objects": Object.fromEntries(names.map((x, i) => [x, line(i)])),
    };
}

/** One round trip of a value through Struct, in ms. */
function roundTrip(value: unknown): number {
    const t0 = performance.now();
    const bytes = Struct.fromJavaScript({ value }).serializeBinary();
    Struct.deserializeBinary(bytes).toJavaScript();
    return performance.now() - t0;
}

function main(): void {
    console.log(`one round trip through google.protobuf.Struct, median of ${runs} (ms); ratio to the list of names`);
    for (const n of sizes) {
        const medians = Object.entries(shapes(n)).map(([shape, value]) => {
            roundTrip(value); // warm-up
            return [shape, median(Array.from({ length: runs }, () => roundTrip(value)))] as const;
        });
        const base = medians[0][1];
        const row = medians.map(([shape, ms]) => `${shape} ${ms.toFixed(1)} (${(ms / base).toFixed(1)}×)`).join(", ");
        console.log(`${String(n).padStart(5)} nodes: ${row}`);
    }
}

main();
