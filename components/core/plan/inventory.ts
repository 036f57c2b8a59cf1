/**
 * What the cluster holds when the program runs: the facts the plan is validated against.
 * Produced by `discoverInventory` (a live cluster) or by a provisioner (ACK node pools).
 */
export interface ClusterInventory {
    /** Nodes registered with the API server. */
    nodes: InventoryNode[];
    /** `gitVersion` of the API server, e.g. "v1.36.3", when known. */
    serverVersion?: string;
    /** URL of the API server the inventory was read from, when known. */
    apiServer?: string;
    /**
     * kube-public/cluster-info and its kubeadm RBAC (the Role and RoleBinding of the same name):
     * absent, created by this component (`ours`), or someone else's. Unknown (a cluster still to be
     * provisioned) counts as absent.
     */
    clusterInfo?: { configMap: Ownership; role: Ownership; roleBinding: Ownership };
}

/** Whether an object exists, and if so whether this component created it (its managed-by label). */
export type Ownership = "absent" | "ours" | "theirs";

export interface InventoryNode {
    name: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    /** The node's Ready condition is True. */
    ready: boolean;
    /** A kube-controller-manager static pod runs on this node (kubeadm control planes). */
    runsKubeControllerManager: boolean;
}
