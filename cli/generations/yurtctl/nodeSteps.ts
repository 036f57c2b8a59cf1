import { defaultComponentName, NamedResource, parseResource, ResourceKind } from "../../../components/core/names";
import { ChangeOp, changeOp, Step } from "../../output/steps";

/**
 * v0.6.1's per-node resources in engine steps: each node's convert Job, role label and autonomy
 * annotation (named as components/core/names.ts says), and what a preview or run does to them. Pure.
 */

export type NodeResource = "convert" | "role" | "autonomy";

/** The component's per-node resources the CLI reports, by the word it uses for each. */
export const nodeResourceKinds: Partial<Record<ResourceKind, NodeResource>> = {
    convertJob: "convert",
    roleLabel: "role",
    autonomy: "autonomy",
};

/** Which node and which of its resources a parsed resource name is, if any. */
export function nodeResourceIn(r: NamedResource | undefined): { node: string; resource: NodeResource } | undefined {
    if (!r || !("node" in r)) {
        return undefined;
    }
    const resource = nodeResourceKinds[r.kind];
    return resource && { node: r.node, resource };
}

/** Which node and which of its resources a step is about, if any. */
export function nodeResourceOf(name: string, type: string, component = defaultComponentName): { node: string; resource: NodeResource } | undefined {
    return nodeResourceIn(parseResource(name, type, component));
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
