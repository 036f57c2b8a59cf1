import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { NodeControllerHandover, RevertJobs } from "../dynamic";
import * as m from "../manifests";
import { ConversionPlan } from "../plan";

/**
 * Takes the node-lifecycle role away from kube-controller-manager once yurt-controller-manager runs,
 * in the way the provider allows; restored when the resources are deleted. Returns the resources
 * the servant Jobs must wait for.
 */
export function createNodeLifecycleHandover(name: string, plan: ConversionPlan, kubeconfig: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions, after: pulumi.Resource[]): pulumi.Resource[] {
    switch (plan.provider) {
        case "none":
            return [];
        case "ack":
            return [new NodeControllerHandover(`${name}-node-lifecycle`, { kubeconfig, bindingName: m.nodeControllerBinding },
                { parent: opts.parent, dependsOn: after })];
        case "kubeadm": {
            const restore = new RevertJobs(`${name}-node-lifecycle-restore`, {
                kubeconfig,
                timeoutSeconds: plan.jobTimeoutSeconds,
                jobs: Object.fromEntries(plan.kubeControllerManagerNodes.map((n) => [n, m.nodeLifecycleJob(plan, n, "enable")])),
            }, { parent: opts.parent, dependsOn: after });
            return plan.kubeControllerManagerNodes.map((n) => new k8s.batch.v1.Job(`${name}-disable-node-lifecycle-${n}`,
                withJobAnnotations(m.nodeLifecycleJob(plan, n, "disable")), jobOptions(plan, opts, [restore])));
        }
    }
}

/** Pulumi's own Job handling: a Job left failed or unfinished is replaced by the next `up`. */
export function withJobAnnotations(job: m.types.Job): m.types.Job {
    const metadata = job.metadata as Record<string, any>;
    return { ...job, metadata: { ...metadata, annotations: { ...(metadata.annotations ?? {}), "pulumi.com/replaceUnready": "true" } } };
}

/** Waits for the Job for as long as the Job itself may run, plus slack for scheduling. */
export function jobOptions(plan: ConversionPlan, opts: pulumi.CustomResourceOptions, dependsOn: pulumi.Input<pulumi.Resource>[]): pulumi.CustomResourceOptions {
    const wait = `${plan.jobTimeoutSeconds + 60}s`;
    return pulumi.mergeOptions(opts, { dependsOn, customTimeouts: { create: wait, update: wait } });
}
