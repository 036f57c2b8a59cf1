import * as assert from "assert";
import { clusterWideChanges, planJson, planTotals, renderPlanTable } from "../../../cli/output/planTable";
import { actionOf, nodeRowKinds, planRows } from "../../../cli/generations/yurtctl/planRows";
import { ServantJobProgress } from "../../../cli/generations/yurtctl/jobProgress";
import { nodeStatuses, renderStatusTable, statusJson } from "../../../cli/generations/yurtctl/status";
import { NodeChange } from "../../../cli/generations/yurtctl/nodeSteps";
import { summaryRows } from "../../../cli/generations/yurtctl/summaryRows";
import { renderSummary, summaryTotals } from "../../../cli/output/summary";
import { ClusterInventory } from "../../../components/core/plan/inventory";
import { planConversion } from "../../../components/yurtctl/plan";

const node = (name: string) => ({ name, labels: {}, annotations: {}, ready: true, runsKubeControllerManager: false });
const inventory: ClusterInventory = { nodes: ["node1", "node2", "node3", "node4"].map(node) };
const plan = planConversion({ cloudNodes: ["node1"], provider: "ack", autonomousNodes: ["node2"], rollout: { batchSize: 2 } }, inventory);

describe("yurtctl tables (v0.6.1)", () => {
    it("actions from resource steps: convert, revert, annotate, none", () => {
        assert.deepStrictEqual(actionOf("edge", { convert: "create", role: "create", autonomy: "create" }), {
            action: "convert",
            detail: "servant Job, label edge, autonomy on",
        });
        assert.deepStrictEqual(actionOf("edge", { convert: "replace" }), { action: "convert", detail: "servant Job re-runs" });
        assert.deepStrictEqual(actionOf("cloud", { role: "create" }), { action: "convert", detail: "label cloud" });
        assert.deepStrictEqual(actionOf("edge", { convert: "delete", role: "delete", autonomy: "delete" }), {
            action: "revert",
            detail: "revert Job, label removed, autonomy off",
        });
        assert.deepStrictEqual(actionOf("cloud", { role: "delete" }), { action: "revert", detail: "label removed" });
        assert.deepStrictEqual(actionOf("edge", { autonomy: "create" }), { action: "annotate", detail: "autonomy on" });
        assert.deepStrictEqual(actionOf("edge", { autonomy: "delete" }), { action: "annotate", detail: "autonomy off" });
        assert.deepStrictEqual(
            actionOf("edge", { role: "update" }),
            { action: "convert", detail: "label edge" },
            "a label removed by hand is restored",
        );
        assert.deepStrictEqual(actionOf("edge", { convert: "update" }), { action: "none", detail: "servant Job metadata updated" });
        assert.deepStrictEqual(actionOf("edge", undefined), { action: "none", detail: "" });
    });

    it("plan rows: cloud first, edge in rollout order with 1-based batches, then leaving nodes", () => {
        const changes = new Map<string, NodeChange>([
            ["node1", { role: "create" }],
            ["node2", { convert: "create", role: "create", autonomy: "create" }],
            ["node4", { convert: "replace" }],
            ["node5", { convert: "delete", role: "delete" }],
        ]);
        const rows = planRows({ plan, changes, previousRoles: { node5: "edge" } });
        assert.deepStrictEqual(
            rows.map((r) => [r.node, r.role, r.action, r.batch]),
            [
                ["node1", "cloud", "convert", undefined],
                ["node2", "edge", "convert", 1],
                ["node3", "edge", "none", 1],
                ["node4", "edge", "convert", 2],
                ["node5", "edge", "revert", undefined],
            ],
        );
        assert.strictEqual(rows[4].detail, "leaves: revert Job, label removed");
        assert.strictEqual(
            renderPlanTable(rows, { pools: false }),
            [
                "NODE   ROLE   AUTONOMOUS  ACTION   BATCH  DETAIL",
                "node1  cloud  -           convert  -      label cloud",
                "node2  edge   yes         convert  1/2    servant Job, label edge, autonomy on",
                "node3  edge   no          none     1/2",
                "node4  edge   no          convert  2/2    servant Job re-runs",
                "node5  edge   no          revert   -      leaves: revert Job, label removed",
                "",
            ].join("\n"),
        );
        assert.strictEqual(planTotals(rows), "3 to convert, 1 to revert");
        assert.strictEqual(planTotals(rows.filter((r) => r.action === "none")), "nothing to change");
    });

    it("plan rows list nodes the plan does not manage", () => {
        const partial = planConversion({ cloudNodes: ["node1"], edgeNodes: ["node2"], provider: "none" }, inventory);
        const rows = planRows({ plan: partial, changes: new Map() });
        assert.deepStrictEqual(
            rows.map((r) => [r.node, r.role, r.action]),
            [
                ["node1", "cloud", "none"],
                ["node2", "edge", "none"],
                ["node3", "-", "none"],
                ["node4", "-", "none"],
            ],
        );
        assert.match(rows[2].detail, /not managed/);
    });

    it("revert rows come from the previous run: roles, autonomy, batches", () => {
        const changes = new Map<string, NodeChange>([
            ["node1", { role: "delete" }],
            ["node2", { convert: "delete", role: "delete", autonomy: "delete" }],
            ["node3", { convert: "delete", role: "delete" }],
        ]);
        const rows = planRows({
            changes,
            previousRoles: { node1: "cloud", node2: "edge", node3: "edge" },
            previousAutonomous: ["node2"],
            previousBatches: [["node2"], ["node3"]],
        });
        assert.deepStrictEqual(
            rows.map((r) => [r.node, r.role, r.autonomous, r.action, r.batch]),
            [
                ["node1", "cloud", false, "revert", undefined],
                ["node2", "edge", true, "revert", 1],
                ["node3", "edge", false, "revert", 2],
            ],
        );
    });

    it("plan as JSON for scripts", () => {
        const rows = planRows({ plan, changes: new Map([["node2", { autonomy: "delete" } as NodeChange]]) });
        const json = JSON.parse(planJson(rows, { stack: "local" }));
        assert.strictEqual(json.stack, "local");
        assert.deepStrictEqual(json.nodes[1], {
            name: "node2",
            role: "edge",
            autonomous: true,
            action: "annotate",
            batch: 1,
            detail: "autonomy off",
        });
        assert.strictEqual(json.nodes[0].batch, null);
    });

    it("cluster-wide changes leave out what the v0.6.1 rows show: each node's resources", () => {
        const perNode = ["create openyurt-convert-node2", "update openyurt-role-node2", "delete openyurt-autonomy-node3"];
        const fleet = ["update openyurt-nodepool-members", "update openyurt-nodepool-reverts"];
        const other = ["create openyurt-ycm", "create openyurt-pool-edge", "create openyurt-extra"];
        assert.deepStrictEqual(clusterWideChanges([...perNode, ...fleet, ...other], nodeRowKinds), [...fleet, ...other]);
    });
});

describe("yurtctl run summary", () => {
    const rows = planRows({ plan, changes: new Map() });
    const progress = (setup: (p: ServantJobProgress) => void) => {
        const p = new ServantJobProgress({ operation: "up", batches: plan.batches, start: 0 });
        setup(p);
        return p;
    };

    it("a successful run: converted, labelled, marked, unchanged", () => {
        const p = progress((p) => {
            p.node("node1").label = "set";
            Object.assign(p.node("node2"), { job: "done", label: "set", autonomy: "set" });
            Object.assign(p.node("node4"), { job: "done" });
        });
        const s = summaryRows(rows, p, "succeeded");
        assert.deepStrictEqual(
            s.map((r) => [r.node, r.batch, r.result, r.note]),
            [
                ["node1", "-", "labelled", ""],
                ["node2", "1/2", "converted", "marked autonomous"],
                ["node3", "1/2", "unchanged", ""],
                ["node4", "2/2", "converted", ""],
            ],
        );
        assert.strictEqual(summaryTotals(s), "2 converted, 1 labelled");
        assert.match(renderSummary(s), /^NODE +ROLE +BATCH +RESULT +NOTE\n/);
    });

    it("a failed batch: the failed node with its reason, later batches not reached", () => {
        const p = progress((p) => {
            Object.assign(p.node("node2"), { job: "done" });
            Object.assign(p.node("node3"), { job: "failed", error: "[BackoffLimitExceeded] Job has reached the specified backoff limit" });
        });
        const s = summaryRows(rows, p, "failed");
        assert.deepStrictEqual(
            s.map((r) => [r.node, r.result]),
            [
                ["node1", "unchanged"],
                ["node2", "converted"],
                ["node3", "FAILED"],
                ["node4", "not reached"],
            ],
        );
        assert.strictEqual(s[2].note, "[BackoffLimitExceeded] Job has reached the specified backoff limit");
        assert.strictEqual(s[3].note, "batch 1 failed first");
        assert.strictEqual(summaryTotals(s), "1 converted, 1 FAILED, 1 not reached");
        assert.deepStrictEqual(p.failedNodes(), ["node3"]);
    });

    it("an interrupted run: the running Job is unfinished", () => {
        const p = progress((p) => Object.assign(p.node("node2"), { job: "running" }));
        assert.strictEqual(summaryRows(rows, p, "interrupted")[1].result, "unfinished");
    });

    it("a revert: every node reverted", () => {
        const revertRows = planRows({
            changes: new Map([
                ["node1", { role: "delete" }],
                ["node2", { convert: "delete", role: "delete" }],
            ]),
            previousRoles: { node1: "cloud", node2: "edge" },
        });
        const p = new ServantJobProgress({ operation: "destroy", batches: [["node2"]], revertNodes: ["node2"], start: 0 });
        p.node("node1").label = "removed";
        Object.assign(p.node("node2"), { revert: "done", label: "removed", autonomy: "removed" });
        const s = summaryRows(revertRows, p, "succeeded");
        assert.deepStrictEqual(
            s.map((r) => [r.node, r.result, r.note]),
            [
                ["node1", "reverted", ""],
                ["node2", "reverted", "autonomy annotation removed"],
            ],
        );
        assert.strictEqual(summaryTotals(s), "2 reverted");
    });
});

describe("yurtctl status", () => {
    const k8sNode = (name: string, labels: Record<string, string>, annotations: Record<string, string>, ready: string) => ({
        metadata: { name, labels, annotations },
        status: {
            conditions: [
                { type: "MemoryPressure", status: "False" },
                { type: "Ready", status: ready },
            ],
        },
    });
    const job = (node: string, status: any, created = "2026-01-01T00:00:00Z") => ({
        metadata: {
            name: `node-servant-convert-${node}`,
            namespace: "kube-system",
            creationTimestamp: created,
            labels: { "openyurt.io/servant-node": node },
        },
        status,
    });
    const nodes = [
        k8sNode("node2", { "openyurt.io/is-edge-worker": "true" }, { "node.beta.openyurt.io/autonomy": "true" }, "True"),
        k8sNode("node1", { "openyurt.io/is-edge-worker": "false" }, {}, "True"),
        k8sNode("node3", { "openyurt.io/is-edge-worker": "true" }, {}, "False"),
        k8sNode("node4", {}, {}, "Unknown"),
    ];
    const jobs = [
        job("node2", { succeeded: 1, conditions: [{ type: "Complete", status: "True" }] }),
        job(
            "node3",
            {
                failed: 1,
                conditions: [
                    { type: "Failed", status: "True", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" },
                ],
            },
            "2026-01-02T00:00:00Z",
        ),
        job("node3", { succeeded: 1, conditions: [{ type: "Complete", status: "True" }] }, "2026-01-01T00:00:00Z"),
        job("node4", { active: 1 }),
    ];

    it("per node: role from the edge label, autonomy, newest conversion Job, Ready condition", () => {
        const rows = nodeStatuses(nodes, jobs);
        assert.deepStrictEqual(
            rows.map((r) => [r.name, r.role, r.autonomous, r.job?.state, r.ready]),
            [
                ["node1", "cloud", false, undefined, "True"],
                ["node2", "edge", true, "Complete", "True"],
                ["node3", "edge", false, "Failed", "False"],
                ["node4", "-", false, "Running", "Unknown"],
            ],
        );
        assert.strictEqual(
            renderStatusTable(rows),
            [
                "NODE   ROLE   AUTONOMOUS  CONVERSION JOB                                                              READY",
                "node1  cloud  -           -                                                                           True",
                "node2  edge   yes         Complete                                                                    True",
                "node3  edge   no          Failed (BackoffLimitExceeded: Job has reached the specified backoff limit)  False",
                "node4  -      -           Running                                                                     Unknown",
                "",
            ].join("\n"),
        );
    });

    it("as JSON for scripts", () => {
        const json = JSON.parse(statusJson(nodeStatuses(nodes, jobs), { server: "https://x" }));
        assert.strictEqual(json.server, "https://x");
        assert.deepStrictEqual(json.nodes[1], {
            name: "node2",
            role: "edge",
            autonomous: true,
            ready: true,
            readyCondition: "True",
            conversionJob: { name: "node-servant-convert-node2", namespace: "kube-system", state: "Complete" },
        });
        assert.strictEqual(json.nodes[0].conversionJob, null);
        assert.strictEqual(json.nodes[2].ready, false);
    });
});
