import { KubeConnection } from "../core/kube/kubeconfig";
import { yurthubBootAnnotation, yurthubBootJob, yurthubBootJobSelector } from "./yurthubBootJob";
import { jobWatch, runJobToCompletion } from "../core/kube/jobRunner";

/** Nodes worked on at once: the Jobs are short, and a fleet has thousands of nodes. */
const PARALLEL = 50;

/**
 * Runs the component's yurt-hub-at-boot step (yurthubBootJob.ts) on nodes. Plain
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

/** Nodes handed to the step one by one; `finish` waits for all of them. */
export interface YurthubBootRun {
    add(node: string): void;
    /** Waits for every node handed in; fails naming each node whose Job failed, with the reason its pod gave. */
    finish(): Promise<void>;
}

/**
 * Adds (`enable`) or removes the boot link on nodes as they are handed in, at most PARALLEL at once,
 * while the caller goes on (a rollout hands each node in as yurt-manager converts it, so the step
 * runs alongside yurt-manager's work instead of after the last verdict). The Jobs in flight are
 * followed through one watch of the step's Jobs, not read one by one. `after(node)` runs once the
 * node's Job completed: the caller's record of the step (set or removed with the node's metadata).
 */
export function startYurthubAtBoot(t: YurthubBootTarget, enable: boolean, after: (node: string) => Promise<void>): YurthubBootRun {
    const action = enable ? "enable-yurthub-at-boot" : "disable-yurthub-at-boot";
    const settings = { namespace: t.namespace, backoffLimit: 0, jobTimeoutSeconds: t.timeoutSeconds };
    const running: Promise<void>[] = [];
    const errors: string[] = [];
    const waiting: Array<() => void> = [];
    const read = jobWatch(t.conn, t.namespace, yurthubBootJobSelector);
    let active = 0;
    const run = async (node: string) => {
        while (active >= PARALLEL) {
            await new Promise<void>((r) => waiting.push(r));
        }
        active++;
        try {
            await runJobToCompletion(t.conn, yurthubBootJob(settings, node, t.nodeServantImage, action), t.timeoutSeconds, read);
            await after(node);
        } catch (e) {
            errors.push((e as Error).message);
        } finally {
            active--;
            waiting.shift()?.();
        }
    };
    return {
        add: (node) => {
            running.push(run(node));
        },
        async finish() {
            await Promise.all(running);
            if (errors.length > 0) {
                throw new Error(
                    `${enable ? "making yurt-hub start at boot" : "removing yurt-hub's boot link"} failed (the component's workaround for node-servant's yurthub.service, README "yurt-hub at boot"): ` +
                        `${errors.length} of ${running.length} Job(s) failed:\n  - ${errors.join("\n  - ")}`,
                );
            }
            if (running.length > 0) {
                t.log?.(`${action}: ${running.length} node(s)`);
            }
        },
    };
}
