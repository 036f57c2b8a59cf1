import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import * as t from "./types";
import { managedByLabels } from "./labels";

/**
 * kubeadm's public cluster information: yurt-hub v0.6.1 reads the cluster CA from it on first start
 * (pkg/yurthub/certificate/hubself/cert_mgr.go), so yurtctl created it, and the RBAC kubeadm gives
 * it, when missing (pkg/yurtctl/cmd/convert/convert.go) — on clusters not built by kubeadm, ACK
 * among them. Names as kubeadm has them (cmd/kubeadm/app/phases/bootstraptoken/clusterinfo).
 */
export const clusterInfoNamespace = "kube-public";
export const clusterInfoName = "cluster-info";
/** Role and RoleBinding kubeadm creates so that anyone may read cluster-info. */
export const clusterInfoRbacName = "kubeadm:bootstrap-signer-clusterinfo";

/** The API paths of the three objects, for the inventory read. */
export const clusterInfoPaths = {
    configMap: `/api/v1/namespaces/${clusterInfoNamespace}/configmaps/${clusterInfoName}`,
    role: `/apis/rbac.authorization.k8s.io/v1/namespaces/${clusterInfoNamespace}/roles/${encodeURIComponent(clusterInfoRbacName)}`,
    roleBinding: `/apis/rbac.authorization.k8s.io/v1/namespaces/${clusterInfoNamespace}/rolebindings/${encodeURIComponent(clusterInfoRbacName)}`,
} as const;

/** The kubeconfig kubeadm publishes: the server and its CA, no credentials. */
export function clusterInfoKubeconfig(server: string, caPem: string): string {
    return stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "", cluster: { server, "certificate-authority-data": Buffer.from(caPem).toString("base64") } }],
        contexts: [],
        "current-context": "",
        users: [],
    });
}

export function clusterInfoConfigMap(kubeconfig: pulumi.Input<string>): t.ConfigMap {
    return {
        metadata: { name: clusterInfoName, namespace: clusterInfoNamespace, labels: { ...managedByLabels } },
        data: { kubeconfig },
    };
}

export function clusterInfoRole(): t.Role {
    return {
        metadata: { name: clusterInfoRbacName, namespace: clusterInfoNamespace, labels: { ...managedByLabels } },
        rules: [{ apiGroups: [""], resources: ["configmaps"], resourceNames: [clusterInfoName], verbs: ["get"] }],
    };
}

export function clusterInfoRoleBinding(): t.RoleBinding {
    return {
        metadata: { name: clusterInfoRbacName, namespace: clusterInfoNamespace, labels: { ...managedByLabels } },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: clusterInfoRbacName },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "system:anonymous" }],
    };
}
