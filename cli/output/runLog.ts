import { formatDuration } from "./table";

/**
 * The progress lines of an `up` or `destroy`, for both OpenYurt generations: each line stamped with
 * the time since the run started, each node's events and each batch's outcome worded once, and a
 * heartbeat naming what the run waits for when nothing was printed for a while. When a node's event
 * happened comes from each generation's observer (engine events for v0.6.1's Jobs, the nodes'
 * conditions for v1.7.0's yurt-manager); how it reads is written here. Pure: fed clock readings, it returns text.
 */

/**
 * What happened to one node in a run, as either generation observes it (v0.6.1: engine events on its
 * servant Jobs and node patches; v1.7.0: the nodes' labels and yurt-manager's condition). Together
 * with the plan row before the run (output/planTable.ts) and the summary row after it
 * (output/summary.ts), the one per-node model both generations feed the presenter; each kind is
 * worded here once.
 */
export type NodeEvent =
    /** Its labels or annotations changed, in the generation's words ("labelled into NodePool edge", "marked autonomous"). */
    | { node: string; kind: "changed"; what: string; batch?: number }
    /** Work on it started: "servant Job started", "Converting (Job node-servant-conversion-node2)". */
    | { node: string; kind: "working"; what: string; batch?: number }
    | { node: string; kind: "converted"; tookMs?: number; batch?: number }
    /** `from`: what it was reverted out of ("NodePool edge"), where that is news. */
    | { node: string; kind: "reverted"; tookMs?: number; from?: string }
    /** `verdict`: FAILED, or yurt-manager's own (ConvertFailed, RevertFailed); `reason`: why. */
    | { node: string; kind: "failed"; verdict: string; reason: string; tookMs?: number; batch?: number };

/** How a rollout batch ended: done once each of its nodes converted; FAILED as soon as one failed, and what happens next. */
export interface BatchOutcome {
    /** 0-based. */
    batch: number;
    converted: number;
    failed: number;
    /** What a failure means for the later batches ("later batches do not start"). */
    next: string;
}

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

    /** The line of one node's event. */
    node(now: number, e: NodeEvent): string {
        const took = (word: string, ms: number | undefined) => (ms === undefined ? "" : ` ${word} ${formatDuration(ms)}`);
        switch (e.kind) {
            case "changed":
            case "working":
                return this.line(now, `${e.node}: ${e.what}${this.batchText(e.batch)}`);
            case "converted":
                return this.line(now, `${e.node}: converted${took("in", e.tookMs)}${this.batchText(e.batch)}`);
            case "reverted":
                return this.line(now, `${e.node}: reverted${e.from !== undefined ? ` out of ${e.from}` : ""}${took("in", e.tookMs)}`);
            case "failed":
                return this.line(now, `${e.node}: ${e.verdict}${took("after", e.tookMs)}${this.batchText(e.batch)}: ${e.reason}`);
        }
    }

    /** "batch 2/5 done: 10 converted", or "batch 2/5 FAILED: 9 converted, 1 failed; <next>". */
    batch(now: number, o: BatchOutcome): string {
        const failed = o.failed > 0 ? `, ${o.failed} failed; ${o.next}` : "";
        return this.line(now, `batch ${o.batch + 1}/${this.batchCount} ${o.failed > 0 ? "FAILED" : "done"}: ${o.converted} converted${failed}`);
    }

    /** " (batch 2/5)" for a node of a batch, "" for one outside the batches. */
    private batchText(batch: number | undefined): string {
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
