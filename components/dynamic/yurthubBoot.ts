import { KubeApiError, kubeRequest } from "../kube/client";
import { KubeConnection } from "../kube/kubeconfig";
import { yurthubBootAnnotation, yurthubBootJob } from "../manifests/yurthubBoot";
import { forEachLimited, runJobs } from "./jobRunner";

/** Nodes worked on at once: the Jobs are short, and a fleet has thousands of nodes. */
const PARALLEL = 50;

/**
 * Runs the component's yurt-hub-at-boot step (components/manifests/yurthubBoot.ts) on nodes and
 * records it on each node. Plain functions: serialized into the state with the dynamic providers.
 */
export interface YurthubBootTarget {
    conn: KubeConnection;
    /** Where the Jobs run (yurt-manager's working namespace, next to its conversion Jobs). */
    namespace: string;
    /** The pinned node-servant image. */
    image: string;
    /** How long one node's Job may take. */
    timeoutSeconds: number;
    log?: (line: string) => void;
}

/** Whether the node carries the record of the step. */
export const hasYurthubAtBoot = (node: any) => node?.metadata?.annotations?.[yurthubBootAnnotation] === "true";

/**
 * Adds (`enable`) or removes the boot link on each node, then sets or removes the record. Every
 * node's Job runs; the error names each node whose Job failed, with the reason its pod gave.
 */
export async function setYurthubAtBoot(t: YurthubBootTarget, nodes: string[], enable: boolean): Promise<void> {
    if (nodes.length === 0) {
        return;
    }
    const action = enable ? "enable-yurthub-at-boot" : "disable-yurthub-at-boot";
    const settings = { namespace: t.namespace, backoffLimit: 0, jobTimeoutSeconds: t.timeoutSeconds };
    try {
        await runJobs(
            t.conn,
            nodes.map((n) => yurthubBootJob(settings, n, t.image, action)),
            t.timeoutSeconds,
            PARALLEL,
        );
    } catch (e) {
        throw new Error(
            `${enable ? "making yurt-hub start at boot" : "removing yurt-hub's boot link"} failed (the component's workaround for node-servant's yurthub.service, README "yurt-hub at boot"): ${(e as Error).message}`,
            { cause: e },
        );
    }
    await forEachLimited(nodes, PARALLEL, async (n) => {
        try {
            await kubeRequest(t.conn, "PATCH", `/api/v1/nodes/${encodeURIComponent(n)}`, {
                body: { metadata: { annotations: { [yurthubBootAnnotation]: enable ? "true" : null } } },
                contentType: "application/merge-patch+json",
            });
        } catch (e) {
            if (!(e instanceof KubeApiError && e.status === 404)) {
                throw e;
            }
        }
    });
    t.log?.(`${action}: ${nodes.length} node(s)`);
}
