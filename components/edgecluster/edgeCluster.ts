import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { componentTypes, resourceNames } from "../core/names";
import { ClusterInventory } from "../core/plan/inventory";
import { NodeRole } from "../core/plan/plannedNode";
import { ConversionSpec } from "../core/config/spec";
import { EdgeClusterPlan, isYurtManagerPlan, planEdgeCluster } from "./plan";
import { createYurtctlCluster, yurtctlOutputs } from "../yurtctl/cluster";
import { createYurtManagerCluster, yurtManagerOutputs } from "../yurtmanager/cluster";
import { NodeReport } from "../yurtmanager/rolloutReport";

/**
 * Arguments of an EdgeCluster: the conversion asked for (what `yurtctl convert` and
 * `markautonomous` took as flags), the cluster to reach, and what the cluster holds now.
 *
 * Node sets are plain values, not Inputs: they decide which resources exist, and `pulumi preview`
 * can only show per-node steps for nodes known when the program runs.
 */
export interface EdgeClusterArgs extends ConversionSpec {
    /** Kubeconfig contents of the cluster (admin rights). Stored only as a Pulumi secret. */
    kubeconfig: pulumi.Input<string>;
    /**
     * The cluster's nodes now, from `discoverInventory` or a provisioner. Used to validate node
     * names and to find edge nodes when `edgeNodes` is not given.
     */
    inventory: ClusterInventory;
}

/**
 * An OpenYurt edge cluster made from an existing Kubernetes cluster: `yurtctl convert`,
 * `markautonomous` and `revert` as declarative resources.
 *
 * With OpenYurt v1.7.0 (the default):
 * - yurt-manager and yurthub are installed from OpenYurt's Helm charts, yurt-manager on the cloud nodes;
 * - a Cloud NodePool holds the cloud nodes, Edge NodePools the edge nodes;
 * - each node is labelled with its pool, batch by batch, and the run waits until yurt-manager
 *   has converted it (or fails naming the node); autonomy is the `autonomy-duration` annotation;
 * - a node leaving the edge set (or moving pools) is reverted by yurt-manager first; deleting
 *   the component reverts every node, then removes the pools and the charts.
 *
 * With v0.6.1 (clusters up to Kubernetes 1.21), the yurtctl steps:
 * - cloud nodes are labelled `openyurt.io/is-edge-worker=false`; yurt-controller-manager runs on them;
 * - kube-controller-manager's node-lifecycle controller is handed over (per `provider`);
 * - each edge node gets a node-servant convert Job (batch by batch), then its edge label and,
 *   if asked, the autonomy annotation;
 * - removing a node from the edge set runs its revert Job; deleting the component reverts everything.
 */
export class EdgeCluster extends pulumi.ComponentResource {
    /** The validated plan this component was built from. */
    public readonly plan: EdgeClusterPlan;
    /** Role of every managed node. */
    public readonly nodeRoles: pulumi.Output<Record<string, NodeRole>>;
    /** Edge nodes whose convert Job completed (known once the rollout finished). */
    public readonly convertedNodes: pulumi.Output<string[]>;
    /** Edge nodes carrying the autonomy annotation. */
    public readonly autonomousNodes: pulumi.Output<string[]>;
    /** Edge node names per rollout batch. */
    public readonly batches: pulumi.Output<string[][]>;
    /** v1.7.0: member nodes of every NodePool (v0.6.1: empty). */
    public readonly nodePools: pulumi.Output<Record<string, string[]>>;
    /**
     * v1.7.0: every managed node's outcome in the last run that changed the fleet: pool, converted /
     * failed / skipped-offline / reverted, the reason, autonomy, since when (v0.6.1: empty).
     */
    public readonly nodeReport: pulumi.Output<Record<string, NodeReport>>;
    /** The Kubernetes provider every child uses. */
    public readonly provider: k8s.Provider;

    constructor(name: string, args: EdgeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate everything before anything is registered: a bad config changes nothing.
        const plan = planEdgeCluster(args, args.inventory);
        super(componentTypes.edgeCluster, name, {}, opts);
        this.plan = plan;
        for (const note of plan.notes) {
            pulumi.log.warn(note, this);
        }

        const kubeconfig = pulumi.secret(args.kubeconfig);
        this.provider = new k8s.Provider(resourceNames(name).k8sProvider, { kubeconfig, enableConfigMapMutable: true }, { parent: this });
        const childOpts = { parent: this, provider: this.provider };
        this.nodeRoles = pulumi.output(Object.fromEntries(plan.nodes.map((n) => [n.name, n.role])));
        this.batches = pulumi.output(plan.batches);
        const built = isYurtManagerPlan(plan)
            ? yurtManagerOutputs(plan, createYurtManagerCluster(name, plan, kubeconfig, childOpts).members, args.inventory, this)
            : {
                  ...yurtctlOutputs(plan, createYurtctlCluster(name, plan, kubeconfig, childOpts)),
                  nodePools: pulumi.output<Record<string, string[]>>({}),
                  nodeReport: pulumi.output<Record<string, NodeReport>>({}),
              };
        this.convertedNodes = built.convertedNodes;
        this.autonomousNodes = built.autonomousNodes;
        this.nodePools = built.nodePools;
        this.nodeReport = built.nodeReport;
        // The per-node facts are this component's properties and the program's stack outputs; kept
        // here too they were one more copy of every node in the state, read and written by every run
        // (at 5,000 nodes about a quarter of the per-node bytes).
        this.registerOutputs({});
    }
}
