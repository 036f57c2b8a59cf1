import { YurtManagerRelease } from "../core/release/release";
import { v1_7_0 } from "../core/release/v1_7";

/**
 * What yurt-manager says of one node's conversion, read from the Node as yurt-manager writes it: the
 * NodePool label, `openyurt.io/is-edge-worker`, the `YurtNodeConversionFailed` condition, the cordon
 * it sets while a round runs, and the autonomy annotation. The one reading of "converted" and
 * "reverted": the rollout (nodeConversion.ts), the CLI's progress and its `status` all ask it. Pure.
 */
export interface ConversionState {
    exists: boolean;
    /** `apps.openyurt.io/nodepool`. */
    pool?: string;
    /** `openyurt.io/is-edge-worker=true`, set by yurt-manager once converted. */
    edgeWorker: boolean;
    /** yurt-manager's `YurtNodeConversionFailed` condition. */
    condition?: { status: string; reason: string; message?: string; since?: string };
    /** Cordoned: yurt-manager cordons a node while its Job runs and after a failed round. */
    unschedulable: boolean;
    /** `node.openyurt.io/autonomy-duration`. */
    autonomy?: string;
}

/** The state of a Node object (undefined: the node does not exist). */
export function conversionState(node: any, release: YurtManagerRelease = v1_7_0): ConversionState {
    if (!node) {
        return { exists: false, edgeWorker: false, unschedulable: false };
    }
    const c = (node.status?.conditions ?? []).find((x: any) => x.type === release.conversionCondition.type);
    return {
        exists: true,
        pool: node.metadata?.labels?.[release.nodePoolLabel],
        edgeWorker: node.metadata?.labels?.[release.edgeWorkerLabel] === "true",
        condition: c
            ? { status: String(c.status ?? ""), reason: String(c.reason ?? ""), message: c.message || undefined, since: c.lastTransitionTime }
            : undefined,
        unschedulable: !!node.spec?.unschedulable,
        autonomy: node.metadata?.annotations?.[release.autonomyAnnotation],
    };
}

/** yurt-manager's own test of "converted": edge-worker label, reason Converted, uncordoned. */
export const isConverted = (s: ConversionState, release: YurtManagerRelease = v1_7_0) =>
    s.exists && s.edgeWorker && s.condition?.reason === release.conversionCondition.converted && !s.unschedulable;

/** …and of "reverted": no edge-worker label, uncordoned, reason Reverted or none (a node yurt-manager never converted) or a failed round. */
export const isReverted = (s: ConversionState, release: YurtManagerRelease = v1_7_0) =>
    !s.exists ||
    (!s.edgeWorker &&
        !s.unschedulable &&
        (s.condition === undefined ||
            s.condition.reason === release.conversionCondition.reverted ||
            s.condition.reason === release.conversionCondition.convertFailed));
