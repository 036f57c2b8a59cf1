import * as assert from "assert";
import { ConversionSpec } from "../../../components/core/config/spec";
import { planConversion } from "../../../components/yurtctl/plan";
import { ProblemList } from "../../../components/core/config/problems";
import * as steps from "../../../components/yurtctl/plan";
import * as shared from "../../../components/core/plan/sharedSettings";
import { inventory, nodeNames } from "../../../support/inventory";
import { refusals } from "../refusals";

const fleet = inventory(["node1", "node2", "node3", "node4"]);
const base: ConversionSpec = { cloudNodes: ["node1"], provider: "ack" };

const { problemsOf, expectProblem } = refusals(planConversion, fleet);

describe("planConversion", () => {
    describe("a valid conversion", () => {
        it("makes every node that is not a cloud node an edge node, as yurtctl did", () => {
            const plan = planConversion(base, fleet);
            assert.deepStrictEqual(plan.cloudNodes, ["node1"]);
            assert.deepStrictEqual(plan.edgeNodes, ["node2", "node3", "node4"]);
            assert.deepStrictEqual(plan.unmanagedNodes, []);
        });

        it("converts all edge nodes in one batch by default", () => {
            assert.deepStrictEqual(planConversion(base, fleet).batches, [["node2", "node3", "node4"]]);
        });

        it("splits edge nodes into batches of rollout.batchSize, in order", () => {
            const plan = planConversion({ ...base, rollout: { batchSize: 2 } }, fleet);
            assert.deepStrictEqual(plan.batches, [["node2", "node3"], ["node4"]]);
            assert.deepStrictEqual(
                plan.nodes.map((n) => [n.name, n.role, n.batch]),
                [
                    ["node1", "cloud", undefined],
                    ["node2", "edge", 0],
                    ["node3", "edge", 0],
                    ["node4", "edge", 1],
                ],
            );
        });

        it("keeps an explicit edge list in the given order and leaves other nodes alone", () => {
            const plan = planConversion({ ...base, edgeNodes: ["node4", "node2"], rollout: { batchSize: 1 } }, fleet);
            assert.deepStrictEqual(plan.batches, [["node4"], ["node2"]]);
            assert.deepStrictEqual(plan.unmanagedNodes, ["node3"]);
        });

        it('marks all edge nodes autonomous with "all", and only the named ones otherwise', () => {
            assert.deepStrictEqual(planConversion({ ...base, autonomousNodes: "all" }, fleet).autonomousNodes, ["node2", "node3", "node4"]);
            const plan = planConversion({ ...base, autonomousNodes: ["node3"] }, fleet);
            assert.deepStrictEqual(plan.autonomousNodes, ["node3"]);
            assert.deepStrictEqual(
                plan.nodes.filter((n) => n.autonomous).map((n) => n.name),
                ["node3"],
            );
        });

        it("fills pinned defaults: release v0.6.1 images, 10m job timeout, 24h token", () => {
            const plan = planConversion(base, fleet);
            assert.strictEqual(plan.release.version, "v0.6.1");
            assert.strictEqual(plan.images.nodeServant, "openyurt/node-servant:v0.6.1");
            assert.strictEqual(plan.jobTimeoutSeconds, 600);
            assert.strictEqual(plan.bootstrapTokenTtlSeconds, 86400);
            assert.strictEqual(plan.namespace, "kube-system");
            assert.strictEqual(plan.backoffLimit, 2);
        });

        it("accepts image overrides pinned by tag or digest", () => {
            const digest = "registry.example.com:5000/openyurt/yurthub@sha256:" + "a".repeat(64);
            const plan = planConversion({ ...base, images: { yurthub: digest, nodeServant: "node-servant:v0.6.1-fix" } }, fleet);
            assert.strictEqual(plan.images.yurthub, digest);
            assert.strictEqual(plan.images.nodeServant, "node-servant:v0.6.1-fix");
            assert.strictEqual(plan.images.yurtControllerManager, "openyurt/yurt-controller-manager:v0.6.1");
        });

        it("finds kube-controller-manager nodes for provider kubeadm", () => {
            const plan = planConversion({ ...base, provider: "kubeadm" }, inventory(["node1", "node2"], { kcm: ["node1"] }));
            assert.deepStrictEqual(plan.kubeControllerManagerNodes, ["node1"]);
        });

        it("allows a cluster whose edge nodes have not joined yet", () => {
            const plan = planConversion(base, inventory(["node1"]));
            assert.deepStrictEqual(plan.edgeNodes, []);
            assert.deepStrictEqual(plan.batches, []);
        });

        it("is deterministic for a large fleet", () => {
            const inv = inventory(nodeNames(2000));
            const a = planConversion({ ...base, rollout: { batchSize: 300 } }, inv);
            const b = planConversion({ ...base, rollout: { batchSize: 300 } }, inv);
            assert.deepStrictEqual(a.batches, b.batches);
            assert.strictEqual(a.batches.length, 7);
            assert.strictEqual(a.batches[6].length, 1999 - 6 * 300);
        });
    });

    describe("bad input is refused with the value and the fix", () => {
        it("cloud node not in the cluster", () => expectProblem({ ...base, cloudNodes: ["node9"] }, "cloudNodes", ['"node9"', "not in the cluster"]));
        it("edge node not in the cluster", () => expectProblem({ ...base, edgeNodes: ["node2", "nodeX"] }, "edgeNodes", ['"nodeX"']));
        it("a node both cloud and edge", () => expectProblem({ ...base, edgeNodes: ["node1", "node2"] }, "edgeNodes", ['"node1"', "both"]));
        it("empty cloud set", () => expectProblem({ ...base, cloudNodes: [] }, "cloudNodes", ["no cloud node"]));
        it("an autonomous node that is a cloud node", () =>
            expectProblem({ ...base, autonomousNodes: ["node1"] }, "autonomousNodes", ['"node1"', "cloud node"]));
        it("an autonomous node that is not an edge node", () =>
            expectProblem({ ...base, edgeNodes: ["node2"], autonomousNodes: ["node3"] }, "autonomousNodes", ['"node3"']));
        it("duplicate names", () => expectProblem({ ...base, cloudNodes: ["node1", "node1"] }, "cloudNodes", ['"node1"', "more than once"]));
        it("invalid node name (RFC 1123)", () => expectProblem({ ...base, edgeNodes: ["Node_2"] }, "edgeNodes[0]", ['"Node_2"', "RFC 1123"]));
        it("image with the moving :latest tag", () =>
            expectProblem({ ...base, images: { yurthub: "openyurt/yurthub:latest" } }, "images.yurthub", ["openyurt/yurthub:latest", "latest"]));
        it("untagged image", () => expectProblem({ ...base, images: { nodeServant: "openyurt/node-servant" } }, "images.nodeServant", ["no tag"]));
        it("malformed image reference", () =>
            expectProblem({ ...base, images: { yurtControllerManager: "Open Yurt/ycm:v1" } }, "images.yurtControllerManager", [
                "not a valid image reference",
            ]));
        it("unknown image key", () => expectProblem({ ...base, images: { yurthubb: "a/b:v1" } as any }, "images.yurthubb", ["unknown image"]));
        it("batch size < 1", () => expectProblem({ ...base, rollout: { batchSize: 0 } }, "rollout.batchSize", ["0"]));
        it("fractional batch size", () => expectProblem({ ...base, rollout: { batchSize: 1.5 } }, "rollout.batchSize", ["1.5"]));
        it("unknown provider", () => expectProblem({ ...base, provider: "minikube" }, "provider", ['"minikube"', "ack, kubeadm, none"]));
        it("missing provider (a silent no-op in yurtctl, openyurt#46)", () => expectProblem({ cloudNodes: ["node1"] }, "provider", ["not set"]));
        it("kubeadm provider without kube-controller-manager static pods", () =>
            expectProblem({ ...base, provider: "kubeadm" }, "provider", ["kube-controller-manager"]));
        it("unknown release", () => expectProblem({ ...base, release: "v1.7.0" }, "release", ['"v1.7.0"', "v0.6.1"]));
        it("malformed job timeout", () => expectProblem({ ...base, rollout: { jobTimeout: "ten minutes" } }, "rollout.jobTimeout", ["ten minutes"]));
        it("negative backoff limit", () => expectProblem({ ...base, rollout: { backoffLimit: -1 } }, "rollout.backoffLimit", ["-1"]));
        it("token lifetime out of range", () => expectProblem({ ...base, bootstrapTokenTtl: "1000h" }, "bootstrapTokenTtl", ["1000h", "168h"]));
        it("relative kubelet drop-in path", () =>
            expectProblem({ ...base, kubeadmConfPath: "kubelet.d/10-kubeadm.conf" }, "kubeadmConfPath", ['"kubelet.d/10-kubeadm.conf"', "absolute"]));
        it("invalid namespace", () => expectProblem({ ...base, namespace: "Kube_System" }, "namespace", ["Kube_System"]));

        it("reports every problem at once, not only the first", () => {
            const problems = problemsOf({ cloudNodes: ["nodez"], provider: "gke", rollout: { batchSize: -2 }, images: { yurthub: "x:latest" } });
            assert.deepStrictEqual(problems.map((p) => p.setting).sort(), ["cloudNodes", "images.yurthub", "provider", "rollout.batchSize"]);
        });

        it("formats the error with one line per problem and its fix", () => {
            assert.throws(
                () => planConversion({ ...base, cloudNodes: ["node9"] }, fleet),
                (e: Error) =>
                    /1 problem; nothing was changed/.test(e.message) &&
                    /cloudNodes: node "node9" is not in the cluster/.test(e.message) &&
                    /fix: /.test(e.message),
            );
        });
    });
});

describe("the v0.6.1 planner's named steps", () => {
    const settingsOf = (p: any) => p.problems.map((x: any) => x.setting);

    it("resolveNodeLifecycleHandover: required, known, and kubeadm only with kube-controller-manager static pods (whose nodes it returns)", () => {
        const p = new ProblemList();
        assert.deepStrictEqual(
            steps.resolveNodeLifecycleHandover(p, "kubeadm", inventory(["node1", "node2"], { kcm: ["node1"] })).kubeControllerManagerNodes,
            ["node1"],
        );
        assert.deepStrictEqual(steps.resolveNodeLifecycleHandover(p, "ack", inventory(["node1"], { kcm: ["node1"] })).kubeControllerManagerNodes, []);
        assert.deepStrictEqual(settingsOf(p), []);
        steps.resolveNodeLifecycleHandover(p, undefined, inventory(["node1"]));
        steps.resolveNodeLifecycleHandover(p, "kubeadm", inventory(["node1"]));
        assert.deepStrictEqual(settingsOf(p), ["provider", "provider"]);
    });

    it("resolveServantSettings: yurtctl's defaults, and each bad value under its own setting", () => {
        const p = new ProblemList();
        assert.deepStrictEqual(steps.resolveServantSettings(p, { cloudNodes: [] }), {
            backoffLimit: 2,
            bootstrapTokenTtlSeconds: 24 * 3600,
            yurthubHealthCheckTimeout: "2m",
            kubeadmConfPath: undefined,
        });
        steps.resolveServantSettings(p, {
            cloudNodes: [],
            rollout: { backoffLimit: 1.5 },
            bootstrapTokenTtl: "5m",
            yurthubHealthCheckTimeout: "soon",
            kubeadmConfPath: "relative",
        });
        assert.deepStrictEqual(settingsOf(p), ["rollout.backoffLimit", "bootstrapTokenTtl", "yurthubHealthCheckTimeout", "kubeadmConfPath"]);
    });

    it("resolveYurtctlRelease and resolveImages: a yurt-manager release is not this planner's; images keep the release's pins", () => {
        const p = new ProblemList();
        assert.strictEqual(steps.resolveYurtctlRelease(p, undefined)?.version, "v0.6.1");
        assert.strictEqual(steps.resolveYurtctlRelease(p, "v1.7.0"), undefined);
        const images = shared.resolveImages(
            p,
            { yurthub: "openyurt/yurthub:v0.6.1-fix", bogus: "a/b:1" },
            { yurthub: "openyurt/yurthub:v0.6.1", nodeServant: "openyurt/node-servant:v0.6.1" },
            "v0.6.1",
        );
        assert.deepStrictEqual(images.nodeServant, "openyurt/node-servant:v0.6.1");
        assert.deepStrictEqual(settingsOf(p), ["release", "images.bogus"]);
    });
});
