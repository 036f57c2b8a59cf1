import { yurthubBootAnnotation } from "./yurthubBootPod";
import { ClusterInventory } from "../core/plan/inventory";
import { YurtManagerPlan } from "./plan";

/**
 * What a v1.7.0 run will work on, read from the live nodes when the program runs, so that a preview
 * names them: the edge nodes of the plan that the cluster does not show converted. The state cannot
 * say it by itself: a node that failed or was skipped stays in the component's inputs (only its
 * outputs drop it), and `pulumi preview --diff` shows inputs. Pure.
 */
export interface PendingNode {
    name: string;
    /** new: not in its pool yet; retry: in its pool, not converted (failed, or a round under way); offline: not Ready, so the run skips it. */
    kind: "new" | "retry" | "offline";
}

export function pendingNodes(plan: YurtManagerPlan, inventory: ClusterInventory): PendingNode[] {
    const live = new Map(inventory.nodes.map((n) => [n.name, n]));
    const out: PendingNode[] = [];
    for (const name of plan.edgeNodes) {
        const n = live.get(name);
        if (!n) {
            continue;
        }
        const inPool = n.labels?.[plan.release.nodePoolLabel] !== undefined;
        const converted = inPool && n.labels?.[plan.release.edgeWorkerLabel] === "true" && n.annotations?.[yurthubBootAnnotation] === "true";
        if (converted) {
            continue;
        }
        out.push({ name, kind: !n.ready ? "offline" : inPool ? "retry" : "new" });
    }
    return out;
}

/**
 * One message for the preview: counts per kind and up to `listed` names each, e.g. "edge nodes not
 * converted yet: 1 to convert: fl-05; 1 retried (in their pool, not converted): fl-02".
 */
export function describePending(pending: PendingNode[], listed = 10): string | undefined {
    if (pending.length === 0) {
        return undefined;
    }
    const words = {
        new: "to convert",
        retry: "retried (in their pool, not converted)",
        offline: "offline now, skipped unless back when their batch starts",
    };
    const parts = (["new", "retry", "offline"] as const)
        .map((k) => [k, pending.filter((p) => p.kind === k).map((p) => p.name)] as const)
        .filter(([, names]) => names.length > 0)
        .map(
            ([k, names]) =>
                `${names.length} ${words[k]}: ${names.slice(0, listed).join(", ")}${names.length > listed ? `, … ${names.length - listed} more` : ""}`,
        );
    return `edge nodes not converted yet: ${parts.join("; ")}`;
}
