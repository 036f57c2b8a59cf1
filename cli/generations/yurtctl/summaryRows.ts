import { batchLabel, PlanRow } from "../../output/planTable";
import { batchFailedBefore, EngineRunOutcome, firstFailedBatch, NodeResult, notReached, SummaryRow } from "../../output/summary";
import { nodeFailed, ServantJobProgress } from "./jobProgress";

/** The end-of-run summary of a v0.6.1 run: per node what happened, from the plan rows and what its Jobs and patches did. Pure. */

export function nodeResult(
    row: PlanRow,
    progress: ServantJobProgress,
    outcome: EngineRunOutcome,
    firstFailedBatch: number | undefined,
): { result: NodeResult; note: string } {
    const p = progress.nodes.get(row.node);
    if (nodeFailed(p)) {
        return { result: "FAILED", note: p?.error ?? "" };
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
    if (outcome !== "succeeded" && (row.action !== "none" || batchFailedBefore(row, firstFailedBatch))) {
        return notReached(row, firstFailedBatch);
    }
    return { result: "unchanged", note: "" };
}

export function summaryRows(rows: PlanRow[], progress: ServantJobProgress, outcome: EngineRunOutcome): SummaryRow[] {
    const firstFailed = firstFailedBatch(rows, (n) => progress.nodes.get(n)?.job === "failed");
    return rows.map((r) => {
        const { result, note } = nodeResult(r, progress, outcome, firstFailed);
        return { node: r.node, role: r.role, batch: batchLabel(r.batch, r.batches), result, note };
    });
}
