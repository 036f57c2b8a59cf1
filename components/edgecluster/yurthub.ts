import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { BootstrapToken } from "../dynamic";
import * as m from "../manifests";
import { ConversionPlan } from "../plan";

/**
 * What every yurt-hub needs before a node is converted: its RBAC and ConfigMap, and an expiring
 * bootstrap token, published to the servant Jobs through a Secret of fixed name.
 */
export function createYurthubPrerequisites(name: string, plan: ConversionPlan, opts: pulumi.CustomResourceOptions) {
    const clusterRole = new k8s.rbac.v1.ClusterRole(`${name}-yurthub`, m.yurthubClusterRole(), opts);
    const clusterRoleBinding = new k8s.rbac.v1.ClusterRoleBinding(`${name}-yurthub`, m.yurthubClusterRoleBinding(),
        pulumi.mergeOptions(opts, { dependsOn: [clusterRole] }));
    const configMap = new k8s.core.v1.ConfigMap(`${name}-yurthub-cfg`, m.yurthubConfigMap(plan), opts);

    const token = new BootstrapToken(`${name}-bootstrap-token`, { ttlSeconds: plan.bootstrapTokenTtlSeconds }, { parent: opts.parent });
    const tokenSecret = new k8s.core.v1.Secret(`${name}-bootstrap-token`, m.bootstrapTokenSecret(token), opts);
    const joinTokenSecret = new k8s.core.v1.Secret(`${name}-join-token`, m.joinTokenSecret(plan, token.token),
        pulumi.mergeOptions(opts, { dependsOn: [tokenSecret] }));
    return { clusterRole, clusterRoleBinding, configMap, token, tokenSecret, joinTokenSecret };
}
