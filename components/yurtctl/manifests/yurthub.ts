import * as t from "../../core/manifests/types";
import { ConversionPlan } from "../plan";
import { managedByLabels } from "../../core/manifests/labels";

export const yurthubName = "yurt-hub";
export const yurthubConfigMapName = "yurt-hub-cfg";

/** What every yurt-hub (authenticated as its node) may read beyond the node authorizer. */
export function yurthubClusterRole(): t.ClusterRole {
    return {
        metadata: { name: yurthubName, labels: { ...managedByLabels } },
        rules: [
            { apiGroups: [""], resources: ["events"], verbs: ["get"] },
            { apiGroups: ["apps.openyurt.io"], resources: ["nodepools"], verbs: ["list", "watch"] },
            { apiGroups: [""], resources: ["configmaps"], resourceNames: [yurthubConfigMapName], verbs: ["list", "watch"] },
        ],
    };
}

export function yurthubClusterRoleBinding(): t.ClusterRoleBinding {
    return {
        metadata: { name: yurthubName, labels: { ...managedByLabels } },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: yurthubName },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:nodes" }],
    };
}

/** yurt-hub's ConfigMap, in the namespace yurt-hub reads it from (not `plan.namespace`). */
export function yurthubConfigMap(plan: ConversionPlan): t.ConfigMap {
    return {
        metadata: { name: yurthubConfigMapName, namespace: plan.release.yurthubConfigNamespace, labels: { ...managedByLabels } },
        data: { cache_agents: "" },
    };
}
