import { settings } from "../config/settings";
import { ProblemList } from "../config/problems";
import { ClusterInventory } from "./inventory";
import { duplicates, kubernetesVersionInRange, nodeNameProblem, parseDuration } from "./validate";
import { KubernetesRange } from "../release/release";

/** Who is cloud, who is edge, who is autonomous: the part of a plan every release shares. */
export interface NodeSets {
    cloudNodes: string[];
    /** In rollout order. */
    edgeNodes: string[];
    autonomousNodes: string[];
    unmanagedNodes: string[];
}

export interface NodeSetSpec {
    cloudNodes: string[];
    edgeNodes?: string[];
    autonomousNodes?: string[] | "all";
    /** Nodes that are edge because a setting other than `edgeNodes` names them (named edge pools). */
    extraEdgeNodes?: { setting: string; nodes: unknown };
}

/** Checks a list of node names: each a valid name, none twice. Returns the valid ones, deduplicated. */
export function checkNodeNames(problems: ProblemList, setting: string, names: unknown): string[] {
    if (!Array.isArray(names)) {
        problems.add(setting, `${JSON.stringify(names)} is not a list of node names`, `give a list, e.g. ["node1"]`);
        return [];
    }
    const ok: string[] = [];
    names.forEach((n, i) => {
        const p = nodeNameProblem(n);
        if (p) {
            problems.add(`${setting}[${i}]`, p, "use the name shown by `kubectl get nodes`");
        } else {
            ok.push(n as string);
        }
    });
    for (const d of duplicates(ok)) {
        problems.add(setting, `node "${d}" is listed more than once`, `list "${d}" once`);
    }
    return [...new Set(ok)];
}

/**
 * Resolves the cloud, edge and autonomous sets against the cluster: every name valid and present,
 * no node both cloud and edge, autonomy only for edge nodes, at least one cloud node.
 */
export function resolveNodeSets(problems: ProblemList, spec: NodeSetSpec, inventory: ClusterInventory, cloudRole: string): NodeSets {
    const requireInCluster = inClusterCheck(problems, inventory);
    const cloudNodes = checkNodeNames(problems, "cloudNodes", spec.cloudNodes ?? []);
    if (Array.isArray(spec.cloudNodes ?? []) && (spec.cloudNodes ?? []).length === 0) {
        problems.add(
            "cloudNodes",
            "no cloud node given",
            `name at least one node that stays in the cloud to run ${cloudRole} (yurtctl --cloud-nodes)`,
        );
    }
    requireInCluster("cloudNodes", cloudNodes);
    const edgeNodes = resolveEdgeNodes(problems, spec, inventory, new Set(cloudNodes), requireInCluster);
    const autonomousSet = new Set(resolveAutonomousNodes(problems, spec, new Set(cloudNodes), edgeNodes));
    const managed = new Set([...cloudNodes, ...edgeNodes]);
    return {
        cloudNodes,
        edgeNodes,
        autonomousNodes: edgeNodes.filter((n) => autonomousSet.has(n)),
        unmanagedNodes: inventory.nodes
            .map((n) => n.name)
            .filter((n) => !managed.has(n))
            .sort(),
    };
}

/** A check that every node a setting names is in the cluster, the problem naming some of the cluster's nodes. */
function inClusterCheck(problems: ProblemList, inventory: ClusterInventory): (setting: string, names: string[]) => void {
    const inCluster = new Set(inventory.nodes.map((n) => n.name));
    const clusterHint =
        inventory.nodes.length > 0
            ? `the cluster has: ${inventory.nodes
                  .map((n) => n.name)
                  .sort()
                  .slice(0, 10)
                  .join(", ")}${inventory.nodes.length > 10 ? ", …" : ""}`
            : "the cluster has no nodes yet";
    return (setting, names) => {
        for (const n of names) {
            if (!inCluster.has(n)) {
                problems.add(setting, `node "${n}" is not in the cluster`, `check the spelling (${clusterHint}) or wait until the node has joined`);
            }
        }
    };
}

/** `edgeNodes` (default: every node that is not a cloud node), then the extra ones (pools, selectors); none of them a cloud node. */
function resolveEdgeNodes(
    problems: ProblemList,
    spec: NodeSetSpec,
    inventory: ClusterInventory,
    cloudSet: Set<string>,
    requireInCluster: (setting: string, names: string[]) => void,
): string[] {
    const notCloud = (setting: string, names: string[]) => {
        for (const n of names.filter((e) => cloudSet.has(e))) {
            problems.add(setting, `node "${n}" is listed both as cloud and as edge node`, `remove "${n}" from cloudNodes or from ${setting}`);
        }
        return names.filter((e) => !cloudSet.has(e));
    };
    let edgeNodes: string[];
    if (spec.edgeNodes !== undefined) {
        edgeNodes = checkNodeNames(problems, "edgeNodes", spec.edgeNodes);
        requireInCluster("edgeNodes", edgeNodes);
        edgeNodes = notCloud("edgeNodes", edgeNodes);
    } else {
        edgeNodes = inventory.nodes
            .map((n) => n.name)
            .filter((n) => !cloudSet.has(n))
            .sort();
    }
    if (spec.extraEdgeNodes) {
        const extra = checkNodeNames(problems, spec.extraEdgeNodes.setting, spec.extraEdgeNodes.nodes);
        requireInCluster(spec.extraEdgeNodes.setting, extra);
        const known = new Set(edgeNodes);
        edgeNodes = [
            ...edgeNodes,
            ...notCloud(spec.extraEdgeNodes.setting, extra)
                .filter((n) => !known.has(n))
                .sort(),
        ];
    }
    return edgeNodes;
}

/** `autonomousNodes`: every edge node for "all", else the ones listed, each of them an edge node. */
function resolveAutonomousNodes(problems: ProblemList, spec: NodeSetSpec, cloudSet: Set<string>, edgeNodes: string[]): string[] {
    if (spec.autonomousNodes === "all") {
        return [...edgeNodes];
    }
    if (spec.autonomousNodes === undefined) {
        return [];
    }
    const edgeSet = new Set(edgeNodes);
    const autonomousNodes = checkNodeNames(problems, "autonomousNodes", spec.autonomousNodes);
    for (const n of autonomousNodes) {
        if (cloudSet.has(n)) {
            problems.add(
                "autonomousNodes",
                `node "${n}" is a cloud node; only edge nodes can be autonomous`,
                `remove "${n}" from autonomousNodes, or make it an edge node`,
            );
        } else if (!edgeSet.has(n)) {
            problems.add(
                "autonomousNodes",
                `node "${n}" is not an edge node of this conversion`,
                `add "${n}" to the edge nodes, or remove it from autonomousNodes (edge nodes: ${edgeNodes.slice(0, 10).join(", ") || "none"})`,
            );
        }
    }
    return autonomousNodes;
}

/** Splits nodes into rollout batches of `batchSize`, in order. */
export function intoBatches(nodes: string[], batchSize: number): string[][] {
    const batches: string[][] = [];
    for (let i = 0; i < nodes.length; i += batchSize) {
        batches.push(nodes.slice(i, i + batchSize));
    }
    return batches;
}

/**
 * A release on a Kubernetes server outside its supported range is refused, unless the user said
 * `allowUnsupportedKubernetes: true`. An unknown server version (no cluster yet) is not checked.
 */
export function checkServerVersion(
    problems: ProblemList,
    release: { version: string; kubernetes: KubernetesRange },
    serverVersion: string | undefined,
    allowUnsupported: unknown,
    alternatives: { version: string; kubernetes: KubernetesRange }[] = [],
): string[] {
    const notes: string[] = [];
    if (allowUnsupported !== undefined && typeof allowUnsupported !== "boolean") {
        problems.add(
            "allowUnsupportedKubernetes",
            `${JSON.stringify(allowUnsupported)} is not true or false`,
            "set it to true to accept an unsupported Kubernetes version, or leave it unset",
        );
    }
    if (serverVersion === undefined) {
        return notes;
    }
    const inRange = kubernetesVersionInRange(serverVersion, release.kubernetes);
    const range = `${release.kubernetes.min}–${release.kubernetes.max}`;
    if (inRange === undefined) {
        notes.push(`cannot read the Kubernetes version "${serverVersion}"; OpenYurt ${release.version} supports ${range}`);
    } else if (!inRange) {
        if (allowUnsupported === true) {
            notes.push(
                `Kubernetes ${serverVersion} is outside what OpenYurt ${release.version} supports (${range}); going on because allowUnsupportedKubernetes is true`,
            );
        } else {
            // Point at the release that does support this server, if there is one.
            const other = alternatives.find((a) => kubernetesVersionInRange(serverVersion, a.kubernetes));
            const fix = other
                ? `set release to "${other.version}", which supports Kubernetes ${other.kubernetes.min}–${other.kubernetes.max}; or, to try anyway, set allowUnsupportedKubernetes: true`
                : `use a cluster on Kubernetes ${range}; or, to try anyway, set allowUnsupportedKubernetes: true`;
            problems.add(
                "release",
                `OpenYurt ${release.version} supports Kubernetes ${range} (${release.kubernetes.why}), and the cluster runs ${serverVersion}`,
                fix,
            );
        }
    }
    return notes;
}

/** Batch size (default: every edge node at once) and the per-step timeout of a rollout. */
export function resolveRollout(
    problems: ProblemList,
    rollout: { batchSize?: number; jobTimeout?: string },
    edgeCount: number,
): { batchSize: number; timeoutSeconds: number } {
    const batchSize = rollout.batchSize ?? Math.max(edgeCount, 1);
    if (!Number.isInteger(batchSize) || batchSize < 1) {
        problems.add(
            "rollout.batchSize",
            `${JSON.stringify(rollout.batchSize)} is not a whole number of nodes ≥ 1`,
            "set a batch size of 1 or more, or leave it unset to convert all edge nodes at once",
        );
    }
    const timeoutSeconds = parseDuration(rollout.jobTimeout ?? settings["rollout.jobTimeout"].default);
    if (timeoutSeconds === undefined) {
        problems.add("rollout.jobTimeout", `${JSON.stringify(rollout.jobTimeout)} is not a duration`, `write it like "90s", "10m" or "1h"`);
    }
    return { batchSize, timeoutSeconds: timeoutSeconds ?? 0 };
}
