import { parseResourceName, ResourceKind } from "../../components/core/names";
import { ConversionPlan } from "../../components/yurtctl/plan";
import { NodeRole } from "../../components/core/plan/plannedNode";
import { jsonText } from "./json";
import { NodeChange, nodeResourceKinds } from "./steps";
import { renderTable } from "./table";

/**
 * The per-node plan: role and batch from the validated plan, action from the preview's steps, so
 * the table says what `up` (or `destroy`) would really do. Pure.
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

/** What a node's resource changes amount to. */
export function actionOf(role: NodeRole | "-", change: NodeChange | undefined): { action: Action; detail: string } {
    const c = change ?? {};
    const parts: string[] = [];
    const autonomyWord = c.autonomy === "delete" ? "autonomy off" : c.autonomy ? "autonomy on" : "";
    if (c.convert === "create" || c.convert === "replace") {
        parts.push(c.convert === "create" ? "servant Job" : "servant Job re-runs");
        if (c.role && c.role !== "delete") {
            parts.push(`label ${role === "-" ? "edge" : role}`);
        }
        if (autonomyWord) {
            parts.push(autonomyWord);
        }
        return { action: "convert", detail: parts.join(", ") };
    }
    if (c.convert === "delete" || c.role === "delete") {
        parts.push(c.convert === "delete" ? "revert Job, label removed" : "label removed");
        if (c.autonomy === "delete") {
            parts.push("autonomy off");
        }
        return { action: "revert", detail: parts.join(", ") };
    }
    if (c.role) {
        // create (a cloud node, or a label restored after it was removed by hand) or update.
        parts.push(`label ${role === "-" ? "edge" : role}`);
        if (autonomyWord) {
            parts.push(autonomyWord);
        }
        return { action: "convert", detail: parts.join(", ") };
    }
    if (c.autonomy) {
        return { action: "annotate", detail: autonomyWord };
    }
    // An in-place update of a Job changes its metadata only; nothing runs on the node.
    return { action: "none", detail: c.convert === "update" ? "servant Job metadata updated" : "" };
}

export interface PlanRowsInput {
    /** The plan the run applies; undefined for a revert (everything goes). */
    plan?: ConversionPlan;
    /** Per node, from the preview's steps. */
    changes: Map<string, NodeChange>;
    /** Roles before the run (stack outputs), for nodes that leave. */
    previousRoles?: Record<string, NodeRole>;
    /** Autonomous nodes before the run, for a revert. */
    previousAutonomous?: string[];
    /** Batches before the run, for a revert. */
    previousBatches?: string[][];
}

/**
 * One row per node: the plan's nodes (cloud first, then edge in rollout order), then nodes that
 * leave, then nodes of the cluster the plan does not manage.
 */
export function planRows(input: PlanRowsInput): PlanRow[] {
    const rows: PlanRow[] = [];
    const seen = new Set<string>();
    const plan = input.plan;
    if (plan) {
        const batches = plan.batches.length;
        for (const n of plan.nodes) {
            const { action, detail } = actionOf(n.role, input.changes.get(n.name));
            rows.push({
                node: n.name,
                role: n.role,
                autonomous: n.autonomous,
                action,
                batch: n.batch === undefined ? undefined : n.batch + 1,
                batches,
                detail,
            });
            seen.add(n.name);
        }
    }
    const previousBatch = new Map<string, number>();
    (input.previousBatches ?? []).forEach((b, i) => b.forEach((n) => previousBatch.set(n, i + 1)));
    const leaving = new Set([...input.changes.keys(), ...(plan ? [] : Object.keys(input.previousRoles ?? {}))]);
    for (const node of [...leaving].filter((n) => !seen.has(n)).sort()) {
        const before = input.previousRoles?.[node];
        const { action, detail } = actionOf(before ?? "-", input.changes.get(node));
        rows.push({
            node,
            role: before ?? "-",
            autonomous: (input.previousAutonomous ?? []).includes(node),
            action,
            batch: plan ? undefined : previousBatch.get(node),
            batches: input.previousBatches?.length ?? 0,
            detail: plan && action === "revert" ? `leaves: ${detail}` : detail,
        });
        seen.add(node);
    }
    for (const node of plan?.unmanagedNodes ?? []) {
        if (!seen.has(node)) {
            rows.push({ node, role: "-", autonomous: false, action: "none", batches: 0, detail: "not managed (not in --edge-nodes)" });
        }
    }
    return rows;
}

export function batchLabel(batch: number | undefined, batches: number): string {
    return batch === undefined ? "-" : `${batch}/${batches}`;
}

export function renderPlanTable(rows: PlanRow[]): string {
    return renderTable(
        ["NODE", "ROLE", "AUTONOMOUS", "ACTION", "BATCH", "DETAIL"],
        rows.map((r) => [
            r.node,
            r.role,
            r.role === "edge" ? (r.autonomous ? "yes" : "no") : "-",
            r.action,
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

/** Resources whose changes the per-node rows already show: v1.7.0's fleet resources, v0.6.1's per-node ones. */
const rowKinds: Record<"pools" | "nodes", ResourceKind[]> = {
    pools: ["nodePoolMembers", "nodePoolReverts"],
    nodes: Object.keys(nodeResourceKinds) as ResourceKind[],
};

/**
 * The changes ("op name", as resourceChanges lists them) that the per-node rows do not show:
 * `pools` (v1.7.0) rows come from the NodePool membership, v0.6.1 rows from each node's resources.
 */
export function clusterWideChanges(changes: string[], pools: boolean): string[] {
    const shown = rowKinds[pools ? "pools" : "nodes"];
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
