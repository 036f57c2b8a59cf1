import type { EngineEvent } from "@pulumi/pulumi/automation";
import { componentTypes, defaultComponentName, parseResource, ResourceKind } from "../../components/core/names";

/**
 * Engine events reduced to what the CLI reports: resource steps by logical name, and per node the
 * step of each of its resources (v0.6.1: its convert Job, role label and autonomy annotation, named
 * as components/core/names.ts says). Pure.
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

export type NodeResource = "convert" | "role" | "autonomy";

/** The component's per-node resources the CLI reports, by the word it uses for each. */
export const nodeResourceKinds: Partial<Record<ResourceKind, NodeResource>> = {
    convertJob: "convert",
    roleLabel: "role",
    autonomy: "autonomy",
};

/** Which node and which of its resources a step is about, if any. */
export function nodeResourceOf(name: string, type: string, component = defaultComponentName): { node: string; resource: NodeResource } | undefined {
    const r = parseResource(name, type, component);
    if (!r || !("node" in r)) {
        return undefined;
    }
    const resource = nodeResourceKinds[r.kind];
    return resource && { node: r.node, resource };
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

/** What happens to one node's resources. */
export type NodeChange = Partial<Record<NodeResource, ChangeOp>>;

/** Per node, the change of each of its resources, from the pre-events of a preview or run. */
export function nodeChanges(steps: Iterable<Step>, component = defaultComponentName): Map<string, NodeChange> {
    const changes = new Map<string, NodeChange>();
    for (const s of steps) {
        if (s.kind !== "pre") {
            continue;
        }
        const which = nodeResourceOf(s.name, s.type, component);
        const op = changeOp(s.op);
        if (!which || !op) {
            continue;
        }
        const c = changes.get(which.node) ?? {};
        // A replacement's ops arrive one by one; once one of them is seen, the change is a replace.
        c[which.resource] = c[which.resource] === "replace" ? "replace" : op;
        changes.set(which.node, c);
    }
    return changes;
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
