import { kubeRequest } from "../../../components/core/kube/client";
import { KubeConnection } from "../../../components/core/kube/kubeconfig";
import { readyCondition } from "../../../components/core/kube/nodeStatus";
import { servantActionLabel, servantNodeLabel } from "../../../components/core/manifests/labels";
import { yurtctlRelease } from "../../../components/core/release";
import { liveJobState, LiveJobState } from "../../output/jobState";
import { jsonText } from "../../output/json";
import { renderTable } from "../../output/table";

/**
 * `status` under v0.6.1: what the live cluster says about each node, read with the project's small
 * Kubernetes client: role label, autonomy annotation, conversion Job, Ready condition.
 */

export interface NodeStatus {
    name: string;
    /** From the edge-worker label: "true" edge, "false" cloud, absent "-". */
    role: "cloud" | "edge" | "-";
    autonomous: boolean;
    /** Ready condition: "True", "False" or "Unknown". */
    ready: string;
    /** The node's conversion Job, when one exists. */
    job?: { name: string; namespace: string; state: LiveJobState; reason?: string };
}

/** Per node, from the Node list and the conversion Jobs (labelled with their node). Pure. */
export function nodeStatuses(
    nodes: any[],
    jobs: any[],
    release: { edgeWorkerLabel: string; autonomyAnnotation: string } = yurtctlRelease,
): NodeStatus[] {
    const jobByNode = new Map<string, any>();
    for (const j of jobs) {
        const node = j.metadata?.labels?.[servantNodeLabel];
        const previous = jobByNode.get(node);
        // The newest Job of a node wins (a replaced Job can linger while it is deleted).
        if (node && (!previous || String(j.metadata.creationTimestamp) > String(previous.metadata.creationTimestamp))) {
            jobByNode.set(node, j);
        }
    }
    return nodes
        .map((n) => {
            const label = n.metadata?.labels?.[release.edgeWorkerLabel];
            const ready = readyCondition(n);
            const job = jobByNode.get(n.metadata.name);
            return {
                name: n.metadata.name,
                role: label === "true" ? "edge" : label === "false" ? "cloud" : "-",
                autonomous: n.metadata?.annotations?.[release.autonomyAnnotation] === "true",
                ready: ready?.status ?? "Unknown",
                job: job ? { name: job.metadata.name, namespace: job.metadata.namespace, ...liveJobState(job) } : undefined,
            } as NodeStatus;
        })
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function readStatus(conn: KubeConnection): Promise<NodeStatus[]> {
    const nodes = await kubeRequest(conn, "GET", "/api/v1/nodes");
    const selector = encodeURIComponent(`${servantActionLabel}=convert`);
    const jobs = await kubeRequest(conn, "GET", `/apis/batch/v1/jobs?labelSelector=${selector}`);
    return nodeStatuses(nodes.items ?? [], jobs.items ?? []);
}

export function renderStatusTable(rows: NodeStatus[]): string {
    return renderTable(
        ["NODE", "ROLE", "AUTONOMOUS", "CONVERSION JOB", "READY"],
        rows.map((r) => [
            r.name,
            r.role,
            r.role === "edge" ? (r.autonomous ? "yes" : "no") : r.autonomous ? "yes (not an edge node)" : "-",
            r.job ? `${r.job.state}${r.job.reason ? ` (${r.job.reason})` : ""}` : "-",
            r.ready,
        ]),
    );
}

export function statusJson(rows: NodeStatus[], extra: Record<string, unknown> = {}): string {
    return jsonText({
        ...extra,
        nodes: rows.map((r) => ({
            name: r.name,
            role: r.role,
            autonomous: r.autonomous,
            ready: r.ready === "True",
            readyCondition: r.ready,
            conversionJob: r.job ?? null,
        })),
    });
}
