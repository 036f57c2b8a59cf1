import * as pulumi from "@pulumi/pulumi";
import { createControllerManager } from "./controllerManager";
import { createNodeLifecycleHandover } from "./nodeLifecycle";
import { ConversionPlan } from "./plan";
import { createCloudLabels, createEdgeNodes } from "./servants";
import { createYurthubPrerequisites } from "./yurthub";

/** Registers every resource of a yurtctl-generation (v0.6.1) conversion, in the order the cluster needs them. */
export function createYurtctlCluster(name: string, plan: ConversionPlan, kubeconfig: pulumi.Output<string>, opts: pulumi.CustomResourceOptions) {
    const cloudLabels = createCloudLabels(name, plan, opts);
    const controllerManager = createControllerManager(name, plan, opts, cloudLabels);
    const handover = createNodeLifecycleHandover(name, plan, kubeconfig, opts, [controllerManager.deployment]);
    const yurthub = createYurthubPrerequisites(name, plan, kubeconfig, opts);
    const prerequisites: pulumi.Resource[] = [
        controllerManager.deployment,
        ...handover,
        yurthub.clusterRoleBinding,
        yurthub.configMap,
        yurthub.joinTokenSecret,
        ...yurthub.clusterInfo,
    ];
    const edge = createEdgeNodes(name, plan, kubeconfig, opts, prerequisites);
    return { cloudLabels, controllerManager, handover, yurthub, reverts: edge.reverts, edgeNodes: edge.nodes, rolloutBatches: edge.gates };
}

/** What EdgeCluster reports of a yurtctl conversion: nodes are converted once their batch's Jobs completed. */
export function yurtctlOutputs(plan: ConversionPlan, built: ReturnType<typeof createYurtctlCluster>) {
    return {
        convertedNodes: pulumi.all(built.rolloutBatches.map((g) => g.urn)).apply(() => built.edgeNodes.map((e) => e.node.name)),
        autonomousNodes: pulumi.all(built.edgeNodes.flatMap((e) => (e.autonomy ? [e.autonomy.urn] : []))).apply(() => plan.autonomousNodes),
    };
}
