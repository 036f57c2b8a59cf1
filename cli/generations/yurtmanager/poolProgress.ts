import type { NodeMembership } from "../../../components/yurtmanager/manifests";
import { YurtManagerRelease } from "../../../components/core/release/release";
import { ConversionState, conversionState, isConverted, isReverted } from "../../../components/yurtmanager/conversionState";
import { batchLabel, PlanRow } from "../../output/planTable";
import { EngineRunOutcome, firstFailedBatch, NodeResult, notReached, SummaryRow } from "../../output/summary";
import { BusyNode, RunLog } from "../../output/runLog";

/**
 * Per-node progress of a v1.7.0 run, read from the cluster. The engine reports one NodePoolMembers
 * step for the whole fleet (and one NodePoolReverts step), so the CLI polls the nodes while `up` or
 * `destroy` runs and reports what yurt-manager does to each: labelled into its pool → Converting →
 * converted (or ConvertFailed, with yurt-manager's message), and for nodes that leave or move:
 * taken out of the pool → Reverting → reverted. Pure: fed node lists and clock readings, it returns
 * the lines to print.
 */

/** A node the run is about: where it should end (`want`; undefined: it leaves) and where it was (`had`). */
export interface WatchedNode {
    name: string;
    want?: NodeMembership;
    had?: NodeMembership;
    /** 0-based rollout batch (edge nodes of the plan). */
    batch?: number;
}

export interface PoolWatchOptions {
    release: YurtManagerRelease;
    nodes: WatchedNode[];
    /** Edge nodes per batch (the plan's). */
    batches: string[][];
    /** Clock reading when the run started. */
    start: number;
    /** rollout.maxFailures as planned ("0", "3", "5%"); "0" or absent: a failure stops the run after its batch. */
    maxFailures?: string;
}

/** What this run did to a node, as seen from the cluster. */
export interface PoolNodeProgress {
    /** Taken out of its (old) pool in this run. */
    leftAt?: number;
    revertedAt?: number;
    reverting?: boolean;
    /** Labelled into its pool in this run. */
    joinedAt?: number;
    converting?: boolean;
    /** When this run first saw it Converting. */
    convertingAt?: number;
    convertedAt?: number;
    autonomy?: "set" | "removed" | "changed";
    /** ConvertFailed / RevertFailed: yurt-manager's message. */
    failed?: string;
    /** Which of the two failed. */
    failedAction?: "convert" | "revert";
}

export class PoolWatch {
    readonly nodes = new Map<string, PoolNodeProgress>();
    private readonly last = new Map<string, ConversionState>();
    private readonly watched = new Map<string, WatchedNode>();
    private readonly reportedBatches = new Set<number>();
    private readonly log: RunLog;
    private baselined = false;

    constructor(private readonly opts: PoolWatchOptions) {
        for (const n of opts.nodes) {
            this.watched.set(n.name, n);
        }
        this.log = new RunLog(opts.start, opts.batches.length);
    }

    /** Names of the nodes to poll. */
    get names(): string[] {
        return [...this.watched.keys()];
    }

    private progress(name: string): PoolNodeProgress {
        let p = this.nodes.get(name);
        if (!p) {
            p = {};
            this.nodes.set(name, p);
        }
        return p;
    }

    /** The state before the run: only what changes after it is reported. */
    baseline(nodes: any[]): void {
        const byName = new Map(nodes.map((n) => [n?.metadata?.name, n]));
        for (const name of this.watched.keys()) {
            this.last.set(name, conversionState(byName.get(name), this.opts.release));
        }
        this.baselined = true;
    }

    /** Lines for one poll of the nodes (the whole list, or at least the watched ones). */
    observe(nodes: any[], now: number): string[] {
        const byName = new Map(nodes.map((n) => [n?.metadata?.name, n]));
        if (!this.baselined) {
            this.baseline([]);
        }
        const lines: string[] = [];
        // Every node's new observation first, so a batch is judged on this poll, not on the previous one.
        const previous = new Map(this.last);
        for (const name of this.watched.keys()) {
            this.last.set(name, conversionState(byName.get(name), this.opts.release));
        }
        // Batches to judge once every node of this poll is accounted for; their line goes after the
        // last line of their own nodes (a batch's nodes are listed together, in rollout order).
        const touched = new Set<number>();
        const endOfBatch = new Map<number, number>();
        for (const [name, w] of this.watched) {
            lines.push(...this.nodeLines(name, w, previous.get(name)!, this.last.get(name)!, now, touched));
            if (w.batch !== undefined && w.want?.edge) {
                endOfBatch.set(w.batch, lines.length);
            }
        }
        for (const b of [...touched].sort((x, y) => y - x)) {
            lines.splice(endOfBatch.get(b) ?? lines.length, 0, ...this.batchOutcome(b, now));
        }
        return lines;
    }

    /** What changed for one node between two polls; a batch whose node got a verdict goes into `touched`. */
    private nodeLines(name: string, w: WatchedNode, before: ConversionState, after: ConversionState, now: number, touched: Set<number>): string[] {
        const r = this.opts.release;
        const p = this.progress(name);
        const lines: string[] = [];
        if (before.pool !== undefined && after.pool !== before.pool) {
            p.leftAt = now;
            lines.push(
                this.log.node(now, {
                    node: name,
                    kind: "changed",
                    what: `taken out of NodePool ${before.pool}${w.had?.edge ? "; yurt-manager reverts it" : ""}`,
                }),
            );
        }
        if (after.pool !== undefined && after.pool !== before.pool) {
            if (w.had?.edge && p.leftAt !== undefined && p.revertedAt === undefined) {
                // A move: it is labelled into its new pool only once the revert out of the old one is done.
                p.reverting = false;
                p.revertedAt = now;
                lines.push(this.log.node(now, { node: name, kind: "reverted", from: `NodePool ${w.had.pool}`, tookMs: now - p.leftAt }));
            }
            p.joinedAt = now;
            lines.push(this.log.node(now, { node: name, kind: "changed", what: `labelled into NodePool ${after.pool}`, batch: w.batch }));
        }
        lines.push(...this.conditionLines(name, w, before, after, now, touched));
        if (!isConverted(before, r) && isConverted(after, r)) {
            p.converting = false;
            p.failed = undefined;
            p.convertedAt = now;
            const since = p.joinedAt ?? p.convertingAt;
            lines.push(this.log.node(now, { node: name, kind: "converted", tookMs: since === undefined ? undefined : now - since, batch: w.batch }));
            if (w.batch !== undefined) {
                touched.add(w.batch);
            }
        }
        if (w.had?.edge && p.leftAt !== undefined && p.revertedAt === undefined && !isReverted(before, r) && isReverted(after, r)) {
            p.reverting = false;
            p.revertedAt = now;
            lines.push(this.log.node(now, { node: name, kind: "reverted", tookMs: now - p.leftAt }));
        }
        if (after.exists && before.exists && after.autonomy !== before.autonomy) {
            p.autonomy = after.autonomy === undefined ? "removed" : before.autonomy === undefined ? "set" : "changed";
            const what =
                after.autonomy === undefined
                    ? "autonomy off"
                    : before.autonomy === undefined
                      ? `autonomy on (autonomy-duration ${after.autonomy})`
                      : `autonomy-duration ${before.autonomy} → ${after.autonomy}`;
            lines.push(this.log.node(now, { node: name, kind: "changed", what }));
        }
        return lines;
    }

    /** A new reason in yurt-manager's condition: Converting, Reverting, ConvertFailed, RevertFailed. */
    private conditionLines(
        name: string,
        w: WatchedNode,
        before: ConversionState,
        after: ConversionState,
        now: number,
        touched: Set<number>,
    ): string[] {
        const cond = this.opts.release.conversionCondition;
        const c = after.condition;
        if (!c || (c.reason === before.condition?.reason && c.since === before.condition?.since)) {
            return [];
        }
        const p = this.progress(name);
        const job = `${this.opts.release.conversionJobPrefix}${name}`;
        if (c.reason === cond.converting) {
            p.converting = true;
            p.convertingAt ??= now;
            const retry = before.condition?.reason === cond.convertFailed ? "retried, " : "";
            return [this.log.node(now, { node: name, kind: "working", what: `${cond.converting} (${retry}Job ${job})`, batch: w.batch })];
        }
        if (c.reason === cond.reverting) {
            p.reverting = true;
            return [this.log.node(now, { node: name, kind: "working", what: `${cond.reverting} (Job ${job})` })];
        }
        if (c.reason === cond.convertFailed && c.status === "True") {
            p.converting = false;
            p.failed = c.message ?? "conversion failed";
            p.failedAction = "convert";
            if (w.batch !== undefined) {
                touched.add(w.batch);
            }
            const tookMs = now - (p.joinedAt ?? this.opts.start);
            return [this.log.node(now, { node: name, kind: "failed", verdict: cond.convertFailed, reason: p.failed, tookMs, batch: w.batch })];
        }
        if (c.reason === cond.revertFailed && c.status === "True") {
            p.reverting = false;
            p.failed = c.message ?? "revert failed";
            p.failedAction = "revert";
            return [this.log.node(now, { node: name, kind: "failed", verdict: cond.revertFailed, reason: p.failed })];
        }
        return [];
    }

    private batchMembers(b: number): string[] {
        return (this.opts.batches[b] ?? []).filter((n) => this.watched.get(n)?.want?.edge);
    }

    /**
     * "batch k/n FAILED" as soon as one of its nodes failed (with no failure budget the run stops after it), or
     * "batch k/n done" once every edge node of it is converted; once per batch.
     */
    private batchOutcome(b: number, now: number): string[] {
        if (this.reportedBatches.has(b)) {
            return [];
        }
        const members = this.batchMembers(b);
        const converted = members.filter((n) => this.nodes.get(n)?.convertedAt !== undefined).length;
        const failed = members.filter((n) => this.nodes.get(n)?.failed !== undefined).length;
        if (failed === 0 && !members.every((n) => isConverted(this.last.get(n)!, this.opts.release))) {
            return [];
        }
        this.reportedBatches.add(b);
        const next =
            (this.opts.maxFailures ?? "0") === "0"
                ? "later batches do not start"
                : `later batches go on while within rollout.maxFailures (${this.opts.maxFailures})`;
        return [this.log.batch(now, { batch: b, converted, failed, next })];
    }

    /** Nodes yurt-manager works on: in their pool and not converted yet, or out of it and not reverted yet. */
    private inFlight(): BusyNode[] {
        const out: BusyNode[] = [];
        const r = this.opts.release;
        for (const [name, w] of this.watched) {
            const o = this.last.get(name);
            const p = this.nodes.get(name);
            if (!o || !p || p.failed !== undefined) {
                continue;
            }
            const state = o.condition?.reason ?? "no condition yet";
            if (p.joinedAt !== undefined && w.want?.edge && !isConverted(o, r)) {
                out.push({ node: name, state, since: p.joinedAt, batch: w.batch });
            } else if (p.leftAt !== undefined && w.had?.edge && !isReverted(o, r)) {
                out.push({ node: name, state, since: p.leftAt, batch: w.batch });
            }
        }
        return out;
    }

    /** A reminder while yurt-manager works and nothing was printed for `quietMs`. */
    heartbeat(now: number, quietMs = 15000): string | undefined {
        return this.log.heartbeat(
            now,
            () => {
                const progress = [...this.nodes.values()];
                const converted = progress.filter((p) => p.convertedAt !== undefined).length;
                const failed = progress.filter((p) => p.failed !== undefined).length;
                return { busy: this.inFlight(), counts: { converted, failed } };
            },
            "yurt-manager: ",
            quietMs,
        );
    }

    finish(): void {
        this.log.finish();
    }

    get release(): YurtManagerRelease {
        return this.opts.release;
    }

    /** The node as the last poll saw it (after the run: its final state), when the cluster was watched. */
    lastSeen(name: string): ConversionState | undefined {
        return this.baselined ? this.last.get(name) : undefined;
    }

    failedNodes(): string[] {
        return [...this.nodes.entries()]
            .filter(([, p]) => p.failed !== undefined)
            .map(([n]) => n)
            .sort();
    }
}

/**
 * The end-of-run summary of a v1.7.0 run. A run that succeeded did what the plan rows say (the
 * NodePoolMembers step only succeeds once every node is where it should be); a failed or
 * interrupted one is told from what the cluster showed.
 */
export function poolNodeResult(
    row: PlanRow,
    p: PoolNodeProgress | undefined,
    outcome: EngineRunOutcome,
    firstFailedBatch: number | undefined,
): { result: NodeResult; note: string } {
    const autonomyNote = row.autonomous && row.autonomyDuration !== undefined ? `autonomy-duration ${row.autonomyDuration}` : "";
    if (p?.failed !== undefined) {
        return { result: "FAILED", note: `${p.failedAction === "revert" ? "RevertFailed" : "ConvertFailed"}: ${p.failed}` };
    }
    const planned = (): { result: NodeResult; note: string } => {
        switch (row.action) {
            case "convert":
                return row.role === "edge"
                    ? { result: "converted", note: [`NodePool ${row.pool}`, autonomyNote].filter(Boolean).join(", ") }
                    : { result: "labelled", note: `NodePool ${row.pool}` };
            case "move":
                return { result: "moved", note: `from NodePool ${row.fromPool}` };
            case "revert":
                return { result: "reverted", note: row.pool ? `out of NodePool ${row.pool}` : "" };
            case "annotate":
                return row.autonomous ? { result: "marked autonomous", note: autonomyNote } : { result: "autonomy removed", note: "" };
            default:
                return { result: "unchanged", note: "" };
        }
    };
    if (outcome === "succeeded") {
        return planned();
    }
    const convertedNow = p?.convertedAt !== undefined || (row.role !== "edge" && p?.joinedAt !== undefined && row.action === "convert");
    const revertedNow = p?.revertedAt !== undefined || (row.role !== "edge" && p?.leftAt !== undefined && row.action === "revert");
    if (
        row.action === "move"
            ? convertedNow || (row.role !== "edge" && p?.joinedAt !== undefined)
            : row.action === "revert"
              ? revertedNow
              : convertedNow
    ) {
        return planned();
    }
    if (row.action === "annotate" && p?.autonomy !== undefined) {
        return planned();
    }
    if (p?.converting || p?.reverting || (p?.joinedAt !== undefined && row.role === "edge") || (p?.leftAt !== undefined && row.action !== "revert")) {
        return {
            result: "unfinished",
            note: `the run stopped while yurt-manager worked on it${p?.joinedAt !== undefined ? ` (Job ${"node-servant-conversion-" + row.node})` : ""}`,
        };
    }
    if (p?.leftAt !== undefined && row.action === "revert") {
        return { result: "unfinished", note: "taken out of its NodePool; the run stopped before yurt-manager reverted it" };
    }
    if (row.action !== "none") {
        return notReached(row, firstFailedBatch);
    }
    return { result: "unchanged", note: "" };
}

/**
 * A run that succeeded within rollout.maxFailures may leave edge nodes it was to convert unconverted:
 * not in their pool (offline when their batch started) or without a verdict (offline during it).
 */
function shortfall(row: PlanRow, seen: ConversionState | undefined, release: YurtManagerRelease): { result: NodeResult; note: string } | undefined {
    if (!seen || row.role !== "edge" || (row.action !== "convert" && row.action !== "move") || isConverted(seen, release)) {
        return undefined;
    }
    return seen.pool === undefined
        ? { result: "skipped offline", note: "not Ready when its batch started; the next run retries it" }
        : { result: "FAILED", note: `no verdict from yurt-manager (${seen.condition?.reason ?? "no condition"}); the next run retries it` };
}

export function poolSummaryRows(rows: PlanRow[], watch: PoolWatch, outcome: EngineRunOutcome): SummaryRow[] {
    const firstFailed = firstFailedBatch(rows, (n) => watch.nodes.get(n)?.failed !== undefined);
    return rows.map((r) => {
        const p = watch.nodes.get(r.node);
        const short = outcome === "succeeded" && p?.failed === undefined ? shortfall(r, watch.lastSeen(r.node), watch.release) : undefined;
        const { result, note } = short ?? poolNodeResult(r, p, outcome, firstFailed);
        return { node: r.node, role: r.role, batch: batchLabel(r.batch, r.batches), result, note, pool: r.pool ?? "-" };
    });
}
