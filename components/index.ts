/**
 * pulumi-openyurt, the library: what another Pulumi program uses, by name. Everything else under
 * components/ (plans, manifest builders, dynamic providers, the small Kubernetes client) is internal
 * and may change without notice; the project's own program, CLI and tests import it by path.
 */
export { EdgeCluster } from "./edgecluster";
export type { EdgeClusterArgs } from "./edgecluster";
export { AckCluster } from "./ack";
export type { AckClusterArgs, AckSpec, NodePoolSpec, VSwitchSpec } from "./ack";
export { ClusterUnreachableError, discoverInventory, KubeconfigError, loadKubeconfig, parseKubeconfig } from "./kube";
export type { KubeConnection, LoadedKubeconfig } from "./kube";
export { ConversionConfigError, planEdgeCluster } from "./plan";
export type { ClusterInventory, ConversionSpec, EdgeClusterPlan, InventoryNode } from "./plan";
export { defaultRelease, releases } from "./release";
export type { OpenYurtRelease } from "./release";
