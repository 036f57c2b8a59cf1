import { KubeConnection } from "../core/kube/kubeconfig";
import { yurthubBootAnnotation, yurthubBootPod, yurthubBootSelector } from "./yurthubBootPod";
import { kubeRequest } from "../core/kube/client";
import { podWatch, runPodToCompletion } from "../core/kube/podRunner";

/**
 * Nodes worked on at once. Each pod runs seconds on its own node, and nodes are handed in as fast as
 * yurt-manager converts them; at 5,000 simulated nodes, 50 at once left the step 3,700 nodes behind
 * the last verdict, worked off at 50 per pod's lifetime (about 16 a second).
 */
export const YURTHUB_BOOT_PARALLEL = 200;

/**
 * Runs the component's yurt-hub-at-boot step (yurthubBootPod.ts) on nodes. Plain
 * functions: serialized into the state with the dynamic providers.
 */
export interface YurthubBootTarget {
    conn: KubeConnection;
    /** Where the pods run (yurt-manager's working namespace, next to its conversion Jobs). */
    namespace: string;
    /** The pinned node-servant image: the step runs it. */
    nodeServantImage: string;
    /** How long one node's pod may take. */
    timeoutSeconds: number;
    /** Progress lines (stderr of the provider); optional. */
    log?: (line: string) => void;
}

/** Whether the node carries the record of the step. */
export const hasYurthubAtBoot = (node: any) => node?.metadata?.annotations?.[yurthubBootAnnotation] === "true";

/** Nodes handed to the step one by one; `finish` waits for all of them. */
export interface YurthubBootRun {
    add(node: string): void;
    /** Waits for every node handed in; resolves to each node whose pod failed, with the reason it gave (none: all done). */
    finish(): Promise<Map<string, string>>;
}

/**
 * The step's failures as one error naming every node (undefined when there are none), for a caller
 * that cannot go on without them: a revert keeps such a node in its pool.
 */
export function yurthubBootError(enable: boolean, failures: Map<string, string>, total: number): Error | undefined {
    if (failures.size === 0) {
        return undefined;
    }
    return new Error(
        `${enable ? "making yurt-hub start at boot" : "removing yurt-hub's boot link"} failed (the component's workaround for node-servant's yurthub.service, README "yurt-hub at boot"): ` +
            `${failures.size} of ${total} node(s) failed:\n  - ${[...new Set(failures.values())].join("\n  - ")}`,
    );
}

/**
 * Boot-step Jobs an earlier release of the component left (it ran the step as Jobs, and kept a failed
 * one for debugging): deleted once per run, with their pods, so nothing of theirs stays behind.
 */
async function deleteEarlierJobs(t: YurthubBootTarget): Promise<void> {
    const jobs = `/apis/batch/v1/namespaces/${encodeURIComponent(t.namespace)}/jobs`;
    const left = (await kubeRequest(t.conn, "GET", `${jobs}?labelSelector=${encodeURIComponent(yurthubBootSelector)}`)).items ?? [];
    for (const j of left) {
        await kubeRequest(t.conn, "DELETE", `${jobs}/${encodeURIComponent(j.metadata.name)}`, { body: { propagationPolicy: "Background" } });
    }
}

/**
 * Adds (`enable`) or removes the boot link on nodes as they are handed in, at most YURTHUB_BOOT_PARALLEL at once,
 * while the caller goes on (a rollout hands each node in as yurt-manager converts it, so the step
 * runs alongside yurt-manager's work instead of after the last verdict). Each node's step is a bare
 * pod (core/kube/podRunner.ts), and the pods in flight are followed through one watch of the step's
 * pods, not read one by one. `after(node)` runs once the node's pod succeeded: the caller's record of
 * the step (set or removed with the node's metadata).
 */
export function startYurthubAtBoot(t: YurthubBootTarget, enable: boolean, after: (node: string) => Promise<void>): YurthubBootRun {
    const action = enable ? "enable-yurthub-at-boot" : "disable-yurthub-at-boot";
    const settings = { namespace: t.namespace, timeoutSeconds: t.timeoutSeconds };
    const running: Promise<void>[] = [];
    const errors = new Map<string, string>();
    const waiting: Array<() => void> = [];
    const read = podWatch(t.conn, t.namespace, yurthubBootSelector);
    let earlier: Promise<void> | undefined;
    let active = 0;
    const run = async (node: string) => {
        while (active >= YURTHUB_BOOT_PARALLEL) {
            await new Promise<void>((r) => waiting.push(r));
        }
        active++;
        try {
            await (earlier ??= deleteEarlierJobs(t));
            await runPodToCompletion(t.conn, yurthubBootPod(settings, node, t.nodeServantImage, action), t.timeoutSeconds, read);
            await after(node);
        } catch (e) {
            errors.set(node, (e as Error).message);
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
            if (running.length > 0) {
                t.log?.(`${action}: ${running.length - errors.size} of ${running.length} node(s)`);
            }
            return errors;
        },
    };
}
