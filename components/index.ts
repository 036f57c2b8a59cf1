/**
 * pulumi-openyurt, the library: what another Pulumi program uses, by name. Everything else under
 * components/ (plans, manifest builders, dynamic providers, the small Kubernetes client) is internal
 * and may change without notice; the project's own program, CLI and tests import it by path.
 */
export { EdgeCluster } from "./edgecluster/edgeCluster";
export type { EdgeClusterArgs } from "./edgecluster/edgeCluster";
export { AckCluster } from "./ack/ackCluster";
export type { AckClusterArgs } from "./ack/ackCluster";
export type { AckSpec, NodePoolSpec, VSwitchSpec } from "./ack/plan";
export { ClusterUnreachableError, discoverInventory } from "./kube/inventory";
export { KubeconfigError, loadKubeconfig, parseKubeconfig } from "./kube/kubeconfig";
export type { KubeConnection, LoadedKubeconfig } from "./kube/kubeconfig";
export { ConversionConfigError } from "./config/problems";
export { planEdgeCluster } from "./plan/edgeClusterPlan";
export type { ClusterInventory, InventoryNode } from "./plan/inventory";
export type { ConversionSpec } from "./config/spec";
export type { EdgeClusterPlan } from "./plan/edgeClusterPlan";
export { defaultRelease, releases } from "./release";
export type { OpenYurtRelease } from "./release/release";
