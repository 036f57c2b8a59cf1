import * as t from "../../core/manifests/types";
import { ConversionPlan } from "../plan";
import { managedByLabels } from "../../core/manifests/labels";

export const controllerManagerName = "yurt-controller-manager";

export function controllerManagerServiceAccount(plan: ConversionPlan): t.ServiceAccount {
    return { metadata: { name: controllerManagerName, namespace: plan.namespace, labels: { ...managedByLabels } } };
}

/**
 * The permissions yurt-controller-manager v0.6.1 needs and nothing more: node lifecycle (nodes,
 * pod status, eviction), leader election, and approving yurt-hub's certificate requests.
 */
export function controllerManagerClusterRole(): t.ClusterRole {
    return {
        metadata: { name: controllerManagerName, labels: { ...managedByLabels } },
        rules: [
            { apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "watch", "update", "patch", "delete"] },
            { apiGroups: [""], resources: ["nodes/status"], verbs: ["patch", "update"] },
            { apiGroups: [""], resources: ["pods/status"], verbs: ["update"] },
            { apiGroups: [""], resources: ["pods"], verbs: ["delete", "list", "watch"] },
            { apiGroups: [""], resources: ["events"], verbs: ["create", "patch", "update"] },
            { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["get", "list", "watch", "create", "update", "patch", "delete"] },
            { apiGroups: ["apps"], resources: ["daemonsets"], verbs: ["list", "watch"] },
            { apiGroups: ["certificates.k8s.io"], resources: ["certificatesigningrequests"], verbs: ["get", "list", "watch"] },
            { apiGroups: ["certificates.k8s.io"], resources: ["certificatesigningrequests/approval"], verbs: ["update"] },
            { apiGroups: ["certificates.k8s.io"], resources: ["signers"], resourceNames: ["kubernetes.io/legacy-unknown"], verbs: ["approve"] },
        ],
    };
}

export function controllerManagerClusterRoleBinding(plan: ConversionPlan): t.ClusterRoleBinding {
    return {
        metadata: { name: controllerManagerName, labels: { ...managedByLabels } },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: controllerManagerName },
        subjects: [{ kind: "ServiceAccount", name: controllerManagerName, namespace: plan.namespace }],
    };
}

/**
 * yurt-controller-manager runs only on cloud nodes: a *required* node affinity, not yurtctl's
 * preferred one, which let it land on an edge node that cannot approve hub CSRs (openyurt#502).
 */
export function controllerManagerDeployment(plan: ConversionPlan): t.Deployment {
    const labels = { app: controllerManagerName };
    return {
        metadata: { name: controllerManagerName, namespace: plan.namespace, labels: { ...managedByLabels, ...labels } },
        spec: {
            replicas: 1,
            selector: { matchLabels: labels },
            template: {
                metadata: { labels: { ...managedByLabels, ...labels } },
                spec: {
                    serviceAccountName: controllerManagerName,
                    hostNetwork: true,
                    tolerations: [{ operator: "Exists" }],
                    affinity: {
                        nodeAffinity: {
                            requiredDuringSchedulingIgnoredDuringExecution: {
                                nodeSelectorTerms: [
                                    {
                                        matchExpressions: [{ key: plan.release.edgeWorkerLabel, operator: "In", values: ["false"] }],
                                    },
                                ],
                            },
                        },
                    },
                    containers: [
                        {
                            name: controllerManagerName,
                            image: plan.images.yurtControllerManager,
                            imagePullPolicy: "IfNotPresent",
                            command: ["yurt-controller-manager"],
                        },
                    ],
                },
            },
        },
    };
}
