import { KubeConnection } from "../kube/kubeconfig";
import { yurthubBootAnnotation, yurthubBootJob } from "../manifests/yurthubBoot";
import { runJobs } from "./jobRunner";

/** Nodes worked on at once: the Jobs are short, and a fleet has thousands of nodes. */
const PARALLEL = 50;

/**
 * Runs the component's yurt-hub-at-boot step (components/manifests/yurthubBoot.ts) on nodes. Plain
 * functions: serialized into the state with the dynamic providers.
 */
export interface YurthubBootTarget {
    conn: KubeConnection;
    /** Where the Jobs run (yurt-manager's working namespace, next to its conversion Jobs). */
    namespace: string;
    /** The pinned node-servant image: the step runs it. */
    nodeServantImage: string;
    /** How long one node's Job may take. */
    timeoutSeconds: number;
    /** Progress lines (stderr of the provider); optional. */
    log?: (line: string) => void;
}

/** Whether the node carries the record of the step. */
export const hasYurthubAtBoot = (node: any) => node?.metadata?.annotations?.[yurthubBootAnnotation] === "true";

/**
 * Adds (`enable`) or removes the boot link on each node; the caller sets or removes the record (with
 * the node's other metadata). Every node's Job runs; the error names each node whose Job failed, with
 * the reason its pod gave.
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
            nodes.map((n) => yurthubBootJob(settings, n, t.nodeServantImage, action)),
            t.timeoutSeconds,
            PARALLEL,
        );
    } catch (e) {
        throw new Error(
            `${enable ? "making yurt-hub start at boot" : "removing yurt-hub's boot link"} failed (the component's workaround for node-servant's yurthub.service, README "yurt-hub at boot"): ${(e as Error).message}`,
            { cause: e },
        );
    }
    t.log?.(`${action}: ${nodes.length} node(s)`);
}
