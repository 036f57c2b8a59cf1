import type { EngineEvent } from "@pulumi/pulumi/automation";
import { componentTypes } from "../../components/core/names";

/**
 * Engine events reduced to what the CLI reports: resource steps by logical name, their ops, and
 * whether a preview changes anything (what a generation's per-node steps mean is its own, in cli/generations/). Pure.
 */

export interface Step {
    /** pre: the step starts; outputs: it finished; failed: it failed. */
    kind: "pre" | "outputs" | "failed";
    /** Engine op: same, create, update, delete, replace, create-replacement, delete-replaced, … */
    op: string;
    /** Logical name, e.g. openyurt-convert-node2. */
    name: string;
    /** Resource type token, e.g. kubernetes:batch/v1:Job. */
    type: string;
    urn: string;
    /** Part of a preview. */
    planning: boolean;
}

export function stepOf(e: EngineEvent): Step | undefined {
    const pre = e.resourcePreEvent;
    const out = e.resOutputsEvent;
    const failed = e.resOpFailedEvent;
    const ev = pre ?? out ?? failed;
    if (!ev) {
        return undefined;
    }
    const m = ev.metadata;
    return {
        kind: pre ? "pre" : out ? "outputs" : "failed",
        op: m.op,
        name: m.urn.split("::").pop()!,
        type: m.type,
        urn: m.urn,
        planning: !!(pre?.planning ?? out?.planning),
    };
}

/** Step ops normalized: the three ops of a replacement are one "replace". */
export type ChangeOp = "create" | "update" | "replace" | "delete";

export function changeOp(op: string): ChangeOp | undefined {
    switch (op) {
        case "create":
        case "update":
        case "delete":
            return op;
        case "replace":
        case "create-replacement":
        case "delete-replaced":
            return "replace";
        default:
            // same, read, refresh, import, discard, …: nothing changes in the cluster.
            return undefined;
    }
}

/** Every resource step that changes something, as "op name" (for "anything to do?"). */
export function resourceChanges(steps: Iterable<Step>): string[] {
    const out = new Set<string>();
    for (const s of steps) {
        // The default pulumi-nodejs provider (behind the dynamic resources) receives the whole project
        // config, so any config change shows as an update of it that touches nothing in the cluster.
        if (
            s.kind === "pre" &&
            changeOp(s.op) &&
            !s.type.startsWith("pulumi:providers:") &&
            s.type !== "pulumi:pulumi:Stack" &&
            s.type !== componentTypes.edgeCluster
        ) {
            out.add(`${changeOp(s.op)} ${s.name}`);
        }
    }
    return [...out].sort();
}
