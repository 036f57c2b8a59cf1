import type { NodeMembership } from "../../../components/yurtmanager/manifests";
import { nodeMemberships } from "../../../components/yurtmanager/manifests";
import { ResourceKind } from "../../../components/core/names";
import { EdgeClusterPlan } from "../../../components/edgecluster/plan";
import { YurtManagerPlan } from "../../../components/yurtmanager/plan";
import { actionCell, PlanRow } from "../../output/planTable";

/**
 * The per-node plan of a v1.7.0 (yurt-manager) conversion. The engine sees one NodePoolMembers
 * resource for the whole fleet, so a preview cannot say what happens to each node; this does, from
 * the plan (where each node should be) and the previous run's state (the NodePoolMembers' `nodes`
 * input: where each node was put). Pure.
 */

/** The plan as v1.7.0's: this folder is reached only for that generation (cli/generations/index.ts). */
export function yurtManagerPlan(plan: EdgeClusterPlan): YurtManagerPlan {
    if (plan.release.generation !== "yurt-manager") {
        throw new Error(`internal: a ${plan.release.version} plan reached the v1.7.0 (yurt-manager) CLI`);
    }
    return plan as YurtManagerPlan;
}

/** The resources the rows are made from (one fleet-wide pair): their changes are not listed again as cluster-wide. */
export const poolRowKinds: ResourceKind[] = ["nodePoolMembers", "nodePoolReverts"];

const autonomyWord = (before: string | undefined, after: string | undefined): string => {
    if (before === after) {
        return "";
    }
    if (after === undefined) {
        return "autonomy off";
    }
    return before === undefined ? `autonomy on (autonomy-duration ${after})` : `autonomy-duration ${before} → ${after}`;
};

/** What happens to one node: from where it was (`had`) to where it should be (`want`). */
export function poolActionOf(want: NodeMembership | undefined, had: NodeMembership | undefined): Pick<PlanRow, "action" | "detail" | "fromPool"> {
    const autonomy = autonomyWord(had?.autonomy, want?.autonomy);
    const withAutonomy = (text: string) => [text, autonomy].filter(Boolean).join(", ");
    if (!want) {
        if (!had) {
            return { action: "none", detail: "" };
        }
        return {
            action: "revert",
            detail: [
                had.edge ? `leaves NodePool ${had.pool}; yurt-manager reverts it` : `leaves NodePool ${had.pool}`,
                had.autonomy !== undefined ? "autonomy off" : "",
            ]
                .filter(Boolean)
                .join(", "),
        };
    }
    if (!had) {
        return {
            action: "convert",
            detail: withAutonomy(want.edge ? `joins NodePool ${want.pool}; yurt-manager converts it` : `joins NodePool ${want.pool}`),
        };
    }
    if (had.pool !== want.pool) {
        // NodePoolReverts takes it out of the old pool (and waits for the revert) before it is labelled into the new one.
        const out = had.edge ? `reverted out of ${had.pool}` : `leaves ${had.pool}`;
        const into = want.edge ? `converted into ${want.pool}` : `joins ${want.pool}`;
        return { action: "move", fromPool: had.pool, detail: withAutonomy(`${out}, then ${into}`) };
    }
    if (had.edge !== want.edge) {
        return want.edge
            ? { action: "convert", detail: withAutonomy(`in NodePool ${want.pool}; yurt-manager converts it`) }
            : { action: "revert", detail: withAutonomy(`stays in NodePool ${want.pool} as a cloud node`) };
    }
    if (autonomy) {
        return { action: "annotate", detail: autonomy };
    }
    return { action: "none", detail: "" };
}

export interface PoolPlanInput {
    /** The plan the run applies; undefined for a revert (every node leaves). */
    plan?: YurtManagerPlan;
    /** Where the previous run put each node (state), if it got that far. */
    previous?: Record<string, NodeMembership>;
    /** Batches of the previous run, for the rows of a revert. */
    previousBatches?: string[][];
}

/**
 * One row per node: the plan's nodes (cloud first, then edge in rollout order), then nodes that
 * leave, then nodes of the cluster the plan does not manage.
 */
export function poolPlanRows(input: PoolPlanInput): PlanRow[] {
    const { plan } = input;
    const previous = input.previous ?? {};
    const rows: PlanRow[] = [];
    const seen = new Set<string>();
    const wanted = plan ? nodeMemberships(plan) : {};
    if (plan) {
        for (const n of plan.nodes) {
            const want = wanted[n.name];
            rows.push({
                node: n.name,
                role: n.role,
                autonomous: n.autonomous,
                pool: want.pool,
                autonomyDuration: want.autonomy,
                batch: n.batch === undefined ? undefined : n.batch + 1,
                batches: plan.batches.length,
                ...poolActionOf(want, previous[n.name]),
            });
            seen.add(n.name);
        }
    }
    const previousBatch = new Map<string, number>();
    (input.previousBatches ?? []).forEach((b, i) => b.forEach((n) => previousBatch.set(n, i + 1)));
    for (const node of Object.keys(previous)
        .filter((n) => !seen.has(n))
        .sort()) {
        const had = previous[node];
        rows.push({
            node,
            role: had.edge ? "edge" : "cloud",
            autonomous: had.autonomy !== undefined,
            pool: had.pool,
            autonomyDuration: had.autonomy,
            batch: plan ? undefined : previousBatch.get(node),
            batches: plan ? 0 : (input.previousBatches?.length ?? 0),
            ...poolActionOf(undefined, had),
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

/** What a plan's membership changes against the previous run, apart from autonomy (markautonomous refuses those). */
export function membershipChanges(rows: PlanRow[]): string[] {
    return rows
        .filter((r) => r.action === "convert" || r.action === "revert" || r.action === "move")
        .map((r) => `${r.node} (${actionCell(r)}: ${r.detail})`);
}
