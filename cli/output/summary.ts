import { batchLabel, PlanRow } from "./planTable";
import { Progress } from "./progress";
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

export function nodeResult(
    row: PlanRow,
    progress: Progress,
    outcome: EngineRunOutcome,
    firstFailedBatch: number | undefined,
): { result: NodeResult; note: string } {
    const p = progress.nodes.get(row.node);
    if (p?.job === "failed" || p?.revert === "failed" || p?.label === "failed" || p?.autonomy === "failed") {
        return { result: "FAILED", note: p.error ?? "" };
    }
    if (p?.job === "running" || p?.revert === "running") {
        return { result: "unfinished", note: "the run stopped while its Job ran" };
    }
    if (p?.revert === "done" || p?.label === "removed") {
        return { result: "reverted", note: p.autonomy === "removed" ? "autonomy annotation removed" : "" };
    }
    if (p?.job === "done") {
        return { result: "converted", note: p.autonomy === "set" ? "marked autonomous" : "" };
    }
    if (p?.autonomy === "set") {
        return { result: "marked autonomous", note: "" };
    }
    if (p?.autonomy === "removed") {
        return { result: "autonomy removed", note: "" };
    }
    if (p?.label === "set") {
        return { result: "labelled", note: "" };
    }
    if (outcome !== "succeeded") {
        const afterFailure = firstFailedBatch !== undefined && row.batch !== undefined && row.batch - 1 > firstFailedBatch;
        if (row.action !== "none" || afterFailure) {
            return { result: "not reached", note: afterFailure ? `batch ${firstFailedBatch + 1} failed first` : "the run stopped first" };
        }
    }
    return { result: "unchanged", note: "" };
}

export function summaryRows(rows: PlanRow[], progress: Progress, outcome: EngineRunOutcome): SummaryRow[] {
    const failedBatches = rows.filter((r) => r.batch !== undefined && progress.nodes.get(r.node)?.job === "failed").map((r) => r.batch! - 1);
    const firstFailedBatch = failedBatches.length > 0 ? Math.min(...failedBatches) : undefined;
    return rows.map((r) => {
        const { result, note } = nodeResult(r, progress, outcome, firstFailedBatch);
        return { node: r.node, role: r.role, batch: batchLabel(r.batch, r.batches), result, note };
    });
}

export function renderSummary(rows: SummaryRow[]): string {
    return renderTable(
        ["NODE", "ROLE", "BATCH", "RESULT", "NOTE"],
        rows.map((r) => [r.node, r.role, r.batch, r.result, r.note]),
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
