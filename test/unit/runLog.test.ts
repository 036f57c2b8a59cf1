import * as assert from "assert";
import { RunLog } from "../../cli/output/runLog";

describe("the run log both generations print progress through", () => {
    it("stamps lines with the time since the start and names a node's batch", () => {
        const log = new RunLog(1000, 3);
        assert.strictEqual(log.line(63000, "node2: converted"), "[  62.0s] node2: converted");
        assert.strictEqual(log.batchText(1), " (batch 2/3)");
        assert.strictEqual(log.batchText(undefined), "");
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
