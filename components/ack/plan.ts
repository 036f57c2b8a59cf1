import { ConversionSpec } from "../core/config/spec";
import { duplicates } from "../core/plan/validate";
import { ProblemList } from "../core/config/problems";
import { poolNameProblem } from "../core/plan/validate";
import { releases, requestedRelease } from "../core/release";
import { Cidr, contains, isPrivate, overlaps, parseCidr } from "./cidr";
import { alicloudRegion, AlicloudEnvironment, checkCredentials, CredentialSource } from "./credentials";
import { ackRegions, zoneInRegion } from "./regions";

export type PoolRole = "cloud" | "edge";

/** One node pool, as the `ack.nodePools` stack setting gives it. */
export interface NodePoolSpec {
    /** Pool name, unique in the cluster: 1-63 letters, digits, '-' or '_'. */
    name: string;
    /** `cloud` (exactly one pool: runs yurt-controller-manager) or `edge` (converted to OpenYurt edge nodes). */
    role: PoolRole;
    /** Number of ECS nodes (ACK `desiredSize`): ≥ 1 for the cloud pool, ≥ 0 for edge pools. */
    size: number;
    /** ECS instance types in order of preference; ACK buys the first one in stock. At least one. */
    instanceTypes: string[];
    /** System disk category. Default "cloud_essd". */
    systemDiskCategory?: string;
    /** System disk size in GiB (20-2048). Default 40. */
    systemDiskSize?: number;
}

/** One vSwitch of the VPC; every node pool spreads over all of them. */
export interface VSwitchSpec {
    /** Zone ID in the region, e.g. cn-hangzhou-i. */
    zone: string;
    /** CIDR block inside the VPC's, e.g. 192.168.1.0/24. */
    cidr: string;
}

/** The `pulumi-openyurt:ack` stack setting: the ACK cluster this stack provisions. */
export interface AckSpec {
    /** ACK cluster name. Default `openyurt-<stack>`. */
    clusterName?: string;
    /** Kubernetes version, e.g. "1.31.1-aliyun.1". Default: ACK's current default. */
    kubernetesVersion?: string;
    /** "ack.pro.small" (default) or "ack.standard". */
    clusterSpec?: string;
    /** Only "Default" (a standard ACK managed cluster). "Edge" is refused: ACK Edge ships its own edge components. */
    profile?: string;
    /** VPC CIDR block. Default 192.168.0.0/16. */
    vpcCidr?: string;
    /** vSwitches (at least one) for the control plane endpoint and every node pool. */
    vswitches: VSwitchSpec[];
    /** Pod CIDR block (Flannel). Default 172.20.0.0/16. Must not overlap the VPC or service blocks. */
    podCidr?: string;
    /** Service CIDR block. Default 172.21.0.0/20. Must not overlap the VPC or pod blocks. */
    serviceCidr?: string;
    /** Prefix length of each node's share of the pod block (24-28). Default 26 (64 pods per node). */
    nodeCidrMask?: number;
    /** Name of an existing ECS key pair for node login (ACK requires a key pair or a password). */
    keyName: string;
    /** Expose the API server on an internet SLB (needed when `pulumi` runs outside the VPC). Default true. */
    publicApiServer?: boolean;
    /** Refuse deletion of the cluster in the ACK API. Default false. */
    deletionProtection?: boolean;
    /** Tags for the VPC, vSwitches, cluster and nodes. */
    tags?: Record<string, string>;
    /** Exactly one `cloud` pool and at least one `edge` pool. */
    nodePools: NodePoolSpec[];
}

export type PlannedAckNodePool = Required<NodePoolSpec>;

/** The conversion settings that apply on ACK: node roles come from node pools, so no node lists. */
export type AckConversionSpec = Omit<ConversionSpec, "cloudNodes" | "edgeNodes"> & { provider: "ack" };

/** A validated, fully-defaulted ACK cluster: everything the AckCluster component needs. */
export interface AckPlan {
    region: string;
    clusterName: string;
    kubernetesVersion?: string;
    clusterSpec: string;
    profile: "Default";
    vpcCidr: string;
    vswitches: VSwitchSpec[];
    podCidr: string;
    serviceCidr: string;
    nodeCidrMask: number;
    keyName: string;
    publicApiServer: boolean;
    deletionProtection: boolean;
    tags: Record<string, string>;
    nodePools: PlannedAckNodePool[];
    /** How the alicloud provider will authenticate. */
    credentials: CredentialSource;
    /** The conversion to run on the cluster's nodes. */
    conversion: AckConversionSpec;
}

export const ackDefaults = {
    clusterSpec: "ack.pro.small",
    vpcCidr: "192.168.0.0/16",
    podCidr: "172.20.0.0/16",
    serviceCidr: "172.21.0.0/20",
    nodeCidrMask: 26,
    systemDiskCategory: "cloud_essd",
    systemDiskSize: 40,
} as const;

const clusterSpecs = ["ack.pro.small", "ack.standard"];
const specKeys = [
    "clusterName",
    "kubernetesVersion",
    "clusterSpec",
    "profile",
    "vpcCidr",
    "vswitches",
    "podCidr",
    "serviceCidr",
    "nodeCidrMask",
    "keyName",
    "publicApiServer",
    "deletionProtection",
    "tags",
    "nodePools",
];
const poolKeys = ["name", "role", "size", "instanceTypes", "systemDiskCategory", "systemDiskSize"];
const vswitchKeys = ["zone", "cidr"];
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const INSTANCE_TYPE = /^ecs\.[a-z0-9-]+\.[a-z0-9-]+$/;
const K8S_VERSION = /^1\.\d+\.\d+-aliyun\.\d+$/;

const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);

/** An integer given as a number or as a numeric string (`pulumi config set --path` stores strings). */
function integer(v: unknown): number | undefined {
    const n = typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
    return typeof n === "number" && Number.isInteger(n) ? n : undefined;
}

function boolean(v: unknown): boolean | undefined {
    return v === true || v === "true" ? true : v === false || v === "false" ? false : undefined;
}

const ACK_EDGE_MESSAGE =
    'profile "Edge" would create an ACK Edge cluster, which already ships its own OpenYurt-derived components ' +
    "(edge-hub in the yurt-hub role, edge-controller-manager for node lifecycle, edge-tunnel, yurt-app-manager); converting it " +
    "would install a second yurt-hub and node-lifecycle controller next to them, which is wrong";

/**
 * Validates the `ack` setting, the Alibaba Cloud region and credentials and the conversion settings
 * that apply on ACK, and resolves every default. Pure: everything it reads is passed in. Throws a
 * ConversionConfigError listing every problem before any resource is registered.
 */
export function planAck(raw: unknown, conversion: ConversionSpec, env: AlicloudEnvironment, defaultClusterName: string): AckPlan {
    const problems = new ProblemList();
    const region = checkRegion(problems, env);
    const credentials = checkCredentials(env, problems);
    checkConversionOnAck(problems, conversion);
    if (!isObject(raw)) {
        problems.add(
            "ack",
            raw === undefined ? 'not set, but cluster is "ack"' : `${JSON.stringify(raw)} is not an object`,
            "describe the cluster in the stack file under `pulumi-openyurt:ack` (see docs/ack.md)",
        );
        problems.throwIfAny();
    }
    const spec = raw as Record<string, any>;
    for (const key of Object.keys(spec).filter((k) => !specKeys.includes(k))) {
        problems.add(`ack.${key}`, "unknown setting", `remove it; known settings: ${specKeys.join(", ")}`);
    }
    const cluster = checkClusterSettings(problems, spec, defaultClusterName);
    const network = checkNetwork(problems, spec, region);
    const nodePools = checkNodePools(problems, spec, conversion);
    checkPodCapacity(problems, network, nodePools);
    problems.throwIfAny();
    const { cloudNodes: _c, edgeNodes: _e, ...rest } = conversion;
    return {
        region: region!,
        ...cluster,
        kubernetesVersion: spec.kubernetesVersion,
        profile: "Default",
        vpcCidr: network.vpcCidr,
        vswitches: network.vswitches,
        podCidr: network.podCidr,
        serviceCidr: network.serviceCidr,
        nodeCidrMask: network.nodeCidrMask!,
        keyName: spec.keyName,
        nodePools,
        credentials: credentials!,
        conversion: { ...rest, provider: "ack" },
    };
}

const set = (path: string) => `\`pulumi config set --path 'pulumi-openyurt:ack.${path}' …\``;

/** `alicloud:region` (the provider's own setting): set, and a region with ACK managed clusters. */
export function checkRegion(problems: ProblemList, env: AlicloudEnvironment): string | undefined {
    const region = alicloudRegion(env);
    if (!region) {
        problems.add("alicloud:region", "not set", "run `pulumi config set alicloud:region cn-hangzhou` (or export ALICLOUD_REGION)");
    } else if (!(region in ackRegions)) {
        problems.add(
            "alicloud:region",
            `"${region}" is not a region where ACK managed clusters can be created`,
            `use one of: ${Object.keys(ackRegions).join(", ")}`,
        );
    }
    return region;
}

/** Conversion settings that mean nothing on ACK, where node roles follow node-pool membership. */
export function checkConversionOnAck(problems: ProblemList, conversion: ConversionSpec): void {
    if (conversion.cloudNodes.length > 0) {
        problems.add(
            "cloudNodes",
            'is set, but on cluster "ack" node roles follow node-pool membership',
            "remove it (`pulumi config rm pulumi-openyurt:cloudNodes`) and give the pool `role: cloud` in ack.nodePools",
        );
    }
    if (conversion.edgeNodes !== undefined) {
        problems.add(
            "edgeNodes",
            'is set, but on cluster "ack" every node of an edge pool is converted',
            "remove it (`pulumi config rm pulumi-openyurt:edgeNodes`) and size the `role: edge` pools in ack.nodePools instead",
        );
    }
    if (conversion.provider !== undefined && conversion.provider !== "ack") {
        problems.add(
            "provider",
            `"${conversion.provider}" cannot hand over node lifecycle on an ACK managed control plane`,
            'remove it or set it to "ack" (`pulumi config set pulumi-openyurt:provider ack`)',
        );
    }
}

/** The cluster's own settings: name, Kubernetes version, spec, profile (never ACK Edge), key pair, flags, tags. */
export function checkClusterSettings(problems: ProblemList, spec: Record<string, any>, defaultClusterName: string) {
    const clusterName = spec.clusterName ?? defaultClusterName;
    if (typeof clusterName !== "string" || !NAME.test(clusterName)) {
        problems.add(
            "ack.clusterName",
            `${JSON.stringify(clusterName)} is not a valid cluster name`,
            "use 1-63 letters, digits, '-' or '_', starting with a letter or digit",
        );
    }
    if (spec.kubernetesVersion !== undefined && (typeof spec.kubernetesVersion !== "string" || !K8S_VERSION.test(spec.kubernetesVersion))) {
        problems.add(
            "ack.kubernetesVersion",
            `${JSON.stringify(spec.kubernetesVersion)} is not an ACK Kubernetes version`,
            'write it like "1.31.1-aliyun.1", or leave it unset for ACK\'s default',
        );
    }
    const clusterSpec = spec.clusterSpec ?? ackDefaults.clusterSpec;
    if (!clusterSpecs.includes(clusterSpec)) {
        problems.add("ack.clusterSpec", `unknown cluster spec ${JSON.stringify(clusterSpec)}`, `use one of: ${clusterSpecs.join(", ")}`);
    }
    const profile = spec.profile ?? "Default";
    if (typeof profile === "string" && profile.toLowerCase() === "edge") {
        problems.add("ack.profile", ACK_EDGE_MESSAGE, 'use a standard ACK cluster: remove ack.profile or set it to "Default"');
    } else if (profile !== "Default") {
        problems.add(
            "ack.profile",
            `${JSON.stringify(profile)} is not a cluster with node pools this stack can convert`,
            'remove ack.profile or set it to "Default" (a standard ACK managed cluster)',
        );
    }
    if (typeof spec.keyName !== "string" || !/^[A-Za-z][A-Za-z0-9_.:-]{1,127}$/.test(spec.keyName)) {
        problems.add(
            "ack.keyName",
            spec.keyName === undefined
                ? "not set; ACK nodes need an ECS key pair for login"
                : `${JSON.stringify(spec.keyName)} is not an ECS key pair name`,
            `create a key pair in the region (ECS console, or \`aliyun ecs CreateKeyPair --KeyPairName openyurt\`) and run ${set("keyName")}`,
        );
    }
    const flag = (key: string, dflt: boolean): boolean => {
        if (spec[key] === undefined) {
            return dflt;
        }
        const b = boolean(spec[key]);
        if (b === undefined) {
            problems.add(`ack.${key}`, `${JSON.stringify(spec[key])} is not true or false`, `set it to true or false`);
        }
        return b ?? dflt;
    };
    const publicApiServer = flag("publicApiServer", true);
    const deletionProtection = flag("deletionProtection", false);
    const tags = spec.tags ?? {};
    if (!isObject(tags) || Object.values(tags).some((v) => typeof v !== "string")) {
        problems.add("ack.tags", `${JSON.stringify(tags)} is not a map of tag names to strings`, "write it like {team: edge, env: dev}");
    }
    return { clusterName, clusterSpec, publicApiServer, deletionProtection, tags };
}

/** The VPC, pod and service blocks (private, sized, disjoint), the node CIDR mask and the vSwitches inside the VPC. */
export function checkNetwork(problems: ProblemList, spec: Record<string, any>, region: string | undefined) {
    const vpcCidr = spec.vpcCidr ?? ackDefaults.vpcCidr;
    const podCidr = spec.podCidr ?? ackDefaults.podCidr;
    const serviceCidr = spec.serviceCidr ?? ackDefaults.serviceCidr;
    const vpc = checkCidr(problems, "ack.vpcCidr", vpcCidr, 8, 24);
    const pod = checkCidr(problems, "ack.podCidr", podCidr, 8, 24);
    const service = checkCidr(problems, "ack.serviceCidr", serviceCidr, 16, 24);
    const blocks: [string, Cidr | undefined][] = [
        ["ack.vpcCidr", vpc],
        ["ack.podCidr", pod],
        ["ack.serviceCidr", service],
    ];
    for (let i = 0; i < blocks.length; i++) {
        for (let j = i + 1; j < blocks.length; j++) {
            const [an, a] = blocks[i];
            const [bn, b] = blocks[j];
            if (a && b && overlaps(a, b)) {
                problems.add(
                    bn,
                    `${b.text} overlaps ${an} ${a.text}`,
                    "the VPC, pod and service blocks must be disjoint; e.g. VPC 192.168.0.0/16, pods 172.20.0.0/16, services 172.21.0.0/20",
                );
            }
        }
    }
    const nodeCidrMask = spec.nodeCidrMask === undefined ? ackDefaults.nodeCidrMask : integer(spec.nodeCidrMask);
    if (nodeCidrMask === undefined || nodeCidrMask < 24 || nodeCidrMask > 28) {
        problems.add(
            "ack.nodeCidrMask",
            `${JSON.stringify(spec.nodeCidrMask)} is not a prefix length from 24 to 28`,
            "use 26 (64 pods per node) or leave it unset",
        );
    }
    const vswitches = checkVSwitches(problems, spec.vswitches, region, vpc);
    return { vpcCidr, podCidr, serviceCidr, pod, nodeCidrMask, vswitches };
}

/** One CIDR setting checked: well-formed, private, its prefix within bounds (the block, or undefined when malformed). */
function checkCidr(problems: ProblemList, setting: string, value: unknown, minPrefix: number, maxPrefix: number): Cidr | undefined {
    const c = parseCidr(value);
    if (typeof c === "string") {
        problems.add(setting, c, `write a block like 10.0.0.0/${minPrefix}`);
        return undefined;
    }
    if (!isPrivate(c)) {
        problems.add(setting, `${c.text} is not a private range`, "use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16");
    } else if (c.prefix < minPrefix || c.prefix > maxPrefix) {
        problems.add(
            setting,
            `${c.text} has prefix /${c.prefix}; ACK accepts /${minPrefix} to /${maxPrefix} here`,
            `use a /${minPrefix}-/${maxPrefix} block`,
        );
    }
    return c;
}

/** The vSwitches: at least one, each a {zone, cidr} in the region, inside the VPC, not overlapping another. */
function checkVSwitches(problems: ProblemList, list: unknown, region: string | undefined, vpc: Cidr | undefined): VSwitchSpec[] {
    const vswitches: VSwitchSpec[] = [];
    const vswitchBlocks: Cidr[] = [];
    if (!Array.isArray(list) || list.length === 0) {
        problems.add(
            "ack.vswitches",
            "no vSwitch given",
            `list at least one {zone, cidr} inside the VPC, e.g. ${set("vswitches[0].zone")} ${region ?? "cn-hangzhou"}-i`,
        );
        return vswitches;
    }
    list.forEach((v: unknown, i: number) => {
        const at = `ack.vswitches[${i}]`;
        if (!isObject(v)) {
            problems.add(at, `${JSON.stringify(v)} is not a {zone, cidr} object`, "write it like {zone: cn-hangzhou-i, cidr: 192.168.1.0/24}");
            return;
        }
        for (const key of Object.keys(v).filter((k) => !vswitchKeys.includes(k))) {
            problems.add(`${at}.${key}`, "unknown setting", `remove it; a vSwitch has: ${vswitchKeys.join(", ")}`);
        }
        if (typeof v.zone !== "string" || (region && region in ackRegions && !zoneInRegion(v.zone, region))) {
            problems.add(
                `${at}.zone`,
                `${JSON.stringify(v.zone)} is not a zone of region ${region ?? "(unset)"}`,
                `use a zone ID of ${region ?? "the region"}, e.g. ${region ?? "cn-hangzhou"}-i (\`aliyun ecs DescribeZones\`)`,
            );
        }
        const c = checkCidr(problems, `${at}.cidr`, v.cidr, 16, 29);
        if (c && vpc && !contains(vpc, c)) {
            problems.add(`${at}.cidr`, `${c.text} is not inside the VPC block ${vpc.text}`, "carve vSwitch blocks out of ack.vpcCidr");
        }
        if (c) {
            const clash = vswitchBlocks.find((o) => overlaps(o, c));
            if (clash) {
                problems.add(`${at}.cidr`, `${c.text} overlaps another vSwitch's ${clash.text}`, "give each vSwitch its own block");
            }
            vswitchBlocks.push(c);
        }
        vswitches.push({ zone: v.zone, cidr: v.cidr });
    });
    return vswitches;
}

/**
 * The node pools: each well-formed, exactly one cloud pool and at least one edge pool, unique names;
 * with a yurt-manager release, every pool name must also be a valid NodePool name (each pool
 * becomes one), refused here rather than once the cluster exists.
 */
export function checkNodePools(problems: ProblemList, spec: Record<string, any>, conversion: ConversionSpec): PlannedAckNodePool[] {
    if (!Array.isArray(spec.nodePools)) {
        problems.add("ack.nodePools", "not set", "list one pool with role cloud and at least one with role edge (see docs/ack.md)");
        return [];
    }
    const pools = spec.nodePools.flatMap((p: unknown, i: number) => checkNodePool(problems, p, i) ?? []);
    checkPoolSet(problems, pools, conversion);
    return pools;
}

/** One node pool: its keys, name, role, size, instance types and system disk. Undefined when it is not an object. */
function checkNodePool(problems: ProblemList, p: unknown, i: number): PlannedAckNodePool | undefined {
    const at = `ack.nodePools[${i}]`;
    if (!isObject(p)) {
        problems.add(
            at,
            `${JSON.stringify(p)} is not a node pool`,
            "write it like {name: edge-a, role: edge, size: 2, instanceTypes: [ecs.c7.large]}",
        );
        return undefined;
    }
    const label = typeof p.name === "string" ? `pool "${p.name}"` : `pool #${i}`;
    for (const key of Object.keys(p).filter((k) => !poolKeys.includes(k))) {
        problems.add(`${at}.${key}`, "unknown setting", `remove it; a node pool has: ${poolKeys.join(", ")}`);
    }
    if (typeof p.name !== "string" || !NAME.test(p.name)) {
        problems.add(`${at}.name`, `${JSON.stringify(p.name)} is not a node pool name`, "use 1-63 letters, digits, '-' or '_'");
    }
    if (p.role !== "cloud" && p.role !== "edge") {
        problems.add(`${at}.role`, `${JSON.stringify(p.role)} is not a pool role`, "use cloud (runs yurt-controller-manager) or edge (converted)");
    }
    const size = integer(p.size);
    const minSize = p.role === "cloud" ? 1 : 0;
    if (size === undefined || size < minSize) {
        problems.add(
            `${at}.size`,
            `${JSON.stringify(p.size)} is not a whole number of nodes ≥ ${minSize} (${label})`,
            p.role === "cloud"
                ? "give the cloud pool at least 1 node: yurt-controller-manager runs there"
                : "give a whole number of nodes, 0 or more",
        );
    }
    const types = p.instanceTypes;
    if (!Array.isArray(types) || types.length === 0) {
        problems.add(
            `${at}.instanceTypes`,
            `${label} has no instance type`,
            "list at least one ECS instance type, e.g. [ecs.c7.large, ecs.c6.large]; ACK buys the first one in stock",
        );
    } else {
        types.forEach((t: unknown, k: number) => {
            if (typeof t !== "string" || !INSTANCE_TYPE.test(t)) {
                problems.add(`${at}.instanceTypes[${k}]`, `${JSON.stringify(t)} is not an ECS instance type`, "write it like ecs.c7.large");
            }
        });
    }
    const diskSize = checkSystemDisk(problems, at, p);
    return {
        name: p.name,
        role: p.role,
        size: size ?? 0,
        instanceTypes: Array.isArray(types) ? types : [],
        systemDiskCategory: p.systemDiskCategory ?? ackDefaults.systemDiskCategory,
        systemDiskSize: diskSize ?? ackDefaults.systemDiskSize,
    };
}

/** A pool's system disk: size from 20 to 2048 GiB (default when unset), a known category. */
function checkSystemDisk(problems: ProblemList, at: string, p: Record<string, any>): number | undefined {
    const diskSize = p.systemDiskSize === undefined ? ackDefaults.systemDiskSize : integer(p.systemDiskSize);
    if (diskSize === undefined || diskSize < 20 || diskSize > 2048) {
        problems.add(
            `${at}.systemDiskSize`,
            `${JSON.stringify(p.systemDiskSize)} is not a disk size from 20 to 2048 GiB`,
            "use 40 or more, or leave it unset",
        );
    }
    if (p.systemDiskCategory !== undefined && (typeof p.systemDiskCategory !== "string" || !/^cloud(_[a-z]+)?$/.test(p.systemDiskCategory))) {
        problems.add(
            `${at}.systemDiskCategory`,
            `${JSON.stringify(p.systemDiskCategory)} is not a disk category`,
            "use cloud_essd, cloud_auto or cloud_efficiency",
        );
    }
    return diskSize;
}

/** The pools together: unique names, exactly one cloud pool, at least one edge pool, NodePool names for yurt-manager. */
function checkPoolSet(problems: ProblemList, pools: PlannedAckNodePool[], conversion: ConversionSpec): void {
    const names = pools.map((p) => p.name).filter((n) => typeof n === "string");
    for (const dup of duplicates(names)) {
        problems.add("ack.nodePools", `pool name "${dup}" is used more than once`, "give every pool its own name");
    }
    const cloud = pools.filter((p) => p.role === "cloud");
    if (cloud.length !== 1) {
        problems.add(
            "ack.nodePools",
            `${cloud.length} pools have role cloud (${cloud.map((p) => p.name).join(", ") || "none"}); exactly one is needed`,
            "give exactly one pool `role: cloud`: yurt-controller-manager and the cloud side of OpenYurt run on its nodes",
        );
    }
    if (!pools.some((p) => p.role === "edge")) {
        problems.add("ack.nodePools", "no pool has role edge, so nothing would be converted", "add a pool with `role: edge`");
    }
    if (releases[requestedRelease(conversion.release)]?.generation === "yurt-manager") {
        pools.forEach((p, i) => {
            const problem = typeof p.name === "string" && NAME.test(p.name) ? poolNameProblem(p.name) : undefined;
            if (problem) {
                problems.add(
                    `ack.nodePools[${i}].name`,
                    problem,
                    "use lower-case letters, digits and '-' (each pool becomes a NodePool of the same name)",
                );
            }
        });
    }
}

/** The pod block must hold a node CIDR for every node the pools ask for. */
function checkPodCapacity(problems: ProblemList, network: { pod?: Cidr; nodeCidrMask?: number }, pools: PlannedAckNodePool[]): void {
    const { pod, nodeCidrMask } = network;
    const nodes = pools.reduce((s, p) => s + p.size, 0);
    if (pod && nodeCidrMask !== undefined && nodeCidrMask > pod.prefix && 2 ** (nodeCidrMask - pod.prefix) < nodes) {
        problems.add(
            "ack.podCidr",
            `${pod.text} with nodeCidrMask /${nodeCidrMask} has room for ${2 ** (nodeCidrMask - pod.prefix)} nodes; the pools ask for ${nodes}`,
            "use a larger pod block or a larger nodeCidrMask",
        );
    }
}
