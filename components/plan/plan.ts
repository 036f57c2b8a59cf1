import { defaultRelease, OpenYurtImages, OpenYurtRelease, releases } from "../release";
import { ProblemList } from "./errors";
import { ClusterInventory } from "./inventory";
import { duplicates, imageProblem, namespaceProblem, nodeNameProblem, parseDuration } from "./validate";

/**
 * How kube-controller-manager's node-lifecycle controller is handed over to yurt-controller-manager:
 * - `ack`: managed control plane (no manifest to edit): revoke the node-controller's ClusterRoleBinding
 *   `system:controller:node-controller`, restore it on revert (yurtctl v0.3/v0.4 did this by deleting it);
 * - `kubeadm`: a Job on every node running a kube-controller-manager static pod adds
 *   `-nodelifecycle` to its `--controllers` flag, and removes it on revert (yurtctl v0.5/v0.6);
 * - `none`: the operator has already disabled it; nothing is touched.
 */
export type NodeLifecycleProvider = "ack" | "kubeadm" | "none";
export const nodeLifecycleProviders: readonly NodeLifecycleProvider[] = ["ack", "kubeadm", "none"];

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
    /** How node lifecycle is handed over to yurt-controller-manager. Required: a wrong default was a silent no-op in yurtctl (openyurt#46). */
    provider?: string;
    /** OpenYurt release to install. Default "v0.6.1". */
    release?: string;
    /** Image overrides; each must be pinned to a tag or digest. */
    images?: Partial<OpenYurtImages>;
    /** How servant Jobs roll out. */
    rollout?: RolloutSpec;
    /** Lifetime of the yurt-hub bootstrap token, e.g. "24h" (10m to 168h). Default "24h". */
    bootstrapTokenTtl?: string;
    /** How long node-servant waits for yurt-hub to become healthy, e.g. "2m". Default "2m". */
    yurthubHealthCheckTimeout?: string;
    /** Namespace of the OpenYurt system components and servant Jobs. Default "kube-system". */
    namespace?: string;
}

export interface RolloutSpec {
    /** Edge nodes converted at once; batch k+1 starts only after batch k succeeded. Default: all at once. */
    batchSize?: number;
    /** How long one servant Job may run before it counts as failed, e.g. "10m". Default "10m". */
    jobTimeout?: string;
    /** Pod retries of a servant Job before it fails. Default 2. */
    backoffLimit?: number;
}

export type NodeRole = "cloud" | "edge";

/** A node the plan touches. */
export interface PlannedNode {
    name: string;
    role: NodeRole;
    /** Edge only: the node carries the autonomy annotation. */
    autonomous: boolean;
    /** Edge only: 0-based rollout batch. */
    batch?: number;
}

/** The validated, fully-defaulted conversion: everything the manifest builders need. */
export interface ConversionPlan {
    release: OpenYurtRelease;
    provider: NodeLifecycleProvider;
    namespace: string;
    images: OpenYurtImages;
    /** Cloud nodes first, then edge nodes in rollout order. */
    nodes: PlannedNode[];
    cloudNodes: string[];
    edgeNodes: string[];
    /** Edge node names per batch, in rollout order. */
    batches: string[][];
    autonomousNodes: string[];
    /** Nodes of the cluster that are neither cloud nor edge (only when `edgeNodes` is explicit). */
    unmanagedNodes: string[];
    /** Nodes running a kube-controller-manager static pod (provider kubeadm). */
    kubeControllerManagerNodes: string[];
    jobTimeoutSeconds: number;
    backoffLimit: number;
    bootstrapTokenTtlSeconds: number;
    yurthubHealthCheckTimeout: string;
}

const MIN_TOKEN_TTL = 10 * 60;
const MAX_TOKEN_TTL = 7 * 24 * 3600;

/**
 * Validates a conversion against what the cluster holds and resolves every default.
 * Pure: the same spec and inventory always give the same plan. Throws a ConversionConfigError
 * listing every problem (setting, value, fix) when anything is wrong.
 */
export function planConversion(spec: ConversionSpec, inventory: ClusterInventory): ConversionPlan {
    const problems = new ProblemList();
    const inCluster = new Set(inventory.nodes.map((n) => n.name));
    const clusterHint = inventory.nodes.length > 0
        ? `the cluster has: ${inventory.nodes.map((n) => n.name).sort().slice(0, 10).join(", ")}${inventory.nodes.length > 10 ? ", …" : ""}`
        : "the cluster has no nodes yet";

    // --- release, provider, namespace
    const releaseName = spec.release ?? defaultRelease.version;
    const release = releases[releaseName];
    if (!release) {
        problems.add("release", `unknown OpenYurt release "${releaseName}"`, `use one of: ${Object.keys(releases).join(", ")}`);
    }
    const provider = spec.provider as NodeLifecycleProvider | undefined;
    if (provider === undefined) {
        problems.add("provider", "not set", `set it to one of ${nodeLifecycleProviders.join(", ")} (ack: managed control plane; kubeadm: kube-controller-manager static pods; none: node-lifecycle already disabled)`);
    } else if (!nodeLifecycleProviders.includes(provider)) {
        problems.add("provider", `unknown provider "${spec.provider}"`, `use one of: ${nodeLifecycleProviders.join(", ")}`);
    }
    const namespace = spec.namespace ?? "kube-system";
    const nsProblem = namespaceProblem(namespace);
    if (nsProblem) {
        problems.add("namespace", nsProblem, "use an existing namespace such as kube-system");
    }

    // --- node names
    const checkNames = (setting: string, names: unknown): string[] => {
        if (!Array.isArray(names)) {
            problems.add(setting, `${JSON.stringify(names)} is not a list of node names`, `give a list, e.g. ["node1"]`);
            return [];
        }
        const ok: string[] = [];
        names.forEach((n, i) => {
            const p = nodeNameProblem(n);
            if (p) {
                problems.add(`${setting}[${i}]`, p, "use the name shown by `kubectl get nodes`");
            } else {
                ok.push(n as string);
            }
        });
        for (const d of duplicates(ok)) {
            problems.add(setting, `node "${d}" is listed more than once`, `list "${d}" once`);
        }
        return [...new Set(ok)];
    };
    const requireInCluster = (setting: string, names: string[]) => {
        for (const n of names) {
            if (!inCluster.has(n)) {
                problems.add(setting, `node "${n}" is not in the cluster`, `check the spelling (${clusterHint}) or wait until the node has joined`);
            }
        }
    };

    const cloudNodes = checkNames("cloudNodes", spec.cloudNodes ?? []);
    if (Array.isArray(spec.cloudNodes ?? []) && (spec.cloudNodes ?? []).length === 0) {
        problems.add("cloudNodes", "no cloud node given", "name at least one node that stays in the cloud to run yurt-controller-manager (yurtctl --cloud-nodes)");
    }
    requireInCluster("cloudNodes", cloudNodes);
    const cloudSet = new Set(cloudNodes);

    let edgeNodes: string[];
    if (spec.edgeNodes !== undefined) {
        edgeNodes = checkNames("edgeNodes", spec.edgeNodes);
        requireInCluster("edgeNodes", edgeNodes);
        for (const n of edgeNodes.filter((e) => cloudSet.has(e))) {
            problems.add("edgeNodes", `node "${n}" is listed both as cloud and as edge node`, `remove "${n}" from cloudNodes or from edgeNodes`);
        }
        edgeNodes = edgeNodes.filter((e) => !cloudSet.has(e));
    } else {
        edgeNodes = inventory.nodes.map((n) => n.name).filter((n) => !cloudSet.has(n)).sort();
    }
    const edgeSet = new Set(edgeNodes);

    let autonomousNodes: string[] = [];
    if (spec.autonomousNodes === "all") {
        autonomousNodes = [...edgeNodes];
    } else if (spec.autonomousNodes !== undefined) {
        autonomousNodes = checkNames("autonomousNodes", spec.autonomousNodes);
        for (const n of autonomousNodes) {
            if (cloudSet.has(n)) {
                problems.add("autonomousNodes", `node "${n}" is a cloud node; only edge nodes can be autonomous`, `remove "${n}" from autonomousNodes, or make it an edge node`);
            } else if (!edgeSet.has(n)) {
                problems.add("autonomousNodes", `node "${n}" is not an edge node of this conversion`, `add "${n}" to the edge nodes, or remove it from autonomousNodes (edge nodes: ${edgeNodes.slice(0, 10).join(", ") || "none"})`);
            }
        }
    }
    const autonomousSet = new Set(autonomousNodes);

    // --- images
    const images: OpenYurtImages = { ...(release ?? defaultRelease).defaultImages, ...(spec.images ?? {}) };
    for (const key of Object.keys(spec.images ?? {})) {
        if (!(key in defaultRelease.defaultImages)) {
            problems.add(`images.${key}`, `unknown image "${key}"`, `use one of: ${Object.keys(defaultRelease.defaultImages).join(", ")}`);
        }
    }
    for (const [key, image] of Object.entries(images)) {
        const p = imageProblem(image);
        if (p) {
            problems.add(`images.${key}`, p, "pin a tag or digest, e.g. openyurt/node-servant:v0.6.1");
        }
    }

    // --- rollout
    const rollout = spec.rollout ?? {};
    const batchSize = rollout.batchSize ?? Math.max(edgeNodes.length, 1);
    if (!Number.isInteger(batchSize) || batchSize < 1) {
        problems.add("rollout.batchSize", `${JSON.stringify(rollout.batchSize)} is not a whole number of nodes ≥ 1`, "set a batch size of 1 or more, or leave it unset to convert all edge nodes at once");
    }
    const jobTimeoutSeconds = parseDuration(rollout.jobTimeout ?? "10m");
    if (jobTimeoutSeconds === undefined) {
        problems.add("rollout.jobTimeout", `${JSON.stringify(rollout.jobTimeout)} is not a duration`, `write it like "90s", "10m" or "1h"`);
    }
    const backoffLimit = rollout.backoffLimit ?? 2;
    if (!Number.isInteger(backoffLimit) || backoffLimit < 0) {
        problems.add("rollout.backoffLimit", `${JSON.stringify(rollout.backoffLimit)} is not a whole number ≥ 0`, "set 0 (no retry) or more");
    }
    const tokenTtl = parseDuration(spec.bootstrapTokenTtl ?? "24h");
    if (tokenTtl === undefined || tokenTtl < MIN_TOKEN_TTL || tokenTtl > MAX_TOKEN_TTL) {
        problems.add("bootstrapTokenTtl", `${JSON.stringify(spec.bootstrapTokenTtl)} is not a duration between 10m and 168h`, `write it like "24h"; the token must outlive one rollout but should not live forever`);
    }
    const healthCheck = spec.yurthubHealthCheckTimeout ?? "2m";
    if (parseDuration(healthCheck) === undefined) {
        problems.add("yurthubHealthCheckTimeout", `${JSON.stringify(healthCheck)} is not a duration`, `write it like "2m"`);
    }

    // --- provider-specific facts
    const kcmNodes = inventory.nodes.filter((n) => n.runsKubeControllerManager).map((n) => n.name).sort();
    if (provider === "kubeadm" && kcmNodes.length === 0 && inventory.nodes.length > 0) {
        problems.add("provider", `"kubeadm" needs kube-controller-manager static pods (kube-system/kube-controller-manager-<node>), and the cluster has none`,
            `use "ack" for a managed control plane, or "none" if node-lifecycle is already disabled`);
    }

    problems.throwIfAny();

    const batches: string[][] = [];
    for (let i = 0; i < edgeNodes.length; i += batchSize) {
        batches.push(edgeNodes.slice(i, i + batchSize));
    }
    const nodes: PlannedNode[] = [
        ...cloudNodes.map((name) => ({ name, role: "cloud" as const, autonomous: false })),
        ...batches.flatMap((batch, b) => batch.map((name) => ({ name, role: "edge" as const, autonomous: autonomousSet.has(name), batch: b }))),
    ];
    const managed = new Set([...cloudNodes, ...edgeNodes]);
    return {
        release: release!,
        provider: provider!,
        namespace,
        images,
        nodes,
        cloudNodes,
        edgeNodes,
        batches,
        autonomousNodes: edgeNodes.filter((n) => autonomousSet.has(n)),
        unmanagedNodes: inventory.nodes.map((n) => n.name).filter((n) => !managed.has(n)).sort(),
        kubeControllerManagerNodes: provider === "kubeadm" ? kcmNodes : [],
        jobTimeoutSeconds: jobTimeoutSeconds!,
        backoffLimit,
        bootstrapTokenTtlSeconds: tokenTtl!,
        yurthubHealthCheckTimeout: healthCheck,
    };
}
