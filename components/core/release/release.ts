/**
 * An OpenYurt release ("flavour") describes everything that differs between OpenYurt generations.
 * Two generations exist, and the core dispatches on `generation`:
 * - `yurtctl` (v0.6.1): the component itself runs node-servant Jobs, labels nodes and deploys
 *   yurt-controller-manager, as `yurtctl convert` did;
 * - `yurt-manager` (v1.7.0): OpenYurt's own controller converts a node once it is labelled with
 *   its NodePool; the component installs the charts, creates the pools, labels and waits.
 */
export type OpenYurtRelease = YurtctlRelease | YurtManagerRelease;

/** Kubernetes minor versions a release is known to work on, inclusive: e.g. {min: "1.23", max: "1.34"}. */
export interface KubernetesRange {
    readonly min: string;
    readonly max: string;
    /** Why these bounds, for the error that refuses a server outside them. */
    readonly why: string;
}

interface ReleaseBase {
    /** The OpenYurt version this flavour models, e.g. "v0.6.1". */
    readonly version: string;
    /** Kubernetes versions the release supports; a server outside them is refused. */
    readonly kubernetes: KubernetesRange;
    /** Node label that marks a node edge ("true"). */
    readonly edgeWorkerLabel: string;
    /** Node annotation that makes an edge node autonomous (pods are not evicted while it is offline). */
    readonly autonomyAnnotation: string;
    /**
     * The release hands node lifecycle over to OpenYurt's own controller, so a stack's first convert
     * needs `provider` (how the cluster's node-lifecycle controller is turned off).
     */
    readonly handsOverNodeLifecycle: boolean;
    /**
     * Upstream's `yurtctl convert` of this release marked every edge node autonomous unless `-a`
     * named some (v0.6.1, convert/options.go): `yurtctl convert` does the same on a stack's first
     * convert. False where upstream has no yurtctl convert (v1.7.0): the component's default, none.
     */
    readonly convertMarksEveryEdgeNode: boolean;
}

/** The yurtctl generation: the component runs every step itself. */
export interface YurtctlRelease extends ReleaseBase {
    readonly generation: "yurtctl";
    /** Default images, pinned to a tag (never `:latest`). */
    readonly defaultImages: OpenYurtImages;
    /**
     * Namespace yurt-hub reads its ConfigMap (`yurt-hub-cfg`) from, whatever namespace the rest is
     * installed in (openyurt v0.6.1 pkg/yurthub/util/util.go: YurtHubNamespace = "kube-system").
     */
    readonly yurthubConfigNamespace: string;
    /** Env var telling node-servant where the host's kubelet kubeadm drop-in is (yurtctl --kubeadm-conf-path). */
    readonly kubeletDropInEnv: string;
    /** Name of the per-node servant Job for an action. */
    servantJobName(action: ServantAction, node: string): string;
    /** Container command and arguments of the node-servant for an action. */
    servantCommand(action: ServantAction, opts: ServantCommandOptions): { command: string[]; args: string[] };
}

/** The yurt-manager generation: label-driven conversion by OpenYurt's controller. */
export interface YurtManagerRelease extends ReleaseBase {
    readonly generation: "yurt-manager";
    /** Node label naming the node's NodePool; adding it converts the node, removing it reverts. */
    readonly nodePoolLabel: string;
    /** NodePool API group/version and kind (cluster-scoped). */
    readonly nodePoolApiVersion: string;
    /** Node condition yurt-manager reports the conversion in, and its reasons. */
    readonly conversionCondition: {
        readonly type: string;
        readonly converting: string;
        readonly converted: string;
        readonly convertFailed: string;
        readonly reverting: string;
        readonly reverted: string;
        readonly revertFailed: string;
    };
    /** yurt-manager names its Job `<conversionJobPrefix><node>`; Job names have at most 63 characters. */
    readonly conversionJobPrefix: string;
    /** Label yurt-manager puts on a conversion Job and its pods, naming the node. */
    readonly conversionNodeLabel: string;
    /** Default images, pinned to a tag (never `:latest`). */
    readonly defaultImages: YurtManagerImages;
    /** OpenYurt's Helm charts of this release. */
    readonly charts: {
        /** Chart version (the chart's `version`), e.g. "1.7.0". */
        readonly version: string;
        /** Where OpenYurt publishes its charts. */
        readonly repository: string;
        readonly yurtManager: string;
        readonly yurthub: string;
    };
    /** yurt-manager's default number of parallel node conversions. */
    readonly defaultConversionWorkers: number;
}

/** What a servant Job does on its node. */
export type ServantAction = "convert" | "revert";

/** The node role a yurt-hub runs in. */
export type WorkingMode = "edge" | "cloud";

/** Images used by a yurtctl-generation conversion. */
export interface OpenYurtImages {
    /** yurt-hub, the node-local proxy that serves kubelet from cache while the node is offline. */
    yurthub: string;
    /** yurt-controller-manager, which takes over node lifecycle from kube-controller-manager. */
    yurtControllerManager: string;
    /** node-servant, which installs/removes yurt-hub on a node and repoints kubelet at it. */
    nodeServant: string;
}

/** Images used by a yurt-manager-generation conversion. */
export interface YurtManagerImages {
    /** yurt-manager, OpenYurt's controller manager and webhooks. */
    yurtManager: string;
    /** node-servant, run by yurt-manager's conversion Jobs on each node. */
    nodeServant: string;
    /** yurt-hub, deployed by the yurthub chart's YurtStaticSets. */
    yurthub: string;
}

export interface ServantCommandOptions {
    workingMode: WorkingMode;
    yurthubImage: string;
    /** How long the servant waits for yurt-hub to report healthy, e.g. "2m". */
    yurthubHealthCheckTimeout: string;
    /** Name of the environment variable holding the join token (expanded by the kubelet, never in the spec). */
    joinTokenEnv: string;
}
