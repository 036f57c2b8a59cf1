import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { NodeControllerHandover } from "./dynamic/nodeControllerHandover";
import { RevertJobs } from "./dynamic/revertJobs";
import * as m from "./manifests";
import { resourceNames } from "../core/names";
import { ConversionPlan } from "./plan";
import { jobOptions, withJobAnnotations } from "./jobs";

/**
 * Takes the node-lifecycle role away from kube-controller-manager once yurt-controller-manager runs,
 * in the way the provider allows; restored when the resources are deleted. Returns the resources
 * the servant Jobs must wait for.
 */
export function createNodeLifecycleHandover(
    name: string,
    plan: ConversionPlan,
    kubeconfig: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
    after: pulumi.Resource[],
): pulumi.Resource[] {
    const names = resourceNames(name);
    switch (plan.nodeLifecycleHandover) {
        case "none":
            return [];
        case "ack":
            return [
                new NodeControllerHandover(
                    names.nodeLifecycle,
                    { kubeconfig, bindingName: m.nodeControllerBinding },
                    { parent: opts.parent, dependsOn: after },
                ),
            ];
        case "kubeadm": {
            const restore = new RevertJobs(
                names.nodeLifecycleRestore,
                {
                    kubeconfig,
                    timeoutSeconds: plan.jobTimeoutSeconds,
                    jobs: Object.fromEntries(plan.kubeControllerManagerNodes.map((n) => [n, m.nodeLifecycleJob(plan, n, "enable")])),
                },
                { parent: opts.parent, dependsOn: after },
            );
            return plan.kubeControllerManagerNodes.map(
                (n) =>
                    new k8s.batch.v1.Job(
                        names.disableNodeLifecycle(n),
                        withJobAnnotations(m.nodeLifecycleJob(plan, n, "disable")),
                        jobOptions(plan, opts, [restore]),
                    ),
            );
        }
    }
}
