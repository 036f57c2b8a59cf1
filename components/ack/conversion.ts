import * as pulumi from "@pulumi/pulumi";
import { EdgeCluster } from "../edgecluster/edgeCluster";
import { discoverInventory } from "../core/kube/inventory";
import { parseKubeconfig } from "../core/kube/kubeconfig";
import { ClusterInventory } from "../core/plan/inventory";
import { ConversionConfigError } from "../core/config/problems";
import { NodeRole } from "../core/plan/plannedNode";
import { AckPlan } from "./plan";
import { membershipFromPools, poolRoleLabel } from "./roles";

/** Reads a cluster's nodes given its kubeconfig text. Injectable so mock tests need no live cluster. */
export type DiscoverInventory = (kubeconfig: string) => Promise<ClusterInventory>;

/** The live API server behind an ACK cluster credential. */
export const discoverAckInventory: DiscoverInventory = (kubeconfig) => discoverInventory(parseKubeconfig(kubeconfig, "(ACK cluster credential)"));

/** Where the conversion of an ACK cluster stands after this run. */
export interface AckConversionStatus {
    /**
     * True when nodes could not be converted in this run: the cluster does not exist yet (a preview
     * of a new stack) or no node has joined its pools yet. The next `up` converts them.
     */
    pendingConversion: boolean;
    /** Why the conversion is pending; empty when it is not. */
    pendingReason: string;
    /** Role of every managed node. */
    nodeRoles: Record<string, NodeRole>;
    /** Edge nodes whose convert Job completed. */
    convertedNodes: string[];
    /** Edge nodes carrying the autonomy annotation. */
    autonomousNodes: string[];
    /** Edge nodes per rollout batch. */
    batches: string[][];
    /** Node names per pool, as they joined. */
    nodesByPool: Record<string, string[]>;
    /** Nodes in no pool of this stack (left alone). */
    unmanagedNodes: string[];
}

/**
 * Whether an Output's value is known in this run. It is not during a preview in which the value
 * comes from a resource that this update creates (or replaces), e.g. the ID of a new cluster.
 * Uses the SDK's public serializer: an unknown value serializes to the `unknownValue` sentinel.
 */
export async function isKnown(o: pulumi.Output<unknown>): Promise<boolean> {
    return (await pulumi.runtime.serializeProperty("isKnown", o, new Set())) !== pulumi.runtime.unknownValue;
}

const emptyStatus = (pendingReason: string, nodesByPool: Record<string, string[]> = {}, unmanagedNodes: string[] = []): AckConversionStatus => ({
    pendingConversion: true,
    pendingReason,
    nodeRoles: {},
    convertedNodes: [],
    autonomousNodes: [],
    batches: [],
    nodesByPool,
    unmanagedNodes,
});

/**
 * Converts the nodes of an ACK cluster by node-pool membership. Node names are chosen by ACK when
 * instances join, so the node list is read from the cluster once its kubeconfig is known, and the
 * EdgeCluster is built from it then:
 * - preview of a new stack: the cluster ID, hence the kubeconfig, is unknown; nothing is read or
 *   registered, and the status says `pendingConversion: true`;
 * - `up`: waits for the cluster and every node pool (`poolsReady`), reads the joined nodes and converts them;
 * - later previews read the nodes as they are now, so a node that joined a pool since (scale-out,
 *   autoscaling, console) shows up as its per-node conversion steps.
 */
export function convertPoolNodes(
    name: string,
    plan: AckPlan,
    kubeconfig: pulumi.Output<string>,
    poolsReady: pulumi.Output<unknown>[],
    discover: DiscoverInventory,
    parent: pulumi.Resource,
): { status: pulumi.Output<AckConversionStatus> } {
    // A preview reads the nodes as they are; an up waits for the pools so that nodes joining during
    // this update are converted by it. Carrying the pools in the kubeconfig's dependencies also
    // makes `destroy` revert the conversion before the pools and the cluster go.
    const clusterKubeconfig = pulumi.runtime.isDryRun() ? kubeconfig : pulumi.all([kubeconfig, ...poolsReady]).apply(([kc]) => kc as string);
    const known = isKnown(clusterKubeconfig);
    // The status holds node names only; without unsecret it would inherit the kubeconfig's secrecy
    // and every stack output derived from it would show as [secret].
    const converted = pulumi.unsecret(
        clusterKubeconfig.apply((kc) => convertDiscovered(name, plan, kc, clusterKubeconfig, discover, parent)),
    ) as unknown as pulumi.Output<AckConversionStatus>;
    const status = pulumi.output(known).apply((k) => {
        if (!k) {
            const reason = "the ACK cluster is created by this update; its nodes are converted by `pulumi up` once the node pools are ready";
            pulumi.log.info(`conversion pending: ${reason}`, parent);
            return pulumi.output(emptyStatus(reason));
        }
        return converted;
    });
    return { status };
}

async function convertDiscovered(
    name: string,
    plan: AckPlan,
    kubeconfigText: string,
    kubeconfig: pulumi.Output<string>,
    discover: DiscoverInventory,
    parent: pulumi.Resource,
): Promise<pulumi.Output<AckConversionStatus>> {
    let inventory: ClusterInventory;
    try {
        inventory = await discover(kubeconfigText);
    } catch (e) {
        throw new pulumi.ResourceError(`cannot list the nodes of ACK cluster ${plan.clusterName}: ${(e as Error).message}`, parent);
    }
    const m = membershipFromPools(inventory, plan.nodePools);
    const cloudPool = plan.nodePools.find((p) => p.role === "cloud")!;
    if (m.cloudNodes.length === 0) {
        if (m.edgeNodes.length > 0) {
            // Building no EdgeCluster here would delete (revert) a running conversion: refuse instead.
            throw new pulumi.ResourceError(
                `no node of the cloud pool "${cloudPool.name}" (label ${poolRoleLabel}=cloud) is in the cluster, ` +
                    `but ${m.edgeNodes.length} edge nodes are; yurt-controller-manager needs a cloud node. Check the pool in the ACK console and run \`pulumi up\` again.`,
                parent,
            );
        }
        const reason = `no node has joined the pools yet (cloud pool "${cloudPool.name}" is empty)`;
        pulumi.log.info(`conversion pending: ${reason}`, parent);
        return pulumi.output(emptyStatus(reason, m.nodesByPool, m.unmanagedNodes));
    }
    const edge = edgeClusterOfPools(name, plan, m, inventory, kubeconfig, parent);
    return pulumi
        .all([edge.nodeRoles, edge.convertedNodes, edge.autonomousNodes, edge.batches])
        .apply(([nodeRoles, convertedNodes, autonomousNodes, batches]) => ({
            pendingConversion: false,
            pendingReason: "",
            nodeRoles,
            convertedNodes,
            autonomousNodes,
            batches,
            nodesByPool: m.nodesByPool,
            unmanagedNodes: m.unmanagedNodes,
        }));
}

/** The EdgeCluster of the pools' nodes (v1.7.0: every ACK node pool becomes a NodePool of the same name); a config problem is the parent's error. */
function edgeClusterOfPools(
    name: string,
    plan: AckPlan,
    m: ReturnType<typeof membershipFromPools>,
    inventory: ClusterInventory,
    kubeconfig: pulumi.Output<string>,
    parent: pulumi.Resource,
): EdgeCluster {
    const cloudPool = plan.nodePools.find((p) => p.role === "cloud")!;
    try {
        return new EdgeCluster(
            name,
            {
                ...plan.conversion,
                cloudNodes: m.cloudNodes,
                edgeNodes: m.edgeNodes,
                cloudPool: cloudPool.name,
                edgePools: Object.fromEntries(plan.nodePools.filter((p) => p.role === "edge").map((p) => [p.name, m.nodesByPool[p.name] ?? []])),
                kubeconfig,
                inventory,
            },
            { parent },
        );
    } catch (e) {
        if (e instanceof ConversionConfigError) {
            throw new pulumi.ResourceError(e.message, parent);
        }
        throw e;
    }
}
