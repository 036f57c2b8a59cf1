import { jsonText } from "./json";
import { EngineRunOutcome, NodeResult, resultOrder, SummaryRow } from "./summary";

/**
 * `--output json` of convert, markautonomous and revert: one JSON object on stdout when the command
 * ends, whatever the end (the exit code is the same as without it). Pure.
 */

export type Outcome = EngineRunOutcome | "nothing-to-change" | "not-confirmed" | "error";

export interface CommandResult {
    command: string;
    stack: string;
    /** The OpenYurt release the run used, when it got that far. */
    release: string | null;
    outcome: Outcome;
    exitCode: number;
    /** Of the engine run; null when none ran. */
    elapsedSeconds: number | null;
    /** Stack config keys this command wrote. */
    configUpdated: string[];
    /** Nodes per result, e.g. {"converted": 2, "labelled": 1}; "unchanged" is not counted. */
    totals: Partial<Record<NodeResult, number>>;
    nodes: Array<{ name: string; role: string; pool?: string; batch: string; result: NodeResult; note: string }>;
    /** Why the run failed (the engine's errors, then where to look), one per entry. */
    errors: string[];
}

export function resultCounts(rows: SummaryRow[]): Partial<Record<NodeResult, number>> {
    const counts: Partial<Record<NodeResult, number>> = {};
    for (const k of resultOrder) {
        const n = rows.filter((r) => r.result === k).length;
        if (n > 0) {
            counts[k] = n;
        }
    }
    return counts;
}

export function resultNodes(rows: SummaryRow[]): CommandResult["nodes"] {
    return rows.map((r) => ({
        name: r.node,
        role: r.role,
        ...(r.pool !== undefined ? { pool: r.pool } : {}),
        batch: r.batch,
        result: r.result,
        note: r.note,
    }));
}

export function resultJson(r: CommandResult): string {
    return jsonText(r);
}
