import { defaultRelease, releases } from "../release";
import { OpenYurtRelease, YurtManagerRelease } from "../release/release";

/**
 * Every setting of a stack (`pulumi-openyurt:<key>`), once: its key, type, default, description and
 * the yurtctl flag that writes it. The program's config reader, the plan's defaults, the CLI's flag
 * table, its help and the problem → flag mapping are derived from this table; Pulumi.yaml's `config:`
 * schema, the README's configuration table and docs/cli.md's flag table are checked against it by
 * test/unit/settings.test.ts.
 */

/** How a setting's value is written in the stack file. */
export type SettingType = "string" | "boolean" | "integer" | "list" | "object";

/** The yurtctl flag that writes a setting. */
export interface SettingFlag {
    /** Long name, without the dashes (yurtctl's own where it had the flag). */
    readonly name: string;
    readonly short?: string;
    /** Placeholder shown in help, e.g. NODES. */
    readonly value?: string;
    readonly help: string;
    /** A path on the caller's machine: written absolute, as the program resolves paths against the project. */
    readonly path?: true;
    /** Written as the only field of its object (a chart folder replaces a chart repository and version). */
    readonly alone?: true;
}

/** One setting: a top-level key of the stack's config, or (`rollout.batchSize`) a field of an object setting. */
export interface SettingDefinition {
    readonly type: SettingType;
    /** The value a stack gets when it does not set the setting; absent when the default is not one value. */
    readonly default?: string | boolean | number | readonly [] | Readonly<Record<string, never>>;
    /** The default in words, where it is computed or depends on the release (absent when `default` or `required`). */
    readonly defaultText?: string;
    /** A stack must set it: the schema has no default. */
    readonly required?: true;
    /** The values a string setting takes, when it is one of a few (its flag's completion offers them; the plan checks them). */
    readonly choices?: readonly string[];
    /** What it does, in plain text: the README's meaning is exactly this, Pulumi.yaml's description this and then the defaultText. */
    readonly description: string;
    readonly flag?: SettingFlag;
}

/** `autonomousNodes: ["*"]` (`-a '*'`): every edge node, also the ones that join later. */
export const everyEdgeNode = "*";

/** The autonomy a list asks for: "all" for `["*"]`, else the list itself. */
export function autonomyOfList<T extends readonly unknown[] | undefined>(list: T): T | "all" {
    return list && list.length === 1 && list[0] === everyEdgeNode ? "all" : list;
}

/** What each release uses for a setting, e.g. "v1.7.0: openyurt/yurthub:v1.7.0; v0.6.1: openyurt/yurthub:v0.6.1". */
function perRelease(value: (r: OpenYurtRelease) => string | number | undefined): string {
    return Object.values(releases)
        .filter((r) => value(r) !== undefined)
        .map((r) => `${r.version}: ${value(r)}`)
        .join("; ");
}
const ofYurtManager = (value: (r: YurtManagerRelease) => string | number) =>
    perRelease((r) => (r.generation === "yurt-manager" ? value(r) : undefined));
const releaseImage = (key: string) => perRelease((r) => (r.defaultImages as unknown as Record<string, string | undefined>)[key]);

/** The setting `images.<key>`: an image override, by default each release's pinned image; its flag --<flag>. */
const image = (key: string, description: string, flag: string, help: string) =>
    ({ type: "string", defaultText: releaseImage(key), description, flag: { name: flag, value: "IMAGE", help } }) as const;

const lifecycleProviders = ["ack", "kubeadm", "none"] as const;

/** Every setting, by key. The flags' order here is their order in yurtctl's help. */
export const settings = {
    cluster: {
        type: "string",
        default: "existing",
        choices: ["existing", "ack"],
        description:
            "Where the cluster comes from: existing (reached by kubeconfig) or ack (provisioned on Alibaba Cloud ACK by this stack, docs/ack.md).",
    },
    cloudNodes: {
        type: "list",
        required: true,
        description:
            "Nodes that stay in the cloud (yurtctl --cloud-nodes); yurt-manager (v1.7.0) or yurt-controller-manager (v0.6.1) runs on them. At least one.",
        flag: {
            name: "cloud-nodes",
            short: "c",
            value: "NODES",
            help: "nodes that stay in the cloud (comma-separated); v1.7.0: the Cloud NodePool, where yurt-manager runs; v0.6.1: where yurt-controller-manager runs",
        },
    },
    provider: {
        type: "string",
        defaultText: "required for v0.6.1, not needed for v1.7.0",
        choices: lifecycleProviders,
        description:
            "How node lifecycle is handed over from kube-controller-manager: ack, kubeadm or none (a silent wrong default was openyurt#46). v0.6.1 only; v1.7.0 hands nothing over.",
        flag: {
            name: "provider",
            short: "p",
            value: "NAME",
            help: `v0.6.1 (required there): how node lifecycle is handed over: ${lifecycleProviders.join(", ")}; v1.7.0: optional, ack and none do nothing, kubeadm only gives a note`,
        },
    },
    autonomousNodes: {
        type: "list",
        default: [],
        description: `Edge nodes to mark autonomous (yurtctl markautonomous); ["${everyEdgeNode}"] means every edge node, also the ones that join later.`,
        flag: {
            name: "autonomous-nodes",
            short: "a",
            value: "NODES",
            help: `edge nodes to mark autonomous (comma-separated), or ${everyEdgeNode} for every edge node`,
        },
    },
    edgeNodeSelector: {
        type: "string",
        defaultText: "unset: edgeNodes decides",
        description:
            'v1.7.0: a Kubernetes label selector (as kubectl get nodes -l takes) choosing edge nodes, read from the live nodes on every run, e.g. "node-role.kubernetes.io/edge"; with edgeNodes unset only matching nodes (and the ones edgePools names or selects) are edge nodes, with edgeNodes both count.',
        flag: {
            name: "edge-node-selector",
            value: "SELECTOR",
            help: "v1.7.0: convert the nodes matching this label selector, read on every run (e.g. node-role.kubernetes.io/edge)",
        },
    },
    edgeNodes: {
        type: "list",
        defaultText: "every node that is not a cloud node, discovered on each run",
        description: "Nodes to convert to edge nodes; an explicit list leaves the others alone (stack output unmanagedNodes).",
        flag: { name: "edge-nodes", value: "NODES", help: "convert only these nodes (default: every node that is not a cloud node, as yurtctl)" },
    },
    release: {
        type: "string",
        default: defaultRelease.version,
        choices: Object.keys(releases),
        description:
            "OpenYurt release to install: v1.7.0 (yurt-manager, Kubernetes 1.23-1.34) or v0.6.1 (the last yurtctl release, Kubernetes 1.12-1.21).",
        flag: {
            name: "release",
            value: "VERSION",
            help: `OpenYurt release: ${defaultRelease.version} (the default; yurt-manager, NodePools) or v0.6.1 (yurtctl generation, Kubernetes up to 1.21)`,
        },
    },
    allowUnsupportedKubernetes: {
        type: "boolean",
        default: false,
        description:
            "Go on although the cluster's Kubernetes version is outside what the release supports (the run says so); false: such a cluster is refused before anything changes.",
        flag: {
            name: "allow-unsupported-kubernetes",
            help: "go on although the cluster's Kubernetes version is outside what the release supports (written to the stack)",
        },
    },
    charts: { type: "object", default: {}, description: "v1.7.0: where OpenYurt's Helm charts come from: repository and version, or path." },
    "charts.repository": {
        type: "string",
        defaultText: ofYurtManager((r) => r.charts.repository),
        description: "v1.7.0: the chart repository (https:// or oci://).",
    },
    "charts.version": {
        type: "string",
        defaultText: ofYurtManager((r) => r.charts.version),
        description: "v1.7.0: the chart version, an exact one (a range could install another release).",
    },
    "charts.path": {
        type: "string",
        defaultText: "unset: the chart repository",
        description: "v1.7.0: a folder with yurt-manager/ and yurthub/ (relative to the project), instead of a repository and version.",
        flag: {
            name: "charts-path",
            value: "DIR",
            path: true,
            alone: true,
            help: "v1.7.0: a local folder with OpenYurt's yurt-manager/ and yurthub/ Helm charts, instead of OpenYurt's chart repository",
        },
    },
    autonomyDuration: {
        type: "string",
        default: "0",
        description:
            "v1.7.0: value of node.openyurt.io/autonomy-duration on autonomous nodes (a Go duration; 0 = pods are never evicted while the node is offline).",
        flag: {
            name: "autonomy-duration",
            value: "DURATION",
            help: "v1.7.0: value of node.openyurt.io/autonomy-duration on autonomous nodes, a Go duration (0: pods are never evicted while offline)",
        },
    },
    images: {
        type: "object",
        default: {},
        description:
            "Image overrides, each pinned to a tag or digest (never :latest), lower-case repository: v1.7.0 yurtManager, nodeServant, yurthub; v0.6.1 yurthub, yurtControllerManager, nodeServant.",
    },
    "images.yurtManager": image(
        "yurtManager",
        "v1.7.0: the yurt-manager image.",
        "yurt-manager-image",
        "v1.7.0: yurt-manager image, pinned to a tag or digest",
    ),
    "images.yurthub": image("yurthub", "The yurt-hub image.", "yurthub-image", "yurthub image, pinned to a tag or digest"),
    "images.yurtControllerManager": image(
        "yurtControllerManager",
        "v0.6.1: the yurt-controller-manager image.",
        "yurt-controller-manager-image",
        "v0.6.1: yurt-controller-manager image, pinned to a tag or digest",
    ),
    "images.nodeServant": image(
        "nodeServant",
        "The node-servant image (v1.7.0: run by yurt-manager's conversion Jobs; v0.6.1: by the component's servant Jobs).",
        "node-servant-image",
        "node-servant image, pinned to a tag or digest",
    ),
    rollout: { type: "object", default: {}, description: "How the edge nodes are converted: batchSize, jobTimeout, maxFailures, backoffLimit." },
    "rollout.batchSize": {
        type: "integer",
        defaultText: "every edge node at once",
        description: "Edge nodes converted at once; batch k+1 starts only when every node of batch k is converted.",
        flag: { name: "batch-size", value: "N", help: "edge nodes converted at once; batch k+1 starts only when batch k succeeded" },
    },
    "rollout.jobTimeout": {
        type: "string",
        default: "10m",
        description:
            "v0.6.1: how long one servant Job may run; v1.7.0: how long a batch may go without a node finishing, and how long one node's yurt-hub-at-boot pod may run.",
        flag: {
            name: "wait-servant-job-timeout",
            value: "DURATION",
            help: "v0.6.1: how long one servant Job may run; v1.7.0: how long a batch may go without a node finishing, and one node's yurt-hub-at-boot pod may run; e.g. 5m",
        },
    },
    "rollout.maxFailures": {
        type: "string",
        default: "0",
        description:
            'v1.7.0: how many edge nodes of a run may fail or be skipped offline before the rollout stops: a count (3) or a percentage of the nodes the run converts ("5%", rounded down); within it later batches go on and the run succeeds with a warning and the report; past it the run stops before the next batch. 0: stop at the first failure.',
        flag: {
            name: "max-failures",
            value: "N|P%",
            help: "v1.7.0: edge nodes that may fail or be offline before the rollout stops, a count or a percentage (default 0)",
        },
    },
    "rollout.backoffLimit": {
        type: "integer",
        default: 2,
        description: "v0.6.1: pod retries of a servant Job before it fails (v1.7.0: yurt-manager's Jobs always retry 3 times).",
    },
    yurthubHealthCheckTimeout: {
        type: "string",
        default: "2m",
        description: "v0.6.1: how long node-servant waits for yurt-hub to become healthy.",
        flag: {
            name: "yurthub-healthcheck-timeout",
            value: "DURATION",
            help: "v0.6.1: how long node-servant waits for yurthub to become healthy, e.g. 2m",
        },
    },
    kubeadmConfPath: {
        type: "string",
        defaultText: "node-servant's own search of the default paths",
        description:
            "v0.6.1: the kubelet drop-in node-servant edits (yurtctl --kubeadm-conf-path, env KUBELET_SVC on the preflight, convert and revert Jobs), for hosts where it is not at a default path.",
        flag: {
            name: "kubeadm-conf-path",
            value: "PATH",
            help: "v0.6.1: the kubelet drop-in node-servant edits, where it is not at a default path (env KUBELET_SVC on its Jobs)",
        },
    },
    kubeconfig: {
        type: "string",
        defaultText: "$KUBECONFIG (every file, merged as kubectl does), then ~/.kube/config",
        description:
            "Cluster existing: path to a kubeconfig, or its contents (set contents with --secret); files it references are inlined into the secret the state keeps.",
        flag: {
            name: "kubeconfig",
            value: "PATH",
            path: true,
            help: "kubeconfig of the cluster (default: the stack's, then $KUBECONFIG, then ~/.kube/config)",
        },
    },
    kubeconfigContext: {
        type: "string",
        defaultText: "the kubeconfig's current-context",
        description:
            "Cluster existing: the kubeconfig context to use (yurtctl --context), for the component's Kubernetes provider and its own API calls.",
        flag: { name: "context", value: "NAME", help: "kubeconfig context to use (default: the stack's, then the kubeconfig's current-context)" },
    },
    cloudPool: { type: "string", default: "cloud", description: "v1.7.0: the Cloud NodePool that holds the cloud nodes." },
    edgePools: {
        type: "object",
        default: {},
        description:
            'v1.7.0: named Edge NodePools and their nodes: a list of names, e.g. {"hangzhou": ["node2", "node3"]}, or a label selector read from the live nodes on every run, e.g. {"hangzhou": {"selector": "topology.kubernetes.io/zone=cn-hangzhou-a"}}; a node named or selected here is an edge node, edge nodes in none of them join defaultEdgePool.',
    },
    defaultEdgePool: { type: "string", default: "edge", description: "v1.7.0: the Edge NodePool of the edge nodes not named in edgePools." },
    yurtManager: { type: "object", default: {}, description: "v1.7.0: yurt-manager's settings: conversionWorkers." },
    "yurtManager.conversionWorkers": {
        type: "integer",
        defaultText: ofYurtManager((r) => r.defaultConversionWorkers),
        description: "v1.7.0: how many nodes yurt-manager converts at once (its --concurrent-yurtnodeconversion-workers).",
    },
    apiServerAddress: {
        type: "string",
        defaultText: "the kubeconfig's server",
        description: "v1.7.0: the API server address the nodes reach (the yurthub chart's kubernetesServerAddr).",
    },
    bootstrapTokenTtl: {
        type: "string",
        default: "24h",
        description: "v0.6.1: lifetime of the yurt-hub bootstrap token (10m to 168h); the up after half of it has passed rotates it.",
    },
    namespace: {
        type: "string",
        default: "kube-system",
        description:
            "Namespace of the OpenYurt components: v1.7.0 the charts' (yurt-manager's working namespace, where its conversion Jobs run); v0.6.1 yurt-controller-manager's and the servant Jobs'.",
    },
    ack: { type: "object", default: {}, description: "Cluster ack: the ACK cluster and node pools to provision (docs/ack.md)." },
} as const satisfies Record<string, SettingDefinition>;

/** A setting's key: `release`, `rollout.batchSize`. */
export type SettingKey = keyof typeof settings;

/** Every setting, by key, as the general shape (for code that walks the table). */
export const settingTable: Readonly<Record<SettingKey, SettingDefinition>> = settings;

/** The value of a setting of a type, as the program reads it. */
export type SettingValue<T extends SettingType = SettingType> = T extends "string"
    ? string
    : T extends "boolean"
      ? boolean
      : T extends "integer"
        ? number
        : T extends "list"
          ? string[]
          : Record<string, unknown>;

/** Values of some settings, by key (what a command line gives). */
export type SettingValues = { -readonly [K in SettingKey]?: SettingValue<(typeof settings)[K]["type"]> };

/** The settings in the table's order. */
export const settingKeys = Object.keys(settings) as SettingKey[];

/** The settings a yurtctl flag writes, in the table's order. */
export const flaggedSettings = settingKeys.filter((k) => settingTable[k].flag !== undefined);

/** The object setting a field belongs to (`rollout` for `rollout.batchSize`); undefined for a top-level key. */
export function parentOf(key: string): string | undefined {
    const dot = key.indexOf(".");
    return dot < 0 ? undefined : key.slice(0, dot);
}

/** The keys of the stack's config itself (Pulumi.yaml's `config:`): the settings that are no object's field. */
export const topLevelSettings = settingKeys.filter((k) => parentOf(k) === undefined);
