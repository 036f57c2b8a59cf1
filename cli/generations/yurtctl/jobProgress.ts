import { kubeTypes, NamedResource } from "../../../components/core/names";
import { Progress, ProgressOptions } from "../../output/progress";
import { ChangeOp, Step } from "../../output/steps";
import { NodeResource, nodeResourceIn, nodeResourceOf } from "./nodeSteps";

/**
 * Progress of a v0.6.1 `up` or `destroy` from its engine events: each node's servant Job by batch,
 * its role label and autonomy annotation, the revert Jobs of the nodes leaving, and the cluster-wide
 * milestones (yurt-controller-manager, node lifecycle, the join token). Pure.
 */

export type JobState = "running" | "done" | "failed";

export interface NodeProgress {
    /** The node's servant Job (convert) in this run. */
    job?: JobState;
    jobStarted?: number;
    jobFinished?: number;
    /** Role label: set (created/updated) or removed in this run. */
    label?: "set" | "removed" | "failed";
    /** Autonomy annotation: set or removed in this run. */
    autonomy?: "set" | "removed" | "failed";
    /** Revert Job (node leaving, or destroy). */
    revert?: JobState;
    /** Why something failed on this node. */
    error?: string;
}

/** Whether anything of the node failed in this run: its Job, its revert, its label or its annotation. */
export const nodeFailed = (p: NodeProgress | undefined): boolean =>
    p?.job === "failed" || p?.revert === "failed" || p?.label === "failed" || p?.autonomy === "failed";

export class ServantJobProgress extends Progress {
    readonly nodes = new Map<string, NodeProgress>();
    private readonly reportedBatches = new Set<number>();
    private readonly batchOf = new Map<string, number>();

    constructor(opts: ProgressOptions) {
        super(opts);
        opts.batches.forEach((b, i) => b.forEach((n) => this.batchOf.set(n, i)));
    }

    node(name: string): NodeProgress {
        let p = this.nodes.get(name);
        if (!p) {
            p = {};
            this.nodes.set(name, p);
        }
        return p;
    }

    protected isNodeResource(name: string, type: string): boolean {
        return nodeResourceOf(name, type, this.component) !== undefined;
    }

    /** A node's own resource, else the revert Jobs, else the cluster-wide milestones. */
    protected stepLines(s: Step, r: NamedResource | undefined, op: ChangeOp | undefined, now: number): string[] | undefined {
        const which = nodeResourceIn(r);
        if (which) {
            return which.resource === "convert" ? this.onServantJob(s, which.node, now) : this.onNodePatch(s, which, op, now);
        }
        if (!op) {
            return undefined;
        }
        return this.onRevertJobs(s, r, op, now) ?? this.milestone(s, r, op, now);
    }

    /** A node's servant Job: started, converted, or failed with its reason; then maybe its batch done. */
    private onServantJob(s: Step, n: string, now: number): string[] {
        const lines: string[] = [];
        const p = this.node(n);
        // A Job is (re)created by create or create-replacement; delete and delete-replaced remove the old one.
        const runs = s.op === "create" || s.op === "create-replacement";
        if (runs && s.kind === "pre") {
            p.job = "running";
            p.jobStarted = now;
            this.reportedBatches.delete(this.batchOf.get(n) ?? -1);
            lines.push(this.log.node(now, { node: n, kind: "working", what: "servant Job started", batch: this.batchOf.get(n) }));
        } else if (runs && s.kind === "outputs") {
            p.job = "done";
            p.jobFinished = now;
            lines.push(this.log.node(now, { node: n, kind: "converted", tookMs: now - (p.jobStarted ?? now), batch: this.batchOf.get(n) }));
            lines.push(...this.batchDone(n, now));
        } else if (s.kind === "failed") {
            p.job = "failed";
            p.jobFinished = now;
            p.error = this.reasons.get(s.name) ?? p.error ?? "the servant Job failed";
            const tookMs = now - (p.jobStarted ?? now);
            lines.push(this.log.node(now, { node: n, kind: "failed", verdict: "FAILED", reason: p.error, tookMs, batch: this.batchOf.get(n) }));
            lines.push(...this.batchDone(n, now));
        }
        return lines;
    }

    /** A node's role label or autonomy annotation: set, removed, or failed. */
    private onNodePatch(s: Step, which: { node: string; resource: NodeResource }, op: ChangeOp | undefined, now: number): string[] {
        const p = this.node(which.node);
        const n = which.node;
        const word = which.resource === "role" ? "label" : "autonomy";
        if (s.kind === "failed") {
            p[word] = "failed";
            p.error =
                this.reasons.get(s.name) ?? p.error ?? `${which.resource === "role" ? "edge label" : "autonomy annotation"} could not be changed`;
            return [this.log.node(now, { node: n, kind: "failed", verdict: "FAILED", reason: p.error })];
        }
        if (s.kind !== "outputs" || !op) {
            return [];
        }
        const change = op === "delete" ? "removed" : "set";
        p[word] = change;
        const words = {
            label: { set: `labelled ${this.batchOf.has(n) ? "edge" : "cloud"}`, removed: "role label removed" },
            autonomy: { set: "marked autonomous", removed: "autonomy annotation removed" },
        };
        return [this.log.node(now, { node: n, kind: "changed", what: words[word][change] })];
    }

    /** The revert record's step runs the revert Jobs of the nodes leaving; a failure is put on the nodes it names. */
    private onRevertJobs(s: Step, r: NamedResource | undefined, op: ChangeOp, now: number): string[] | undefined {
        const revertNodes = this.opts.revertNodes ?? [];
        if (r?.kind !== "revert" || revertNodes.length === 0 || (op !== "delete" && op !== "update")) {
            return undefined;
        }
        if (s.kind === "pre") {
            revertNodes.forEach((n) => (this.node(n).revert = "running"));
            return [this.at(now, `running revert Jobs: ${revertNodes.join(", ")}`)];
        }
        if (s.kind === "outputs") {
            revertNodes.forEach((n) => (this.node(n).revert = "done"));
            return [this.at(now, `revert Jobs done: ${revertNodes.join(", ")}`)];
        }
        const why = this.reasons.get(s.name) ?? "a revert Job failed";
        const named = revertNodes.filter((n) => new RegExp(`(^|[^a-z0-9.-])${n.replace(/\./g, "\\.")}([^a-z0-9.-]|$)`).test(why));
        for (const n of named.length > 0 ? named : revertNodes) {
            this.node(n).revert = "failed";
            this.node(n).error = why;
        }
        return [this.at(now, `revert Jobs FAILED: ${why}`)];
    }

    /** The cluster-wide milestones, once done. */
    private milestone(s: Step, r: NamedResource | undefined, op: ChangeOp, now: number): string[] | undefined {
        if (s.kind !== "outputs") {
            return undefined;
        }
        if (r?.kind === "ycm" && s.type === kubeTypes.deployment) {
            return [this.at(now, op === "delete" ? "yurt-controller-manager removed" : "yurt-controller-manager deployed on the cloud nodes")];
        }
        if (r?.kind === "nodeLifecycle") {
            return [
                this.at(
                    now,
                    op === "delete"
                        ? "node lifecycle handed back to kube-controller-manager"
                        : "node lifecycle handed over to yurt-controller-manager",
                ),
            ];
        }
        if (r?.kind === "joinToken" && op !== "delete") {
            return [this.at(now, "yurthub join token and settings ready")];
        }
        return undefined;
    }

    /** "batch k/n done" once no started node of the batch is still running. */
    private batchDone(node: string, now: number): string[] {
        const b = this.batchOf.get(node);
        if (b === undefined || this.reportedBatches.has(b)) {
            return [];
        }
        const members = this.opts.batches[b].map((n) => this.nodes.get(n)).filter((p): p is NodeProgress => !!p?.job);
        if (members.some((p) => p.job === "running")) {
            return [];
        }
        this.reportedBatches.add(b);
        const converted = members.filter((p) => p.job === "done").length;
        const failed = members.filter((p) => p.job === "failed").length;
        return [this.log.batch(now, { batch: b, converted, failed, next: "later batches do not start" })];
    }

    /** A reminder while Jobs run and nothing was printed for `quietMs`. */
    heartbeat(now: number, quietMs = 15000): string | undefined {
        return this.log.heartbeat(
            now,
            () => {
                const nodes = [...this.nodes.entries()];
                const busy = nodes
                    .filter(([, p]) => p.job === "running" || p.revert === "running")
                    .map(([node, p]) => ({ node, batch: this.batchOf.get(node), since: p.jobStarted ?? this.opts.start }));
                const converted = nodes.filter(([, p]) => p.job === "done").length;
                const failed = nodes.filter(([, p]) => p.job === "failed" || p.revert === "failed").length;
                return { busy, counts: { converted, failed } };
            },
            "",
            quietMs,
        );
    }

    failedNodes(): string[] {
        return [...this.nodes.entries()]
            .filter(([, p]) => nodeFailed(p))
            .map(([n]) => n)
            .sort();
    }
}
