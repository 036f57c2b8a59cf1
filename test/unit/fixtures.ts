import { ClusterInventory } from "../../components/plan";

/** A cluster inventory of Ready nodes; `kcm` names nodes running a kube-controller-manager static pod. */
export function inventory(names: string[], opts: { kcm?: string[]; notReady?: string[] } = {}): ClusterInventory {
    return {
        serverVersion: "v1.36.3",
        nodes: names.map((name) => ({
            name,
            labels: { "kubernetes.io/hostname": name },
            annotations: {},
            ready: !(opts.notReady ?? []).includes(name),
            runsKubeControllerManager: (opts.kcm ?? []).includes(name),
        })),
    };
}

/** node1 … nodeN */
export function nodeNames(n: number, prefix = "node"): string[] {
    return Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
}
