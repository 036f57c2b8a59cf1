import * as assert from "assert";
import { BatchOutcome, NodeEvent, RunLog } from "../../cli/output/runLog";

describe("the run log both generations print progress through", () => {
    it("stamps lines with the time since the start", () => {
        const log = new RunLog(1000, 3);
        assert.strictEqual(log.line(63000, "node2: converted"), "[  62.0s] node2: converted");
    });

    it("words each kind of node event once, with its batch and duration where the observer knows them", () => {
        const log = new RunLog(0, 3);
        const at = (e: NodeEvent) => log.node(2500, e).replace(/^\[ *2\.5s\] /, "");
        assert.strictEqual(at({ node: "n1", kind: "working", what: "servant Job started", batch: 1 }), "n1: servant Job started (batch 2/3)");
        assert.strictEqual(at({ node: "n1", kind: "changed", what: "marked autonomous" }), "n1: marked autonomous");
        assert.strictEqual(at({ node: "n1", kind: "converted", tookMs: 61000, batch: 0 }), "n1: converted in 61.0s (batch 1/3)");
        assert.strictEqual(at({ node: "n1", kind: "converted" }), "n1: converted", "no duration when the start was not seen");
        assert.strictEqual(at({ node: "n1", kind: "reverted", from: "NodePool edge", tookMs: 2000 }), "n1: reverted out of NodePool edge in 2.0s");
        assert.strictEqual(
            at({ node: "n1", kind: "failed", verdict: "ConvertFailed", reason: "exit 1", tookMs: 3000, batch: 2 }),
            "n1: ConvertFailed after 3.0s (batch 3/3): exit 1",
        );
        assert.strictEqual(at({ node: "n1", kind: "failed", verdict: "FAILED", reason: "forbidden" }), "n1: FAILED: forbidden");
        const batch = (o: BatchOutcome) => log.batch(0, o).replace(/^\[ *0\.0s\] /, "");
        assert.strictEqual(batch({ batch: 1, converted: 4, failed: 0, next: "unused" }), "batch 2/3 done: 4 converted");
        assert.strictEqual(
            batch({ batch: 1, converted: 3, failed: 1, next: "later batches do not start" }),
            "batch 2/3 FAILED: 3 converted, 1 failed; later batches do not start",
        );
    });

    it("a heartbeat only when quiet, naming the first eight busy nodes, their batches and the counts; the nodes are walked only then", () => {
        const log = new RunLog(0, 2);
        let asked = 0;
        const waiting = () => {
            asked++;
            const busy = Array.from({ length: 10 }, (_, i) => ({
                node: `n${i}`,
                batch: i < 5 ? 0 : 1,
                since: 1000,
                state: i === 0 ? "Converting" : undefined,
            }));
            return { busy, counts: { converted: 4, failed: 1 } };
        };
        log.line(5000, "something");
        assert.strictEqual(log.heartbeat(10000, waiting), undefined, "printed 5 s ago");
        assert.strictEqual(asked, 0, "not walked while a line is recent");
        assert.strictEqual(
            log.heartbeat(21000, waiting, "yurt-manager: "),
            "[  21.0s] batch 1,2/2: waiting for yurt-manager: n0 (Converting, 20.0s), n1 (20.0s), n2 (20.0s), n3 (20.0s), n4 (20.0s), n5 (20.0s), n6 (20.0s), n7 (20.0s) and 2 more; 4 converted, 1 failed so far",
        );
        assert.strictEqual(log.heartbeat(22000, waiting), undefined, "the heartbeat is a line too");
        assert.strictEqual(
            log.heartbeat(40000, () => ({ busy: [], counts: { converted: 0, failed: 0 } })),
            undefined,
            "nothing busy",
        );
        log.finish();
        assert.strictEqual(log.heartbeat(99000, waiting), undefined, "over");
    });
});
