import type { EngineEvent } from "@pulumi/pulumi/automation";
import { defaultComponentName, NamedResource, parseResource } from "../../components/core/names";
import { ChangeOp, changeOp, Step, stepOf } from "./steps";
import { RunLog } from "./runLog";

/**
 * Progress of an `up` or `destroy` from its engine events, for both OpenYurt generations: errors
 * made readable, a failed resource named with its reason, every line stamped by the run log. What a
 * generation's own resources mean (v0.6.1's servant Jobs and node patches, v1.7.0's charts, pools
 * and fleet steps) is said by its subclass (cli/generations/<generation>/). Pure: fed events and
 * clock readings, it returns the lines to print.
 */

export interface ProgressOptions {
    operation: "up" | "destroy";
    /** Edge nodes per batch (the plan's, or the previous run's for destroy). */
    batches: string[][];
    /** Nodes this run reverts (nodes leaving the edge set, or their pools; every edge node on destroy). */
    revertNodes?: string[];
    /** Clock reading when the run started. */
    start: number;
    component?: string;
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
    /** Errors not tied to a node (resource name: message). */
    readonly errors: string[] = [];
    /** The error diagnostic of each resource that reported one, by logical name. */
    protected readonly reasons = new Map<string, string>();
    protected readonly component: string;
    protected readonly log: RunLog;

    constructor(protected readonly opts: ProgressOptions) {
        this.component = opts.component ?? defaultComponentName;
        this.log = new RunLog(opts.start, opts.batches.length);
    }

    protected at(now: number, text: string): string {
        return this.log.line(now, text);
    }

    /** Lines to print for one engine event. */
    handle(e: EngineEvent, now: number): string[] {
        const d = e.diagnosticEvent;
        if (d && d.severity === "error") {
            const text = condenseError(d.message);
            if (d.urn) {
                const name = d.urn.split("::").pop()!;
                this.reasons.set(name, text);
                if (!this.isNodeResource(name, typeOfUrn(d.urn)) && text) {
                    this.errors.push(`${name}: ${text}`);
                }
                return [];
            }
            if (text && !genericErrors.test(text)) {
                this.errors.push(text);
                return [this.at(now, `error: ${text}`)];
            }
            return [];
        }
        const step = stepOf(e);
        if (!step || step.planning) {
            return [];
        }
        const op = changeOp(step.op);
        const own = this.stepLines(step, parseResource(step.name, step.type, this.component), op, now);
        if (own) {
            return own;
        }
        if (op && step.kind === "failed") {
            const why = this.reasons.get(step.name);
            return [this.at(now, `${step.name} (${step.type.split(":").pop()}): FAILED${why !== undefined ? `: ${why}` : ""}`)];
        }
        return [];
    }

    /**
     * The generation's lines for a step of one of its resources (`op` undefined: the step changes
     * nothing); undefined when it has none to say, and a failure is then reported by name.
     */
    protected stepLines(_s: Step, _r: NamedResource | undefined, _op: ChangeOp | undefined, _now: number): string[] | undefined {
        return undefined;
    }

    /** A resource that is one node's own: its error is told on that node, not among the run's errors. */
    protected isNodeResource(_name: string, _type: string): boolean {
        return false;
    }

    /** A reminder while the run waits and nothing was printed for `quietMs` (none: the generation reads the cluster instead). */
    heartbeat(_now: number, _quietMs = 15000): string | undefined {
        return undefined;
    }

    /** Marks the run over (no more heartbeats). */
    finish(): void {
        this.log.finish();
    }
}
