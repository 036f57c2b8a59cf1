import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { componentTypes } from "../core/names";
import { ConversionSpec } from "../core/config/spec";
import { NodeRole } from "../core/plan/plannedNode";
import { apiEndpoint, clusterKubeconfig, createManagedCluster } from "./cluster";
import { AckConversionStatus, convertPoolNodes, discoverAckInventory, DiscoverInventory } from "./conversion";
import { AlicloudEnvironment, stackAlicloudEnvironment } from "./credentials";
import { createNetwork } from "./network";
import { createNodePools } from "./nodePools";
import { AckPlan, AckSpec, planAck } from "./plan";

/**
 * Arguments of an AckCluster: the ACK cluster to provision (the `pulumi-openyurt:ack` stack
 * setting, see AckSpec) and the OpenYurt conversion to run on it. Validated as a whole, together
 * with the Alibaba Cloud region and credentials, before anything is registered.
 */
export interface AckClusterArgs extends AckSpec {
    /**
     * Conversion settings (release, images, rollout, autonomousNodes, …) as for an existing cluster.
     * Node roles come from node pools, so `cloudNodes`/`edgeNodes` must be empty; `provider` is "ack".
     * Default: convert with every default.
     */
    conversion?: Partial<ConversionSpec>;
    /** Reads the cluster's nodes from its kubeconfig. Default: ask the live API server. Tests inject a fake. */
    discoverInventory?: DiscoverInventory;
    /** The Alibaba Cloud provider's settings and environment. Default: this stack's `alicloud:*` config and `process.env`. */
    alicloudEnvironment?: AlicloudEnvironment;
}

/**
 * An ACK cluster provisioned for OpenYurt, and its conversion: VPC and vSwitches, a standard ACK
 * managed cluster (never ACK Edge), one cloud and one or more edge node pools whose nodes carry
 * `openyurt.io/pool-role`, the cluster's kubeconfig (secret), and an EdgeCluster converting the
 * pools' nodes (`provider: ack`) once they have joined. See docs/ack.md for what each run does.
 */
export class AckCluster extends pulumi.ComponentResource {
    /** The validated plan this component was built from. */
    public readonly plan: AckPlan;
    public readonly vpc: alicloud.vpc.Network;
    public readonly vswitches: alicloud.vpc.Switch[];
    public readonly cluster: alicloud.cs.ManagedKubernetes;
    /** Node pools by pool name. */
    public readonly nodePools: Record<string, alicloud.cs.NodePool>;
    /** ACK cluster ID. */
    public readonly clusterId: pulumi.Output<string>;
    /** URL of the Kubernetes API server. */
    public readonly apiEndpoint: pulumi.Output<string>;
    /** Admin kubeconfig of the cluster; a secret. */
    public readonly kubeconfig: pulumi.Output<string>;
    /** True while nodes wait for conversion (new cluster in preview, or no node joined yet). */
    public readonly pendingConversion: pulumi.Output<boolean>;
    /** Why the conversion is pending; empty when it is not. */
    public readonly pendingReason: pulumi.Output<string>;
    /** Role of every converted or cloud node, by node name. */
    public readonly nodeRoles: pulumi.Output<Record<string, NodeRole>>;
    /** Edge nodes whose convert Job completed. */
    public readonly convertedNodes: pulumi.Output<string[]>;
    /** Edge nodes carrying the autonomy annotation. */
    public readonly autonomousNodes: pulumi.Output<string[]>;
    /** Edge nodes per rollout batch. */
    public readonly batches: pulumi.Output<string[][]>;
    /** Node names per node pool. */
    public readonly nodesByPool: pulumi.Output<Record<string, string[]>>;
    /** Nodes in no pool of this stack; not converted. */
    public readonly unmanagedNodes: pulumi.Output<string[]>;

    constructor(name: string, args: AckClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate everything before anything is registered: a bad config creates nothing.
        const { conversion, discoverInventory, alicloudEnvironment, ...spec } = args;
        const plan = planAck(
            spec,
            { cloudNodes: [], ...conversion },
            alicloudEnvironment ?? stackAlicloudEnvironment(),
            `${name}-${pulumi.getStack()}`,
        );
        super(componentTypes.ackCluster, name, {}, opts);
        this.plan = plan;

        const r = createAckCluster(name, plan, this);
        this.vpc = r.vpc;
        this.vswitches = r.vswitches;
        this.cluster = r.cluster;
        this.nodePools = r.nodePools;
        this.clusterId = r.cluster.id;
        this.apiEndpoint = apiEndpoint(r.cluster);
        this.kubeconfig = r.kubeconfig;

        const { status } = convertPoolNodes(
            name,
            plan,
            r.kubeconfig,
            Object.values(r.nodePools).map((p) => p.id),
            discoverInventory ?? discoverAckInventory,
            this,
        );
        const field = <K extends keyof AckConversionStatus>(k: K) => status.apply((s) => s[k]);
        this.pendingConversion = field("pendingConversion");
        this.pendingReason = field("pendingReason");
        this.nodeRoles = field("nodeRoles");
        this.convertedNodes = field("convertedNodes");
        this.autonomousNodes = field("autonomousNodes");
        this.batches = field("batches");
        this.nodesByPool = field("nodesByPool");
        this.unmanagedNodes = field("unmanagedNodes");
        this.registerOutputs({
            clusterId: this.clusterId,
            apiEndpoint: this.apiEndpoint,
            kubeconfig: this.kubeconfig,
            pendingConversion: this.pendingConversion,
            // Per-node facts (nodeRoles, convertedNodes, …) are properties and stack outputs, not kept twice in the state.
        });
    }
}

/** Registers the cloud infrastructure: network, cluster, node pools, and reads the kubeconfig. */
export function createAckCluster(name: string, plan: AckPlan, parent: pulumi.Resource) {
    const opts = { parent };
    const { vpc, vswitches } = createNetwork(name, plan, opts);
    const vswitchIds = vswitches.map((v) => v.id);
    const cluster = createManagedCluster(name, plan, vswitchIds, opts);
    const nodePools = createNodePools(name, plan, cluster.id, vswitchIds, opts);
    const kubeconfig = clusterKubeconfig(cluster, { parent });
    return { vpc, vswitches, cluster, nodePools, kubeconfig };
}
