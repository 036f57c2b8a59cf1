import type { EngineEvent } from "@pulumi/pulumi/automation";
import { defaultComponentName, kubeTypes, NamedResource, parseResource } from "../../components/core/names";
import { ChangeOp, changeOp, NodeResource, nodeResourceOf, Step, stepOf } from "./steps";
import { RunLog } from "./runLog";
import { formatDuration } from "./table";

/**
 * Progress of an `up` or `destroy` from its engine events: which batch runs, which nodes are done
 * or failed, elapsed time. Pure: fed events and clock readings, it returns the lines to print.
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

export interface ProgressOptions {
    operation: "up" | "destroy";
    /** Edge nodes per batch (the plan's, or the previous run's for destroy). */
    batches: string[][];
    /** Nodes whose revert Job this run runs (nodes leaving the edge set; every edge node on destroy). */
    revertNodes?: string[];
    /** Clock reading when the run started. */
    start: number;
    component?: string;
    /** v1.7.0 markautonomous: the NodePoolMembers step only changes autonomy. */
    autonomyOnly?: boolean;
}

/** An engine error message made readable: no count header, no URNs, one line. */
export function condenseError(message: string): string {
    const lines = message
        .split("\n")
        .map((l) => l.trim().replace(/^[*-]\s*/, ""))
        .filter((l) => l && !/^\d+ errors? occurred:?$/.test(l))
        .map((l) => l.replace(/resource "urn:[^"]*::([^"]+)"/g, "$1").replace(/urn:pulumi:[^\s"']*::([^\s"']+)/g, "$1"));
    // The Kubernetes provider's "created, but failed to initialize" says less than the reason next to it.
    const specific = lines.filter((l) => !/failed to fully initialize or become live/.test(l));
    // "… could not convert 1 node(s):" introduces the list that follows: no "; " after its colon.
    return (specific.length > 0 ? specific : lines).reduce((text, l) => (text === "" ? l : `${text}${text.endsWith(":") ? " " : "; "}${l}`), "");
}

/** The resource type in a URN (`urn:pulumi:stack::project::parent$type::name`). */
export function typeOfUrn(urn: string): string {
    const parts = urn.split("::");
    return (parts[parts.length - 2] ?? "").split("$").pop() ?? "";
}

/** Messages the engine adds after a failure that say nothing new. */
const genericErrors = /^(update failed|destroy failed|preview failed|refresh failed)$/;

export class Progress {
    readonly nodes = new Map<string, NodeProgress>();
    /** Errors not tied to a node (resource name: message). */
    readonly errors: string[] = [];
    private readonly batchOf = new Map<string, number>();
    private readonly reasons = new Map<string, string>();
    private readonly reportedBatches = new Set<number>();
    private readonly component: string;
    private readonly log: RunLog;

    constructor(private readonly opts: ProgressOptions) {
        opts.batches.forEach((b, i) => b.forEach((n) => this.batchOf.set(n, i)));
        this.component = opts.component ?? defaultComponentName;
        this.log = new RunLog(opts.start, opts.batches.length);
    }

    node(name: string): NodeProgress {
        let p = this.nodes.get(name);
        if (!p) {
            p = {};
            this.nodes.set(name, p);
        }
        return p;
    }

    private at(now: number, text: string): string {
        return this.log.line(now, text);
    }

    private batchText(node: string): string {
        return this.log.batchText(this.batchOf.get(node));
    }

    /** Lines to print for one engine event. */
    handle(e: EngineEvent, now: number): string[] {
        const lines: string[] = [];
        const d = e.diagnosticEvent;
        if (d && d.severity === "error") {
            const text = condenseError(d.message);
            if (d.urn) {
                const name = d.urn.split("::").pop()!;
                this.reasons.set(name, text);
                const which = nodeResourceOf(name, typeOfUrn(d.urn), this.component);
                if (!which && text) {
                    this.errors.push(`${name}: ${text}`);
                }
            } else if (text && !genericErrors.test(text)) {
                this.errors.push(text);
                lines.push(this.at(now, `error: ${text}`));
            }
            return lines;
        }
        const step = stepOf(e);
        if (!step || step.planning) {
            return lines;
        }
        return this.onStep(step, now);
    }

    /** One resource step: a node's own resource, else the first of the long waits, the revert Jobs, the cluster-wide steps that speaks for it. */
    private onStep(s: Step, now: number): string[] {
        const op = changeOp(s.op);
        const which = nodeResourceOf(s.name, s.type, this.component);
        if (which) {
            return which.resource === "convert" ? this.onServantJob(s, which.node, now) : this.onNodePatch(s, which, op, now);
        }
        if (!op) {
            return [];
        }
        const r = parseResource(s.name, s.type, this.component);
        return this.onLongWait(s, r, op, now) ?? this.onRevertJobs(s, r, op, now) ?? this.onClusterStep(s, r, op, now);
    }

    /** A node's servant Job (v0.6.1): started, converted, or failed with its reason; then maybe its batch done. */
    private onServantJob(s: Step, n: string, now: number): string[] {
        const lines: string[] = [];
        const p = this.node(n);
        // A Job is (re)created by create or create-replacement; delete and delete-replaced remove the old one.
        const runs = s.op === "create" || s.op === "create-replacement";
        if (runs && s.kind === "pre") {
            p.job = "running";
            p.jobStarted = now;
            this.reportedBatches.delete(this.batchOf.get(n) ?? -1);
            lines.push(this.at(now, `${n}: servant Job started${this.batchText(n)}`));
        } else if (runs && s.kind === "outputs") {
            p.job = "done";
            p.jobFinished = now;
            lines.push(this.at(now, `${n}: converted in ${formatDuration(now - (p.jobStarted ?? now))}${this.batchText(n)}`));
            lines.push(...this.batchDone(n, now));
        } else if (s.kind === "failed") {
            p.job = "failed";
            p.jobFinished = now;
            p.error = this.reasons.get(s.name) ?? p.error ?? "the servant Job failed";
            lines.push(this.at(now, `${n}: FAILED after ${formatDuration(now - (p.jobStarted ?? now))}${this.batchText(n)}: ${p.error}`));
            lines.push(...this.batchDone(n, now));
        }
        return lines;
    }

    /** A node's role label or autonomy annotation (v0.6.1): set, removed, or failed. */
    private onNodePatch(s: Step, which: { node: string; resource: NodeResource }, op: ChangeOp | undefined, now: number): string[] {
        const lines: string[] = [];
        const p = this.node(which.node);
        const n = which.node;
        const word = which.resource === "role" ? "label" : "autonomy";
        if (s.kind === "failed") {
            p[word] = "failed";
            p.error =
                this.reasons.get(s.name) ?? p.error ?? `${which.resource === "role" ? "edge label" : "autonomy annotation"} could not be changed`;
            lines.push(this.at(now, `${n}: FAILED: ${p.error}`));
        } else if (s.kind === "outputs" && op) {
            const removed = op === "delete";
            p[word] = removed ? "removed" : "set";
            if (which.resource === "role") {
                lines.push(this.at(now, removed ? `${n}: role label removed` : `${n}: labelled ${this.batchOf.has(n) ? "edge" : "cloud"}`));
            } else {
                lines.push(this.at(now, removed ? `${n}: autonomy annotation removed` : `${n}: marked autonomous`));
            }
        }
        return lines;
    }

    /** v1.7.0: the steps that start long waits (charts, the webhook gate, the fleet's membership and reverts) say what they wait for. */
    private onLongWait(s: Step, r: NamedResource | undefined, op: ChangeOp, now: number): string[] | undefined {
        if (s.kind === "pre" && r?.kind === "nodePoolMembers" && op !== "delete") {
            return [
                this.at(
                    now,
                    this.opts.autonomyOnly
                        ? "setting the autonomy of the NodePool members"
                        : "labelling the nodes into their NodePools, batch by batch; yurt-manager converts the edge nodes",
                ),
            ];
        }
        const chart =
            r?.kind === "yurtManagerChart" && r.object === undefined
                ? "yurt-manager chart"
                : r?.kind === "yurthubChart" && r.object === undefined
                  ? "yurthub chart"
                  : undefined;
        if (chart && s.kind === "pre" && op === "create") {
            // A chart is a component: an `up` reports no outputs step for it, so say when it starts.
            return [this.at(now, `installing the ${chart}${chart === "yurt-manager chart" ? " (CRDs, RBAC, webhooks, Deployment)" : ""}`)];
        }
        if (chart && s.kind === "outputs" && op === "delete") {
            return [this.at(now, `${chart} uninstalled`)];
        }
        if (s.kind === "pre" && r?.kind === "nodePoolReverts" && (op === "delete" || op === "update") && (this.opts.revertNodes ?? []).length > 0) {
            const one = this.opts.revertNodes!.length === 1;
            return [
                this.at(
                    now,
                    `taking ${this.opts.revertNodes!.join(", ")} out of ${one ? "its NodePool" : "their NodePools"}; yurt-manager reverts ${one ? "it" : "them"}`,
                ),
            ];
        }
        if (s.kind === "pre" && r?.kind === "yurtManagerReady" && op !== "delete") {
            return [this.at(now, "waiting until yurt-manager's webhooks answer")];
        }
        return undefined;
    }

    /** v0.6.1: the revert record's step runs the revert Jobs of the nodes leaving; a failure is put on the nodes it names. */
    private onRevertJobs(s: Step, r: NamedResource | undefined, op: ChangeOp, now: number): string[] | undefined {
        const lines: string[] = [];
        const revertNodes = this.opts.revertNodes ?? [];
        if (r?.kind === "revert" && revertNodes.length > 0 && (op === "delete" || op === "update")) {
            if (s.kind === "pre") {
                revertNodes.forEach((n) => (this.node(n).revert = "running"));
                lines.push(this.at(now, `running revert Jobs: ${revertNodes.join(", ")}`));
            } else if (s.kind === "outputs") {
                revertNodes.forEach((n) => (this.node(n).revert = "done"));
                lines.push(this.at(now, `revert Jobs done: ${revertNodes.join(", ")}`));
            } else {
                const why = this.reasons.get(s.name) ?? "a revert Job failed";
                const named = revertNodes.filter((n) => new RegExp(`(^|[^a-z0-9.-])${n.replace(/\./g, "\\.")}([^a-z0-9.-]|$)`).test(why));
                for (const n of named.length > 0 ? named : revertNodes) {
                    this.node(n).revert = "failed";
                    this.node(n).error = why;
                }
                lines.push(this.at(now, `revert Jobs FAILED: ${why}`));
            }
            return lines;
        }
        return undefined;
    }

    /** Any other resource: a failure with its reason, and the cluster-wide milestones when they are done. */
    private onClusterStep(s: Step, r: NamedResource | undefined, op: ChangeOp, now: number): string[] {
        const lines: string[] = [];
        if (s.kind === "failed") {
            lines.push(
                this.at(now, `${s.name} (${s.type.split(":").pop()}): FAILED${this.reasons.has(s.name) ? `: ${this.reasons.get(s.name)}` : ""}`),
            );
            return lines;
        }
        if (s.kind !== "outputs") {
            return lines;
        }
        const removed = op === "delete";
        if (r?.kind === "yurtManagerReady" && !removed) {
            lines.push(this.at(now, "yurt-manager's webhooks answer"));
        } else if (r?.kind === "pool") {
            lines.push(this.at(now, `NodePool ${r.pool} ${removed ? "deleted" : op === "create" ? "created" : "updated"}`));
        } else if (r?.kind === "nodePoolMembers" && !removed) {
            lines.push(this.at(now, "every node is in its NodePool; yurt-manager reports every edge node converted"));
        } else if (r?.kind === "nodePoolReverts" && (this.opts.revertNodes ?? []).length > 0 && (removed || op === "update")) {
            lines.push(
                this.at(
                    now,
                    `out of ${this.opts.revertNodes!.length === 1 ? "its NodePool" : "their NodePools"}: ${this.opts.revertNodes!.join(", ")} (yurt-manager reverted the edge nodes)`,
                ),
            );
        } else if (r?.kind === "ycm" && s.type === kubeTypes.deployment) {
            lines.push(this.at(now, op === "delete" ? "yurt-controller-manager removed" : "yurt-controller-manager deployed on the cloud nodes"));
        } else if (r?.kind === "nodeLifecycle") {
            lines.push(
                this.at(
                    now,
                    op === "delete"
                        ? "node lifecycle handed back to kube-controller-manager"
                        : "node lifecycle handed over to yurt-controller-manager",
                ),
            );
        } else if (r?.kind === "joinToken" && op !== "delete") {
            lines.push(this.at(now, "yurthub join token and settings ready"));
        }
        return lines;
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
        const done = members.filter((p) => p.job === "done").length;
        const failed = members.filter((p) => p.job === "failed").length;
        return [
            this.at(
                now,
                `batch ${b + 1}/${this.opts.batches.length} ${failed > 0 ? "FAILED" : "done"}: ${done} converted${failed > 0 ? `, ${failed} failed; later batches do not start` : ""}`,
            ),
        ];
    }

    /** A reminder line while Jobs run and nothing was printed for `quietMs`. */
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

    /** Marks the run over (no more heartbeats). */
    finish(): void {
        this.log.finish();
    }

    failedNodes(): string[] {
        return [...this.nodes.entries()]
            .filter(([, p]) => p.job === "failed" || p.revert === "failed" || p.label === "failed" || p.autonomy === "failed")
            .map(([n]) => n)
            .sort();
    }
}
