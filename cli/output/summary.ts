import { PlanRow } from "./planTable";
import { renderTable } from "./table";

/** The end-of-run summary: per node what happened, from the plan rows and the run's progress. Pure. */

export type NodeResult =
    | "converted"
    | "labelled"
    | "moved"
    | "marked autonomous"
    | "autonomy removed"
    | "reverted"
    | "FAILED"
    | "skipped offline"
    | "unfinished"
    | "not reached"
    | "unchanged";

export interface SummaryRow {
    node: string;
    role: string;
    batch: string;
    result: NodeResult;
    note: string;
    /** v1.7.0: the node's NodePool. */
    pool?: string;
}

/** How the engine's `up` or `destroy` ended; not the outcome of one Job (components/core/kube/jobRunner.ts). */
export type EngineRunOutcome = "succeeded" | "failed" | "interrupted";

/** The first rollout batch (0-based) with a failed node, of either generation. */
export function firstFailedBatch(rows: PlanRow[], failed: (node: string) => boolean): number | undefined {
    const batches = rows.filter((r) => r.batch !== undefined && failed(r.node)).map((r) => r.batch! - 1);
    return batches.length > 0 ? Math.min(...batches) : undefined;
}

/** A node in a batch after the first failed one (batches after a failure do not start). */
export function batchFailedBefore(row: PlanRow, firstFailed: number | undefined): boolean {
    return firstFailed !== undefined && row.batch !== undefined && row.batch - 1 > firstFailed;
}

/** A node the run did not reach: why, from the first failed batch. */
export function notReached(row: PlanRow, firstFailed: number | undefined): { result: NodeResult; note: string } {
    return { result: "not reached", note: batchFailedBefore(row, firstFailed) ? `batch ${firstFailed! + 1} failed first` : "the run stopped first" };
}

/** The summary table of either generation: a POOL column when the rows have NodePools (v1.7.0). */
export function renderSummary(rows: SummaryRow[]): string {
    const pools = rows.some((r) => r.pool !== undefined);
    return renderTable(
        ["NODE", "ROLE", ...(pools ? ["POOL"] : []), "BATCH", "RESULT", "NOTE"],
        rows.map((r) => [r.node, r.role, ...(pools ? [r.pool ?? "-"] : []), r.batch, r.result, r.note]),
    );
}

/** "2 converted, 1 FAILED, 1 not reached" (results other than unchanged), or "no node changed". */
export function summaryTotals(rows: SummaryRow[]): string {
    const counts = new Map<NodeResult, number>();
    for (const r of rows) {
        counts.set(r.result, (counts.get(r.result) ?? 0) + 1);
    }
    const parts = resultOrder.filter((k) => counts.get(k)).map((k) => `${counts.get(k)} ${k}`);
    return parts.length > 0 ? parts.join(", ") : "no node changed";
}

/** Results in the order totals name them (every result but "unchanged"). */
export const resultOrder: NodeResult[] = [
    "converted",
    "labelled",
    "moved",
    "marked autonomous",
    "autonomy removed",
    "reverted",
    "FAILED",
    "skipped offline",
    "unfinished",
    "not reached",
];

/** Results that did not go as planned: a long run's summary shows these first. */
const notAsPlanned: NodeResult[] = ["FAILED", "skipped offline", "unfinished", "not reached"];

/**
 * A summary a person can read after a 2,000-node run: every row up to `max`; past that, the rows
 * that did not go as planned (up to `max`) and, for the rest, one line of totals. Pure.
 */
export function compactSummary(rows: SummaryRow[], max = 40): { rows: SummaryRow[]; rest?: string } {
    if (rows.length <= max) {
        return { rows };
    }
    const odd = rows.filter((r) => notAsPlanned.includes(r.result));
    const shown = odd.slice(0, max);
    const shownSet = new Set(shown);
    const hidden = rows.filter((r) => !shownSet.has(r));
    return { rows: shown, rest: `… and ${hidden.length} more node(s): ${summaryTotals(hidden)} (every node: --output json, or yurtctl status)` };
}
