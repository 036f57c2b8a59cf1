import { settings } from "../core/config/settings";
import { v1_7_0 } from "../core/release/v1_7";
import { otherReleases } from "../core/release";
import { YurtManagerImages, YurtManagerRelease } from "../core/release/release";
import { chartFolderProblem } from "./chartFolder";
import { ProblemList } from "../core/config/problems";
import { FailureBudgetText, parseFailureBudget } from "./failureBudget";
import { ClusterInventory } from "../core/plan/inventory";
import { checkServerVersion, intoBatches, resolveNodeSets, resolveRollout } from "../core/plan/nodeSets";
import { ConversionSpec, nodeLifecycleHandovers } from "../core/config/spec";
import { unknownProviderProblem } from "../core/plan/sharedSettings";
import { PlannedNode } from "../core/plan/plannedNode";
import { resolveImages, resolveNamespace } from "../core/plan/sharedSettings";
import { matchesLabels, parseLabelSelector } from "./labelSelector";
import { chartRepositoryProblem, goDurationProblem, poolNameProblem } from "../core/plan/validate";

/** Kubernetes limits a Job name to 63 characters; yurt-manager names a node's Job after the node. */
const MAX_JOB_NAME = 63;

export type NodePoolType = "Cloud" | "Edge";

/** A NodePool of the plan and the nodes that join it. */
export interface PlannedPool {
    name: string;
    type: NodePoolType;
    /** Member nodes, in rollout order. */
    nodes: string[];
}

/** Where the Helm charts come from, resolved. */
export type ChartSource = { kind: "repository"; repository: string; version: string } | { kind: "path"; path: string };

/** The validated, fully-defaulted v1.7.0 conversion: everything the manifest builders need. */
export interface YurtManagerPlan {
    release: YurtManagerRelease;
    /** Namespace of the charts, hence yurt-manager's working namespace (its conversion Jobs run there). */
    namespace: string;
    images: YurtManagerImages;
    /** The Cloud pool first, then the Edge pools by name. */
    pools: PlannedPool[];
    /** Cloud nodes first, then edge nodes in rollout order; each with its pool. */
    nodes: PlannedNode[];
    cloudNodes: string[];
    edgeNodes: string[];
    /** Edge node names per batch, in rollout order. */
    batches: string[][];
    autonomousNodes: string[];
    /** Value of the autonomy annotation. */
    autonomyDuration: string;
    unmanagedNodes: string[];
    /** How long a batch may go without any of its nodes finishing. */
    conversionTimeoutSeconds: number;
    /** rollout.maxFailures: "0", "3" or "5%" of the edge nodes a run converts. */
    maxFailures: FailureBudgetText;
    /** yurt-manager's `--concurrent-yurtnodeconversion-workers`. */
    conversionWorkers: number;
    charts: ChartSource;
    /** Address nodes reach the API server at (yurthub chart). */
    apiServerAddress: string;
    /** Things the user should know that are not errors. */
    notes: string[];
}

/**
 * Plans a v1.7.0 conversion: NodePools and their members, batches, autonomy, chart source. Pure, but
 * for one look at the machine: the folder `charts.path` names must hold the charts (chartFolderProblem).
 * Throws a ConversionConfigError listing every problem (setting, value, fix) when anything is wrong.
 */
export function planYurtManagerConversion(spec: ConversionSpec, inventory: ClusterInventory, release: YurtManagerRelease = v1_7_0): YurtManagerPlan {
    const problems = new ProblemList();
    const notes = checkServerVersion(problems, release, inventory.serverVersion, spec.allowUnsupportedKubernetes, otherReleases(release));
    notes.push(...checkNodeLifecycleSettings(problems, spec, release));
    const namespace = resolveNamespace(problems, spec.namespace);
    const membership = resolvePoolMembership(problems, spec, inventory);
    const { sets } = membership;
    notes.push(...membership.notes);
    checkConversionJobNames(problems, sets.edgeNodes, release);
    const autonomyDuration = resolveAutonomyDuration(problems, spec);
    const images: YurtManagerImages = resolveImages(problems, spec.images, release.defaultImages, release.version);
    const { batchSize, timeoutSeconds } = resolveRollout(problems, spec.rollout ?? {}, sets.edgeNodes.length);
    notes.push(...yurtctlOnlyNotes(spec, release));
    const maxFailures = resolveMaxFailures(problems, spec);
    const conversionWorkers = resolveConversionWorkers(problems, spec, release);
    const charts = resolveChartSource(problems, spec, release);
    const apiServerAddress = resolveApiServerAddress(problems, spec, inventory);

    problems.throwIfAny();

    const batches = intoBatches(sets.edgeNodes, batchSize);
    const { nodes, pools } = layOutPools(membership, batches);
    return {
        release,
        namespace,
        images,
        pools,
        nodes,
        cloudNodes: sets.cloudNodes,
        edgeNodes: sets.edgeNodes,
        batches,
        autonomousNodes: sets.autonomousNodes,
        autonomyDuration,
        unmanagedNodes: sets.unmanagedNodes,
        conversionTimeoutSeconds: timeoutSeconds,
        maxFailures,
        conversionWorkers,
        charts,
        apiServerAddress,
        notes,
    };
}

/**
 * Settings only the yurtctl generation reads, set under yurt-manager: each is a note saying why it
 * changes nothing (not an error: a stack moved from v0.6.1 keeps working), so nobody believes it took effect.
 * What yurt-manager's conversion Job passes node-servant: pkg/node-servant/job.go (buildConvertCommand)
 * and pkg/node-servant/convert/convert.go in OpenYurt v1.7.0.
 */
function yurtctlOnlyNotes(spec: ConversionSpec, release: YurtManagerRelease): string[] {
    const notes: string[] = [];
    const v = `OpenYurt ${release.version}`;
    if (spec.rollout?.backoffLimit !== undefined) {
        notes.push(`rollout.backoffLimit has no effect with ${v}: yurt-manager's conversion Jobs always retry 3 times`);
    }
    if (spec.bootstrapTokenTtl !== undefined) {
        notes.push(
            `bootstrapTokenTtl has no effect with ${v}: no bootstrap token is made; node-servant starts yurt-hub from the kubelet's own certificate`,
        );
    }
    if (spec.yurthubHealthCheckTimeout !== undefined) {
        notes.push(`yurthubHealthCheckTimeout has no effect with ${v}: yurt-manager's conversion Job passes node-servant no such setting`);
    }
    return notes;
}

/**
 * The v0.6.1 node-lifecycle settings under yurt-manager: `provider` must still be a known value
 * (nothing is handed over; kubeadm is noted), `kubeadmConfPath` is refused. Returns the notes.
 */
export function checkNodeLifecycleSettings(problems: ProblemList, spec: ConversionSpec, release: YurtManagerRelease): string[] {
    const notes: string[] = [];
    if (spec.provider !== undefined) {
        if (!nodeLifecycleHandovers.includes(spec.provider as never)) {
            unknownProviderProblem(
                problems,
                spec.provider,
                `use one of: ${nodeLifecycleHandovers.join(", ")}, or leave it unset (OpenYurt ${release.version} needs none)`,
            );
        } else if (spec.provider === "kubeadm") {
            // "ack" and "none" mean "touch nothing" here, which is what v1.7.0 needs; "kubeadm" asked for an edit that is not made.
            notes.push(
                `provider "kubeadm" has no effect with OpenYurt ${release.version}: yurt-manager runs with its own node-lifecycle controller off and kube-controller-manager keeps node lifecycle, so its flags are not edited`,
            );
        }
    }
    if (spec.kubeadmConfPath) {
        // yurt-manager builds its node-servant Job without --kubeadm-conf-path (pkg/node-servant/job.go reads
        // a kubeadmConfPath that pkg/yurtmanager never sets): the setting could not reach the node.
        problems.add(
            "kubeadmConfPath",
            `${JSON.stringify(spec.kubeadmConfPath)} cannot be passed on by OpenYurt ${release.version}: yurt-manager's conversion Job has no such setting`,
            `unset it; under ${release.version} node-servant searches the default kubelet drop-in paths`,
        );
    }
    return notes;
}

/** Which nodes are cloud and edge, and which NodePool each edge node joins (named Edge pools, else the default one). */
export interface PoolMembership {
    cloudPool: string;
    /** The Edge pools named in `edgePools`, with their nodes (named, or selected from the live nodes). */
    edgePoolEntries: [string, string[]][];
    sets: ReturnType<typeof resolveNodeSets>;
    edgePoolOf: (node: string) => string;
    /** What the selectors matched, for the notes: a selector that matches no node is most likely a typo. */
    notes: string[];
}

const selectorFix =
    'write a label selector as `kubectl get nodes -l` takes, e.g. "topology.kubernetes.io/zone=cn-hangzhou-a" or "node-role.kubernetes.io/edge"';

/** The live nodes a selector setting matches, sorted; a cloud node among them is a problem naming it. */
function selectNodes(
    problems: ProblemList,
    setting: string,
    text: unknown,
    inventory: ClusterInventory,
    cloud: Set<string>,
    notes: string[],
): string[] {
    if (typeof text !== "string") {
        problems.add(setting, `${JSON.stringify(text)} is not a label selector`, selectorFix);
        return [];
    }
    const parsed = parseLabelSelector(text);
    if ("problem" in parsed) {
        problems.add(setting, parsed.problem, selectorFix);
        return [];
    }
    const hits = inventory.nodes
        .filter((n) => matchesLabels(parsed.selector, n.labels ?? {}))
        .map((n) => n.name)
        .sort();
    const clouds = hits.filter((n) => cloud.has(n));
    if (clouds.length > 0) {
        problems.add(
            setting,
            `${JSON.stringify(text)} matches cloud node(s) ${namesList(clouds)}`,
            `narrow the selector so it leaves the cloud nodes out (e.g. add ",!node-role.kubernetes.io/control-plane"), or take them out of cloudNodes`,
        );
    }
    if (hits.length === 0) {
        notes.push(`${setting} ${JSON.stringify(text)} matches no node now`);
    }
    return hits.filter((n) => !cloud.has(n));
}

/** "a, b, c" for up to 10 names, then how many more. */
const namesList = (names: string[]) =>
    `${names
        .slice(0, 10)
        .map((n) => `"${n}"`)
        .join(", ")}${names.length > 10 ? ` and ${names.length - 10} more` : ""}`;

/** One Edge pool's nodes from its `edgePools` entry: a list of names, or `{selector}`. */
function poolNodes(problems: ProblemList, pool: string, value: unknown, inventory: ClusterInventory, cloud: Set<string>, notes: string[]): string[] {
    if (Array.isArray(value)) {
        return value as string[];
    }
    if (typeof value === "object" && value !== null) {
        for (const key of Object.keys(value).filter((k) => k !== "selector")) {
            problems.add(`edgePools.${pool}.${key}`, "unknown setting", `give the pool's nodes as a list, or as {"selector": "key=value"}`);
        }
        return selectNodes(problems, `edgePools.${pool}.selector`, (value as { selector?: unknown }).selector, inventory, cloud, notes);
    }
    problems.add(
        `edgePools.${pool}`,
        `${JSON.stringify(value)} is not a list of node names or a selector`,
        `write it like ["node2", "node3"] or {"selector": "topology.kubernetes.io/zone=cn-hangzhou-a"}`,
    );
    return [];
}

/**
 * The pools' names (valid, distinct from the Cloud pool), the node sets, and each edge node's pool
 * (one pool per node). Selectors (`edgeNodeSelector`, an Edge pool's `selector`) are evaluated
 * against the live nodes of the inventory, so a node that starts or stops matching changes the plan.
 */
export function resolvePoolMembership(problems: ProblemList, spec: ConversionSpec, inventory: ClusterInventory): PoolMembership {
    const cloudPool = spec.cloudPool ?? settings.cloudPool.default;
    const defaultEdgePool = spec.defaultEdgePool ?? settings.defaultEdgePool.default;
    const notes: string[] = [];
    const cloud = new Set(Array.isArray(spec.cloudNodes) ? spec.cloudNodes : []);
    const edgePoolEntries: [string, string[]][] = Object.entries(edgePoolsObject(problems, spec.edgePools ?? {})).map(([pool, value]) => [
        pool,
        poolNodes(problems, pool, value, inventory, cloud, notes),
    ]);
    checkPoolNames(problems, cloudPool, defaultEdgePool, edgePoolEntries);
    const selected =
        spec.edgeNodeSelector === undefined ? [] : selectNodes(problems, "edgeNodeSelector", spec.edgeNodeSelector, inventory, cloud, notes);
    const pooled = [...selected, ...edgePoolEntries.flatMap(([, nodes]) => nodes)];
    const sets = resolveNodeSets(
        problems,
        {
            ...spec,
            // A selector chooses the edge nodes: with neither it nor edgeNodes, every node that is not a cloud node is one.
            edgeNodes: spec.edgeNodes ?? (spec.edgeNodeSelector === undefined ? undefined : []),
            extraEdgeNodes: {
                setting: spec.edgeNodeSelector === undefined ? "edgePools" : "edgeNodeSelector/edgePools",
                nodes: [...new Set(pooled)],
            },
        },
        inventory,
        "yurt-manager",
    );
    const poolOf = edgePoolOfNodes(problems, edgePoolEntries);
    const edgePoolOf = (n: string) => poolOf.get(n) ?? defaultEdgePool;
    return { cloudPool, edgePoolEntries, sets, edgePoolOf, notes };
}

/** `edgePools` as an object of pool name → node list or selector; anything else is a problem (and no pools). */
function edgePoolsObject(problems: ProblemList, edgePoolSpec: unknown): Record<string, unknown> {
    if (typeof edgePoolSpec === "object" && edgePoolSpec !== null && !Array.isArray(edgePoolSpec)) {
        return edgePoolSpec as Record<string, unknown>;
    }
    problems.add(
        "edgePools",
        `${JSON.stringify(edgePoolSpec)} is not an object of pool name → node list or selector`,
        `write it like {"hangzhou": ["node2", "node3"]} or {"hangzhou": {"selector": "topology.kubernetes.io/zone=cn-hangzhou-a"}}`,
    );
    return {};
}

/** Every pool name valid, and no Edge pool named like the Cloud pool. */
function checkPoolNames(problems: ProblemList, cloudPool: string, defaultEdgePool: string, edgePoolEntries: [string, string[]][]): void {
    const poolNames: [string, string][] = [
        ["cloudPool", cloudPool],
        ["defaultEdgePool", defaultEdgePool],
        ...edgePoolEntries.map(([name]): [string, string] => [`edgePools.${name}`, name]),
    ];
    for (const [setting, name] of poolNames) {
        const p = poolNameProblem(name);
        if (p) {
            problems.add(setting, p, 'choose a name like "edge-hangzhou"');
        }
    }
    for (const [name] of edgePoolEntries.filter(([n]) => n === cloudPool)) {
        problems.add(
            `edgePools.${name}`,
            `"${name}" is also the name of the Cloud pool (cloudPool)`,
            "give the Edge pool another name, or set cloudPool",
        );
    }
    if (defaultEdgePool === cloudPool) {
        problems.add("defaultEdgePool", `"${defaultEdgePool}" is also the name of the Cloud pool (cloudPool)`, "give the two pools different names");
    }
}

/** Each node of an Edge pool → its pool; a node in two pools is a problem naming both. */
function edgePoolOfNodes(problems: ProblemList, edgePoolEntries: [string, string[]][]): Map<string, string> {
    const poolOf = new Map<string, string>();
    const twice = new Map<string, string[]>();
    for (const [pool, nodes] of edgePoolEntries) {
        for (const n of nodes) {
            const other = poolOf.get(n);
            if (other !== undefined && other !== pool) {
                const key = `edgePools.${pool}\u0000${other}`;
                twice.set(key, [...(twice.get(key) ?? []), n]);
            }
            poolOf.set(n, other ?? pool);
        }
    }
    for (const [key, nodes] of twice) {
        const [setting, other] = key.split("\u0000");
        problems.add(
            setting,
            `node(s) ${namesList(nodes)} also in pool "${other}"`,
            `put each node in one pool only (narrow one selector, or take the node out of one list)`,
        );
    }
    return poolOf;
}

/**
 * A node's conversion Job is `node-servant-conversion-<node>`: a longer name than the Job allows
 * would leave the node labelled and never converted.
 */
export function checkConversionJobNames(problems: ProblemList, edgeNodes: string[], release: YurtManagerRelease): void {
    const maxNodeName = MAX_JOB_NAME - release.conversionJobPrefix.length;
    for (const n of edgeNodes.filter((e) => e.length > maxNodeName)) {
        problems.add(
            "edgeNodes",
            `node "${n}" has ${n.length} characters; yurt-manager converts a node with Job "${release.conversionJobPrefix}<node>", which allows at most ${maxNodeName}`,
            `leave "${n}" out of the edge nodes (list edgeNodes explicitly), or rename the node`,
        );
    }
}

/** The autonomy annotation's value: a Go duration ("0": never evict). */
export function resolveAutonomyDuration(problems: ProblemList, spec: ConversionSpec): string {
    const autonomyDuration = spec.autonomyDuration ?? settings.autonomyDuration.default;
    const durationProblem = goDurationProblem(autonomyDuration);
    if (durationProblem) {
        problems.add("autonomyDuration", durationProblem, `write it like "0" (never evict), "30m" or "72h"`);
    }
    return autonomyDuration;
}

/** rollout.maxFailures, checked: a count or a percentage of the edge nodes a run converts. */
export function resolveMaxFailures(problems: ProblemList, spec: ConversionSpec): FailureBudgetText {
    const value = spec.rollout?.maxFailures ?? settings["rollout.maxFailures"].default;
    const parsed = parseFailureBudget(value);
    if ("problem" in parsed) {
        problems.add(
            "rollout.maxFailures",
            parsed.problem,
            `write how many edge nodes may fail or be offline before the rollout stops, like 0, 3 or "5%"`,
        );
        return "0";
    }
    return parsed.text;
}

/** How many nodes yurt-manager converts at once (`--concurrent-yurtnodeconversion-workers`), ≥ 1. */
export function resolveConversionWorkers(problems: ProblemList, spec: ConversionSpec, release: YurtManagerRelease): number {
    const conversionWorkers = spec.yurtManager?.conversionWorkers ?? release.defaultConversionWorkers;
    if (!Number.isInteger(conversionWorkers) || conversionWorkers < 1) {
        problems.add(
            "yurtManager.conversionWorkers",
            `${JSON.stringify(spec.yurtManager?.conversionWorkers)} is not a whole number ≥ 1`,
            `set how many nodes yurt-manager converts at once (default ${release.defaultConversionWorkers})`,
        );
    }
    return conversionWorkers;
}

/** The API server address the nodes reach (for the yurthub chart): the setting, else the kubeconfig's; https only. */
export function resolveApiServerAddress(problems: ProblemList, spec: ConversionSpec, inventory: ClusterInventory): string {
    const apiServerAddress = spec.apiServerAddress ?? inventory.apiServer ?? "";
    if (!/^https:\/\/\S+$/.test(apiServerAddress)) {
        problems.add(
            "apiServerAddress",
            `${JSON.stringify(apiServerAddress)} is not an https:// address`,
            "set the API server address the nodes reach, e.g. https://192.168.0.10:6443",
        );
    }
    return apiServerAddress;
}

/** The planned nodes (cloud first, then edge in rollout order) and the NodePools with their members. */
export function layOutPools(membership: PoolMembership, batches: string[][]): { nodes: PlannedNode[]; pools: PlannedPool[] } {
    const { cloudPool, edgePoolEntries, sets, edgePoolOf } = membership;
    const autonomous = new Set(sets.autonomousNodes);
    const nodes: PlannedNode[] = [
        ...sets.cloudNodes.map((name) => ({ name, role: "cloud" as const, autonomous: false, pool: cloudPool })),
        ...batches.flatMap((batch, b) =>
            batch.map((name) => ({ name, role: "edge" as const, autonomous: autonomous.has(name), batch: b, pool: edgePoolOf(name) })),
        ),
    ];
    const edgePools = [...new Set([...edgePoolEntries.map(([n]) => n), ...sets.edgeNodes.map(edgePoolOf)])].sort();
    const pools: PlannedPool[] = [
        { name: cloudPool, type: "Cloud", nodes: sets.cloudNodes },
        ...edgePools.map((name) => ({ name, type: "Edge" as const, nodes: sets.edgeNodes.filter((n) => edgePoolOf(n) === name) })),
    ];
    return { nodes, pools };
}

function resolveChartSource(problems: ProblemList, spec: ConversionSpec, release: YurtManagerRelease): ChartSource {
    const c = spec.charts ?? {};
    if (typeof c !== "object" || c === null || Array.isArray(c)) {
        problems.add(
            "charts",
            `${JSON.stringify(c)} is not an object`,
            `give {"repository": URL, "version": "${release.charts.version}"} or {"path": "<folder with yurt-manager/ and yurthub/>"}`,
        );
        return { kind: "repository", repository: release.charts.repository, version: release.charts.version };
    }
    for (const key of Object.keys(c).filter((k) => !["repository", "version", "path"].includes(k))) {
        problems.add(`charts.${key}`, "unknown setting", "use repository and version, or path");
    }
    if (c.path !== undefined) {
        if (c.repository !== undefined || c.version !== undefined) {
            problems.add(
                "charts.path",
                "given together with charts.repository or charts.version",
                "give either a chart folder (path) or a repository and version",
            );
        }
        if (typeof c.path !== "string" || c.path.trim() === "") {
            problems.add(
                "charts.path",
                `${JSON.stringify(c.path)} is not a folder`,
                "give the folder that holds the yurt-manager and yurthub charts",
            );
        } else {
            const fp = chartFolderProblem(c.path, [release.charts.yurtManager, release.charts.yurthub]);
            if (fp) {
                problems.add(
                    "charts.path",
                    fp,
                    `give the folder that holds OpenYurt ${release.version}'s ${release.charts.yurtManager}/ and ${release.charts.yurthub}/ charts, each with its Chart.yaml (charts/ in OpenYurt's source), or unset charts.path to install from ${release.charts.repository}`,
                );
            }
        }
        return { kind: "path", path: String(c.path) };
    }
    const repository = c.repository ?? release.charts.repository;
    const rp = chartRepositoryProblem(repository);
    if (rp) {
        problems.add("charts.repository", rp, `use an https:// or oci:// chart repository, e.g. ${release.charts.repository}`);
    }
    const version = c.version ?? release.charts.version;
    if (typeof version !== "string" || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
        problems.add(
            "charts.version",
            `${JSON.stringify(version)} is not an exact chart version`,
            `pin an exact version such as "${release.charts.version}"; a range could install another release than ${release.version}`,
        );
    }
    return { kind: "repository", repository, version };
}
