import * as assert from "assert";
import { planAck } from "../../../components/ack/plan";
import { isYurtManagerPlan, planEdgeCluster } from "../../../components/edgecluster/plan";
import { inventory, v0_6Kubernetes, v1_7Kubernetes } from "../../../support/inventory";
import { ackSpec, alicloudEnv } from "../ackFixtures";
import { chartFolder } from "../chartFixtures";
import { refusals } from "../refusals";

/**
 * Choosing between the two generations in the plan: v0.6.1 beside the default v1.7.0, each
 * pointing at the other for the Kubernetes versions it does not support, and v1.7.0's own
 * settings (charts, NodePools) not mattering to v0.6.1.
 */

const fleet = inventory(["node1", "node2", "node3", "node4"], { version: v1_7Kubernetes });
const base = { cloudNodes: ["node1"] };
const { problemsOf, expectProblem } = refusals(planEdgeCluster, fleet);

describe("planEdgeCluster: v0.6.1 beside v1.7.0", () => {
    it("v1.7.0 is the default, and v0.6.1 stays available", () => {
        assert.ok(isYurtManagerPlan(planEdgeCluster(base, fleet)));
        const old = planEdgeCluster({ ...base, release: "v0.6.1", provider: "none" }, inventory(["node1", "node2"], { version: v0_6Kubernetes }));
        assert.strictEqual(old.release.generation, "yurtctl");
    });

    it("v1.7.0 on a server older than 1.23 points at v0.6.1; on a newer one offers no other release", () => {
        expectProblem(base, "release", ['set release to "v0.6.1", which supports Kubernetes 1.12–1.21'], { ...fleet, serverVersion: "v1.20.4" });
        const p = problemsOf(base, { ...fleet, serverVersion: "v1.35.0" }).find((x) => x.setting === "release")!;
        assert.ok(!p.fix.includes("v0.6.1"), p.fix);
    });

    it("refuses v0.6.1 on Kubernetes >= 1.22 and points at v1.7.0", () => {
        expectProblem({ ...base, release: "v0.6.1", provider: "ack" }, "release", [
            "v0.6.1",
            "1.12–1.21",
            "v1.34.4",
            'set release to "v1.7.0", which supports Kubernetes 1.23–1.34',
        ]);
    });

    it("v1.7.0's settings do not matter to v0.6.1: a charts.path without charts, an ACK pool name that is no NodePool name", () => {
        const old = planEdgeCluster(
            { ...base, release: "v0.6.1", provider: "none", charts: { path: chartFolder([]) } },
            inventory(["node1", "node2"], { version: v0_6Kubernetes }),
        );
        assert.strictEqual(old.release.generation, "yurtctl");
        const pools = [
            { name: "cloud", role: "cloud", size: 1, instanceTypes: ["ecs.g7.large"] },
            { name: "Edge_A", role: "edge", size: 2, instanceTypes: ["ecs.c7.large"] },
        ];
        assert.doesNotThrow(() => planAck({ ...ackSpec(), nodePools: pools }, { cloudNodes: [], release: "v0.6.1" }, alicloudEnv(), "openyurt-test"));
    });
});
