import * as assert from "assert";
import { parseMembership, parseMemberships } from "../../components/yurtmanager/membersState";
import { dependsOn, installMocks, ofType, registered, reset, valueOf } from "../../support/mocks";
import { inventory, v1_7Kubernetes } from "../../support/inventory";
import { chartFolder } from "./chartFixtures";

// The component module is loaded after the mocks are installed.
let openyurt: typeof import("../../components");

const KUBECONFIG = "apiVersion: v1\nclusters: []\ncontexts: []\n";
const CHART = "kubernetes:helm.sh/v4:Chart";
const POOL = "kubernetes:apps.openyurt.io/v1beta2:NodePool";
const MEMBERS = "pulumi-nodejs:dynamic/openyurt:NodePoolMembers";
const REVERTS = "pulumi-nodejs:dynamic/openyurt:NodePoolReverts";
const READY = "pulumi-nodejs:dynamic/openyurt:YurtManagerReady";
/** A chart folder the plan finds its charts in (the charts themselves are not rendered under mocks). */
const CHARTS = chartFolder();

/** Builds a v1.7.0 EdgeCluster and waits until every child is registered. */
async function build(name: string, args: Partial<import("../../components").EdgeClusterArgs>, nodes = ["node1", "node2", "node3", "node4"]) {
    const edge = new openyurt.EdgeCluster(name, {
        kubeconfig: KUBECONFIG,
        inventory: inventory(nodes, { version: v1_7Kubernetes }),
        cloudNodes: ["node1"],
        charts: { path: CHARTS },
        ...args,
    });
    await valueOf(edge.convertedNodes);
    await valueOf(edge.nodePools);
    return edge;
}
const one = (type: string, prefix = "") => {
    const found = ofType(type, prefix);
    assert.strictEqual(found.length, 1, `one ${type} ${prefix}: ${found.map((r) => r.name)}`);
    return found[0];
};

describe("EdgeCluster v1.7.0 (under mocks)", function () {
    this.timeout(30000);
    before(async () => {
        await installMocks();
        openyurt = await import("../../components");
    });
    beforeEach(reset);

    it("is the default release", async () => {
        const edge = await build("default", {});
        assert.strictEqual(edge.plan.release.version, "v1.7.0");
    });

    it("installs yurt-manager from OpenYurt's chart: pinned images, cloud-node affinity, conversion workers", async () => {
        await build("ym", { yurtManager: { conversionWorkers: 20 } });
        const chart = one(CHART, "ym-yurt-manager");
        assert.strictEqual(chart.inputs.chart, `${CHARTS}/yurt-manager`);
        assert.strictEqual(chart.inputs.namespace, "kube-system");
        const v = chart.inputs.values;
        assert.deepStrictEqual(v.image, { registry: "openyurt", repository: "yurt-manager", tag: "v1.7.0" });
        assert.deepStrictEqual(v.nodeServant.image, { registry: "openyurt", repository: "node-servant", tag: "v1.7.0" }, "never the chart's :latest");
        assert.deepStrictEqual(v.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms, [
            { matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["node1"] }] },
        ]);
        assert.deepStrictEqual(v.extraArgs, ["--concurrent-yurtnodeconversion-workers=20"]);
    });

    it("takes the charts from a repository at a pinned version by default", async () => {
        await build("repo", { charts: undefined });
        for (const c of ofType(CHART, "repo-")) {
            assert.strictEqual(c.inputs.version, "1.7.0");
            assert.strictEqual(c.inputs.repositoryOpts.repo, "https://openyurtio.github.io/charts");
            assert.ok(["yurt-manager", "yurthub"].includes(c.inputs.chart), c.inputs.chart);
        }
        assert.strictEqual(ofType(CHART, "repo-").length, 2);
    });

    it("waits for yurt-manager's webhooks before the yurthub chart and the NodePools", async () => {
        await build("order", {});
        assert.ok(dependsOn("order-yurt-manager-ready").includes("order-yurt-manager"));
        assert.ok(dependsOn("order-yurt-hub", CHART).includes("order-yurt-manager-ready"));
        for (const p of ofType(POOL, "order-pool-")) {
            assert.ok(p.dependsOn.includes("order-yurt-manager-ready"), p.name);
        }
    });

    it("creates a Cloud pool for the cloud nodes and named Edge pools; the rest join the default Edge pool", async () => {
        const edge = await build("pools", { edgePools: { hangzhou: ["node2", "node3"] }, defaultEdgePool: "edge-rest", cloudPool: "center" });
        assert.deepStrictEqual(
            ofType(POOL, "pools-pool-")
                .map((p) => [p.inputs.metadata.name, p.inputs.spec.type])
                .sort(),
            [
                ["center", "Cloud"],
                ["edge-rest", "Edge"],
                ["hangzhou", "Edge"],
            ],
        );
        assert.deepStrictEqual(await valueOf(edge.nodePools), { center: ["node1"], "edge-rest": ["node4"], hangzhou: ["node2", "node3"] });
        assert.deepStrictEqual(parseMemberships(one(MEMBERS).inputs.nodes), {
            node1: { pool: "center", edge: false },
            node2: { pool: "hangzhou", edge: true },
            node3: { pool: "hangzhou", edge: true },
            node4: { pool: "edge-rest", edge: true },
        });
    });

    it("labels nodes through one membership resource, after the revert record, in the plan's batches", async () => {
        await build("batches", { rollout: { batchSize: 2 }, autonomousNodes: ["node3"], autonomyDuration: "30m" });
        const members = one(MEMBERS);
        assert.deepStrictEqual(members.inputs.batches, [["node2", "node3"], ["node4"]]);
        assert.strictEqual(members.inputs.nodes.node3, "pool=edge role=edge autonomy=30m", "one string per node, named by the node");
        assert.deepStrictEqual(parseMembership(members.inputs.nodes.node3), { pool: "edge", edge: true, autonomy: "30m" });
        assert.strictEqual(parseMembership(members.inputs.nodes.node2).autonomy, undefined);
        assert.ok(members.dependsOn.includes("batches-nodepool-reverts"));
        const reverts = one(REVERTS);
        assert.deepStrictEqual(reverts.inputs.pools, { node1: "cloud", node2: "edge", node3: "edge", node4: "edge" });
        for (const p of ofType(POOL, "batches-pool-")) {
            assert.ok(reverts.dependsOn.includes(p.name), `reverts run before ${p.name} is deleted`);
        }
        assert.ok(reverts.dependsOn.includes("batches-yurt-hub"));
    });

    it("gives both membership resources the pinned node-servant image for the yurt-hub-at-boot step, and an override", async () => {
        await build("bootimage", {});
        assert.strictEqual(one(MEMBERS, "bootimage-").inputs.nodeServantImage, "openyurt/node-servant:v1.7.0");
        assert.strictEqual(one(REVERTS, "bootimage-").inputs.nodeServantImage, "openyurt/node-servant:v1.7.0");
        await build("bootimage2", { images: { nodeServant: "registry.example/node-servant:v1.7.0-fix" } });
        assert.strictEqual(one(MEMBERS, "bootimage2-").inputs.nodeServantImage, "registry.example/node-servant:v1.7.0-fix");
        assert.strictEqual(one(REVERTS, "bootimage2-").inputs.nodeServantImage, "registry.example/node-servant:v1.7.0-fix");
    });

    it("keeps the kubeconfig secret in every dynamic resource, and registers no v0.6.1 resource", async () => {
        await build("secret", {});
        for (const type of [MEMBERS, REVERTS, READY]) {
            assert.ok(one(type).secretInputs.includes("kubeconfig"), type);
        }
        const v06 = registered.filter((r) =>
            /NodePatch|batch\/v1:Job|RevertJobs|BootstrapToken|NodeControllerHandover|apps\/v1:Deployment/.test(r.type),
        );
        assert.deepStrictEqual(
            v06.map((r) => r.name),
            [],
        );
    });

    it("leaves the fields yurt-manager maintains (webhook clientConfig, CRD conversion) out of later updates", async () => {
        const { leaveYurtManagersFields } = await import("../../components/yurtmanager/cluster");
        const run = (type: string) => (leaveYurtManagersFields as any)({ type, name: "x", props: { a: 1 }, opts: {} });
        assert.deepStrictEqual(run("kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration").opts.ignoreChanges, [
            "webhooks[*].clientConfig",
        ]);
        assert.deepStrictEqual(run("kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration").opts.ignoreChanges, [
            "webhooks[*].clientConfig",
        ]);
        assert.deepStrictEqual(run("kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition").opts.ignoreChanges, ["spec.conversion"]);
        assert.strictEqual(run("kubernetes:apps/v1:Deployment"), undefined, "everything else is the chart's, as rendered");
    });

    it("refuses a node name too long for yurt-manager's Job before registering anything", async () => {
        const long = "edge-" + "x".repeat(40);
        assert.throws(
            () =>
                new openyurt.EdgeCluster("long", {
                    kubeconfig: KUBECONFIG,
                    inventory: inventory(["node1", long], { version: v1_7Kubernetes }),
                    cloudNodes: ["node1"],
                    charts: { path: CHARTS },
                }),
            /node-servant-conversion-<node>.*at most 39/,
        );
        assert.deepStrictEqual(
            registered.map((r) => r.name),
            [],
        );
    });
});
