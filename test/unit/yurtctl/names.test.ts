import * as assert from "assert";
import { previousFromState } from "../../../cli/engine/previous";
import { nodeResourceOf } from "../../../cli/generations/yurtctl/nodeSteps";
import { generationKinds, ResourceKind } from "../../../components/core/names";
import { assertRoundTrip, build, loadUnderMocks, stateOf } from "../namesFixtures";

describe("resource names of OpenYurt v0.6.1: what its builders register is what the CLI reads (under mocks)", function () {
    this.timeout(30000);
    const seen = new Set<ResourceKind>();
    before(loadUnderMocks);

    it("node lifecycle handed over (ack): every name parses back, and the state reads back as the plan", async () => {
        const { plan, children } = await build("yc", {
            release: "v0.6.1",
            provider: "ack",
            rollout: { batchSize: 2 },
            autonomousNodes: ["role-2", "preflight"],
        });
        assertRoundTrip("yc", plan, children).forEach((k) => seen.add(k));
        const prev = previousFromState(stateOf(children), "yc");
        assert.deepStrictEqual(prev.roles, Object.fromEntries(plan.nodes.map((n) => [n.name, n.role])));
        assert.deepStrictEqual(prev.autonomous, [...plan.autonomousNodes].sort());
        assert.deepStrictEqual(prev.batches, plan.batches);
        assert.deepStrictEqual(prev.revertNodes, [...plan.edgeNodes, ...plan.cloudNodes].sort());
        assert.strictEqual(prev.generation, "yurtctl");
        const convert = children
            .filter((c) => nodeResourceOf(c.name, c.type, "yc")?.resource === "convert")
            .map((c) => nodeResourceOf(c.name, c.type, "yc")!.node);
        assert.deepStrictEqual(convert.sort(), plan.nodes.map((n) => n.name).sort(), "one convert Job per node, read back by node");
    });

    it("kubeadm: the disable Jobs and the restore record parse back too", async () => {
        const { plan, children } = await build("kd", { release: "v0.6.1", provider: "kubeadm" }, { kcm: ["node1"] });
        assertRoundTrip("kd", plan, children).forEach((k) => seen.add(k));
    });

    it("v0.6.1 registers every kind of its generation, and no kind of the other", () => {
        assert.deepStrictEqual([...seen].sort(), ["k8sProvider", ...generationKinds.yurtctl].sort());
    });
});
