import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ClusterInventory, ConversionPlan, ConversionSpec, NodeRole, planConversion } from "../plan";
import { createControllerManager } from "./controllerManager";
import { createNodeLifecycleHandover } from "./nodeLifecycle";
import { createCloudLabels, createEdgeNodes } from "./servants";
import { createYurthubPrerequisites } from "./yurthub";

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
 * - cloud nodes are labelled `openyurt.io/is-edge-worker=false`; yurt-controller-manager runs on them;
 * - kube-controller-manager's node-lifecycle controller is handed over (per `provider`);
 * - each edge node gets a node-servant convert Job (batch by batch), then its edge label and,
 *   if asked, the autonomy annotation;
 * - removing a node from the edge set runs its revert Job; deleting the component reverts everything.
 */
export class EdgeCluster extends pulumi.ComponentResource {
    /** The validated plan this component was built from. */
    public readonly plan: ConversionPlan;
    /** Role of every managed node. */
    public readonly nodeRoles: pulumi.Output<Record<string, NodeRole>>;
    /** Edge nodes whose convert Job completed (known once the rollout finished). */
    public readonly convertedNodes: pulumi.Output<string[]>;
    /** Edge nodes carrying the autonomy annotation. */
    public readonly autonomousNodes: pulumi.Output<string[]>;
    /** Edge node names per rollout batch. */
    public readonly batches: pulumi.Output<string[][]>;
    /** The Kubernetes provider every child uses. */
    public readonly provider: k8s.Provider;

    constructor(name: string, args: EdgeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate everything before anything is registered: a bad config changes nothing.
        const plan = planConversion(args, args.inventory);
        super("openyurt:index:EdgeCluster", name, {}, opts);
        this.plan = plan;

        const kubeconfig = pulumi.secret(args.kubeconfig);
        this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig, enableConfigMapMutable: true }, { parent: this });
        const result = createEdgeCluster(name, plan, kubeconfig, { parent: this, provider: this.provider });

        this.nodeRoles = pulumi.output(Object.fromEntries(plan.nodes.map((n) => [n.name, n.role])));
        this.convertedNodes = pulumi.all(result.rolloutBatches.map((g) => g.urn)).apply(() => result.edgeNodes.map((e) => e.node.name));
        this.autonomousNodes = pulumi.all(result.edgeNodes.flatMap((e) => (e.autonomy ? [e.autonomy.urn] : []))).apply(() => plan.autonomousNodes);
        this.batches = pulumi.output(plan.batches);
        this.registerOutputs({
            nodeRoles: this.nodeRoles,
            convertedNodes: this.convertedNodes,
            autonomousNodes: this.autonomousNodes,
            batches: this.batches,
        });
    }
}

/** Registers every resource of a conversion, in the order the cluster needs them. */
export function createEdgeCluster(name: string, plan: ConversionPlan, kubeconfig: pulumi.Output<string>, opts: pulumi.CustomResourceOptions) {
    const cloudLabels = createCloudLabels(name, plan, opts);
    const controllerManager = createControllerManager(name, plan, opts, cloudLabels);
    const handover = createNodeLifecycleHandover(name, plan, kubeconfig, opts, [controllerManager.deployment]);
    const yurthub = createYurthubPrerequisites(name, plan, opts);
    const prerequisites: pulumi.Resource[] = [
        controllerManager.deployment, ...handover,
        yurthub.clusterRoleBinding, yurthub.configMap, yurthub.joinTokenSecret,
    ];
    const edge = createEdgeNodes(name, plan, kubeconfig, opts, prerequisites);
    return { cloudLabels, controllerManager, handover, yurthub, reverts: edge.reverts, edgeNodes: edge.nodes, rolloutBatches: edge.gates };
}
