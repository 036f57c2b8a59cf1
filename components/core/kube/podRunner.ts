import { createReplacingLeftover, deleteAndWaitGone, deleteIfStill } from "./client";
import { nodeToRunOn, RunOutcome } from "./jobRunner";
import { KubeConnection } from "./kubeconfig";
import { objectView } from "./objectView";
import { podReasons, unstartableReason } from "./podStatus";

/**
 * Runs a bare pod on its node to completion: for the component's own short node steps, where a Job
 * would only add a controller between the step and its pod. kube-controller-manager's Job controller
 * (5 workers by default) was seen 4,466 syncs behind while yurt-manager converted 5,000 nodes, and a
 * Job waits in that queue before it gets its pod. A pod is created, followed and deleted by the
 * caller itself. Plain functions and closures: serialized into the state with the dynamic providers.
 */

function podPath(ns: string, name?: string): string {
    return `/api/v1/namespaces/${encodeURIComponent(ns)}/pods${name ? "/" + encodeURIComponent(name) : ""}`;
}

/** Reads a pod by name while a runner waits, the pause included. */
export type PodReader = (name: string) => Promise<any | undefined>;

/**
 * One reader for all the pods of a step (those labelled `labelSelector` in `ns`): every waiting runner
 * shares the read in flight, a watch that returns once a second with what changed (objectView.ts).
 * Fifty pods waiting cost one request a second, not fifty.
 */
export function podWatch(conn: KubeConnection, ns: string, labelSelector: string): PodReader {
    const view = objectView(conn, podPath(ns), labelSelector);
    let reading: Promise<Map<string, any>> | undefined;
    return async (name) => {
        reading ??= view.read(1).finally(() => {
            reading = undefined;
        });
        return (await reading).get(name);
    };
}

/** A pod deleted at once (grace period 0): one whose containers have finished, or a leftover being replaced. */
const podDeletion = (uid: string) => ({ gracePeriodSeconds: 0, preconditions: { uid } });

/** Creates a pod; a leftover of the same name (an earlier attempt's, kept for debugging) is deleted first. */
const createPod = (conn: KubeConnection, pod: any) =>
    createReplacingLeftover(conn, podPath(pod.metadata.namespace), { apiVersion: "v1", kind: "Pod", ...pod }, () =>
        deleteAndWaitGone(
            conn,
            podPath(pod.metadata.namespace, pod.metadata.name),
            podDeletion,
            `pod ${pod.metadata.namespace}/${pod.metadata.name}`,
        ),
    );

/** How long a pod runs before a waiting container is taken as one that can never start. */
const UNSTARTABLE_AFTER_MS = 15000;

/**
 * Creates a pod on its node and waits until it has succeeded, then deletes it (leaving nothing
 * behind). On failure or timeout the pod is kept for `kubectl logs` and `kubectl describe`, and the
 * error names the node, the pod and the reason. A node that no longer exists is skipped; a NotReady
 * node fails at once, since the pod could never run there. `read` follows the pod (podWatch).
 */
export async function runPodToCompletion(conn: KubeConnection, pod: any, timeoutSeconds: number, read: PodReader): Promise<RunOutcome> {
    const { namespace: ns, name } = pod.metadata;
    const node: string = pod.spec.nodeName;
    if ((await nodeToRunOn(conn, node, `pod ${ns}/${name}`)) === "gone") {
        return "skipped-node-gone";
    }
    const uid: string | undefined = (await createPod(conn, pod))?.metadata?.uid;
    const started = Date.now();
    const kept = `The pod is kept for debugging (kubectl -n ${ns} logs ${name}; kubectl -n ${ns} describe pod ${name})`;
    for (;;) {
        const seen = await read(name);
        // A copy of the leftover just replaced (another UID) that the watch still holds is not ours.
        const live = uid && seen?.metadata?.uid !== uid ? undefined : seen;
        const phase = live?.status?.phase;
        if (phase === "Succeeded") {
            await deleteIfStill(conn, podPath(ns, name), podDeletion(live.metadata.uid));
            return "completed";
        }
        if (phase === "Failed") {
            const why = podReasons(live).join("; ") || "the pod reported no reason";
            throw new Error(`pod ${ns}/${name} failed on node ${node}: ${why}. ${kept}; fix the cause and run again.`);
        }
        const stuck = Date.now() - started > UNSTARTABLE_AFTER_MS ? unstartableReason(live) : undefined;
        if (stuck) {
            throw new Error(`pod ${ns}/${name} cannot start on node ${node}: ${stuck}. ${kept}; pin an image the node can get and run again.`);
        }
        if (Date.now() - started > timeoutSeconds * 1000) {
            throw new Error(`pod ${ns}/${name} on node ${node} did not complete within ${timeoutSeconds}s. ${kept}.`);
        }
    }
}
