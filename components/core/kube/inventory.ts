import { clusterInfoPaths } from "../manifests/clusterInfo";
import { managedByLabels } from "../manifests/labels";
import { ClusterInventory, InventoryNode, Ownership } from "../plan/inventory";
import { KubeApiError, kubeGetOptional, kubeRequest } from "./client";
import { KubeConnection, KubeconfigError } from "./kubeconfig";
import { isNodeReady } from "./nodeStatus";

/** The cluster could not be asked what it holds; the message names the server and the fix. */
export class ClusterUnreachableError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ClusterUnreachableError";
    }
}

/**
 * Reads what the plan is validated against: the API server version, every node with its labels,
 * annotations and Ready condition, which nodes run a kube-controller-manager static pod, and who
 * owns kube-public/cluster-info and its RBAC.
 */
export async function discoverInventory(conn: KubeConnection, timeoutMs = 15000): Promise<ClusterInventory> {
    try {
        const version = await kubeRequest(conn, "GET", "/version", { timeoutMs });
        const nodeList = await kubeRequest(conn, "GET", "/api/v1/nodes", { timeoutMs });
        const kcmPods = await kubeRequest(
            conn,
            "GET",
            "/api/v1/namespaces/kube-system/pods?labelSelector=" + encodeURIComponent("component=kube-controller-manager"),
            { timeoutMs },
        );
        const kcmNodes = new Set<string>((kcmPods.items ?? []).map((p: any) => p.spec?.nodeName).filter(Boolean));
        const nodes: InventoryNode[] = (nodeList.items ?? []).map((n: any) => ({
            name: n.metadata.name,
            labels: n.metadata.labels ?? {},
            annotations: n.metadata.annotations ?? {},
            ready: isNodeReady(n),
            runsKubeControllerManager: kcmNodes.has(n.metadata.name),
        }));
        const owner = async (apiPath: string): Promise<Ownership> => {
            const o = await kubeGetOptional(conn, apiPath);
            const by = "app.kubernetes.io/managed-by";
            return !o ? "absent" : o.metadata?.labels?.[by] === managedByLabels[by] ? "ours" : "theirs";
        };
        const clusterInfo = {
            configMap: await owner(clusterInfoPaths.configMap),
            role: await owner(clusterInfoPaths.role),
            roleBinding: await owner(clusterInfoPaths.roleBinding),
        };
        return { nodes, serverVersion: version?.gitVersion, apiServer: conn.server, clusterInfo };
    } catch (e) {
        if (e instanceof KubeApiError && e.status === 0) {
            throw new ClusterUnreachableError(
                `${e.message}. Check that the cluster is running and that the kubeconfig (context "${conn.context}") points at it.`,
            );
        }
        if (e instanceof KubeApiError && (e.status === 401 || e.status === 403)) {
            throw new KubeconfigError(
                `the API server at ${conn.server} refused the kubeconfig's credentials (context "${conn.context}", HTTP ${e.status}): ${e.message}. Use a kubeconfig with cluster-admin rights.`,
            );
        }
        throw e;
    }
}
