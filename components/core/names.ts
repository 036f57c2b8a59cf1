/**
 * What identifies each resource the components register, in one place: its logical name, built
 * from the component's name (`openyurt-convert-node2`), and its type token; and the way back, from
 * a name and type to which resource of which node, pool or batch they are. The builders
 * (components/edgecluster, components/ack) and the CLI's readers of engine events and stack state
 * both use it, so a rename on one side cannot leave the other behind. Pure, no Pulumi import: the
 * CLI loads it at start.
 */

/** Helm release names of OpenYurt's charts; also the prefix of the chart objects' logical names in Pulumi. */
export const yurtManagerReleaseName = "yurt-manager";
export const yurthubReleaseName = "yurt-hub";

/** The name this project's programs (index.ts, the ACK program) give their component, hence the CLI's stacks. */
export const defaultComponentName = "openyurt";

/** Type tokens of the project's component resources. */
export const componentTypes = {
    edgeCluster: "openyurt:index:EdgeCluster",
    ackCluster: "openyurt:ack:AckCluster",
} as const;

/** Module of the dynamic resources (components/yurtmanager, components/yurtctl/dynamic): their tokens are `pulumi-nodejs:dynamic/openyurt:<type>`. */
export const dynamicModule = "openyurt";

/** Type names of the dynamic resources, as each class registers itself. */
export const dynamicTypes = {
    bootstrapToken: "BootstrapToken",
    nodeControllerHandover: "NodeControllerHandover",
    nodePoolMembers: "NodePoolMembers",
    nodePoolReverts: "NodePoolReverts",
    revertJobs: "RevertJobs",
    yurtManagerReady: "YurtManagerReady",
} as const;

/** A dynamic resource's type name. */
export type DynamicType = (typeof dynamicTypes)[keyof typeof dynamicTypes];

/** The type token the engine reports for a dynamic resource (the Node SDK's `pulumi-nodejs:dynamic/<module>:<type>`). */
export function dynamicTypeToken(type: DynamicType): string {
    return `pulumi-nodejs:dynamic/${dynamicModule}:${type}`;
}

/** Type tokens of the Kubernetes resources the EdgeCluster registers (those of @pulumi/kubernetes' classes). */
export const kubeTypes = {
    provider: "pulumi:providers:kubernetes",
    job: "kubernetes:batch/v1:Job",
    nodePatch: "kubernetes:core/v1:NodePatch",
    configMap: "kubernetes:core/v1:ConfigMap",
    secret: "kubernetes:core/v1:Secret",
    serviceAccount: "kubernetes:core/v1:ServiceAccount",
    deployment: "kubernetes:apps/v1:Deployment",
    clusterRole: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
    clusterRoleBinding: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    role: "kubernetes:rbac.authorization.k8s.io/v1:Role",
    roleBinding: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    chart: "kubernetes:helm.sh/v4:Chart",
    nodePool: "kubernetes:apps.openyurt.io/v1beta2:NodePool",
} as const;

/**
 * How many of a resource the EdgeCluster registers: one; one per node, pool or rollout batch
 * (named `<component>-<suffix>-<node|pool|batch>`); or one Helm chart, whose objects the
 * engine names `<chart resource>:<namespace>/<name>`.
 */
type Per = "one" | "node" | "pool" | "batch" | "chart";

interface Spec {
    readonly suffix: string;
    readonly per: Per;
    /** The types registered under this name (several where one name serves a group, e.g. a Role and its binding). */
    readonly types: readonly string[];
}

const dyn = dynamicTypeToken;
const k = kubeTypes;

/** The resources of the yurtctl generation (OpenYurt v0.6.1: components/yurtctl). */
const yurtctlSpecs = {
    roleLabel: { suffix: "role", per: "node", types: [k.nodePatch] },
    convertJob: { suffix: "convert", per: "node", types: [k.job] },
    autonomy: { suffix: "autonomy", per: "node", types: [k.nodePatch] },
    preflightJob: { suffix: "preflight", per: "node", types: [k.job] },
    preflightRecord: { suffix: "preflight", per: "one", types: [k.configMap] },
    revert: { suffix: "revert", per: "one", types: [dyn(dynamicTypes.revertJobs)] },
    batch: { suffix: "batch", per: "batch", types: [k.configMap] },
    ycm: { suffix: "ycm", per: "one", types: [k.serviceAccount, k.clusterRole, k.clusterRoleBinding, k.deployment] },
    nodeLifecycle: { suffix: "node-lifecycle", per: "one", types: [dyn(dynamicTypes.nodeControllerHandover)] },
    nodeLifecycleRestore: { suffix: "node-lifecycle-restore", per: "one", types: [dyn(dynamicTypes.revertJobs)] },
    disableNodeLifecycle: { suffix: "disable-node-lifecycle", per: "node", types: [k.job] },
    yurthub: { suffix: "yurthub", per: "one", types: [k.clusterRole, k.clusterRoleBinding] },
    yurthubConfig: { suffix: "yurthub-cfg", per: "one", types: [k.configMap] },
    bootstrapToken: { suffix: "bootstrap-token", per: "one", types: [dyn(dynamicTypes.bootstrapToken), k.secret] },
    joinToken: { suffix: "join-token", per: "one", types: [k.secret] },
    clusterInfo: { suffix: "cluster-info", per: "one", types: [k.configMap, k.role, k.roleBinding] },
} as const satisfies Record<string, Spec>;

/** The resources of the yurt-manager generation (OpenYurt v1.7.0: components/yurtmanager). */
const yurtManagerSpecs = {
    yurtManagerChart: { suffix: yurtManagerReleaseName, per: "chart", types: [k.chart] },
    yurtManagerReady: { suffix: "yurt-manager-ready", per: "one", types: [dyn(dynamicTypes.yurtManagerReady)] },
    yurthubChart: { suffix: yurthubReleaseName, per: "chart", types: [k.chart] },
    pool: { suffix: "pool", per: "pool", types: [k.nodePool] },
    nodePoolReverts: { suffix: "nodepool-reverts", per: "one", types: [dyn(dynamicTypes.nodePoolReverts)] },
    nodePoolMembers: { suffix: "nodepool-members", per: "one", types: [dyn(dynamicTypes.nodePoolMembers)] },
} as const satisfies Record<string, Spec>;

/** Every resource of the EdgeCluster: `<component>-<suffix>[-<node|pool|batch>]`. */
const specs = {
    k8sProvider: { suffix: "k8s", per: "one", types: [k.provider] },
    ...yurtctlSpecs,
    ...yurtManagerSpecs,
} as const satisfies Record<string, Spec>;

/** Which of the EdgeCluster's resources a name is. */
export type ResourceKind = keyof typeof specs;

/** The kinds each generation registers (besides the Kubernetes provider, which both do), by `OpenYurtRelease.generation`. */
export const generationKinds = {
    yurtctl: Object.keys(yurtctlSpecs) as ResourceKind[],
    "yurt-manager": Object.keys(yurtManagerSpecs) as ResourceKind[],
} as const;

type KindsPer<P extends Per> = { [K in ResourceKind]: (typeof specs)[K]["per"] extends P ? K : never }[ResourceKind];

/** The logical name of each EdgeCluster resource: a string, or a function of its node, pool or batch. */
export type ResourceNames = { readonly [K in KindsPer<"one" | "chart">]: string } & {
    readonly [K in KindsPer<"node" | "pool">]: (nodeOrPool: string) => string;
} & { readonly [K in KindsPer<"batch">]: (batch: number) => string };

/** What a logical name names: the resource, and which node, pool, batch or chart object. */
export type NamedResource =
    | { kind: KindsPer<"one"> }
    | { kind: KindsPer<"node">; node: string }
    | { kind: KindsPer<"pool">; pool: string }
    | { kind: KindsPer<"batch">; batch: number }
    /** A chart (no `object`), or one of the objects it renders (`<namespace>/<name>`). */
    | { kind: KindsPer<"chart">; object?: string };

/** The logical names of the resources of an EdgeCluster named `component`. */
export function resourceNames(component: string): ResourceNames {
    return Object.fromEntries(
        Object.entries(specs).map(([kind, s]) => [
            kind,
            s.per === "one" || s.per === "chart" ? `${component}-${s.suffix}` : (id: string | number) => `${component}-${s.suffix}-${id}`,
        ]),
    ) as unknown as ResourceNames;
}

/**
 * Which EdgeCluster resource a logical name is, from the name alone (suffixes do not overlap:
 * a single resource's suffix never starts with a per-node one's `<suffix>-`); undefined for a name
 * the component does not register.
 */
export function parseResourceName(name: string, component = defaultComponentName): NamedResource | undefined {
    const prefix = `${component}-`;
    if (!name.startsWith(prefix)) {
        return undefined;
    }
    const rest = name.slice(prefix.length);
    for (const [kind, s] of Object.entries(specs) as Array<[ResourceKind, Spec]>) {
        if (s.per === "one" && rest === s.suffix) {
            return { kind } as NamedResource;
        }
        if (s.per === "chart" && (rest === s.suffix || rest.startsWith(`${s.suffix}:`))) {
            return (rest === s.suffix ? { kind } : { kind, object: rest.slice(s.suffix.length + 1) }) as NamedResource;
        }
    }
    for (const [kind, s] of Object.entries(specs) as Array<[ResourceKind, Spec]>) {
        const id = rest.startsWith(`${s.suffix}-`) ? rest.slice(s.suffix.length + 1) : "";
        if (id === "" || s.per === "one" || s.per === "chart") {
            continue;
        }
        if (s.per === "batch") {
            if (/^\d+$/.test(id)) {
                return { kind, batch: Number(id) } as NamedResource;
            }
            continue;
        }
        return (s.per === "node" ? { kind, node: id } : { kind, pool: id }) as NamedResource;
    }
    return undefined;
}

/**
 * Which EdgeCluster resource a step or state entry is, from its logical name and type token: as
 * parseResourceName, and only when the type is one the component registers under that name (an
 * object of a chart may be of any type).
 */
export function parseResource(name: string, type: string, component = defaultComponentName): NamedResource | undefined {
    const r = parseResourceName(name, component);
    if (!r) {
        return undefined;
    }
    return ("object" in r && r.object !== undefined) || (specs[r.kind].types as readonly string[]).includes(type) ? r : undefined;
}

/**
 * The logical names of the cloud resources of an AckCluster named `component`. Its EdgeCluster
 * has the same name, so an ACK node pool and the NodePool of that pool share a logical name; their
 * types tell them apart.
 */
export function ackResourceNames(component: string) {
    return {
        vpc: `${component}-vpc`,
        vswitch: (index: number) => `${component}-vsw-${index}`,
        cluster: `${component}-cluster`,
        nodePool: (pool: string) => `${component}-pool-${pool}`,
    };
}
