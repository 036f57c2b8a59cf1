import { ClusterInventory } from "../core/plan/inventory";
import { PlannedAckNodePool, PoolRole } from "./plan";

/** Node label (set by the ACK node pool on every node it adds) saying which side of OpenYurt the node is on. */
export const poolRoleLabel = "openyurt.io/pool-role";
/** Node label naming the node pool, for outputs and `kubectl get nodes -L`. */
export const poolNameLabel = "openyurt.io/ack-node-pool";

/** The labels an ACK node pool puts on its nodes. */
export function poolLabels(pool: Pick<PlannedAckNodePool, "name" | "role">): { key: string; value: string }[] {
    return [
        { key: poolRoleLabel, value: pool.role },
        { key: poolNameLabel, value: pool.name },
    ];
}

/** Cloud and edge nodes of an ACK cluster, from node-pool membership. */
export interface AckNodeRoles {
    cloudNodes: string[];
    edgeNodes: string[];
    /** Nodes that carry no pool role label (added outside this stack's pools); left alone. */
    unmanagedNodes: string[];
    /** Node names per pool name, for every pool of the plan (empty until its nodes join). */
    nodesByPool: Record<string, string[]>;
}

/**
 * Assigns roles by the pool label each node joined with. Node names on ACK are chosen when an ECS
 * instance joins, so roles can only be known from the live node list. Pure; sorted output.
 */
export function membershipFromPools(inventory: ClusterInventory, pools: Pick<PlannedAckNodePool, "name" | "role">[]): AckNodeRoles {
    const byRole: Record<PoolRole, string[]> = { cloud: [], edge: [] };
    const unmanagedNodes: string[] = [];
    const nodesByPool: Record<string, string[]> = Object.fromEntries(pools.map((p) => [p.name, [] as string[]]));
    for (const node of inventory.nodes) {
        const role = node.labels[poolRoleLabel];
        if (role === "cloud" || role === "edge") {
            byRole[role].push(node.name);
            const pool = node.labels[poolNameLabel];
            if (pool !== undefined) {
                (nodesByPool[pool] ??= []).push(node.name);
            }
        } else {
            unmanagedNodes.push(node.name);
        }
    }
    const sorted = (a: string[]) => [...a].sort();
    return {
        cloudNodes: sorted(byRole.cloud),
        edgeNodes: sorted(byRole.edge),
        unmanagedNodes: sorted(unmanagedNodes),
        nodesByPool: Object.fromEntries(Object.entries(nodesByPool).map(([k, v]) => [k, sorted(v)])),
    };
}
