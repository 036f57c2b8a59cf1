import { settings } from "../../core/config/settings";
import { OpenYurtImages, YurtctlRelease } from "../../core/release/release";
import { releases, yurtctlRelease } from "../../core/release";
import { v1_7_0 } from "../../core/release/v1_7";
import { ProblemList } from "../../core/config/problems";
import { ConversionSpec, NodeLifecycleHandover, nodeLifecycleHandovers } from "../../core/config/spec";
import { ClusterInventory, Ownership } from "../../core/plan/inventory";
import { checkServerVersion, intoBatches, resolveNodeSets, resolveRollout } from "../../core/plan/nodeSets";
import { resolveImages, resolveNamespace, unknownProviderProblem } from "../../core/plan/sharedSettings";
import { parseDuration } from "../../core/plan/validate";
import { PlannedNode } from "../../core/plan/plannedNode";

/** The validated, fully-defaulted conversion: everything the manifest builders need. */
export interface ConversionPlan {
    release: YurtctlRelease;
    /** How node lifecycle is handed over (the `provider` setting, yurtctl's `--provider`). */
    nodeLifecycleHandover: NodeLifecycleHandover;
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
    /** The kubelet drop-in path given to node-servant, when set. */
    kubeadmConfPath?: string;
    /**
     * Which of kube-public/cluster-info and its kubeadm Role/RoleBinding this stack creates (yurt-hub
     * v0.6.1 needs them): those absent or already its own; someone else's are left alone, also on revert.
     */
    clusterInfo: { configMap: boolean; role: boolean; roleBinding: boolean };
    /** Things the user should know that are not errors (e.g. an accepted unsupported Kubernetes). */
    notes: string[];
}

/** cluster-info objects this stack creates: every one that is absent or already its own. */
export function clusterInfoToCreate(inventory: ClusterInventory): ConversionPlan["clusterInfo"] {
    const ours = (o: Ownership | undefined) => o !== "theirs";
    const ci = inventory.clusterInfo;
    return { configMap: ours(ci?.configMap), role: ours(ci?.role), roleBinding: ours(ci?.roleBinding) };
}

const MIN_TOKEN_TTL = 10 * 60;
const MAX_TOKEN_TTL = 7 * 24 * 3600;

/**
 * Plans a conversion of the yurtctl generation (v0.6.1): validates it against what the cluster
 * holds and resolves every default. Pure: the same spec and inventory always give the same plan.
 * Throws a ConversionConfigError listing every problem (setting, value, fix) when anything is wrong.
 * `planEdgeCluster` is the entry point that picks the generation from `release`.
 */
export function planConversion(spec: ConversionSpec, inventory: ClusterInventory): ConversionPlan {
    const problems = new ProblemList();
    const release = resolveYurtctlRelease(problems, spec.release);
    const notes = checkServerVersion(problems, release ?? yurtctlRelease, inventory.serverVersion, spec.allowUnsupportedKubernetes, [v1_7_0]);
    const { handover, kubeControllerManagerNodes } = resolveNodeLifecycleHandover(problems, spec.provider, inventory);
    const namespace = resolveNamespace(problems, spec.namespace);
    const { cloudNodes, edgeNodes, autonomousNodes, unmanagedNodes } = resolveNodeSets(problems, spec, inventory, "yurt-controller-manager");
    const autonomousSet = new Set(autonomousNodes);
    const images = resolveImages(problems, spec.images, (release ?? yurtctlRelease).defaultImages, spec.release ?? yurtctlRelease.version);
    const { batchSize, timeoutSeconds: jobTimeoutSeconds } = resolveRollout(problems, spec.rollout ?? {}, edgeNodes.length);
    const servant = resolveServantSettings(problems, spec);
    problems.throwIfAny();

    const batches = intoBatches(edgeNodes, batchSize);
    const nodes: PlannedNode[] = [
        ...cloudNodes.map((name) => ({ name, role: "cloud" as const, autonomous: false })),
        ...batches.flatMap((batch, b) => batch.map((name) => ({ name, role: "edge" as const, autonomous: autonomousSet.has(name), batch: b }))),
    ];
    return {
        release: release!,
        nodeLifecycleHandover: handover!,
        namespace,
        images,
        nodes,
        cloudNodes,
        edgeNodes,
        batches,
        autonomousNodes,
        unmanagedNodes,
        kubeControllerManagerNodes,
        jobTimeoutSeconds: jobTimeoutSeconds!,
        ...servant,
        clusterInfo: clusterInfoToCreate(inventory),
        notes,
    };
}

/** `release` for this planner: a known release of the yurtctl generation (v0.6.1 by default). */
export function resolveYurtctlRelease(problems: ProblemList, requested: string | undefined): YurtctlRelease | undefined {
    const name = requested ?? yurtctlRelease.version;
    const known = releases[name];
    if (!known) {
        problems.add("release", `unknown OpenYurt release "${name}"`, `use one of: ${Object.keys(releases).join(", ")}`);
    } else if (known.generation !== "yurtctl") {
        problems.add("release", `"${name}" is not a yurtctl-generation release`, `plan it with planEdgeCluster, or use "${yurtctlRelease.version}"`);
    }
    return known?.generation === "yurtctl" ? known : undefined;
}

/**
 * `provider`: required (a silent wrong default was openyurt#46), one of ack, kubeadm, none; kubeadm
 * needs kube-controller-manager static pods, whose nodes get the disable Jobs.
 */
export function resolveNodeLifecycleHandover(
    problems: ProblemList,
    requested: string | undefined,
    inventory: ClusterInventory,
): { handover?: NodeLifecycleHandover; kubeControllerManagerNodes: string[] } {
    const handover = requested as NodeLifecycleHandover | undefined;
    if (handover === undefined) {
        problems.add(
            "provider",
            "not set",
            `set it to one of ${nodeLifecycleHandovers.join(", ")} (ack: managed control plane; kubeadm: kube-controller-manager static pods; none: node-lifecycle already disabled)`,
        );
    } else if (!nodeLifecycleHandovers.includes(handover)) {
        unknownProviderProblem(problems, String(requested), `use one of: ${nodeLifecycleHandovers.join(", ")}`);
    }
    const kcmNodes = inventory.nodes
        .filter((n) => n.runsKubeControllerManager)
        .map((n) => n.name)
        .sort();
    if (handover === "kubeadm" && kcmNodes.length === 0 && inventory.nodes.length > 0) {
        problems.add(
            "provider",
            `"kubeadm" needs kube-controller-manager static pods (kube-system/kube-controller-manager-<node>), and the cluster has none`,
            `use "ack" for a managed control plane, or "none" if node-lifecycle is already disabled`,
        );
    }
    return { handover, kubeControllerManagerNodes: handover === "kubeadm" ? kcmNodes : [] };
}

/** What the servant Jobs are given: retries, the join token's lifetime, yurt-hub's health-check wait, the kubelet drop-in. */
export function resolveServantSettings(
    problems: ProblemList,
    spec: ConversionSpec,
): Pick<ConversionPlan, "backoffLimit" | "bootstrapTokenTtlSeconds" | "yurthubHealthCheckTimeout" | "kubeadmConfPath"> {
    const backoffLimit = spec.rollout?.backoffLimit ?? settings["rollout.backoffLimit"].default;
    if (!Number.isInteger(backoffLimit) || backoffLimit < 0) {
        problems.add("rollout.backoffLimit", `${JSON.stringify(spec.rollout?.backoffLimit)} is not a whole number ≥ 0`, "set 0 (no retry) or more");
    }
    const tokenTtl = parseDuration(spec.bootstrapTokenTtl ?? settings.bootstrapTokenTtl.default);
    if (tokenTtl === undefined || tokenTtl < MIN_TOKEN_TTL || tokenTtl > MAX_TOKEN_TTL) {
        problems.add(
            "bootstrapTokenTtl",
            `${JSON.stringify(spec.bootstrapTokenTtl)} is not a duration between 10m and 168h`,
            `write it like "24h"; the token must outlive one rollout but should not live forever`,
        );
    }
    const healthCheck = spec.yurthubHealthCheckTimeout ?? settings.yurthubHealthCheckTimeout.default;
    if (parseDuration(healthCheck) === undefined) {
        problems.add("yurthubHealthCheckTimeout", `${JSON.stringify(healthCheck)} is not a duration`, `write it like "2m"`);
    }
    const kubeadmConfPath = spec.kubeadmConfPath || undefined;
    if (kubeadmConfPath !== undefined && !/^\/[A-Za-z0-9._/-]+$/.test(kubeadmConfPath)) {
        problems.add(
            "kubeadmConfPath",
            `${JSON.stringify(kubeadmConfPath)} is not an absolute file path`,
            "write it like /etc/systemd/system/kubelet.service.d/10-kubeadm.conf, or leave it unset for node-servant's default search",
        );
    }
    return { backoffLimit, bootstrapTokenTtlSeconds: tokenTtl ?? 0, yurthubHealthCheckTimeout: healthCheck, kubeadmConfPath };
}
