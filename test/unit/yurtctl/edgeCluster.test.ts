import * as assert from "assert";
import { parse as parseYaml } from "yaml";
import { dependsOn, installMocks, ofType, registered, reset, valueOf } from "../../../support/mocks";
import { inventory } from "../../../support/inventory";

// The component module is loaded after the mocks are installed.
let openyurt: typeof import("../../../components");

const KUBECONFIG = JSON.stringify({
    apiVersion: "v1",
    "current-context": "t",
    clusters: [{ name: "c", cluster: { server: "https://10.0.0.1:6443", "certificate-authority-data": Buffer.from("CA-PEM").toString("base64") } }],
    contexts: [{ name: "t", context: { cluster: "c", user: "u" } }],
    users: [{ name: "u", user: { token: "t" } }],
});
const JOB = "kubernetes:batch/v1:Job";
const PATCH = "kubernetes:core/v1:NodePatch";
const REVERT = "pulumi-nodejs:dynamic/openyurt:RevertJobs";

/** Builds an EdgeCluster and waits until every child is registered. */
async function build(
    name: string,
    args: Partial<import("../../../components").EdgeClusterArgs>,
    nodes = ["node1", "node2", "node3", "node4"],
    kcm: string[] = [],
) {
    const edge = new openyurt.EdgeCluster(name, {
        kubeconfig: KUBECONFIG,
        inventory: inventory(nodes, { kcm }),
        cloudNodes: ["node1"],
        provider: "ack",
        release: "v0.6.1",
        ...args,
    });
    await valueOf(edge.convertedNodes);
    await valueOf(edge.autonomousNodes);
    const deps = { get: dependsOn };
    return { edge, deps };
}

describe("EdgeCluster v0.6.1 (under mocks)", function () {
    this.timeout(30000);
    before(async () => {
        await installMocks();
        openyurt = await import("../../../components");
    });
    beforeEach(reset);

    it("labels the cloud node false and each edge node true, one NodePatch per node", async () => {
        await build("fleet", {});
        const patches = ofType(PATCH, "fleet-role-");
        assert.deepStrictEqual(patches.map((p) => [p.inputs.metadata.name, p.inputs.metadata.labels["openyurt.io/is-edge-worker"]]).sort(), [
            ["node1", "false"],
            ["node2", "true"],
            ["node3", "true"],
            ["node4", "true"],
        ]);
    });

    it("runs one convert Job per edge node, then one in cloud mode on each cloud node (v0.6 #513)", async () => {
        const { deps } = await build("jobs", { rollout: { batchSize: 2 } });
        const jobs = ofType(JOB, "jobs-convert-");
        assert.deepStrictEqual(jobs.map((j) => j.inputs.spec.template.spec.nodeName).sort(), ["node1", "node2", "node3", "node4"]);
        for (const j of jobs) {
            assert.strictEqual(j.inputs.metadata.name, `node-servant-convert-${j.inputs.spec.template.spec.nodeName}`);
            assert.strictEqual(j.inputs.metadata.annotations["pulumi.com/replaceUnready"], "true", "a failed Job is retried by the next up");
        }
        const mode = (n: string) => jobs.find((j) => j.inputs.spec.template.spec.nodeName === n)!.inputs.spec.template.spec.containers[0].args[1];
        assert.deepStrictEqual(["node1", "node2"].map(mode), ["--working-mode=cloud", "--working-mode=edge"]);
        assert.ok(deps.get("jobs-convert-node1")!.includes("jobs-batch-1"), "the cloud node's Job waits for the last edge batch");
    });

    it("runs a preflight Job on every node to convert before the first convert Job (yurtctl's preflight)", async () => {
        const { deps } = await build("pf", { rollout: { batchSize: 2 } });
        const preflights = ofType(JOB, "pf-preflight-");
        assert.deepStrictEqual(preflights.map((j) => j.inputs.spec.template.spec.nodeName).sort(), ["node1", "node2", "node3", "node4"]);
        assert.ok(preflights.every((j) => j.inputs.metadata.name.startsWith("node-servant-preflight-convert-")));
        const record = deps.get("pf-preflight")!;
        assert.deepStrictEqual(record.filter((d: string) => d.startsWith("pf-preflight-")).sort(), [
            "pf-preflight-node1",
            "pf-preflight-node2",
            "pf-preflight-node3",
            "pf-preflight-node4",
        ]);
        for (const n of ["node2", "node3"]) {
            assert.ok(deps.get(`pf-convert-${n}`)!.includes("pf-preflight"), `${n}'s convert Job waits for every preflight`);
        }
        assert.ok(!deps.get("pf-convert-node4")!.includes("pf-preflight"), "later batches wait through the batch records");
    });

    it("creates kube-public/cluster-info (server and CA, no credentials) and its RBAC when absent, before any convert Job", async () => {
        await build("ci", {});
        const cm = ofType("kubernetes:core/v1:ConfigMap", "ci-cluster-info")[0];
        assert.deepStrictEqual([cm.inputs.metadata.namespace, cm.inputs.metadata.name], ["kube-public", "cluster-info"]);
        const published = parseYaml(cm.inputs.data.kubeconfig);
        assert.deepStrictEqual(published.clusters, [
            { name: "", cluster: { server: "https://10.0.0.1:6443", "certificate-authority-data": Buffer.from("CA-PEM").toString("base64") } },
        ]);
        assert.deepStrictEqual(published.users, []);
        const binding = ofType("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "ci-cluster-info")[0];
        assert.deepStrictEqual(binding.inputs.subjects, [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "system:anonymous" }]);
        assert.strictEqual(
            ofType("kubernetes:rbac.authorization.k8s.io/v1:Role", "ci-cluster-info")[0].inputs.rules[0].resourceNames[0],
            "cluster-info",
        );
        assert.ok(dependsOn("ci-convert-node2", JOB).includes("ci-cluster-info"), "the convert Job waits for cluster-info");
    });

    it("leaves someone else's cluster-info and RBAC alone, and keeps its own", async () => {
        const inv = inventory(["node1", "node2"]);
        const edge = new openyurt.EdgeCluster("theirs", {
            kubeconfig: KUBECONFIG,
            cloudNodes: ["node1"],
            provider: "ack",
            release: "v0.6.1",
            inventory: { ...inv, clusterInfo: { configMap: "theirs", role: "ours", roleBinding: "theirs" } },
        });
        await valueOf(edge.convertedNodes);
        assert.strictEqual(ofType("kubernetes:core/v1:ConfigMap", "theirs-cluster-info").length, 0);
        assert.strictEqual(ofType("kubernetes:rbac.authorization.k8s.io/v1:Role", "theirs-cluster-info").length, 1);
        assert.strictEqual(ofType("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "theirs-cluster-info").length, 0);
    });

    it("deploys yurt-controller-manager with RBAC, after the cloud labels", async () => {
        await build("ycm", {});
        const deployment = ofType("kubernetes:apps/v1:Deployment", "ycm-ycm")[0];
        assert.strictEqual(deployment.inputs.metadata.name, "yurt-controller-manager");
        assert.strictEqual(
            ofType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "ycm-ycm")[0].inputs.metadata.name,
            "yurt-controller-manager",
        );
        assert.strictEqual(ofType("kubernetes:core/v1:ServiceAccount", "ycm-ycm").length, 1);
        const deploymentDeps = dependsOn("ycm-ycm", "kubernetes:apps/v1:Deployment");
        assert.ok(deploymentDeps.includes("ycm-role-node1"), `Deployment waits for the cloud label: ${deploymentDeps}`);
    });

    it("gives every Kubernetes child the component's provider, built from the secret kubeconfig", async () => {
        await build("prov", {});
        const providers = ofType("pulumi:providers:kubernetes", "prov-k8s");
        assert.strictEqual(providers.length, 1);
        const k8sChildren = registered.filter((r) => r.type.startsWith("kubernetes:"));
        assert.ok(k8sChildren.length > 10);
        for (const r of k8sChildren) {
            assert.ok(r.provider?.includes("prov-k8s"), `${r.name} uses ${r.provider}`);
        }
        assert.deepStrictEqual(providers[0].secretInputs, ["kubeconfig"], "the provider gets the kubeconfig as a secret");
        assert.strictEqual(providers[0].inputs.kubeconfig, KUBECONFIG);
    });

    it("keeps the kubeconfig and the join token secret in every resource that holds them", async () => {
        await build("sec", { provider: "ack" });
        assert.ok(ofType(REVERT, "sec-revert")[0].secretInputs.includes("kubeconfig"));
        assert.ok(ofType("pulumi-nodejs:dynamic/openyurt:NodeControllerHandover", "sec-")[0].secretInputs.includes("kubeconfig"));
        assert.ok(ofType("kubernetes:core/v1:Secret", "sec-join-token")[0].secretInputs.includes("stringData"));
        assert.ok(ofType("kubernetes:core/v1:Secret", "sec-bootstrap-token")[0].secretInputs.includes("stringData"));
        // The convert Jobs carry no token at all.
        for (const job of ofType(JOB, "sec-convert-")) {
            assert.ok(!JSON.stringify(job.inputs).includes("0123456789abcdef"));
        }
    });

    it("starts batch k+1 only after every Job of batch k, through a batch record", async () => {
        await build("batch", { rollout: { batchSize: 2 } }, ["node1", "node2", "node3", "node4", "node5"]);
        const converts = (n: string) => dependsOn(`batch-convert-${n}`).filter((d) => /^batch-(convert|batch)-/.test(d));
        assert.deepStrictEqual(converts("node2"), []);
        assert.deepStrictEqual(converts("node3"), []);
        assert.deepStrictEqual(dependsOn("batch-batch-0").sort(), ["batch-convert-node2", "batch-convert-node3"]);
        assert.deepStrictEqual(converts("node4"), ["batch-batch-0"]);
        assert.deepStrictEqual(converts("node5"), ["batch-batch-0"]);
        assert.deepStrictEqual(dependsOn("batch-batch-1").sort(), ["batch-convert-node4", "batch-convert-node5"]);
        const record = ofType("kubernetes:core/v1:ConfigMap", "batch-batch-1")[0];
        assert.deepStrictEqual(record.inputs.data, { batch: "1", nodes: "node4\nnode5" });
        // Edge labels follow their own node's Job only.
        assert.deepStrictEqual(dependsOn("batch-role-node4"), ["batch-convert-node4"]);
    });

    it("annotates only the autonomous subset, after its edge label", async () => {
        const { deps } = await build("auto", { autonomousNodes: ["node3"] });
        const autonomy = ofType(PATCH, "auto-autonomy-");
        assert.deepStrictEqual(
            autonomy.map((a) => a.inputs.metadata.name),
            ["node3"],
        );
        assert.strictEqual(autonomy[0].inputs.metadata.annotations["node.beta.openyurt.io/autonomy"], "true");
        assert.deepStrictEqual(deps.get("auto-autonomy-node3"), ["auto-role-node3"]);
    });

    it("records a revert Job for every converted node, cloud nodes included, before any convert Job starts", async () => {
        const { deps } = await build("rev", {});
        const reverts = ofType(REVERT, "rev-revert");
        assert.strictEqual(reverts.length, 1);
        assert.deepStrictEqual(Object.keys(reverts[0].inputs.jobs).sort(), ["node1", "node2", "node3", "node4"]);
        assert.strictEqual(reverts[0].inputs.jobs.node3.metadata.name, "node-servant-revert-node3");
        for (const n of ["node1", "node2", "node3", "node4"]) {
            assert.ok(deps.get(`rev-convert-${n}`)!.includes("rev-revert"));
        }
    });

    it("creates yurt-hub RBAC, ConfigMap and an expiring bootstrap token before converting", async () => {
        const { deps } = await build("hub", { bootstrapTokenTtl: "2h" });
        const token = ofType("pulumi-nodejs:dynamic/openyurt:BootstrapToken", "hub-")[0];
        assert.strictEqual(token.inputs.ttlSeconds, 7200);
        const secret = ofType("kubernetes:core/v1:Secret", "hub-bootstrap-token")[0];
        assert.strictEqual(secret.inputs.type, "bootstrap.kubernetes.io/token");
        assert.strictEqual(secret.inputs.metadata.name, "bootstrap-token-abc123");
        assert.strictEqual(secret.inputs.stringData.expiration, "2026-11-29T00:00:00Z");
        const join = ofType("kubernetes:core/v1:Secret", "hub-join-token")[0];
        assert.strictEqual(join.inputs.stringData.token, "abc123.0123456789abcdef");
        const jobDeps = deps.get("hub-convert-node2")!;
        for (const d of ["hub-yurthub", "hub-yurthub-cfg", "hub-join-token", "hub-ycm", "hub-node-lifecycle"]) {
            assert.ok(jobDeps.includes(d), `convert Job waits for ${d}: ${jobDeps}`);
        }
    });

    describe("node-lifecycle handover per provider", () => {
        it("ack: hands over the node-controller binding after yurt-controller-manager runs", async () => {
            const { deps } = await build("ack", { provider: "ack" });
            const h = ofType("pulumi-nodejs:dynamic/openyurt:NodeControllerHandover", "ack-")[0];
            assert.strictEqual(h.inputs.bindingName, "system:controller:node-controller");
            assert.deepStrictEqual(deps.get("ack-node-lifecycle"), ["ack-ycm"]);
            assert.strictEqual(registered.find((r) => r.name === "ack-ycm" && r.type === "kubernetes:apps/v1:Deployment") !== undefined, true);
            assert.strictEqual(ofType(JOB, "ack-disable").length, 0);
        });

        it("kubeadm: one disable Job per kube-controller-manager node, with a restore record", async () => {
            await build("kadm", { provider: "kubeadm" }, ["node1", "node2", "node3"], ["node1"]);
            const jobs = ofType(JOB, "kadm-disable-node-lifecycle-");
            assert.deepStrictEqual(
                jobs.map((j) => j.inputs.spec.template.spec.nodeName),
                ["node1"],
            );
            assert.match(jobs[0].inputs.spec.template.spec.containers[0].args[0], /-nodelifecycle/);
            const restore = ofType(REVERT, "kadm-node-lifecycle-restore")[0];
            assert.deepStrictEqual(Object.keys(restore.inputs.jobs), ["node1"]);
            assert.match(restore.inputs.jobs.node1.metadata.name, /^yurtctl-enable-node-controller-node1$/);
            assert.strictEqual(ofType("pulumi-nodejs:dynamic/openyurt:NodeControllerHandover", "kadm-").length, 0);
        });

        it("none: touches nothing", async () => {
            await build("none", { provider: "none" });
            assert.strictEqual(registered.filter((r) => r.name.startsWith("none-") && /node-lifecycle|disable/.test(r.name)).length, 0);
        });
    });

    it("exposes node roles, converted and autonomous nodes and batches as outputs", async () => {
        const { edge } = await build("out", { autonomousNodes: "all", rollout: { batchSize: 2 } });
        assert.deepStrictEqual(await valueOf(edge.nodeRoles), { node1: "cloud", node2: "edge", node3: "edge", node4: "edge" });
        assert.deepStrictEqual(await valueOf(edge.convertedNodes), ["node2", "node3", "node4"]);
        assert.deepStrictEqual(await valueOf(edge.autonomousNodes), ["node2", "node3", "node4"]);
        assert.deepStrictEqual(await valueOf(edge.batches), [["node2", "node3"], ["node4"]]);
    });

    it("registers nothing at all when the config is invalid", async () => {
        assert.throws(
            () =>
                new openyurt.EdgeCluster("bad", {
                    kubeconfig: KUBECONFIG,
                    inventory: inventory(["node1", "node2"]),
                    cloudNodes: ["node1"],
                    edgeNodes: ["node1"],
                    provider: "ack",
                }),
            /both as cloud and as edge/,
        );
        await new Promise((r) => setTimeout(r, 50));
        assert.strictEqual(registered.filter((r) => r.name.startsWith("bad")).length, 0);
    });
});
