import { KubeApiError, kubeGetOptional, kubeRequest } from "../core/kube/client";
import { KubeConnection } from "../core/kube/kubeconfig";
import { isNodeReady, readyCondition } from "../core/kube/nodeStatus";
import { NodeView } from "../core/kube/nodeView";
import { v1_7_0 } from "../core/release/v1_7";
import type { NodeMembership } from "./manifests";
import { yurthubBootAnnotation } from "./yurthubBootPod";
import { deleteJob, forEachLimited } from "../core/kube/jobRunner";
import { unstartableReason } from "../core/kube/podStatus";
import { conversionState, isConverted } from "./conversionState";
import { humanSpan, NodeOutcome, NodeReport } from "./rolloutReport";
import { hasYurthubAtBoot, startYurthubAtBoot, yurthubBootError, YurthubBootTarget } from "./yurthubBoot";

/**
 * Label-driven conversion with yurt-manager (OpenYurt v1.7.0): put a node in its NodePool (the pool
 * label), wait until yurt-manager reports the outcome on the node, and the reverse. Plain functions:
 * they are serialized into the state with the dynamic providers that call them, so `pulumi destroy`
 * can run them without the program.
 *
 * The outcome is read from the node, as yurt-manager writes it: `openyurt.io/is-edge-worker="true"`,
 * condition `YurtNodeConversionFailed` with reason `Converted` and the node uncordoned; reason
 * `ConvertFailed` (status True) is a failure, with the Job's message. A converted node then gets the
 * component's yurt-hub-at-boot step (yurthubBootPod.ts), undone before its revert.
 */

const release = v1_7_0;
const cond = release.conversionCondition;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Where and how conversion runs; what the yurt-hub-at-boot step needs is part of it. */
export interface ConversionTarget extends YurthubBootTarget {
    /** How long a batch may go without any of its nodes finishing (also each boot-step Job's bound). */
    timeoutSeconds: number;
    /** The cluster's nodes, listed once per run and then kept current from a watch (core/kube/nodeView.ts). */
    nodes: NodeView;
}

const nodePath = (name: string) => `/api/v1/nodes/${encodeURIComponent(name)}`;
export const conversionJobName = (node: string) => `${release.conversionJobPrefix}${node}`;

/** yurt-manager's condition on a node, as conversionState.ts reads it (`since`: its last transition). */
const conversionCondition = (node: any) => conversionState(node, release).condition;

/**
 * Merge-patches a node; a node that is gone is skipped (false). The node as the server returned it
 * goes into the target's view.
 */
async function patchNode(t: ConversionTarget, name: string, body: unknown): Promise<boolean> {
    try {
        t.nodes.put(await kubeRequest(t.conn, "PATCH", nodePath(name), { body, contentType: "application/merge-patch+json" }));
        return true;
    } catch (e) {
        if (e instanceof KubeApiError && e.status === 404) {
            return false;
        }
        throw new Error(`cannot update node ${name}: ${(e as Error).message}`, { cause: e });
    }
}

/**
 * Nodes by name, read in one consistent list. Not `resourceVersion=0`: that may answer from a cache
 * older than the label this run just wrote, and a node would seem to have lost it.
 */
async function listNodes(conn: KubeConnection, labelSelector: string): Promise<Map<string, any>> {
    const list = await kubeRequest(conn, "GET", `/api/v1/nodes?labelSelector=${encodeURIComponent(labelSelector)}`, { timeoutMs: 60000 });
    return new Map((list.items ?? []).map((n: any) => [n.metadata.name, n]));
}

/** A Node object converted, in yurt-manager's own terms (conversionState.ts). */
const converted = (node: any) => isConverted(conversionState(node, release));

/**
 * Nodes whose conversion Job's pod cannot start, from yurt-manager's Job pods (label
 * `openyurt.io/conversion-node=<node>`): node → why (reason, message, image). Pure.
 */
export function unstartableConversions(pods: any[], pending: Set<string>): Map<string, string> {
    const stuck = new Map<string, string>();
    for (const p of pods) {
        const name = p.metadata?.labels?.[release.conversionNodeLabel];
        const why = pending.has(name) ? unstartableReason(p) : undefined;
        if (why) {
            stuck.set(name, why);
        }
    }
    return stuck;
}

/** Why a node the plan named is not converted when it is gone from the cluster. */
const NODE_GONE = "no longer in the cluster; the next run plans without it";

/** How long a batch waits without progress before it looks at the conversion pods, and how often after that. */
const STUCK_CHECK_MS = 20000;

/**
 * How long a node of a running batch may be not Ready before the batch gives up on it: node-servant
 * restarts kubelet, which takes seconds, so only a node down for longer has gone offline.
 */
export const OFFLINE_GRACE_MS = 60000;

/** The start of the reason a converted node is failed with when the component's own boot step failed on it. */
export const YURTHUB_BOOT_FAILED =
    'yurt-manager converted it, but the component\'s yurt-hub-at-boot step failed (README "yurt-hub at boot"; the next `pulumi up` runs the step again):';

/** Pause between reads of a batch (a watch on the changes): 1 s for a few nodes, up to 5 s for thousands. */
const pollSeconds = (count: number) => Math.min(5, Math.max(1, count / 400));

/** How long a node has not been Ready (0 while it is), from its Ready condition's transition time. Pure. */
export function offlineForMs(node: any, now: number): number {
    const c = readyCondition(node);
    if (c?.status === "True") {
        return 0;
    }
    const since = Date.parse(c?.lastTransitionTime ?? node?.metadata?.creationTimestamp ?? "");
    return Number.isNaN(since) ? 0 : Math.max(0, now - since);
}

/** Why a node counts as offline, e.g. "Ready=Unknown (NodeStatusUnknown) for 3m20s". Pure. */
export function offlineReason(node: any, now: number): string {
    const c = readyCondition(node);
    if (!c) {
        return "no Ready condition reported yet";
    }
    return `Ready=${c.status}${c.reason ? ` (${c.reason})` : ""} for ${humanSpan(offlineForMs(node, now))}`;
}

/**
 * Puts one batch of nodes into their pools, waits for yurt-manager's verdict on every edge node of
 * it, and reports each node's outcome (rolloutReport.ts). Nothing a node does
 * stops the batch: the caller weighs failures against the failure budget. Idempotent: a node
 * already in its pool and converted is left alone, so a second run only retries what is not done.
 *
 * - An edge node that is not Ready when the batch starts is not labelled: skipped-offline.
 * - A node whose earlier round failed (ConvertFailed) gets its failed Job deleted, which makes
 *   yurt-manager start a new round; a round that fails now is failed, with yurt-manager's message.
 * - A node that goes offline during its conversion (not Ready for OFFLINE_GRACE_MS) is given up on:
 *   failed. Its label and Job stay; yurt-manager finishes the round when the node is back, and the
 *   next run reads the verdict (converted, or failed and retried).
 * - A conversion Job whose pod cannot start (ErrImagePull, …) is failed without waiting for the bound.
 * - Nodes without a verdict after `timeoutSeconds` without progress are failed.
 */
export async function convertBatch(t: ConversionTarget, batch: Record<string, NodeMembership>): Promise<Record<string, NodeReport>> {
    const report = batchReport(batch);
    if (report.names.length === 0) {
        return report.entries;
    }
    // The component's boot step, for each converted node that lacks it, as soon as it is converted.
    const boot = startYurthubAtBoot(t, true, async (n) => {
        await patchNode(t, n, { metadata: { annotations: { [yurthubBootAnnotation]: "true" } } });
    });
    const bootStep = (name: string, node: any) => {
        if (!hasYurthubAtBoot(node)) {
            boot.add(name);
        }
    };
    // Every node as it is now; the view's map, which later reads update in place.
    const live = await t.nodes.read();
    const start = sortBatch(batch, live, report, Date.now());
    // Converted in an earlier run: the boot step if it is missing (an earlier run that stopped in between).
    for (const name of report.names.filter((n) => report.outcome(n) === "converted")) {
        bootStep(name, live.get(name));
    }
    await startRounds(t, batch, start, report);
    await awaitVerdicts(t, batch, start.staleFailures, report, bootStep);
    // A node whose step failed (e.g. it went offline right after its conversion) counts against
    // rollout.maxFailures like any failed node; it stays converted in its pool, so the next run sees it
    // converted without the step's record and runs only the step again.
    for (const [name, why] of await boot.finish()) {
        report.record(name, "failed", `${YURTHUB_BOOT_FAILED} ${why}`);
    }
    return report.entries;
}

/** The outcome of every node of a batch, as it is decided. */
interface BatchReport {
    readonly entries: Record<string, NodeReport>;
    readonly names: string[];
    record(name: string, outcome: NodeOutcome, reason?: string, since?: string): void;
    outcome(name: string): NodeOutcome | undefined;
}

// A plain object of closures, not a class: the dynamic providers' code is serialized into the state.
function batchReport(batch: Record<string, NodeMembership>): BatchReport {
    const entries: Record<string, NodeReport> = {};
    return {
        entries,
        names: Object.keys(batch),
        record: (name, outcome, reason, since) => {
            entries[name] = {
                pool: batch[name].pool,
                outcome,
                ...(reason === undefined ? {} : { reason }),
                since: since ?? new Date().toISOString(),
            };
        },
        outcome: (name) => entries[name]?.outcome,
    };
}

/** What a batch does first, by where each node stands when it starts. */
interface BatchStart {
    /** Not in their pool yet: labelled now. */
    toLabel: string[];
    /** Their last round failed (ConvertFailed): node → that verdict's time, so only a new verdict counts. */
    staleFailures: Map<string, string>;
    /** In their pool, not converted, no verdict: a round under way (or stuck, e.g. on an image that cannot be pulled). */
    underWay: string[];
}

/**
 * Sorts a batch's nodes by where they stand (`live`, the cluster's nodes), recording what is known
 * already: gone, converted, offline (skipped). A node in another pool is refused before any change:
 * yurt-manager does not move nodes between pools. Pure but for `report`.
 */
function sortBatch(batch: Record<string, NodeMembership>, live: Map<string, any>, report: BatchReport, now: number): BatchStart {
    const start: BatchStart = { toLabel: [], staleFailures: new Map(), underWay: [] };
    const conflicts: string[] = [];
    for (const name of report.names) {
        const node = live.get(name);
        const m = batch[name];
        const current = node?.metadata?.labels?.[release.nodePoolLabel];
        if (!node) {
            report.record(name, "failed", NODE_GONE);
        } else if (current !== undefined && current !== m.pool) {
            conflicts.push(`node ${name} is in NodePool "${current}" (label ${release.nodePoolLabel}=${current}), not "${m.pool}"`);
        } else if (!m.edge) {
            if (current === undefined) {
                start.toLabel.push(name);
            }
        } else if (current === m.pool && converted(node)) {
            report.record(name, "converted", undefined, conversionCondition(node)?.since);
        } else if (!isNodeReady(node)) {
            report.record(name, "skipped-offline", offlineReason(node, now), readyCondition(node)?.lastTransitionTime);
        } else if (current === undefined) {
            start.toLabel.push(name);
        } else if (conversionCondition(node)?.reason === cond.convertFailed) {
            start.staleFailures.set(name, conversionCondition(node)!.since ?? "");
        } else {
            start.underWay.push(name);
        }
    }
    if (conflicts.length > 0) {
        throw new Error(
            `${conflicts.join("; ")}. yurt-manager does not let a node change pools in place: remove the label (kubectl label node NODE ${release.nodePoolLabel}-), wait for the revert, and run again.`,
        );
    }
    return start;
}

/** Starts what yurt-manager is to do: a new round for failed nodes and for rounds on a stale image, the pool label for the rest. */
async function startRounds(t: ConversionTarget, batch: Record<string, NodeMembership>, start: BatchStart, report: BatchReport): Promise<void> {
    // Retry nodes whose last round failed: yurt-manager starts a new round once the failed Job is gone.
    await forEachLimited([...start.staleFailures.keys()], 10, (name) => deleteJob(t.conn, t.namespace, conversionJobName(name)));
    // A round that runs another node-servant image than the one pinned now (an earlier run's wrong pin) would
    // never finish: its Job goes, and yurt-manager starts the round again with the pinned image.
    await forEachLimited(start.underWay, 10, async (name) => {
        const job = await kubeGetOptional(t.conn, `/apis/batch/v1/namespaces/${encodeURIComponent(t.namespace)}/jobs/${conversionJobName(name)}`);
        const image = job?.spec?.template?.spec?.containers?.[0]?.image;
        if (image !== undefined && image !== t.nodeServantImage && !job.status?.succeeded) {
            t.log?.(`node ${name}: its conversion Job runs ${image}, not ${t.nodeServantImage}; starting the round again`);
            await deleteJob(t.conn, t.namespace, conversionJobName(name));
        }
    });
    await forEachLimited(start.toLabel, 10, async (name) => {
        if (!(await patchNode(t, name, { metadata: { labels: { [release.nodePoolLabel]: batch[name].pool } } }))) {
            report.record(name, "failed", NODE_GONE);
        }
    });
    for (const name of report.names.filter((n) => !batch[n].edge && !report.outcome(n))) {
        report.record(name, "cloud");
    }
    const pools = [...new Set(Object.values(batch).map((m) => m.pool))];
    const skipped = report.names.filter((n) => report.outcome(n) === "skipped-offline").length;
    t.log?.(`labelled ${start.toLabel.length} node(s) into ${pools.join(", ")}; ${start.staleFailures.size} retried; ${skipped} offline, skipped`);
}

/**
 * yurt-manager's verdict on one edge node of a running batch, or undefined while there is none:
 * [outcome, reason, since]. `staleFailure` is the time of a failed round before this run. Pure.
 */
function verdict(
    t: ConversionTarget,
    name: string,
    node: any,
    pool: string,
    staleFailure: string | undefined,
    now: number,
): [NodeOutcome, string?, string?] | undefined {
    const c = conversionCondition(node);
    if (!node || node.metadata?.labels?.[release.nodePoolLabel] !== pool) {
        return [
            "failed",
            node ? `lost its ${release.nodePoolLabel}=${pool} label while it was being converted` : "was deleted while it was being converted",
        ];
    }
    if (c?.reason === cond.convertFailed && c.status === "True" && c.since !== staleFailure) {
        return [
            "failed",
            `${cond.type}=${cond.convertFailed}: ${c.message ?? "conversion failed"} (kubectl -n ${t.namespace} describe job ${conversionJobName(name)})`,
            c.since,
        ];
    }
    if (converted(node)) {
        return ["converted", undefined, c?.since];
    }
    if (offlineForMs(node, now) > OFFLINE_GRACE_MS) {
        return [
            "failed",
            `went offline during its conversion (${offlineReason(node, now)}); its Job stays and yurt-manager finishes the round when the node is back, the next run reads the verdict`,
        ];
    }
    return undefined;
}

/**
 * Waits for yurt-manager's verdict on every edge node of the batch that has none yet. Nodes whose
 * Job's pod cannot start are failed once the batch stalls; after `timeoutSeconds` without any
 * verdict, every node still waiting is failed.
 */
async function awaitVerdicts(
    t: ConversionTarget,
    batch: Record<string, NodeMembership>,
    staleFailures: Map<string, string>,
    report: BatchReport,
    converted: (name: string, node: any) => void,
): Promise<void> {
    let pending = report.names.filter((n) => batch[n].edge && !report.outcome(n));
    const waiting = pending.length;
    let lastProgress = Date.now();
    let lastStuckCheck = Date.now();
    let waitSeconds = 0;
    while (pending.length > 0) {
        // The changes since the last read, waiting up to waitSeconds for them: the poll's pause.
        const nodes = await t.nodes.read(waitSeconds);
        let still: string[] = [];
        for (const name of pending) {
            // The view holds every node: one missing from it was deleted.
            const v = verdict(t, name, nodes.get(name), batch[name].pool, staleFailures.get(name), Date.now());
            if (!v) {
                still.push(name);
                continue;
            }
            report.record(name, ...v);
            if (v[0] === "converted") {
                converted(name, nodes.get(name));
            }
        }
        if (still.length < pending.length) {
            lastProgress = Date.now();
            t.log?.(`${waiting - still.length} of ${waiting} node(s) of the batch have a verdict`);
        } else if (Date.now() - Math.max(lastProgress, lastStuckCheck) > STUCK_CHECK_MS) {
            lastStuckCheck = Date.now();
            const stuck = await unstartable(t, new Set(still));
            for (const [name, why] of stuck) {
                report.record(
                    name,
                    "failed",
                    `yurt-manager's conversion Job cannot start: ${why}; the image is the setting images.nodeServant (now ${t.nodeServantImage})`,
                );
            }
            still = still.filter((n) => !stuck.has(n));
        }
        if (Date.now() - lastProgress > t.timeoutSeconds * 1000) {
            for (const name of still) {
                report.record(
                    name,
                    "failed",
                    `no verdict from yurt-manager within ${t.timeoutSeconds}s (rollout.jobTimeout), condition ${conversionCondition(nodes.get(name))?.reason ?? "not set yet"}; ` +
                        `check yurt-manager (kubectl -n ${t.namespace} logs deploy/yurt-manager) and the Job (kubectl -n ${t.namespace} describe job ${conversionJobName(name)})`,
                );
            }
            still = [];
        }
        pending = still;
        waitSeconds = pollSeconds(pending.length);
    }
}

/** Nodes whose conversion Job's pod cannot start, with why: waiting would only run into rollout.jobTimeout. */
async function unstartable(t: ConversionTarget, pending: Set<string>): Promise<Map<string, string>> {
    const pods = await kubeRequest(
        t.conn,
        "GET",
        `/api/v1/namespaces/${encodeURIComponent(t.namespace)}/pods?labelSelector=${encodeURIComponent(release.conversionNodeLabel)}`,
    );
    return unstartableConversions(pods.items ?? [], pending);
}

/** JSON with object keys sorted, so two equal values always compare equal. */
export function canonicalJson(v: unknown): string {
    return JSON.stringify(v, (_k, x) =>
        x && typeof x === "object" && !Array.isArray(x)
            ? Object.fromEntries(
                  Object.keys(x)
                      .sort()
                      .map((k) => [k, x[k]]),
              )
            : x,
    );
}

/** Every node in a pool now: its pool, whether yurt-manager converted it, its autonomy annotation. */
export async function readMemberships(conn: KubeConnection): Promise<Map<string, NodeMembership>> {
    const nodes = await listNodes(conn, release.nodePoolLabel);
    return new Map(
        [...nodes.values()].map((n) => {
            const autonomy = n.metadata?.annotations?.[release.autonomyAnnotation];
            return [
                n.metadata.name,
                {
                    pool: n.metadata.labels[release.nodePoolLabel],
                    edge: converted(n) && hasYurthubAtBoot(n),
                    ...(autonomy === undefined ? {} : { autonomy }),
                },
            ];
        }),
    );
}

/** Sets or removes the autonomy annotation where it differs from what is wanted. */
export async function applyAutonomy(t: ConversionTarget, nodes: Record<string, NodeMembership>): Promise<void> {
    const live = await t.nodes.read();
    await forEachLimited(Object.keys(nodes), 10, async (name) => {
        const want = nodes[name].autonomy ?? null;
        const have = live.get(name)?.metadata?.annotations?.[release.autonomyAnnotation] ?? null;
        if (live.has(name) && want !== have) {
            await patchNode(t, name, { metadata: { annotations: { [release.autonomyAnnotation]: want } } });
        }
    });
}

/**
 * Takes nodes out of their pools and waits until yurt-manager has reverted every converted one
 * (`is-edge-worker` gone, reason `Reverted`); `RevertFailed` fails naming the node. The autonomy
 * annotation goes with the label. A node that no longer exists is skipped. A node whose conversion
 * had failed (never converted) has nothing to revert: its failed Job is deleted and, as yurt-manager
 * left it cordoned for that round, it is uncordoned.
 */
export async function revertNodes(t: ConversionTarget, names: string[]): Promise<void> {
    if (names.length === 0) {
        return;
    }
    const all = await t.nodes.read();
    const live = new Map<string, any>(names.filter((n) => all.has(n)).map((n) => [n, all.get(n)]));
    const { wasEdge, unlinkFailure } = await takeOutOfPools(t, live);
    await awaitReverts(t, wasEdge);
    if (unlinkFailure) {
        throw unlinkFailure;
    }
    // yurt-manager keeps finished Jobs for two hours; a reverted node keeps nothing of OpenYurt.
    await forEachLimited(names, 10, (name) => deleteJob(t.conn, t.namespace, conversionJobName(name)));
}

/**
 * Takes each node out of its pool (label, autonomy and boot-step annotations), after undoing the
 * component's boot step where it is on. Returns the nodes yurt-manager converted (to wait for) and
 * the boot step's failure, if any: a node whose unlink failed stays in its pool.
 */
async function takeOutOfPools(t: ConversionTarget, live: Map<string, any>): Promise<{ wasEdge: string[]; unlinkFailure?: Error }> {
    const wasEdge: string[] = [];
    let takenOut = 0;
    const takeOut = async (name: string) => {
        const node = live.get(name);
        const edge = node.metadata?.labels?.[release.edgeWorkerLabel] === "true";
        if (edge) {
            wasEdge.push(name);
        }
        await patchNode(t, name, {
            metadata: {
                labels: { [release.nodePoolLabel]: null },
                annotations: { [release.autonomyAnnotation]: null, [yurthubBootAnnotation]: null },
            },
        });
        takenOut++;
        // Its failed Job goes with everyone else's at the end.
        if (!edge && conversionCondition(node)?.reason === cond.convertFailed && node.spec?.unschedulable) {
            await patchNode(t, name, { spec: { unschedulable: false } });
        }
    };
    // Per node, the component's own step goes first, while yurt-hub's unit is still there to unlink;
    // the node leaves its pool (and loses the step's record) as soon as its unlink is done, so
    // yurt-manager reverts it while the other nodes' unlinks run. A node whose unlink failed stays in
    // its pool; the others are reverted, then the run fails naming it.
    const linked = [...live.keys()].filter((n) => hasYurthubAtBoot(live.get(n)));
    const unlink = startYurthubAtBoot(t, false, takeOut);
    linked.forEach((n) => unlink.add(n));
    await forEachLimited(
        [...live.keys()].filter((n) => !hasYurthubAtBoot(live.get(n))),
        10,
        takeOut,
    );
    const unlinkFailure = yurthubBootError(false, await unlink.finish(), linked.length);
    t.log?.(`took ${takenOut} node(s) out of their pools; ${wasEdge.length} to revert`);
    return { wasEdge, unlinkFailure };
}

/**
 * Waits until yurt-manager has reverted every node (`is-edge-worker` gone, reason `Reverted`,
 * uncordoned). RevertFailed, or `timeoutSeconds` without any node finishing, fails naming the nodes.
 */
async function awaitReverts(t: ConversionTarget, nodesToRevert: string[]): Promise<void> {
    let pending = nodesToRevert;
    let lastProgress = Date.now();
    let waitSeconds = 0;
    while (pending.length > 0) {
        const nodes = await t.nodes.read(waitSeconds);
        const failed: string[] = [];
        const still: string[] = [];
        for (const name of pending) {
            const node = nodes.get(name);
            const c = conversionCondition(node);
            if (!node) {
                continue; // deleted: nothing left to revert
            } else if (node.metadata?.labels?.[release.edgeWorkerLabel] === "true") {
                if (c?.reason === cond.revertFailed && c.status === "True") {
                    failed.push(`node ${name}: ${c.message ?? "revert failed"} (kubectl -n ${t.namespace} describe job ${conversionJobName(name)})`);
                } else {
                    still.push(name);
                }
            } else if (!(c?.reason === cond.reverted && !node.spec?.unschedulable)) {
                // is-edge-worker is removed first; wait until the node also reports Reverted and is uncordoned.
                still.push(name);
            }
        }
        if (failed.length > 0) {
            throw new Error(
                `yurt-manager could not revert ${failed.length} node(s) (${cond.type}=${cond.revertFailed}):\n  - ${failed.join("\n  - ")}\nFix the cause on the node and run again.`,
            );
        }
        if (still.length < pending.length) {
            lastProgress = Date.now();
        } else if (Date.now() - lastProgress > t.timeoutSeconds * 1000) {
            throw new Error(
                `no node finished reverting within ${t.timeoutSeconds}s (rollout.jobTimeout); still waiting for ${still.length}: ${still.slice(0, 10).join(", ")}. ` +
                    `Check yurt-manager (kubectl -n ${t.namespace} logs deploy/yurt-manager) and the Jobs (kubectl -n ${t.namespace} get jobs -l ${release.conversionNodeLabel}).`,
            );
        }
        pending = still;
        waitSeconds = pollSeconds(pending.length);
    }
}

/**
 * Waits until yurt-manager's webhooks answer: a server-side dry run of creating a NodePool goes
 * through the NodePool webhooks (failurePolicy Fail), so it succeeds only once they serve.
 */
export async function waitForYurtManager(conn: KubeConnection, timeoutSeconds: number, namespace: string): Promise<void> {
    const [group, version] = release.nodePoolApiVersion.split("/");
    const probe = {
        apiVersion: release.nodePoolApiVersion,
        kind: "NodePool",
        metadata: { name: "pulumi-openyurt-webhook-probe" },
        spec: { type: "Edge" },
    };
    const deadline = Date.now() + timeoutSeconds * 1000;
    let last: string | undefined;
    for (;;) {
        try {
            await kubeRequest(conn, "POST", `/apis/${group}/${version}/nodepools?dryRun=All`, { body: probe });
            return;
        } catch (e) {
            if (e instanceof KubeApiError && e.status === 409) {
                return;
            }
            last = (e as Error).message;
        }
        if (Date.now() > deadline) {
            throw new Error(
                `yurt-manager's webhooks did not answer within ${timeoutSeconds}s (last error: ${last}). ` +
                    `Check that yurt-manager runs (kubectl -n ${namespace} get deploy yurt-manager; kubectl -n ${namespace} logs deploy/yurt-manager) and run again.`,
            );
        }
        await sleep(2000);
    }
}
