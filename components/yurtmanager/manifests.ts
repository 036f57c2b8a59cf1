import { PlannedPool, YurtManagerPlan } from "./plan";
import { managedByLabels } from "../core/manifests/labels";

/**
 * The OpenYurt v1.7.0 control plane as Helm values of OpenYurt's own charts (yurt-manager, yurthub),
 * and the NodePools. Pure: plan in, plain objects out.
 */

/** The `{registry, repository, tag}` triple OpenYurt's charts render as `registry/repository:tag`. */
export interface ChartImage {
    registry: string;
    repository: string;
    tag: string;
}

/**
 * Splits a pinned image reference for the charts' `printf "%s/%s:%s"`. A digest reference
 * `repo/name@sha256:…` becomes repository `name@sha256` and tag `…`, which renders back to itself.
 */
export function chartImage(image: string): ChartImage {
    const slash = image.lastIndexOf("/");
    const registry = slash >= 0 ? image.slice(0, slash) : "docker.io/library";
    const rest = slash >= 0 ? image.slice(slash + 1) : image;
    const at = rest.indexOf("@");
    if (at >= 0) {
        const [algo, hex] = rest.slice(at + 1).split(":");
        return { registry, repository: `${rest.slice(0, at)}@${algo}`, tag: hex };
    }
    const colon = rest.lastIndexOf(":");
    return { registry, repository: rest.slice(0, colon), tag: rest.slice(colon + 1) };
}

/**
 * Values of the yurt-manager chart:
 * - every image pinned (the chart's `nodeServant.image.tag` default is `latest`);
 * - scheduled on the cloud nodes by name (the chart's default affinity, `node-role.kubernetes.io/control-plane`,
 *   matches no node on a managed control plane such as ACK's);
 * - `--concurrent-yurtnodeconversion-workers` from the plan, so a large fleet is not held to 3 at a time.
 */
export function yurtManagerValues(plan: YurtManagerPlan): Record<string, unknown> {
    return {
        image: chartImage(plan.images.yurtManager),
        nodeServant: { image: chartImage(plan.images.nodeServant) },
        affinity: {
            nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                    nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [...plan.cloudNodes] }] }],
                },
            },
        },
        extraArgs: [`--concurrent-yurtnodeconversion-workers=${plan.conversionWorkers}`],
    };
}

/** Values of the yurthub chart: the API server address nodes use and a pinned yurt-hub image. */
export function yurthubValues(plan: YurtManagerPlan): Record<string, unknown> {
    return {
        kubernetesServerAddr: plan.apiServerAddress,
        image: chartImage(plan.images.yurthub),
    };
}

/** A NodePool (`apps.openyurt.io/v1beta2`, cluster-scoped) of the plan. */
export function nodePool(plan: YurtManagerPlan, pool: PlannedPool) {
    return {
        apiVersion: plan.release.nodePoolApiVersion,
        kind: "NodePool",
        metadata: { name: pool.name, labels: { ...managedByLabels } },
        spec: { type: pool.type },
    };
}

/** What `NodePoolMembers` applies to each node: its pool and, for autonomous edge nodes, the autonomy duration. */
export interface NodeMembership {
    pool: string;
    /** Edge nodes are converted by yurt-manager and waited for; cloud nodes are only labelled. */
    edge: boolean;
    /** Value of the autonomy annotation, when the node is autonomous. */
    autonomy?: string;
}

/** Node name → membership, for every node the plan manages. */
export function nodeMemberships(plan: YurtManagerPlan): Record<string, NodeMembership> {
    return Object.fromEntries(
        plan.nodes.map((n) => [
            n.name,
            {
                pool: n.pool!,
                edge: n.role === "edge",
                ...(n.autonomous ? { autonomy: plan.autonomyDuration } : {}),
            },
        ]),
    );
}
