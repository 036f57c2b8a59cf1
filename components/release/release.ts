/**
 * An OpenYurt release ("flavour") describes everything that differs between OpenYurt generations:
 * label and annotation keys, default images, servant Job names and the node-servant command line.
 *
 * The core (plan, rollout, revert, autonomy) only talks to this interface, so a v1.x flavour
 * (yurt-manager + NodePool, label-driven conversion) can be added as another implementation
 * without rewriting the pipeline.
 */
export interface OpenYurtRelease {
    /** The OpenYurt version this flavour models, e.g. "v0.6.1". */
    readonly version: string;
    /** Node label that marks a node edge ("true") or cloud ("false"). */
    readonly edgeWorkerLabel: string;
    /** Node annotation that makes an edge node autonomous (pods are not evicted while it is offline). */
    readonly autonomyAnnotation: string;
    /** Default images, pinned to a tag (never `:latest`). */
    readonly defaultImages: OpenYurtImages;
    /** Name of the per-node servant Job for an action. */
    servantJobName(action: ServantAction, node: string): string;
    /** Container command and arguments of the node-servant for an action. */
    servantCommand(action: ServantAction, opts: ServantCommandOptions): { command: string[]; args: string[] };
}

/** What a servant Job does on its node. */
export type ServantAction = "convert" | "revert";

/** The node role a yurt-hub runs in. */
export type WorkingMode = "edge" | "cloud";

/** Images used by a conversion. */
export interface OpenYurtImages {
    /** yurt-hub, the node-local proxy that serves kubelet from cache while the node is offline. */
    yurthub: string;
    /** yurt-controller-manager, which takes over node lifecycle from kube-controller-manager. */
    yurtControllerManager: string;
    /** node-servant, which installs/removes yurt-hub on a node and repoints kubelet at it. */
    nodeServant: string;
}

export interface ServantCommandOptions {
    workingMode: WorkingMode;
    yurthubImage: string;
    /** How long the servant waits for yurt-hub to report healthy, e.g. "2m". */
    yurthubHealthCheckTimeout: string;
    /** Name of the environment variable holding the join token (expanded by the kubelet, never in the spec). */
    joinTokenEnv: string;
}
