import * as assert from "assert";
import { allowedFailures, parseFailureBudget } from "../../components/yurtmanager/failureBudget";
import { humanSpan, NodeReport, outcomeCounts, summarizeReport } from "../../components/yurtmanager/rolloutReport";
import { offlineForMs, offlineReason, OFFLINE_GRACE_MS } from "../../components/yurtmanager/nodeConversion";
import { isNodeReady as isReady } from "../../components/core/kube/nodeStatus";
import { describePending, pendingNodes } from "../../components/yurtmanager/pendingNodes";
import { planYurtManagerConversion } from "../../components/yurtmanager/plan";
import { inventory, v1_7Kubernetes } from "../../support/inventory";
import { compactSummary, NodeResult, SummaryRow } from "../../cli/output/summary";

describe("the failure budget (rollout.maxFailures)", () => {
    const budget = (v: unknown) => {
        const p = parseFailureBudget(v);
        assert.ok(!("problem" in p), `${JSON.stringify(v)} should be a budget`);
        return p;
    };
    it("reads counts and percentages, as numbers or strings, and keeps one text form", () => {
        assert.deepStrictEqual(budget(3), { budget: { kind: "count", count: 3 }, text: "3" });
        assert.deepStrictEqual(budget(" 07 "), { budget: { kind: "count", count: 7 }, text: "7" });
        assert.deepStrictEqual(budget("5%"), { budget: { kind: "percent", percent: 5 }, text: "5%" });
        assert.deepStrictEqual(budget("0.5 %"), { budget: { kind: "percent", percent: 0.5 }, text: "0.5%" });
        assert.deepStrictEqual(budget("100%").budget, { kind: "percent", percent: 100 });
    });
    it("refuses what is neither, naming the value", () => {
        for (const bad of [-1, 1.5, "-2", "five", "101%", "5%%", "", null, true, [1]]) {
            const p = parseFailureBudget(bad);
            assert.ok("problem" in p, `${JSON.stringify(bad)} should be refused`);
            assert.ok(p.problem.startsWith(JSON.stringify(bad)), p.problem);
        }
    });
    it("a count is itself; a percentage of the nodes a run converts rounds down", () => {
        assert.strictEqual(allowedFailures({ kind: "count", count: 2 }, 1000), 2);
        assert.strictEqual(allowedFailures({ kind: "percent", percent: 1 }, 5000), 50);
        assert.strictEqual(allowedFailures({ kind: "percent", percent: 1 }, 150), 1);
        assert.strictEqual(allowedFailures({ kind: "percent", percent: 1 }, 99), 0);
        assert.strictEqual(allowedFailures({ kind: "percent", percent: 10 }, 30), 3, "no floating-point loss: 10% of 30 is 3");
        assert.strictEqual(allowedFailures({ kind: "percent", percent: 100 }, 7), 7);
    });
});

describe("the per-node report", () => {
    const at = "2026-12-04T10:00:00Z";
    const report: Record<string, NodeReport> = {
        node1: { pool: "cloud", outcome: "cloud", since: at },
        ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`edge${i}`, { pool: "edge", outcome: "converted" as const, since: at }])),
        zed: { pool: "edge", outcome: "failed", reason: "InjectedFailure", since: at },
        alpha: { pool: "edge", outcome: "skipped-offline", reason: "Ready=Unknown (NodeStatusUnknown) for 5m", since: at },
    };
    it("counts every outcome", () => {
        assert.deepStrictEqual(outcomeCounts(report), { cloud: 1, converted: 12, failed: 1, "skipped-offline": 1, pending: 0, reverted: 0 });
    });
    it("ends a run in a few lines: counts, then failed and skipped nodes by name with the reason", () => {
        assert.strictEqual(
            summarizeReport(report),
            "1 cloud, 12 converted, 1 failed, 1 skipped-offline\n" +
                "  - node alpha (skipped-offline): Ready=Unknown (NodeStatusUnknown) for 5m\n" +
                "  - node zed (failed): InjectedFailure",
        );
    });
    it("lists only the first few of many failures, and says how many more and where to read them", () => {
        const many: Record<string, NodeReport> = Object.fromEntries(
            Array.from({ length: 2000 }, (_, i) => [
                `n${String(i).padStart(4, "0")}`,
                { pool: "edge", outcome: "failed" as const, reason: "x", since: at },
            ]),
        );
        const text = summarizeReport(many, 3);
        assert.strictEqual(text.split("\n").length, 5);
        assert.match(text, /^2000 failed\n {2}- node n0000 .*\n.*n0001.*\n.*n0002.*\n {2}- … and 1997 more \(stack output nodeReport/);
    });
    it("says how long in the units a person reads", () => {
        assert.deepStrictEqual(
            [humanSpan(4000), humanSpan(200000), humanSpan(3 * 3600000 + 60000), humanSpan(5 * 86400000)],
            ["4s", "3m20s", "3h1m", "5d"],
        );
    });
});

describe("when a node counts as offline", () => {
    const now = Date.parse("2026-12-04T10:10:00Z");
    const node = (status: string, since: string, reason?: string) => ({
        metadata: { name: "n", creationTimestamp: "2026-12-01T00:00:00Z" },
        status: { conditions: [{ type: "Ready", status, lastTransitionTime: since, ...(reason ? { reason } : {}) }] },
    });
    it("a Ready node is not, however old its condition", () => {
        assert.ok(isReady(node("True", "2026-12-01T00:00:00Z")));
        assert.strictEqual(offlineForMs(node("True", "2026-12-01T00:00:00Z"), now), 0);
    });
    it("Unknown or False counts from the condition's transition; no condition from the node's creation", () => {
        assert.strictEqual(offlineForMs(node("Unknown", "2026-12-04T10:09:00Z"), now), 60000);
        assert.ok(offlineForMs(node("False", "2026-12-04T10:08:59Z"), now) > OFFLINE_GRACE_MS, "past the grace a batch gives up on it");
        assert.strictEqual(offlineForMs({ metadata: { creationTimestamp: "2026-12-04T10:00:00Z" } }, now), 600000);
        assert.ok(!isReady({ metadata: {} }));
    });
    it("the reason names the condition and how long", () => {
        assert.strictEqual(
            offlineReason(node("Unknown", "2026-12-04T10:06:40Z", "NodeStatusUnknown"), now),
            "Ready=Unknown (NodeStatusUnknown) for 3m20s",
        );
        assert.strictEqual(offlineReason({ metadata: {} }, now), "no Ready condition reported yet");
    });
});

describe("the edge nodes a run will work on, named in the preview from the live nodes", () => {
    const inv = inventory(["node1", "a", "b", "c", "d"], { version: v1_7Kubernetes, notReady: ["d"] });
    const set = (n: string, labels: Record<string, string>, annotations: Record<string, string> = {}) => {
        const x = inv.nodes.find((y) => y.name === n)!;
        Object.assign(x.labels, labels);
        Object.assign(x.annotations, annotations);
    };
    set("a", { "apps.openyurt.io/nodepool": "edge", "openyurt.io/is-edge-worker": "true" }, { "pulumi-openyurt/yurthub-at-boot": "true" });
    set("b", { "apps.openyurt.io/nodepool": "edge" });
    set("c", { "apps.openyurt.io/nodepool": "edge", "openyurt.io/is-edge-worker": "true" });
    const plan = planYurtManagerConversion({ cloudNodes: ["node1"] }, inv);
    it("skips converted nodes; a node in its pool is retried (also one converted without the yurt-hub-at-boot record); offline ones are said to be skipped", () => {
        assert.deepStrictEqual(pendingNodes(plan, inv), [
            { name: "b", kind: "retry" },
            { name: "c", kind: "retry" },
            { name: "d", kind: "offline" },
        ]);
        assert.strictEqual(
            describePending(pendingNodes(plan, inv)),
            "edge nodes not converted yet: 2 retried (in their pool, not converted): b, c; 1 offline now, skipped unless back when their batch starts: d",
        );
    });
    it("says nothing when every edge node is converted, and names only the first few of many", () => {
        assert.strictEqual(describePending([]), undefined);
        const many = Array.from({ length: 25 }, (_, i) => ({ name: `n${i}`, kind: "new" as const }));
        assert.match(describePending(many, 3)!, /^edge nodes not converted yet: 25 to convert: n0, n1, n2, … 22 more$/);
    });
});

describe("yurtctl's end-of-run summary of a large fleet", () => {
    const row = (node: string, result: NodeResult): SummaryRow => ({ node, role: "edge", batch: "1/1", result, note: "" });
    it("shows every node of a small run", () => {
        const rows = [row("a", "converted"), row("b", "FAILED")];
        assert.deepStrictEqual(compactSummary(rows), { rows });
    });
    it("of 2,000 nodes shows the ones that did not go as planned and one line for the rest", () => {
        const rows = Array.from({ length: 2000 }, (_, i) => row(`n${i}`, i === 7 ? "FAILED" : i === 9 ? "skipped offline" : "converted"));
        const c = compactSummary(rows);
        assert.deepStrictEqual(
            c.rows.map((r) => r.node),
            ["n7", "n9"],
        );
        assert.strictEqual(c.rest, "… and 1998 more node(s): 1998 converted (every node: --output json, or yurtctl status)");
    });
});
