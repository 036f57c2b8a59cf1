import * as assert from "assert";
import { parseMemberships } from "../../components/yurtmanager/membersState";
import * as pulumi from "@pulumi/pulumi";
import {
    createdInPreview,
    extraState,
    installMocks,
    invokeAnswers,
    ofType,
    Registered,
    registered,
    reset,
    resetMockAnswers,
    valueOf,
} from "../../support/mocks";
import { ackSpec, alicloudEnv, poolInventory } from "./ackFixtures";
import { ClusterInventory } from "../../components/core/plan/inventory";

// The component module is loaded after the mocks are installed.
let ack: typeof import("../../components/ack");

const CREDENTIAL = "alicloud:cs/getClusterCredential:getClusterCredential";
const VPC = "alicloud:vpc/network:Network";
const VSWITCH = "alicloud:vpc/switch:Switch";
const CLUSTER = "alicloud:cs/managedKubernetes:ManagedKubernetes";
const POOL = "alicloud:cs/nodePool:NodePool";
const K8S_PROVIDER = "pulumi:providers:kubernetes";
const ACK_KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters:\n- name: ack\n  cluster: {server: 'https://47.0.0.1:6443'}\ncontexts: []\n";

const CLOUD = ["cn-hangzhou.192.168.1.10"];
const EDGE = ["cn-hangzhou.192.168.1.11", "cn-hangzhou.192.168.2.11", "cn-hangzhou.192.168.2.12"];
const joined = (edge = EDGE, extra: string[] = []) =>
    poolInventory({ cloud: { role: "cloud", nodes: CLOUD }, "edge-a": { role: "edge", nodes: edge } }, extra);
const isK8s = (r: Registered) => r.type.startsWith("kubernetes:") || r.type === K8S_PROVIDER;

/** Answers the credential invoke (recording what it was asked) and gives clusters their endpoints. */
function answerCloud(): any[] {
    const credentialCalls: any[] = [];
    invokeAnswers.set(CREDENTIAL, (inputs) => {
        credentialCalls.push(inputs);
        return {
            ...inputs,
            id: inputs.clusterId,
            clusterName: "c",
            expiration: "2029-11-28T00:00:00Z",
            kubeConfig: ACK_KUBECONFIG,
            certificateAuthority: {},
        };
    });
    extraState.set(CLUSTER, () => ({
        connections: {
            apiServerInternet: "https://47.0.0.1:6443",
            apiServerIntranet: "https://192.168.1.2:6443",
            masterPublicIp: "",
            serviceDomain: "",
        },
    }));
    return credentialCalls;
}

type Args = import("../../components/ack").AckClusterArgs;

/** Builds an AckCluster with a fake discovery and waits until every child is registered. */
async function build(name: string, over: Partial<Args> = {}, inventory: ClusterInventory = joined()) {
    const discovered: string[] = [];
    const cluster = new ack.AckCluster(name, {
        ...ackSpec(),
        alicloudEnvironment: alicloudEnv(),
        ...over,
        discoverInventory: async (kc) => {
            discovered.push(kc);
            return inventory;
        },
    });
    await Promise.all([cluster.urn, ...Object.values(cluster.nodePools).map((p) => p.urn)].map(valueOf));
    await Promise.all([cluster.pendingConversion, cluster.convertedNodes, cluster.autonomousNodes].map((o) => valueOf<unknown>(o)));
    return { cluster, discovered };
}

/**
 * Each Pulumi Output captures a stack trace, which ts-node's source maps make slow, and an ACK
 * cluster has hundreds of outputs. Short traces keep this file fast; restored afterwards.
 */
function shortStackTraces() {
    let saved = Error.stackTraceLimit;
    before(() => {
        saved = Error.stackTraceLimit;
        Error.stackTraceLimit = 3;
    });
    after(() => {
        Error.stackTraceLimit = saved;
    });
}

describe("AckCluster (under mocks)", function () {
    this.timeout(30000);
    shortStackTraces();
    let calls: any[];
    let built: Awaited<ReturnType<typeof build>>;
    let all: Registered[];
    const resources = (type: string) => all.filter((r) => r.type === type);

    before(async () => {
        await installMocks();
        ack = await import("../../components/ack");
        reset();
        resetMockAnswers();
        calls = answerCloud();
        // One cluster for the assertions on inputs and outputs: custom CIDRs, autonomy for all, batches
        // of two, and a node that joined outside this stack's pools.
        built = await build(
            "std",
            {
                podCidr: "10.64.0.0/16",
                serviceCidr: "10.96.0.0/20",
                conversion: { cloudNodes: [], autonomousNodes: "all", rollout: { batchSize: 2 } },
            },
            joined(EDGE, ["byo-1"]),
        );
        all = [...registered];
    });
    after(resetMockAnswers);

    it("creates the VPC and one vSwitch per zone inside it", () => {
        const vpc = resources(VPC);
        assert.strictEqual(vpc.length, 1);
        assert.deepStrictEqual([vpc[0].inputs.cidrBlock, vpc[0].inputs.vpcName], ["192.168.0.0/16", "std-unit-vpc"]);
        assert.deepStrictEqual(
            resources(VSWITCH).map((v) => [v.inputs.zoneId, v.inputs.cidrBlock, v.inputs.vpcId]),
            [
                ["cn-hangzhou-i", "192.168.1.0/24", "std-vpc-id"],
                ["cn-hangzhou-j", "192.168.2.0/24", "std-vpc-id"],
            ],
        );
    });

    it("creates a standard ACK managed cluster (profile Default, never Edge) with the planned CIDRs", () => {
        const clusters = resources(CLUSTER);
        assert.strictEqual(clusters.length, 1);
        const c = clusters[0].inputs;
        assert.strictEqual(c.profile, "Default");
        assert.ok(
            !JSON.stringify(all.filter((r) => r.type.startsWith("alicloud:")).map((r) => r.inputs)).includes('"Edge"'),
            "no cloud resource asks for ACK Edge",
        );
        assert.strictEqual(resources("alicloud:cs/edgeKubernetes:EdgeKubernetes").length, 0);
        assert.deepStrictEqual([c.name, c.clusterSpec], ["std-unit", "ack.pro.small"]);
        assert.deepStrictEqual([c.podCidr, c.serviceCidr, c.nodeCidrMask], ["10.64.0.0/16", "10.96.0.0/20", 26]);
        assert.deepStrictEqual(c.vswitchIds, ["std-vsw-0-id", "std-vsw-1-id"]);
        assert.deepStrictEqual(c.addons, [{ name: "flannel" }]);
        assert.strictEqual(c.slbInternetEnabled, true);
        assert.strictEqual(c.workerNumber, undefined, "workers are node pools, not cluster arguments");
    });

    it("creates one cloud and one edge node pool, labelled with their role, sized and typed as planned", () => {
        const pools = resources(POOL);
        assert.deepStrictEqual(
            pools.map((p) => p.name),
            ["std-pool-cloud", "std-pool-edge-a"],
        );
        const [cloud, edge] = pools.map((p) => p.inputs);
        assert.deepStrictEqual(cloud.labels, [
            { key: "openyurt.io/pool-role", value: "cloud" },
            { key: "openyurt.io/ack-node-pool", value: "cloud" },
        ]);
        assert.deepStrictEqual(edge.labels, [
            { key: "openyurt.io/pool-role", value: "edge" },
            { key: "openyurt.io/ack-node-pool", value: "edge-a" },
        ]);
        assert.deepStrictEqual([cloud.desiredSize, edge.desiredSize], ["2", "3"]);
        assert.deepStrictEqual([cloud.instanceTypes, edge.instanceTypes], [["ecs.g7.large"], ["ecs.c7.large", "ecs.c6.large"]]);
        for (const p of [cloud, edge]) {
            assert.deepStrictEqual([p.clusterId, p.vswitchIds, p.keyName], ["std-cluster-id", ["std-vsw-0-id", "std-vsw-1-id"], "openyurt"]);
        }
    });

    it("reads a stable (non-temporary) credential for the cluster and keeps the kubeconfig output secret", async () => {
        assert.deepStrictEqual(calls, [{ clusterId: "std-cluster-id" }], "no temporaryDurationMinutes: the same credential on every run");
        assert.strictEqual(await pulumi.isSecret(built.cluster.kubeconfig), true);
        assert.strictEqual(await valueOf(built.cluster.kubeconfig), ACK_KUBECONFIG);
    });

    it("builds one Kubernetes provider from the secret kubeconfig, used by every Kubernetes child", () => {
        const providers = resources(K8S_PROVIDER);
        assert.deepStrictEqual(
            providers.map((p) => p.name),
            ["std-k8s"],
        );
        assert.deepStrictEqual(providers[0].secretInputs, ["kubeconfig"]);
        assert.strictEqual(providers[0].inputs.kubeconfig, ACK_KUBECONFIG);
        const k8sChildren = all.filter((r) => r.type.startsWith("kubernetes:"));
        assert.ok(k8sChildren.length >= 4, "two charts and two NodePools");
        for (const r of k8sChildren) {
            assert.ok(r.provider?.includes("std-k8s"), `${r.name} uses ${r.provider}`);
        }
        // The kubeconfig carries the cluster and the pools, so `destroy` reverts before they go.
        for (const dep of ["std-cluster", "std-pool-cloud", "std-pool-edge-a"]) {
            assert.ok(providers[0].dependsOn.includes(dep), `provider depends on ${dep}: ${providers[0].dependsOn}`);
        }
    });

    it("converts by node-pool membership: cloud pool nodes stay cloud, edge pool nodes are converted, others are left alone", async () => {
        assert.deepStrictEqual(built.discovered, [ACK_KUBECONFIG], "nodes are read with the cluster's own credential");
        // OpenYurt v1.7.0: every ACK node pool is a NodePool of the same name; nodes join it by label.
        assert.deepStrictEqual(
            resources("kubernetes:apps.openyurt.io/v1beta2:NodePool")
                .map((p) => [p.inputs.metadata.name, p.inputs.spec.type])
                .sort(),
            [
                ["cloud", "Cloud"],
                ["edge-a", "Edge"],
            ],
        );
        const members = resources("pulumi-nodejs:dynamic/openyurt:NodePoolMembers")[0];
        assert.deepStrictEqual(
            Object.entries(parseMemberships(members.inputs.nodes))
                .filter(([, m]) => m.edge)
                .map(([n, m]: [string, any]) => [n, m.pool]),
            EDGE.map((n) => [n, "edge-a"]),
        );
        assert.deepStrictEqual(resources("pulumi-nodejs:dynamic/openyurt:NodeControllerHandover"), [], "v1.7.0 needs no node-lifecycle hand-over");
        assert.deepStrictEqual(
            await valueOf(built.cluster.nodeRoles),
            Object.fromEntries([...CLOUD.map((n) => [n, "cloud"]), ...EDGE.map((n) => [n, "edge"])]),
        );
        assert.deepStrictEqual(await valueOf(built.cluster.unmanagedNodes), ["byo-1"]);
        assert.deepStrictEqual(await valueOf(built.cluster.nodesByPool), { cloud: CLOUD, "edge-a": EDGE });
        assert.ok(!all.some((r) => r.name.includes("byo-1")), "a node outside the pools is not touched");
    });

    it("exposes cluster id, API endpoint, converted and autonomous nodes, batches, and no pending conversion", async () => {
        const c = built.cluster;
        assert.strictEqual(await valueOf(c.clusterId), "std-cluster-id");
        assert.strictEqual(await valueOf(c.apiEndpoint), "https://47.0.0.1:6443");
        assert.strictEqual(await valueOf(c.pendingConversion), false);
        assert.strictEqual(await valueOf(c.pendingReason), "");
        assert.deepStrictEqual(await valueOf(c.convertedNodes), EDGE);
        assert.deepStrictEqual(await valueOf(c.autonomousNodes), EDGE);
        assert.deepStrictEqual(await valueOf(c.batches), [EDGE.slice(0, 2), EDGE.slice(2)]);
        for (const o of [c.nodeRoles, c.convertedNodes, c.autonomousNodes, c.pendingConversion, c.apiEndpoint, c.clusterId]) {
            assert.strictEqual(await pulumi.isSecret<unknown>(o), false, "only the kubeconfig is secret");
        }
    });

    it("reports the conversion as pending, and registers no Kubernetes resource, while no node has joined", async () => {
        reset();
        const { cluster } = await build("empty", {}, poolInventory({}));
        assert.strictEqual(await valueOf(cluster.pendingConversion), true);
        assert.match(await valueOf(cluster.pendingReason), /no node has joined/);
        assert.strictEqual(registered.filter(isK8s).length, 0);
        assert.deepStrictEqual(await valueOf(cluster.nodeRoles), {});
    });

    it("the ack stack program reads the region from this stack's alicloud config, and refuses wiring keys as settings", async () => {
        reset();
        pulumi.runtime.setAllConfig({ "alicloud:region": "xx-nowhere-1" }, []);
        try {
            assert.throws(
                () => ack.ackStack({ cluster: "ack", conversion: { cloudNodes: [] }, ack: ackSpec() }),
                /alicloud:region: "xx-nowhere-1" is not a region/,
            );
        } finally {
            pulumi.runtime.setAllConfig({}, []);
        }
        assert.throws(
            () => ack.ackStack({ cluster: "ack", conversion: { cloudNodes: [] }, ack: { ...ackSpec(), discoverInventory: "x" } }),
            /ack.discoverInventory: unknown setting/,
        );
        await new Promise((r) => setTimeout(r, 20));
        assert.strictEqual(registered.length, 0);
    });

    it("registers nothing at all when the ACK settings are invalid", async () => {
        reset();
        assert.throws(() => new ack.AckCluster("bad", { ...ackSpec(), profile: "Edge", alicloudEnvironment: alicloudEnv() }), /ACK Edge.*edge-hub/s);
        assert.throws(
            () => new ack.AckCluster("bad", { ...ackSpec(), alicloudEnvironment: alicloudEnv({ region: "cn-hangzhou" }) }),
            /no Alibaba Cloud credentials/,
        );
        await new Promise((r) => setTimeout(r, 50));
        assert.strictEqual(registered.filter((r) => r.name.startsWith("bad")).length, 0);
    });
});

describe("AckCluster in a preview (under mocks)", function () {
    this.timeout(30000);
    shortStackTraces();
    before(async () => {
        await installMocks(true);
        ack = await import("../../components/ack");
    });
    beforeEach(() => {
        reset();
        resetMockAnswers();
        answerCloud();
    });
    after(async () => {
        resetMockAnswers();
        await installMocks();
    });

    it("first preview of a new stack: only cloud infrastructure, conversion pending, nothing read from the cluster", async () => {
        for (const t of [VPC, VSWITCH, CLUSTER, POOL]) {
            createdInPreview.add(t);
        }
        const { cluster, discovered } = await build("new");
        assert.strictEqual(await valueOf(cluster.pendingConversion), true);
        assert.match(await valueOf(cluster.pendingReason), /created by this update/);
        assert.deepStrictEqual(discovered, [], "no cluster to ask yet");
        assert.deepStrictEqual(
            [VPC, VSWITCH, CLUSTER, POOL].map((t) => ofType(t).length),
            [1, 2, 1, 2],
        );
        assert.strictEqual(registered.filter(isK8s).length, 0, "no per-node step is shown before nodes exist");
    });

    it("later preview: a node that joined an edge pool since shows up as its own conversion steps", async () => {
        const { cluster, discovered } = await build("grow", {}, joined([...EDGE, "cn-hangzhou.192.168.2.13"]));
        assert.strictEqual(discovered.length, 1, "a preview reads the nodes of an existing cluster");
        assert.strictEqual(await valueOf(cluster.pendingConversion), false);
        const members = ofType("pulumi-nodejs:dynamic/openyurt:NodePoolMembers", "grow-")[0];
        assert.deepStrictEqual(
            members.inputs.nodes["cn-hangzhou.192.168.2.13"],
            "pool=edge-a role=edge",
            "the new node joins its pool's NodePool, by name, in the preview",
        );
    });
});
