import { createReplacingLeftover, deleteAndWaitGone, deleteIfStill, kubeGetOptional, kubeRequest } from "./client";
import { KubeConnection } from "./kubeconfig";
import { isNodeReady } from "./nodeStatus";
import { podReasons, unstartableReason } from "./podStatus";

/**
 * Runs Jobs outside Pulumi's own Job resource: used where a step has to happen when something is
 * *removed* (revert on node removal or destroy), which no Kubernetes resource can express.
 * Plain functions only: they are serialized into the state with the dynamic providers that call them.
 */

export type RunOutcome = "completed" | "skipped-node-gone";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function jobPath(ns: string, name?: string): string {
    return `/apis/batch/v1/namespaces/${encodeURIComponent(ns)}/jobs${name ? "/" + encodeURIComponent(name) : ""}`;
}

/**
 * Deletes a Job as it is now (and, through the garbage collector, its pods) and waits until that Job,
 * by UID, is gone (client.ts, deleteAndWaitGone).
 */
export const deleteJob = (conn: KubeConnection, ns: string, name: string, timeoutMs = 60000) =>
    deleteAndWaitGone(conn, jobPath(ns, name), jobDeletion, `Job ${ns}/${name}`, timeoutMs);

/** Its pods go in the background. A Job carries no finalizer of its own: once deleted, it is gone. */
const jobDeletion = (uid: string) => ({ propagationPolicy: "Background", preconditions: { uid } });

/** Creates a Job; a leftover of the same name (an earlier attempt's, kept for debugging) is deleted first. */
const createJob = (conn: KubeConnection, job: any) =>
    createReplacingLeftover(conn, jobPath(job.metadata.namespace), { apiVersion: "batch/v1", kind: "Job", ...job }, () =>
        deleteJob(conn, job.metadata.namespace, job.metadata.name),
    );

/** The pods of a Job, by its own selector (its UID); undefined when there is no Job or no selector. */
async function jobPods(conn: KubeConnection, job: any): Promise<any[] | undefined> {
    const match: Record<string, string> | undefined = job?.spec?.selector?.matchLabels;
    if (!match || Object.keys(match).length === 0) {
        return undefined;
    }
    const selector = Object.entries(match)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
    const ns = encodeURIComponent(job.metadata.namespace);
    return (await kubeRequest(conn, "GET", `/api/v1/namespaces/${ns}/pods?labelSelector=${encodeURIComponent(selector)}`)).items ?? [];
}

/** How long a Job runs before its pods are looked at for a start that cannot happen, and how often after. */
const UNSTARTABLE_CHECK_MS = 15000;

/**
 * Why a Job's pods failed, from container termination states and pod status. Pods are selected by
 * the Job's own selector (its UID, `batch.kubernetes.io/controller-uid`), not by `job-name`: a Job
 * re-created under the same name must not report the pods of the one it replaced. `live` is the Job
 * when the caller has just read it.
 */
export async function podFailureReasons(conn: KubeConnection, ns: string, jobName: string, live?: any): Promise<string> {
    const job = live ?? (await kubeGetOptional(conn, jobPath(ns, jobName)));
    const pods = await jobPods(conn, job);
    if (pods === undefined) {
        return job ? "no pod reported a reason" : `Job ${ns}/${jobName} no longer exists`;
    }
    return [...new Set(pods.flatMap(podReasons))].join("; ") || "no pod reported a reason";
}

/**
 * Creates a Job on its node and waits until it completes, then deletes it (leaving nothing behind).
 * A leftover Job of the same name from an earlier attempt is replaced. On failure or timeout the Job
 * is kept for debugging and the error names the node and the reason.
 * A node that no longer exists is skipped (there is nothing left to revert on it); a NotReady node
 * fails at once, since its Job could never run (openyurt#125).
 */
export async function runJobToCompletion(conn: KubeConnection, job: any, timeoutSeconds: number, pollMs = 1000): Promise<RunOutcome> {
    const ns: string = job.metadata.namespace;
    const name: string = job.metadata.name;
    const node: string | undefined = job.spec?.template?.spec?.nodeName;
    if (node && (await nodeToRunOn(conn, node, `Job ${ns}/${name}`)) === "gone") {
        return "skipped-node-gone";
    }
    await createJob(conn, job);
    const deadline = Date.now() + timeoutSeconds * 1000;
    let lastCheck = Date.now();
    for (;;) {
        await sleep(pollMs);
        const live = await kubeGetOptional(conn, jobPath(ns, name));
        const conditions: any[] = live?.status?.conditions ?? [];
        if (conditions.some((c) => c.type === "Complete" && c.status === "True")) {
            await deleteIfStill(conn, jobPath(ns, name), jobDeletion(live.metadata.uid));
            return "completed";
        }
        const failed = conditions.find((c) => c.type === "Failed" && c.status === "True");
        if (failed) {
            const why = await podFailureReasons(conn, ns, name, live);
            throw new Error(
                `Job ${ns}/${name} failed on node ${node ?? "?"}: ${failed.reason ?? ""} ${failed.message ?? ""} (${why}). The Job is kept for debugging (kubectl -n ${ns} describe job ${name}); fix the cause and run again.`.replace(
                    /\s+/g,
                    " ",
                ),
            );
        }
        if (Date.now() - lastCheck > UNSTARTABLE_CHECK_MS) {
            lastCheck = Date.now();
            const stuck = ((await jobPods(conn, live)) ?? []).map(unstartableReason).find((r) => r !== undefined);
            if (stuck) {
                throw new Error(
                    `Job ${ns}/${name} cannot start on node ${node ?? "?"}: ${stuck}. The Job is kept for debugging (kubectl -n ${ns} describe job ${name}); pin an image the node can get and run again.`,
                );
            }
        }
        if (Date.now() > deadline) {
            throw new Error(
                `Job ${ns}/${name} on node ${node ?? "?"} did not complete within ${timeoutSeconds}s. The Job is kept for debugging (kubectl -n ${ns} describe job ${name}).`,
            );
        }
    }
}

/**
 * Whether work can run on `node` now: "gone" when the node no longer exists (there is nothing left
 * to do on it); an error naming `what` when it is NotReady, since its pod could never run there
 * (openyurt#125).
 */
export async function nodeToRunOn(conn: KubeConnection, node: string, what: string): Promise<"ready" | "gone"> {
    const n = await kubeGetOptional(conn, `/api/v1/nodes/${encodeURIComponent(node)}`);
    if (!n) {
        return "gone";
    }
    if (!isNodeReady(n)) {
        throw new Error(
            `node ${node} is NotReady, so ${what} cannot run on it. Bring the node back online and retry, or delete the node from the cluster (kubectl delete node ${node}) if it is gone for good.`,
        );
    }
    return "ready";
}

/** Runs `fn` over items with at most `parallelism` at once. */
export async function forEachLimited<T>(items: T[], parallelism: number, fn: (item: T) => Promise<void>): Promise<void> {
    const queue = [...items];
    await Promise.all(
        Array.from({ length: Math.min(parallelism, queue.length) }, async () => {
            for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
                await fn(item);
            }
        }),
    );
}

/** Runs Jobs with at most `parallelism` at once; collects every failure instead of stopping at the first. */
export async function runJobs(conn: KubeConnection, jobs: any[], timeoutSeconds: number, parallelism = 10): Promise<void> {
    const errors: string[] = [];
    await forEachLimited(jobs, parallelism, async (job) => {
        try {
            await runJobToCompletion(conn, job, timeoutSeconds);
        } catch (e) {
            errors.push((e as Error).message);
        }
    });
    if (errors.length > 0) {
        throw new Error(`${errors.length} of ${jobs.length} Job(s) failed:\n  - ${errors.join("\n  - ")}`);
    }
}
