/**
 * The per-node report of a v1.7.0 rollout: where each managed node stands after a run, and the few
 * lines a person reads at the end of a 2,000-node run (counts per outcome, the first failures).
 * Pure; kept in the state by NodePoolMembers and shown as the stack output `nodeReport`.
 */

/**
 * cloud: in the Cloud pool (labelled, nothing converted); converted: yurt-manager converted it;
 * failed: its conversion failed, could not start, went offline during it or found no verdict in time;
 * skipped-offline: not Ready when its batch started, so not put in its pool; pending: a later batch
 * the run did not reach; reverted: taken out of its pool by this run.
 */
export type NodeOutcome = "cloud" | "converted" | "failed" | "skipped-offline" | "pending" | "reverted";

export const nodeOutcomes: readonly NodeOutcome[] = ["cloud", "converted", "failed", "skipped-offline", "pending", "reverted"];

/** One node's line of the report. */
export interface NodeReport {
    pool: string;
    outcome: NodeOutcome;
    /** Why, for failed and skipped nodes: yurt-manager's message, the pod's reason, how long the node has been down. */
    reason?: string;
    /** The autonomy annotation's value, on autonomous nodes. */
    autonomy?: string;
    /** When the node reached this outcome (RFC 3339): the condition's transition time where the node has one. */
    since: string;
}

/** Nodes that count against the failure budget. */
export const isShortfall = (r: NodeReport) => r.outcome === "failed" || r.outcome === "skipped-offline";

/** How many nodes have each outcome (every outcome present, 0 for none). */
export function outcomeCounts(report: Record<string, NodeReport>): Record<NodeOutcome, number> {
    const counts = Object.fromEntries(nodeOutcomes.map((o) => [o, 0])) as Record<NodeOutcome, number>;
    for (const r of Object.values(report)) {
        counts[r.outcome]++;
    }
    return counts;
}

/**
 * The end of a run in a few lines: counts per outcome ("12 converted, 1 failed, 1 skipped-offline"),
 * then the first `listed` failed and skipped nodes by name with their reasons, and how many more.
 */
export function summarizeReport(report: Record<string, NodeReport>, listed = 5): string {
    const counts = outcomeCounts(report);
    const line = nodeOutcomes
        .filter((o) => counts[o] > 0)
        .map((o) => `${counts[o]} ${o}`)
        .join(", ");
    const short = Object.entries(report)
        .filter(([, r]) => isShortfall(r))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const lines = short.slice(0, listed).map(([n, r]) => `  - node ${n} (${r.outcome}): ${r.reason ?? "no reason reported"}`);
    if (short.length > listed) {
        lines.push(`  - … and ${short.length - listed} more (stack output nodeReport, or yurtctl status --output json)`);
    }
    return [line || "no nodes", ...lines].join("\n");
}

/** "3m20s" for a span in milliseconds, as a person reads how long a node has been down. */
export function humanSpan(ms: number): string {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) {
        return `${s}s`;
    }
    const m = Math.floor(s / 60);
    if (m < 60) {
        return `${m}m${s % 60 ? `${s % 60}s` : ""}`;
    }
    const h = Math.floor(m / 60);
    return h < 48 ? `${h}h${m % 60 ? `${m % 60}m` : ""}` : `${Math.floor(h / 24)}d`;
}
