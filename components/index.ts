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
export { ClusterUnreachableError, discoverInventory } from "./core/kube/inventory";
export { KubeconfigError, loadKubeconfig, parseKubeconfig } from "./core/kube/kubeconfig";
export type { KubeConnection, LoadedKubeconfig } from "./core/kube/kubeconfig";
export { ConversionConfigError } from "./core/config/problems";
export { planEdgeCluster } from "./edgecluster/plan";
export type { ClusterInventory, InventoryNode } from "./core/plan/inventory";
export type { ConversionSpec } from "./core/config/spec";
export type { EdgeClusterPlan } from "./edgecluster/plan";
export { defaultRelease, releases } from "./core/release";
export type { OpenYurtRelease } from "./core/release/release";
