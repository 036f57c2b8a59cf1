/**
 * The rollout's failure budget (`rollout.maxFailures`): how many edge nodes of a run may fail or be
 * skipped (offline) before the rollout stops. A count ("3", 3) or a percentage ("5%") of the edge
 * nodes being converted in the run. Pure; the plan validates the setting with `parseFailureBudget`,
 * the rollout applies it with `allowedFailures` (it knows how many nodes the run converts).
 */

/** A budget as the state keeps it: "0", "3" or "5%". */
export type FailureBudgetText = string;

export type FailureBudget = { kind: "count"; count: number } | { kind: "percent"; percent: number };

/** The setting's value read, or a problem naming it. Whole numbers ≥ 0; percentages 0–100, decimals allowed ("0.5%"). */
export function parseFailureBudget(value: unknown): { budget: FailureBudget; text: FailureBudgetText } | { problem: string } {
    if (typeof value === "number" && Number.isInteger(value) && value >= 0) {
        return { budget: { kind: "count", count: value }, text: String(value) };
    }
    if (typeof value === "string") {
        const s = value.trim();
        if (/^\d+$/.test(s)) {
            return { budget: { kind: "count", count: Number(s) }, text: String(Number(s)) };
        }
        const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(s);
        if (pct && Number(pct[1]) <= 100) {
            return { budget: { kind: "percent", percent: Number(pct[1]) }, text: `${Number(pct[1])}%` };
        }
    }
    return { problem: `${JSON.stringify(value)} is not a whole number of nodes ≥ 0 or a percentage from 0% to 100%` };
}

/**
 * How many nodes may fail or be skipped in a run that converts `converting` edge nodes: the count,
 * or the percentage of them rounded down (1% of 150 nodes is 1).
 */
export function allowedFailures(budget: FailureBudget, converting: number): number {
    return budget.kind === "count" ? budget.count : Math.floor((converting * budget.percent) / 100 + 1e-9);
}
