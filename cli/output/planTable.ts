import { parseResourceName, ResourceKind } from "../../components/core/names";
import { NodeRole } from "../../components/core/plan/plannedNode";
import { jsonText } from "./json";
import { renderTable } from "./table";

/**
 * The per-node plan as both generations show it: a row per node with what the run does to it
 * (cli/generations/yurtctl/planRows.ts and cli/generations/yurtmanager/poolPlan.ts make them), its
 * table, its totals, its JSON, and the cluster-wide changes the rows do not show. Pure.
 */

/** `move` (v1.7.0 only): the node changes NodePool, so yurt-manager reverts it and converts it again. */
export type Action = "convert" | "revert" | "move" | "annotate" | "none";

export interface PlanRow {
    node: string;
    /** Role after the run ("-": not managed, or leaving). */
    role: NodeRole | "-";
    /** Carries the autonomy annotation after the run (edge nodes only). */
    autonomous: boolean;
    action: Action;
    /** 1-based rollout batch of an edge node. */
    batch?: number;
    /** Number of batches, for "1/2". */
    batches: number;
    /** What changes, in words. */
    detail: string;
    /** v1.7.0: the node's NodePool after the run (before it, for a node that leaves). */
    pool?: string;
    /** v1.7.0, action move: the NodePool it leaves. */
    fromPool?: string;
    /** v1.7.0: its autonomy-duration after the run, when autonomous. */
    autonomyDuration?: string;
}

export function batchLabel(batch: number | undefined, batches: number): string {
    return batch === undefined ? "-" : `${batch}/${batches}`;
}

/** A row's action as the table shows it: a move names both NodePools. */
export function actionCell(r: PlanRow): string {
    return r.action === "move" ? `move ${r.fromPool}→${r.pool}` : r.action;
}

/**
 * The plan table of either generation. With `pools` (v1.7.0) it has a POOL column and an
 * AUTONOMY column with each autonomous node's autonomy-duration; without (v0.6.1), AUTONOMOUS yes/no.
 */
export function renderPlanTable(rows: PlanRow[], opts: { pools: boolean }): string {
    const autonomy = (r: PlanRow) => (r.role !== "edge" ? "-" : !r.autonomous ? "no" : opts.pools ? `yes (${r.autonomyDuration ?? "?"})` : "yes");
    return renderTable(
        ["NODE", "ROLE", ...(opts.pools ? ["POOL"] : []), opts.pools ? "AUTONOMY" : "AUTONOMOUS", "ACTION", "BATCH", "DETAIL"],
        rows.map((r) => [
            r.node,
            r.role,
            ...(opts.pools ? [r.pool ?? "-"] : []),
            autonomy(r),
            actionCell(r),
            batchLabel(r.batch, r.batches),
            r.detail,
        ]),
    );
}

/** "2 to convert, 1 to annotate" (actions other than none), or "nothing to change". */
export function planTotals(rows: PlanRow[]): string {
    const counts = new Map<Action, number>();
    for (const r of rows) {
        counts.set(r.action, (counts.get(r.action) ?? 0) + 1);
    }
    const parts = (["convert", "move", "revert", "annotate"] as const).filter((a) => counts.get(a)).map((a) => `${counts.get(a)} to ${a}`);
    return parts.length > 0 ? parts.join(", ") : "nothing to change";
}

/** JSON form of the plan, for --output json. */
export function planJson(rows: PlanRow[], extra: Record<string, unknown> = {}): string {
    return jsonText({
        ...extra,
        nodes: rows.map((r) => ({
            name: r.node,
            role: r.role,
            autonomous: r.autonomous,
            action: r.action,
            batch: r.batch ?? null,
            detail: r.detail,
            // v1.7.0 rows carry their NodePool (and, for a move, the one left).
            ...("pool" in r ? { pool: r.pool ?? null } : {}),
            ...(r.action === "move" ? { fromPool: r.fromPool ?? null } : {}),
            ...("pool" in r && r.autonomous ? { autonomyDuration: r.autonomyDuration ?? null } : {}),
        })),
    });
}

/** The component's resources in words, in the order they are set up (a chart's objects are the chart). */
const componentWords: Array<[ResourceKind[], string]> = [
    // v0.6.1
    [["ycm"], "yurt-controller-manager"],
    [["yurthub", "yurthubConfig"], "yurthub RBAC and settings"],
    [["bootstrapToken", "joinToken"], "join token"],
    [["nodeLifecycle", "nodeLifecycleRestore", "disableNodeLifecycle"], "node-lifecycle hand-over"],
    [["revert"], "revert record"],
    [["batch"], "batch records"],
    // v1.7.0: Helm charts, gate, pools, membership.
    [["yurtManagerChart"], "yurt-manager chart"],
    [["yurtManagerReady"], "yurt-manager readiness gate"],
    [["yurthubChart"], "yurthub chart"],
    [["pool"], "NodePools"],
    [["nodePoolReverts"], "NodePool reverts"],
    [["nodePoolMembers"], "NodePool membership"],
];

/**
 * The changes ("op name", as resourceChanges lists them) that the per-node rows do not show: `shown`
 * are the kinds of resource the generation's rows come from (cli/generations).
 */
export function clusterWideChanges(changes: string[], shown: ResourceKind[]): string[] {
    return changes.filter((c) => {
        const kind = parseResourceName(c.split(" ")[1] ?? "")?.kind;
        return kind === undefined || !shown.includes(kind);
    });
}

/**
 * Changes to resources that are not per node ("create openyurt-ycm", …) in words, grouped by op:
 * "create: yurt-controller-manager, join token; update: revert record".
 */
export function describeOtherChanges(changes: string[]): string {
    const byOp = new Map<string, Set<string>>();
    for (const c of changes) {
        const [op, name] = c.split(" ");
        const kind = parseResourceName(name)?.kind;
        const word = componentWords.find(([kinds]) => kind !== undefined && kinds.includes(kind))?.[1] ?? name;
        if (!byOp.has(op)) {
            byOp.set(op, new Set());
        }
        byOp.get(op)!.add(word);
    }
    // Known components in the order they are set up, then anything else by name.
    const rank = (w: string) => {
        const i = componentWords.findIndex(([, word]) => word === w);
        return i < 0 ? componentWords.length : i;
    };
    const sorted = (words: Set<string>) => [...words].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    return [...byOp.entries()].map(([op, words]) => `${op}: ${sorted(words).join(", ")}`).join("; ");
}
