import { formatDuration } from "./table";

/**
 * The progress lines of an `up` or `destroy`, for both OpenYurt generations: each line stamped with
 * the time since the run started, and a heartbeat naming what the run waits for when nothing was
 * printed for a while. What the lines say comes from each generation's observer (engine events
 * for v0.6.1's Jobs, the nodes' conditions for v1.7.0's yurt-manager); how they look is written
 * here once. Pure: fed clock readings, it returns text.
 */

/** A node the run waits for, as a heartbeat names it. */
export interface BusyNode {
    node: string;
    /** 0-based rollout batch, when the node is in one. */
    batch?: number;
    /** Clock reading since when it is busy. */
    since: number;
    /** What it is doing, shown before the duration ("Converting"); none: only the duration. */
    state?: string;
}

/** How far the run is, for the heartbeat's tail. */
export interface RunCounts {
    converted: number;
    failed: number;
}

/** A progress line `elapsedMs` after the run started: `[  1m02s] text`. */
export function stamped(elapsedMs: number, text: string): string {
    return `[${formatDuration(elapsedMs).padStart(7)}] ${text}`;
}

export class RunLog {
    private lastLineAt: number;
    private finished = false;

    constructor(
        private readonly start: number,
        private readonly batchCount: number,
    ) {
        this.lastLineAt = start;
    }

    /** A progress line: `[  1m02s] text`. */
    line(now: number, text: string): string {
        this.lastLineAt = now;
        return stamped(now - this.start, text);
    }

    /** " (batch 2/5)" for a node of a batch, "" for one outside the batches. */
    batchText(batch: number | undefined): string {
        return batch === undefined ? "" : ` (batch ${batch + 1}/${this.batchCount})`;
    }

    /**
     * A reminder while the run waits and nothing was printed for `quietMs`: which batches, the first
     * eight busy nodes with how long each has been busy, and the counts so far; undefined when the
     * run is over, something was printed lately, or nothing is busy. `waiting` is asked only when a
     * heartbeat is due (it walks every node).
     */
    heartbeat(now: number, waiting: () => { busy: BusyNode[]; counts: RunCounts }, waitingFor = "", quietMs = 15000): string | undefined {
        if (this.finished || now - this.lastLineAt < quietMs) {
            return undefined;
        }
        const { busy, counts } = waiting();
        if (busy.length === 0) {
            return undefined;
        }
        const batches = [...new Set(busy.map((b) => b.batch).filter((b): b is number => b !== undefined))];
        const where = batches.length > 0 ? `batch ${batches.map((b) => b + 1).join(",")}/${this.batchCount}: ` : "";
        const names = busy
            .slice(0, 8)
            .map((b) => `${b.node} (${b.state ? `${b.state}, ` : ""}${formatDuration(now - b.since)})`)
            .join(", ");
        const more = busy.length > 8 ? ` and ${busy.length - 8} more` : "";
        return this.line(now, `${where}waiting for ${waitingFor}${names}${more}; ${counts.converted} converted, ${counts.failed} failed so far`);
    }

    /** Marks the run over: no more heartbeats. */
    finish(): void {
        this.finished = true;
    }
}
