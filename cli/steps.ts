import type { EngineEvent } from "@pulumi/pulumi/automation";

/**
 * Engine events reduced to what the CLI reports: resource steps by logical name, and per node the
 * step of each of its resources (`<component>-convert-<node>` Job, `<component>-role-<node>` label,
 * `<component>-autonomy-<node>` annotation). Pure.
 */

/** The EdgeCluster component's name in index.ts: resources are `openyurt-…`. */
export const componentName = "openyurt";

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

const nodeResourceTypes: Record<NodeResource, string> = {
    convert: "kubernetes:batch/v1:Job",
    role: "kubernetes:core/v1:NodePatch",
    autonomy: "kubernetes:core/v1:NodePatch",
};

/** Which node and which of its resources a step is about, if any. */
export function nodeResourceOf(name: string, type: string, component = componentName): { node: string; resource: NodeResource } | undefined {
    for (const resource of ["convert", "role", "autonomy"] as const) {
        const prefix = `${component}-${resource}-`;
        if (name.startsWith(prefix) && name.length > prefix.length && type === nodeResourceTypes[resource]) {
            return { node: name.slice(prefix.length), resource };
        }
    }
    return undefined;
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
export function nodeChanges(steps: Iterable<Step>, component = componentName): Map<string, NodeChange> {
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
        if (s.kind === "pre" && changeOp(s.op) && !s.type.startsWith("pulumi:providers:") && s.type !== "pulumi:pulumi:Stack"
            && s.type !== "openyurt:index:EdgeCluster") {
            out.add(`${changeOp(s.op)} ${s.name}`);
        }
    }
    return [...out].sort();
}
