import * as assert from "assert";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { ServantJobProgress } from "../../../cli/generations/yurtctl/jobProgress";
import { nodeChanges, nodeResourceOf } from "../../../cli/generations/yurtctl/nodeSteps";
import { stepOf } from "../../../cli/output/steps";
import { CM, DEPLOYMENT, ev, JOB, PATCH, REVERT, v061PreviewEvents } from "../cliFixtures";

const steps = (events: EngineEvent[]) => events.map(stepOf).filter((s) => s !== undefined);

describe("yurtctl engine events, OpenYurt v0.6.1", () => {
    it("finds the node of per-node resources by name and type", () => {
        assert.deepStrictEqual(nodeResourceOf("openyurt-convert-node2", JOB), { node: "node2", resource: "convert" });
        assert.deepStrictEqual(nodeResourceOf("openyurt-role-cn-hangzhou.192-168-0-1", PATCH), { node: "cn-hangzhou.192-168-0-1", resource: "role" });
        assert.deepStrictEqual(nodeResourceOf("openyurt-autonomy-edge-role-1", PATCH), { node: "edge-role-1", resource: "autonomy" });
        assert.strictEqual(nodeResourceOf("openyurt-convert-node2", PATCH), undefined, "wrong type");
        assert.strictEqual(nodeResourceOf("openyurt-ycm", DEPLOYMENT), undefined);
        assert.strictEqual(nodeResourceOf("openyurt-role-", PATCH), undefined);
    });

    it("per-node changes of a preview", () => {
        const events = v061PreviewEvents;
        assert.deepStrictEqual(Object.fromEntries(nodeChanges(steps(events))), {
            node5: { convert: "create", role: "create" },
            node2: { convert: "replace" },
            node3: { autonomy: "create" },
            node4: { convert: "delete", role: "delete" },
        });
    });
});

describe("yurtctl progress, OpenYurt v0.6.1 servant Jobs", () => {
    /** Feeds events at the given clock readings (ms); returns the printed lines. */
    const feed = (p: ServantJobProgress, timed: Array<[number, EngineEvent]>) => timed.flatMap(([t, e]) => p.handle(e, t));

    it("reports each node's Job by batch, batch completion and the cluster-wide steps", () => {
        const p = new ServantJobProgress({ operation: "up", batches: [["node2", "node3"], ["node4"]], start: 0 });
        const lines = feed(p, [
            [100, ev.pre("create", "openyurt-role-node1", PATCH)],
            [1000, ev.out("create", "openyurt-role-node1", PATCH)],
            [1500, ev.out("create", "openyurt-ycm", DEPLOYMENT)],
            [2000, ev.pre("create", "openyurt-convert-node2", JOB)],
            [2000, ev.pre("create", "openyurt-convert-node3", JOB)],
            [3000, ev.out("create", "openyurt-convert-node2", JOB)],
            [3500, ev.out("create", "openyurt-convert-node3", JOB)],
            [3600, ev.out("create", "openyurt-role-node2", PATCH)],
            [3700, ev.out("create", "openyurt-autonomy-node2", PATCH)],
            [4000, ev.pre("create-replacement", "openyurt-convert-node4", JOB)],
            [6000, ev.out("create-replacement", "openyurt-convert-node4", JOB)],
            [6100, ev.out("create", "openyurt-batch-1", CM)],
        ]);
        assert.deepStrictEqual(lines, [
            "[   1.0s] node1: labelled cloud",
            "[   1.5s] yurt-controller-manager deployed on the cloud nodes",
            "[   2.0s] node2: servant Job started (batch 1/2)",
            "[   2.0s] node3: servant Job started (batch 1/2)",
            "[   3.0s] node2: converted in 1.0s (batch 1/2)",
            "[   3.5s] node3: converted in 1.5s (batch 1/2)",
            "[   3.5s] batch 1/2 done: 2 converted",
            "[   3.6s] node2: labelled edge",
            "[   3.7s] node2: marked autonomous",
            "[   4.0s] node4: servant Job started (batch 2/2)",
            "[   6.0s] node4: converted in 2.0s (batch 2/2)",
            "[   6.0s] batch 2/2 done: 1 converted",
        ]);
        assert.deepStrictEqual(p.failedNodes(), []);
    });

    it("a failed Job: the node, its reason from the error diagnostic, and the batch marked failed", () => {
        const p = new ServantJobProgress({ operation: "up", batches: [["node2", "node3"], ["node4"]], start: 0 });
        const lines = feed(p, [
            [1000, ev.pre("create", "openyurt-convert-node2", JOB)],
            [1000, ev.pre("create", "openyurt-convert-node3", JOB)],
            [2000, ev.out("create", "openyurt-convert-node2", JOB)],
            [
                9000,
                ev.error(
                    '2 errors occurred:\n\t* resource "urn:x::openyurt-convert-node3" was successfully created, but the Kubernetes API server reported that it failed to fully initialize or become live: x\n\t* [BackoffLimitExceeded] Job has reached the specified backoff limit\n',
                    "openyurt-convert-node3",
                    JOB,
                ),
            ],
            [9100, ev.failed("create", "openyurt-convert-node3", JOB)],
            [9200, ev.error("update failed\n")],
        ]);
        assert.deepStrictEqual(lines.slice(-2), [
            "[   9.1s] node3: FAILED after 8.1s (batch 1/2): [BackoffLimitExceeded] Job has reached the specified backoff limit",
            "[   9.1s] batch 1/2 FAILED: 1 converted, 1 failed; later batches do not start",
        ]);
        assert.deepStrictEqual(p.failedNodes(), ["node3"]);
        assert.deepStrictEqual(p.errors, [], "the generic 'update failed' is not repeated");
    });

    it("a reminder while Jobs run quietly: which batch, who, how long, counts so far", () => {
        const p = new ServantJobProgress({ operation: "up", batches: [["node2", "node3"]], start: 0 });
        feed(p, [
            [1000, ev.pre("create", "openyurt-convert-node2", JOB)],
            [1000, ev.pre("create", "openyurt-convert-node3", JOB)],
            [2000, ev.out("create", "openyurt-convert-node2", JOB)],
        ]);
        assert.strictEqual(p.heartbeat(10000), undefined, "not yet quiet for long");
        assert.strictEqual(p.heartbeat(17000), "[  17.0s] batch 1/1: waiting for node3 (16.0s); 1 converted, 0 failed so far");
        assert.strictEqual(p.heartbeat(18000), undefined, "then quiet again");
        p.finish();
        assert.strictEqual(p.heartbeat(60000), undefined);
    });

    it("revert Jobs of nodes leaving (up) and of every node (destroy)", () => {
        const p = new ServantJobProgress({ operation: "destroy", batches: [["node2"], ["node3"]], revertNodes: ["node2", "node3"], start: 0 });
        const lines = feed(p, [
            [500, ev.pre("delete", "openyurt-autonomy-node2", PATCH)],
            [600, ev.out("delete", "openyurt-autonomy-node2", PATCH)],
            [700, ev.out("delete", "openyurt-role-node2", PATCH)],
            [800, ev.out("delete", "openyurt-convert-node2", JOB)],
            [1000, ev.pre("delete", "openyurt-revert", REVERT)],
            [3000, ev.out("delete", "openyurt-revert", REVERT)],
            [3100, ev.out("delete", "openyurt-node-lifecycle", "pulumi-nodejs:dynamic/openyurt:NodeControllerHandover")],
        ]);
        assert.deepStrictEqual(lines, [
            "[   0.6s] node2: autonomy annotation removed",
            "[   0.7s] node2: role label removed",
            "[   1.0s] running revert Jobs: node2, node3",
            "[   3.0s] revert Jobs done: node2, node3",
            "[   3.1s] node lifecycle handed back to kube-controller-manager",
        ]);
        assert.strictEqual(p.nodes.get("node3")?.revert, "done");
    });

    it("a failed revert marks the node its error names", () => {
        const p = new ServantJobProgress({ operation: "destroy", batches: [], revertNodes: ["node2", "node3"], start: 0 });
        feed(p, [
            [0, ev.pre("delete", "openyurt-revert", REVERT)],
            [10, ev.error("node node3 is NotReady, so Job kube-system/node-servant-revert-node3 cannot run on it.", "openyurt-revert", REVERT)],
            [20, ev.failed("delete", "openyurt-revert", REVERT)],
        ]);
        assert.deepStrictEqual(p.failedNodes(), ["node3"]);
        assert.strictEqual(p.nodes.get("node2")?.revert, "running");
    });
});
