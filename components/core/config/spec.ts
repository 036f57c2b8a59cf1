import { OpenYurtImages, YurtManagerImages } from "../release/release";
import { settings } from "./settings";

/**
 * The conversion's input: what stack config (components/core/config/stackConfig.ts) or a calling program
 * says, before any planning. The planners (components/yurtmanager/plan.ts, components/yurtctl/plan.ts) turn it into a plan.
 */

/**
 * How kube-controller-manager's node-lifecycle controller is handed over to yurt-controller-manager:
 * - `ack`: managed control plane (no manifest to edit): revoke the node-controller's ClusterRoleBinding
 *   `system:controller:node-controller`, restore it on revert (yurtctl v0.3/v0.4 did this by deleting it);
 * - `kubeadm`: a Job on every node running a kube-controller-manager static pod adds
 *   `-nodelifecycle` to its `--controllers` flag, and removes it on revert (yurtctl v0.5/v0.6);
 * - `none`: the operator has already disabled it; nothing is touched.
 */
export type NodeLifecycleHandover = "ack" | "kubeadm" | "none";
export const nodeLifecycleHandovers: readonly NodeLifecycleHandover[] = settings.provider.choices;

/** The conversion asked for: plain values, as they come from stack config or a calling program. */
export interface ConversionSpec {
    /** Nodes that stay in the cloud (yurtctl `--cloud-nodes`). At least one. */
    cloudNodes: string[];
    /**
     * Nodes to convert to edge. Default: every node of the cluster that is not a cloud node,
     * as yurtctl did; a node that joins later is converted by the next `up`.
     */
    edgeNodes?: string[];
    /** Edge nodes to mark autonomous (yurtctl `markautonomous`): a list, or "all" edge nodes. Default none. */
    autonomousNodes?: string[] | "all";
    /**
     * How node lifecycle is handed over to yurt-controller-manager: `ack`, `kubeadm` or `none`, named
     * `provider` like yurtctl's `--provider` (the cluster's provisioner; not a Pulumi provider — the
     * Kubernetes provider is `EdgeCluster.provider`). Inside the plan it is `nodeLifecycleHandover`.
     * Required for v0.6.1: a wrong default was a silent no-op in yurtctl (openyurt#46).
     */
    provider?: string;
    /** OpenYurt release to install: "v1.7.0" (the default) or "v0.6.1" (clusters up to Kubernetes 1.21). */
    release?: string;
    /**
     * Go on although the cluster's Kubernetes version is outside what the release supports
     * (v1.7.0: 1.23–1.34, v0.6.1: 1.12–1.21). Default false: such a cluster is refused.
     */
    allowUnsupportedKubernetes?: boolean;
    /** Image overrides; each must be pinned to a tag or digest. Keys depend on the release. */
    images?: Partial<OpenYurtImages> | Partial<YurtManagerImages>;
    /** How servant Jobs roll out. */
    rollout?: RolloutSpec;
    /** Lifetime of the yurt-hub bootstrap token, e.g. "24h" (10m to 168h). Default "24h". */
    bootstrapTokenTtl?: string;
    /** How long node-servant waits for yurt-hub to become healthy, e.g. "2m". Default "2m". */
    yurthubHealthCheckTimeout?: string;
    /**
     * v0.6.1: the kubelet drop-in node-servant edits on every edge node (yurtctl --kubeadm-conf-path),
     * for hosts where it is not at a default path. Default: node-servant's own search
     * (/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf, then /etc/systemd/system/…).
     */
    kubeadmConfPath?: string;
    /** Namespace of the OpenYurt system components and servant Jobs. Default "kube-system". */
    namespace?: string;
    // --- v1.7.0 (yurt-manager) only
    /** v1.7.0: name of the Cloud NodePool holding the cloud nodes. Default "cloud". */
    cloudPool?: string;
    /**
     * v1.7.0: named Edge NodePools and their nodes, by name or by label selector (read from the live
     * nodes on every run); edge nodes in none of them join `defaultEdgePool`.
     */
    edgePools?: Record<string, string[] | { selector: string }>;
    /** v1.7.0: a label selector choosing edge nodes, read from the live nodes on every run. */
    edgeNodeSelector?: string;
    /** v1.7.0: the Edge NodePool of edge nodes not named in `edgePools`. Default "edge". */
    defaultEdgePool?: string;
    /** v1.7.0: value of `node.openyurt.io/autonomy-duration` on autonomous nodes (a Go duration; "0" = never evict). Default "0". */
    autonomyDuration?: string;
    /** v1.7.0: where OpenYurt's Helm charts come from. Default: OpenYurt's chart repository, the release's chart version. */
    charts?: ChartSourceSpec;
    /** v1.7.0: yurt-manager settings. */
    yurtManager?: YurtManagerSpec;
    /** v1.7.0: the API server address nodes use (the yurthub chart's kubernetesServerAddr). Default: the kubeconfig's server. */
    apiServerAddress?: string;
}

/** Where the charts come from: a chart repository and version, or a local folder with `yurt-manager/` and `yurthub/`. */
export interface ChartSourceSpec {
    /** Chart repository URL (https:// or oci://). Default: OpenYurt's. */
    repository?: string;
    /** Chart version. Default: the release's (1.7.0). */
    version?: string;
    /** A local folder holding the charts (e.g. OpenYurt's source `charts/`); replaces repository and version. */
    path?: string;
}

export interface YurtManagerSpec {
    /** Nodes yurt-manager converts at once (`--concurrent-yurtnodeconversion-workers`). Default 3, yurt-manager's own. */
    conversionWorkers?: number;
}

export interface RolloutSpec {
    /** Edge nodes converted at once; batch k+1 starts only after batch k succeeded. Default: all at once. */
    batchSize?: number;
    /**
     * v0.6.1: how long one servant Job may run before it counts as failed; v1.7.0: how long a batch
     * may go without any node finishing its conversion. E.g. "10m". Default "10m".
     */
    jobTimeout?: string;
    /** v0.6.1: pod retries of a servant Job before it fails. Default 2. (v1.7.0: yurt-manager's Jobs retry 3 times.) */
    backoffLimit?: number;
    /** v1.7.0: edge nodes that may fail or be skipped offline before the rollout stops: a count or "5%". Default 0. */
    maxFailures?: number | string;
}
