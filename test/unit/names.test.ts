import * as assert from "assert";
import { previousFromState } from "../../cli/engine/previous";
import { generationKinds, parseResource, parseResourceName, ResourceKind, resourceNames } from "../../components/core/names";
import { v1_7Kubernetes } from "../../support/inventory";
import { chartFolder } from "./chartFixtures";
import { assertRoundTrip, build, loadUnderMocks, stateOf } from "./namesFixtures";

describe("resource names: what the builders register is what the CLI reads (under mocks)", function () {
    this.timeout(30000);
    const seen = new Set<ResourceKind>();
    before(loadUnderMocks);

    it("v1.7.0 with named Edge pools: every name parses back, and the state reads back as the plan", async () => {
        const { plan, children } = await build(
            "ym",
            { charts: { path: chartFolder() }, edgePools: { "pool-a": ["role-2"] }, autonomousNodes: ["batch-3"] },
            { version: v1_7Kubernetes },
        );
        assertRoundTrip("ym", plan, children).forEach((k) => seen.add(k));
        const prev = previousFromState(stateOf(children), "ym");
        assert.strictEqual(prev.generation, "yurt-manager");
        assert.deepStrictEqual(Object.keys(prev.members ?? {}).sort(), plan.nodes.map((n) => n.name).sort());
        assert.deepStrictEqual(prev.revertNodes, plan.nodes.map((n) => n.name).sort());
        assert.deepStrictEqual(prev.autonomous, ["batch-3"]);
        assert.deepStrictEqual(prev.batches, plan.batches);
    });

    it("v1.7.0 registers every kind of its generation, and no kind of the other (v0.6.1's: test/unit/yurtctl/names.test.ts)", () => {
        assert.deepStrictEqual([...seen].sort(), ["k8sProvider", ...generationKinds["yurt-manager"]].sort());
    });
});

describe("resource names: parsing", () => {
    const names = resourceNames("openyurt");

    it("every kind belongs to one generation, but the Kubernetes provider both register", () => {
        const kinds = ["k8sProvider", ...Object.values(generationKinds).flat()];
        assert.strictEqual(new Set(kinds).size, kinds.length, "no kind in two generations");
        assert.deepStrictEqual(kinds.sort(), Object.keys(names).sort());
    });

    it("reads node, pool and batch from a name, and nothing from another component's", () => {
        assert.deepStrictEqual(parseResourceName(names.convertJob("role-2")), { kind: "convertJob", node: "role-2" });
        assert.deepStrictEqual(parseResourceName(names.preflightJob("preflight")), { kind: "preflightJob", node: "preflight" });
        assert.deepStrictEqual(parseResourceName(names.preflightRecord), { kind: "preflightRecord" });
        assert.deepStrictEqual(parseResourceName(names.pool("edge")), { kind: "pool", pool: "edge" });
        assert.deepStrictEqual(parseResourceName(names.batch(12)), { kind: "batch", batch: 12 });
        assert.deepStrictEqual(parseResourceName(names.nodeLifecycleRestore), { kind: "nodeLifecycleRestore" });
        assert.deepStrictEqual(parseResourceName(names.yurtManagerReady), { kind: "yurtManagerReady" });
        assert.deepStrictEqual(parseResourceName(`${names.yurtManagerChart}:kube-system/yurt-manager`), {
            kind: "yurtManagerChart",
            object: "kube-system/yurt-manager",
        });
        for (const other of [
            "openyurt-role-",
            "openyurt-batch-x",
            "openyurt-extra",
            "other-convert-node2",
            "openyurt",
            names.convertJob("n").replace("openyurt-", "openyurtx-"),
        ]) {
            assert.strictEqual(parseResourceName(other), undefined, other);
        }
        assert.deepStrictEqual(parseResourceName("fleet-ycm", "fleet"), { kind: "ycm" });
    });

    it("with a type: only the types registered under that name (any type for a chart's objects)", () => {
        assert.deepStrictEqual(parseResource(names.roleLabel("n"), "kubernetes:core/v1:NodePatch"), { kind: "roleLabel", node: "n" });
        assert.strictEqual(parseResource(names.roleLabel("n"), "kubernetes:batch/v1:Job"), undefined);
        assert.strictEqual(parseResource(names.pool("cloud"), "alicloud:cs/nodePool:NodePool"), undefined, "an ACK node pool of the same name");
        assert.ok(parseResource(`${names.yurthubChart}:yurt-hub-cfg`, "kubernetes:core/v1:ConfigMap"));
    });
});
