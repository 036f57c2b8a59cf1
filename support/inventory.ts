import { ClusterInventory } from "../components/core/plan/inventory";

/** Cluster inventories for the planner and the component under mocks: Ready nodes by name, at a Kubernetes version either release supports. */

/** A Kubernetes version OpenYurt v0.6.1 supports, for the yurtctl-generation tests. */
export const v0_6Kubernetes = "v1.21.14";
/** A Kubernetes version OpenYurt v1.7.0 supports. */
export const v1_7Kubernetes = "v1.34.4";

/**
 * A cluster inventory of Ready nodes; `kcm` names nodes running a kube-controller-manager static pod.
 * The server version defaults to one v0.6.1 supports, as most tests here are of that generation.
 */
export function inventory(names: string[], opts: { kcm?: string[]; notReady?: string[]; version?: string } = {}): ClusterInventory {
    return {
        serverVersion: opts.version ?? v0_6Kubernetes,
        apiServer: "https://10.0.0.1:6443",
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
