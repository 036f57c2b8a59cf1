import { ConversionSpec, ProblemList } from "../plan";

/** Reads one raw config value (as `pulumi.Config.get` does); undefined when unset. */
export type ConfigGetter = (key: string) => string | undefined;

/** Where the cluster comes from. */
export type ClusterSource = "existing" | "ack";

/** Everything a stack's config says, typed; conversion values are validated later by the plan. */
export interface StackSettings {
    cluster: ClusterSource;
    /** Path to, or contents of, a kubeconfig (cluster "existing"); default $KUBECONFIG, then ~/.kube/config. */
    kubeconfig?: string;
    /** The kubeconfig context to use (cluster "existing"); default its current-context. */
    kubeconfigContext?: string;
    conversion: ConversionSpec;
    /** Raw `ack` object (cluster "ack"), validated by the ACK source. */
    ack?: unknown;
}

/**
 * Turns raw stack config into typed settings. Structured keys arrive as JSON; a value of the wrong
 * shape is reported with its key and the `pulumi config set` that fixes it.
 */
export function readStackConfig(get: ConfigGetter, project = "pulumi-openyurt"): StackSettings {
    const problems = new ProblemList();
    const json = (key: string): unknown => {
        const raw = get(key);
        if (raw === undefined || raw === "") {
            return undefined;
        }
        try {
            return JSON.parse(raw);
        } catch {
            problems.add(key, `value ${JSON.stringify(raw.slice(0, 60))} is not valid JSON for a structured setting`,
                `set it with \`pulumi config set --path ${project}:${key}[0] value\` or give a JSON value`);
            return undefined;
        }
    };
    const list = (key: string): string[] | undefined => {
        const v = json(key);
        if (v === undefined) {
            return undefined;
        }
        if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
            problems.add(key, `${JSON.stringify(v)} is not a list of node names`, `set it like \`pulumi config set --path '${project}:${key}[0]' node1\``);
            return undefined;
        }
        return v;
    };
    const object = (key: string): Record<string, any> | undefined => {
        const v = json(key);
        if (v !== undefined && (typeof v !== "object" || v === null || Array.isArray(v))) {
            problems.add(key, `${JSON.stringify(v)} is not an object`, `set its fields like \`pulumi config set --path '${project}:${key}.field' value\``);
            return undefined;
        }
        return v as Record<string, any> | undefined;
    };

    const nonEmptyObject = (v: Record<string, any> | undefined) => (v && Object.keys(v).length > 0 ? v : undefined);
    const cluster = (get("cluster") ?? "existing") as ClusterSource;
    if (cluster !== "existing" && cluster !== "ack") {
        problems.add("cluster", `unknown cluster source "${cluster}"`, `use "existing" (a cluster reached by kubeconfig) or "ack" (provision an ACK cluster)`);
    }
    const nonEmpty = (v: string[] | undefined) => (v && v.length > 0 ? v : undefined);
    // Booleans arrive as "true"/"false"; anything else is passed on for the plan to name.
    const bool = (key: string): boolean | string | undefined => {
        const raw = get(key);
        return raw === undefined || raw === "" ? undefined : raw === "true" ? true : raw === "false" ? false : raw;
    };
    const edgePools = object("edgePools");
    const yurtManager = object("yurtManager");
    const autonomous = list("autonomousNodes");
    const rollout = object("rollout");
    const settings: StackSettings = {
        cluster,
        kubeconfig: get("kubeconfig") || undefined,
        kubeconfigContext: get("kubeconfigContext") || undefined,
        conversion: {
            cloudNodes: list("cloudNodes") ?? [],
            // An empty list (the schema default) means: every node that is not a cloud node.
            edgeNodes: nonEmpty(list("edgeNodes")),
            autonomousNodes: autonomous && autonomous.length === 1 && autonomous[0] === "*" ? "all" : autonomous,
            provider: get("provider") || undefined,
            release: get("release"),
            images: object("images"),  // {} by default
            rollout: rollout && {
                ...rollout,
                batchSize: rollout.batchSize === undefined ? undefined : Number(rollout.batchSize),
                backoffLimit: rollout.backoffLimit === undefined ? undefined : Number(rollout.backoffLimit),
            },
            bootstrapTokenTtl: get("bootstrapTokenTtl"),
            yurthubHealthCheckTimeout: get("yurthubHealthCheckTimeout"),
            kubeadmConfPath: get("kubeadmConfPath") || undefined,
            namespace: get("namespace"),
            allowUnsupportedKubernetes: bool("allowUnsupportedKubernetes") as boolean | undefined,
            cloudPool: get("cloudPool") || undefined,
            edgePools: edgePools && Object.keys(edgePools).length > 0 ? edgePools : undefined,
            defaultEdgePool: get("defaultEdgePool") || undefined,
            autonomyDuration: get("autonomyDuration") || undefined,
            charts: nonEmptyObject(object("charts")),
            yurtManager: yurtManager && {
                ...yurtManager,
                conversionWorkers: yurtManager.conversionWorkers === undefined ? undefined : Number(yurtManager.conversionWorkers),
            },
            apiServerAddress: get("apiServerAddress") || undefined,
        },
        ack: cluster === "ack" ? object("ack") : undefined,
    };
    problems.throwIfAny();
    return settings;
}
