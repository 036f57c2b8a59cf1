/**
 * What a pod's status says about work that ran in it (a Job's pod, or a bare pod of the component's
 * own node steps). Plain functions and arrays: serialized into the state with the dynamic providers.
 */

/**
 * Container states in which a pod waits for something no retry of the kubelet brings (a wrong image pin,
 * an image the node cannot get). An array, not a Set: module-level values are serialized into the state
 * with the dynamic providers, and a Set does not survive that.
 */
const UNSTARTABLE_REASONS = ["ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull", "InvalidImageName", "CreateContainerConfigError"];

/** Why a pod can never start (reason, message, image), or undefined. */
export function unstartableReason(pod: any): string | undefined {
    if (pod?.metadata?.deletionTimestamp) {
        return undefined;
    }
    for (const cs of [...(pod?.status?.initContainerStatuses ?? []), ...(pod?.status?.containerStatuses ?? [])]) {
        const w = cs.state?.waiting;
        if (w && UNSTARTABLE_REASONS.includes(w.reason)) {
            return `${w.reason}${w.message ? `: ${w.message}` : ""} (image ${cs.image})`;
        }
    }
    return undefined;
}

/**
 * Why a pod's work failed, one entry per cause: containers that exited non-zero (with their
 * termination message), containers waiting for a reason other than being created, and, for a failed
 * pod that says nothing else, the pod's own reason and message (e.g. DeadlineExceeded).
 */
export function podReasons(p: any): string[] {
    const reasons: string[] = [];
    for (const cs of p?.status?.containerStatuses ?? []) {
        const t = cs.state?.terminated ?? cs.lastState?.terminated;
        if (t && t.exitCode !== 0) {
            reasons.push(`exit code ${t.exitCode}${t.reason ? " " + t.reason : ""}${t.message ? ": " + String(t.message).trim() : ""}`);
        }
        const w = cs.state?.waiting;
        if (w?.reason && w.reason !== "ContainerCreating") {
            reasons.push(`${w.reason}${w.message ? ": " + w.message : ""}`);
        }
    }
    if (p?.status?.phase === "Failed" && reasons.length === 0 && (p.status?.reason || p.status?.message)) {
        reasons.push(`${p.status.reason ?? ""} ${p.status.message ?? ""}`.trim());
    }
    return reasons;
}
