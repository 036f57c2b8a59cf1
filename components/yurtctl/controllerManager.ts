import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as m from "./manifests";
import { resourceNames } from "../core/names";
import { ConversionPlan } from "./plan";

/** yurt-controller-manager with least-privilege RBAC, scheduled on cloud nodes only. */
export function createControllerManager(name: string, plan: ConversionPlan, opts: pulumi.CustomResourceOptions, cloudLabels: pulumi.Resource[]) {
    const ycm = resourceNames(name).ycm;
    const serviceAccount = new k8s.core.v1.ServiceAccount(ycm, m.controllerManagerServiceAccount(plan), opts);
    const clusterRole = new k8s.rbac.v1.ClusterRole(ycm, m.controllerManagerClusterRole(), opts);
    const clusterRoleBinding = new k8s.rbac.v1.ClusterRoleBinding(
        ycm,
        m.controllerManagerClusterRoleBinding(plan),
        pulumi.mergeOptions(opts, { dependsOn: [serviceAccount, clusterRole] }),
    );
    // Its required affinity needs the cloud labels in place before it can be scheduled.
    const deployment = new k8s.apps.v1.Deployment(
        ycm,
        m.controllerManagerDeployment(plan),
        pulumi.mergeOptions(opts, { dependsOn: [clusterRoleBinding, ...cloudLabels] }),
    );
    return { serviceAccount, clusterRole, clusterRoleBinding, deployment };
}
