import * as t from "../../core/manifests/types";
import { ConversionPlan } from "../plan";
import { PlannedNode } from "../../core/plan/plannedNode";

/**
 * Take the field over even if another manager (kubectl, an earlier yurtctl run) set it: the
 * declared value wins, as it would for any other Pulumi resource.
 */
const forcePatch = { "pulumi.com/patchForce": "true" } as const;

/** `openyurt.io/is-edge-worker: "true"|"false"` on one node. */
export function roleLabelPatch(plan: ConversionPlan, node: PlannedNode): t.NodePatch {
    return {
        metadata: {
            name: node.name,
            annotations: { ...forcePatch },
            labels: { [plan.release.edgeWorkerLabel]: node.role === "edge" ? "true" : "false" },
        },
    };
}

/** `node.beta.openyurt.io/autonomy: "true"` on one edge node (yurtctl markautonomous). */
export function autonomyPatch(plan: ConversionPlan, node: PlannedNode): t.NodePatch {
    return {
        metadata: {
            name: node.name,
            annotations: { ...forcePatch, [plan.release.autonomyAnnotation]: "true" },
        },
    };
}
