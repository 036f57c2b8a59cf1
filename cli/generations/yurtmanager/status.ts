import { kubeGetOptional, kubeRequest } from "../../../components/core/kube/client";
import { KubeConnection } from "../../../components/core/kube/kubeconfig";
import { readyCondition } from "../../../components/core/kube/nodeStatus";
import { v1_7_0 } from "../../../components/core/release/v1_7";
import { YurtManagerRelease } from "../../../components/core/release/release";
import { conversionState, isConverted } from "../../../components/yurtmanager/conversionState";
import { liveJobState, LiveJobState } from "../../output/jobState";
import { jsonText } from "../../output/json";
import { renderTable } from "../../output/table";

/**
 * `status` under v1.7.0: what the live cluster says about each node, read with the project's small
 * Kubernetes client: NodePool label, is-edge-worker, yurt-manager's conversion condition, its
 * conversion Job, autonomy-duration, Ready.
 */

export interface PoolNodeStatus {
    name: string;
    /** From the type of the node's NodePool (Cloud, Edge); without one, edge if yurt-manager marked it edge. */
    role: "cloud" | "edge" | "-";
    /** `apps.openyurt.io/nodepool`. */
    pool?: string;
    /** `openyurt.io/is-edge-worker=true`: yurt-manager converted it. */
    edgeWorker: boolean;
    /** yurt-manager's `YurtNodeConversionFailed` condition. */
    conversion?: { status: string; reason: string; message?: string; lastTransitionTime?: string };
    /** The node's `node-servant-conversion-<node>` Job, while it exists (yurt-manager keeps finished ones for 2 h). */
    job?: { name: string; namespace: string; state: LiveJobState; reason?: string };
    /** `node.openyurt.io/autonomy-duration`. */
    autonomyDuration?: string;
    ready: string;
    /** When the Ready condition last changed (how long an offline node has been down). */
    readySince?: string;
    /** Cordoned (yurt-manager cordons a node while its Job runs and after a failed round). */
    unschedulable: boolean;
}

/**
 * Where a node stands, in the words of the component's per-node report (stack output nodeReport),
 * read from the live node: cloud, converted, failed, pending (in its pool, no verdict yet), reverted,
 * or "-" (in no pool); with the time of that transition where yurt-manager wrote one. Converted is
 * yurt-manager's reading (components/yurtmanager/conversionState.ts): a cordoned node is still pending. A node the
 * last run skipped because it was offline is "-" here (it was never put in its pool): `ready` says why.
 */
export function liveOutcome(r: PoolNodeStatus, release: YurtManagerRelease = v1_7_0): { outcome: string; since?: string; reason?: string } {
    const c = r.conversion;
    const cond = release.conversionCondition;
    if (r.role === "cloud") {
        return { outcome: "cloud" };
    }
    if (c?.status === "True" && (c.reason === cond.convertFailed || c.reason === cond.revertFailed)) {
        return { outcome: "failed", since: c.lastTransitionTime, reason: `${c.reason}: ${c.message ?? ""}`.trim() };
    }
    if (r.pool !== undefined) {
        const state = {
            exists: true,
            edgeWorker: r.edgeWorker,
            unschedulable: r.unschedulable,
            condition: c && { ...c, since: c.lastTransitionTime },
        };
        return isConverted(state, release)
            ? { outcome: "converted", since: c?.lastTransitionTime }
            : { outcome: "pending", since: c?.lastTransitionTime };
    }
    return c?.reason === cond.reverted ? { outcome: "reverted", since: c.lastTransitionTime } : { outcome: "-" };
}

/** Per node, from the Node list, yurt-manager's conversion Jobs and the NodePools. Pure. */
export function poolNodeStatuses(nodes: any[], jobs: any[], pools: any[], release: YurtManagerRelease = v1_7_0): PoolNodeStatus[] {
    const poolType = new Map<string, string>(pools.map((p) => [p.metadata?.name, p.spec?.type]));
    const jobByNode = new Map<string, any>();
    for (const j of jobs) {
        const node =
            j.metadata?.labels?.[release.conversionNodeLabel] ??
            (String(j.metadata?.name ?? "").startsWith(release.conversionJobPrefix)
                ? j.metadata.name.slice(release.conversionJobPrefix.length)
                : undefined);
        const previous = jobByNode.get(node);
        if (node && (!previous || String(j.metadata.creationTimestamp) > String(previous.metadata.creationTimestamp))) {
            jobByNode.set(node, j);
        }
    }
    return nodes
        .map((n): PoolNodeStatus => {
            const state = conversionState(n, release);
            const type = state.pool === undefined ? undefined : poolType.get(state.pool);
            const c = state.condition;
            const ready = readyCondition(n);
            const job = jobByNode.get(n.metadata.name);
            return {
                name: n.metadata.name,
                role: type === "Cloud" ? "cloud" : type === "Edge" || state.edgeWorker ? "edge" : "-",
                pool: state.pool,
                edgeWorker: state.edgeWorker,
                conversion: c ? { status: c.status, reason: c.reason, message: c.message, lastTransitionTime: c.since } : undefined,
                job: job ? { name: job.metadata.name, namespace: job.metadata.namespace, ...liveJobState(job) } : undefined,
                autonomyDuration: state.autonomy,
                ready: ready?.status ?? "Unknown",
                readySince: ready?.lastTransitionTime,
                unschedulable: state.unschedulable,
            };
        })
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function readPoolStatus(conn: KubeConnection, namespace: string, release: YurtManagerRelease = v1_7_0): Promise<PoolNodeStatus[]> {
    const nodes = await kubeRequest(conn, "GET", "/api/v1/nodes");
    const jobs = await kubeRequest(
        conn,
        "GET",
        `/apis/batch/v1/namespaces/${encodeURIComponent(namespace)}/jobs?labelSelector=${encodeURIComponent(release.conversionNodeLabel)}`,
    );
    // No NodePool API yet (yurt-manager's chart not installed): no pools.
    const pools = await kubeGetOptional(conn, `/apis/${release.nodePoolApiVersion}/nodepools`);
    return poolNodeStatuses(nodes.items ?? [], jobs.items ?? [], pools?.items ?? [], release);
}

/** The CONVERSION cell: the condition's reason, with yurt-manager's message when it failed. */
export function conversionCell(c: PoolNodeStatus["conversion"], release: YurtManagerRelease = v1_7_0): string {
    if (!c) {
        return "-";
    }
    const failed =
        c.status === "True" || c.reason === release.conversionCondition.convertFailed || c.reason === release.conversionCondition.revertFailed;
    return failed && c.message ? `${c.reason}: ${c.message}` : c.reason || c.status;
}

export function renderPoolStatusTable(rows: PoolNodeStatus[]): string {
    return renderTable(
        ["NODE", "ROLE", "POOL", "EDGE-WORKER", "CONVERSION", "JOB", "AUTONOMY", "READY"],
        rows.map((r) => [
            r.name,
            r.role,
            r.pool ?? "-",
            r.edgeWorker ? "true" : "-",
            conversionCell(r.conversion),
            // The Job's reason only: its message is what yurt-manager copied into the condition.
            r.job ? `${r.job.state}${r.job.reason ? ` (${r.job.reason.split(":")[0]})` : ""}` : "-",
            r.autonomyDuration !== undefined ? `yes (${r.autonomyDuration})` : r.role === "edge" ? "no" : "-",
            `${r.ready}${r.unschedulable ? ", cordoned" : ""}`,
        ]),
    );
}

export function poolStatusJson(rows: PoolNodeStatus[], extra: Record<string, unknown> = {}): string {
    return jsonText({
        ...extra,
        nodes: rows.map((r) => ({
            name: r.name,
            role: r.role,
            pool: r.pool ?? null,
            edgeWorker: r.edgeWorker,
            conversion: r.conversion ?? null,
            conversionJob: r.job ?? null,
            autonomous: r.autonomyDuration !== undefined,
            autonomyDuration: r.autonomyDuration ?? null,
            ready: r.ready === "True",
            readyCondition: r.ready,
            readySince: r.readySince ?? null,
            unschedulable: r.unschedulable,
            ...liveOutcome(r),
        })),
    });
}
