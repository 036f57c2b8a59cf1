import * as t from "./types";
import { ConversionPlan, PlannedNode } from "../plan";

/** `openyurt.io/is-edge-worker: "true"|"false"` on one node. */
export function roleLabelPatch(plan: ConversionPlan, node: PlannedNode): t.NodePatch {
    return {
        metadata: {
            name: node.name,
            labels: { [plan.release.edgeWorkerLabel]: node.role === "edge" ? "true" : "false" },
        },
    };
}

/** `node.beta.openyurt.io/autonomy: "true"` on one edge node (yurtctl markautonomous). */
export function autonomyPatch(plan: ConversionPlan, node: PlannedNode): t.NodePatch {
    return {
        metadata: {
            name: node.name,
            annotations: { [plan.release.autonomyAnnotation]: "true" },
        },
    };
}
