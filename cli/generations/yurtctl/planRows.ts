import { ConversionPlan } from "../../../components/yurtctl/plan";
import { NodeRole } from "../../../components/core/plan/plannedNode";
import { EdgeClusterPlan } from "../../../components/edgecluster/plan";
import { Action, PlanRow } from "../../output/planTable";
import { ResourceKind } from "../../../components/core/names";
import { NodeChange, nodeResourceKinds } from "./nodeSteps";

/**
 * The v0.6.1 per-node plan: role and batch from the validated plan, action from the preview's steps
 * (each node has resources of its own), so the table says what `up` (or `destroy`) would really do. Pure.
 */

/** The plan as v0.6.1's: this folder is reached only for that generation (cli/generations/index.ts). */
export function yurtctlPlan(plan: EdgeClusterPlan): ConversionPlan {
    if (plan.release.generation !== "yurtctl") {
        throw new Error(`internal: a ${plan.release.version} plan reached the v0.6.1 (yurtctl) CLI`);
    }
    return plan as ConversionPlan;
}

/** The resources the rows are made from (each node's own): their changes are not listed again as cluster-wide. */
export const nodeRowKinds = Object.keys(nodeResourceKinds) as ResourceKind[];

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
