import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { BootstrapToken } from "./dynamic/bootstrapToken";
import * as m from "./manifests";
import { clusterInfoConfigMap, clusterInfoKubeconfig, clusterInfoRole, clusterInfoRoleBinding } from "../core/manifests/clusterInfo";
import { parseKubeconfig } from "../core/kube/kubeconfig";
import { resourceNames } from "../core/names";
import { ConversionPlan } from "./plan";

/**
 * What every yurt-hub needs before a node is converted: its RBAC and ConfigMap, kube-public's
 * cluster-info (where the stack creates it), and an expiring bootstrap token, published to the
 * servant Jobs through a Secret of fixed name.
 */
export function createYurthubPrerequisites(
    name: string,
    plan: ConversionPlan,
    kubeconfig: pulumi.Output<string>,
    opts: pulumi.CustomResourceOptions,
) {
    const names = resourceNames(name);
    const clusterRole = new k8s.rbac.v1.ClusterRole(names.yurthub, m.yurthubClusterRole(), opts);
    const clusterRoleBinding = new k8s.rbac.v1.ClusterRoleBinding(
        names.yurthub,
        m.yurthubClusterRoleBinding(),
        pulumi.mergeOptions(opts, { dependsOn: [clusterRole] }),
    );
    const configMap = new k8s.core.v1.ConfigMap(names.yurthubConfig, m.yurthubConfigMap(plan), opts);

    const token = new BootstrapToken(names.bootstrapToken, { ttlSeconds: plan.bootstrapTokenTtlSeconds }, { parent: opts.parent });
    const tokenSecret = new k8s.core.v1.Secret(names.bootstrapToken, m.bootstrapTokenSecret(token), opts);
    const joinTokenSecret = new k8s.core.v1.Secret(
        names.joinToken,
        m.joinTokenSecret(plan, token.token),
        pulumi.mergeOptions(opts, { dependsOn: [tokenSecret] }),
    );
    const clusterInfo = createClusterInfo(name, plan, kubeconfig, opts);
    return { clusterRole, clusterRoleBinding, configMap, token, tokenSecret, joinTokenSecret, clusterInfo };
}

/** kube-public/cluster-info (server and CA of the kubeconfig) and its RBAC, each only where the plan says so. */
function createClusterInfo(
    name: string,
    plan: ConversionPlan,
    kubeconfig: pulumi.Output<string>,
    opts: pulumi.CustomResourceOptions,
): pulumi.Resource[] {
    const created: pulumi.Resource[] = [];
    const clusterInfo = resourceNames(name).clusterInfo;
    if (plan.clusterInfo.configMap) {
        const published = kubeconfig.apply((text) => {
            const c = parseKubeconfig(text, "the stack's kubeconfig");
            return clusterInfoKubeconfig(c.server, c.ca ?? "");
        });
        created.push(new k8s.core.v1.ConfigMap(clusterInfo, clusterInfoConfigMap(published), opts));
    }
    if (plan.clusterInfo.role) {
        created.push(new k8s.rbac.v1.Role(clusterInfo, clusterInfoRole(), opts));
    }
    if (plan.clusterInfo.roleBinding) {
        created.push(new k8s.rbac.v1.RoleBinding(clusterInfo, clusterInfoRoleBinding(), opts));
    }
    return created;
}
