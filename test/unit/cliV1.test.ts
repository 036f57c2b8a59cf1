import * as assert from "assert";
import * as path from "path";
import { parse } from "yaml";
import { parseArgs } from "../../cli/input/args";
import { requireConversionSettings, requireSameGeneration } from "../../cli/commands/prepare";
import { previousMembers } from "../../cli/generations/yurtmanager/revert";
import { watchedNodes } from "../../cli/generations/yurtmanager/run";
import { statusRelease } from "../../cli/commands/status";
import { autonomyConfig, changedKeys, conversionConfig, mergeRaw, setAllJson } from "../../cli/input/configEdit";
import { stackFileWith } from "../../components/core/config/stackFile";
import { LocalPlan, withProjectCharts } from "../../cli/input/localPlan";
import { describeOtherChanges, planJson, planTotals, renderPlanTable } from "../../cli/output/planTable";
import { membershipChanges, poolActionOf, poolPlanRows } from "../../cli/generations/yurtmanager/poolPlan";
import { poolSummaryRows, PoolWatch } from "../../cli/generations/yurtmanager/poolProgress";
import { PoolStepProgress } from "../../cli/generations/yurtmanager/poolSteps";
import { conversionState } from "../../components/yurtmanager/conversionState";
import { previousFromState } from "../../cli/engine/previous";
import { condenseError } from "../../cli/output/progress";
import { describeProblems, fixInFlags, flagForSetting } from "../../cli/input/problems";
import { conversionCell, poolNodeStatuses, poolStatusJson, renderPoolStatusTable } from "../../cli/generations/yurtmanager/status";
import { renderSummary, summaryTotals } from "../../cli/output/summary";
import { readStackConfig } from "../../components/core/config/stackConfig";
import { ConversionConfigError } from "../../components/core/config/problems";
import { planEdgeCluster } from "../../components/edgecluster/plan";
import { YurtManagerPlan } from "../../components/yurtmanager/plan";
import { v1_7_0 } from "../../components/core/release/v1_7";
import { done, ev, statusProject, usageErrorOf } from "./cliFixtures";
import { inventory, v1_7Kubernetes } from "../../support/inventory";
import { chartFolder } from "./chartFixtures";

/** The CLI on OpenYurt v1.7.0 (yurt-manager, NodePools) and the flags that choose a release. Pure parts only. */

const flagsOf = (...argv: string[]) => parseArgs(argv).flags;
const fleet = inventory(["node1", "node2", "node3", "node4"], { version: v1_7Kubernetes });
const v17 = (spec: object = {}) =>
    planEdgeCluster({ cloudNodes: ["node1"], rollout: { batchSize: 2 }, autonomousNodes: ["node2"], ...spec }, fleet) as YurtManagerPlan;

describe("yurtctl: choosing the release (flags, config, problems)", () => {
    it("--release, --allow-unsupported-kubernetes, --charts-path, --autonomy-duration, --yurt-manager-image", () => {
        const { flags, given } = parseArgs([
            "convert",
            "-c",
            "node1",
            "--release",
            "v0.6.1",
            "--allow-unsupported-kubernetes",
            "--charts-path",
            "charts",
            "--autonomy-duration",
            "30m",
            "--yurt-manager-image",
            "openyurt/yurt-manager:v1.7.0",
        ]);
        assert.deepStrictEqual(flags.settings, {
            cloudNodes: ["node1"],
            release: "v0.6.1",
            allowUnsupportedKubernetes: true,
            "charts.path": "charts",
            autonomyDuration: "30m",
            "images.yurtManager": "openyurt/yurt-manager:v1.7.0",
        });
        assert.ok(given.has("release") && given.has("allow-unsupported-kubernetes"));
        assert.strictEqual(flagsOf("convert", "--allow-unsupported-kubernetes=false").settings.allowUnsupportedKubernetes, false);
        assert.strictEqual(flagsOf("convert").settings.allowUnsupportedKubernetes, undefined, "not given: the stack's value stays");
        assert.strictEqual(flagsOf("status", "--release", "v0.6.1").settings.release, "v0.6.1");
    });

    it("refuses empty values, a latest yurt-manager image (the plan, named by the flag), and release flags where they do nothing", () => {
        assert.match(
            usageErrorOf(() => parseArgs(["convert", "--release", ""])),
            /^--release: empty value/,
        );
        assert.match(
            usageErrorOf(() => parseArgs(["plan", "--charts-path="])),
            /^--charts-path: empty value/,
        );
        const latest = parseArgs(["convert", "--yurt-manager-image", "openyurt/yurt-manager:latest"]);
        const config = mergeRaw({ cloudNodes: '["node1"]' }, conversionConfig(latest.flags, {}, "/"));
        assert.throws(
            () => planEdgeCluster(readStackConfig(config).conversion, fleet),
            (e: ConversionConfigError) =>
                /\n {2}--yurt-manager-image: .*latest.*\n {4}fix: pin a tag or digest, e\.g\. openyurt\/yurt-manager:v1\.7\.0$/.test(
                    describeProblems(e.problems, latest.given, "s"),
                ),
        );
        assert.match(
            usageErrorOf(() => parseArgs(["revert", "--release", "v0.6.1"])),
            /^--release is not a flag of yurtctl revert \(it belongs to convert, plan, status\)/,
        );
        assert.match(
            usageErrorOf(() => parseArgs(["status", "--allow-unsupported-kubernetes"])),
            /is not a flag of yurtctl status/,
        );
        assert.match(
            usageErrorOf(() => parseArgs(["convert", "--enable-app-manager"])),
            /yurt-app-manager was merged into yurt-manager/,
        );
    });

    it("writes release, the override as a boolean, an absolute chart folder and the autonomy duration", () => {
        const set = conversionConfig(
            flagsOf("convert", "--release", "v0.6.1", "--allow-unsupported-kubernetes", "--charts-path", "../charts", "--autonomy-duration", "1h"),
            {},
            "/work/main",
        );
        assert.deepStrictEqual(set, {
            release: "v0.6.1",
            allowUnsupportedKubernetes: true,
            charts: { path: "/work/charts" },
            autonomyDuration: "1h",
        });
        // As the engine writes it (objectValue keeps the boolean), as a preview file holds it, as the program reads it.
        assert.deepStrictEqual(JSON.parse(setAllJson({ allowUnsupportedKubernetes: true }))["pulumi-openyurt:allowUnsupportedKubernetes"], {
            value: "true",
            objectValue: true,
            secret: false,
        });
        assert.strictEqual(
            parse(stackFileWith(undefined, { allowUnsupportedKubernetes: true })).config["pulumi-openyurt:allowUnsupportedKubernetes"],
            true,
        );
        const settings = readStackConfig(mergeRaw({ cloudNodes: '["node1"]' }, set));
        assert.strictEqual(settings.conversion.allowUnsupportedKubernetes, true);
        assert.deepStrictEqual(settings.conversion.charts, { path: "/work/charts" });
        // The schema default (false) against the flag: a change; the same value again: none.
        assert.deepStrictEqual(changedKeys({ allowUnsupportedKubernetes: "false", release: "v1.7.0" }, set).sort(), [
            "allowUnsupportedKubernetes",
            "autonomyDuration",
            "charts",
            "release",
        ]);
        assert.deepStrictEqual(changedKeys({ allowUnsupportedKubernetes: "true" }, { allowUnsupportedKubernetes: true }), []);
        assert.deepStrictEqual(autonomyConfig(flagsOf("markautonomous", "-a", "node2", "--autonomy-duration", "5m"), {}, ["node2"], "/"), {
            autonomousNodes: ["node2"],
            autonomyDuration: "5m",
        });
    });

    it("a relative charts.path is the project's: the CLI's plan looks for the charts there, wherever yurtctl was started", () => {
        const charts = chartFolder();
        const project = path.dirname(charts);
        const relative = { cloudNodes: ["node1"], charts: { path: path.basename(charts) } };
        assert.deepStrictEqual(withProjectCharts(relative, project).charts, { path: charts });
        assert.deepStrictEqual(v17(withProjectCharts(relative, project)).charts, { kind: "path", path: charts });
        assert.throws(() => v17(relative), /charts\.path: folder ".*" \(.*\) does not exist/, "from the working directory it is not there");
        assert.deepStrictEqual(
            withProjectCharts({ cloudNodes: ["node1"], charts: { path: "/abs" } }, project).charts,
            { path: "/abs" },
            "absolute: as given",
        );
        assert.deepStrictEqual(withProjectCharts(relative, undefined), relative, "no project folder: the working directory's");
    });

    it("maps the new settings to their flags, and the plan's fixes to flags", () => {
        assert.strictEqual(flagForSetting("release"), "release");
        assert.strictEqual(flagForSetting("allowUnsupportedKubernetes"), "allow-unsupported-kubernetes");
        assert.strictEqual(flagForSetting("charts.path"), "charts-path");
        assert.strictEqual(flagForSetting("autonomyDuration"), "autonomy-duration");
        assert.strictEqual(flagForSetting("images.yurtManager"), "yurt-manager-image");
        assert.strictEqual(
            fixInFlags(`set release to "v1.7.0", which supports current Kubernetes; or, to try anyway, set allowUnsupportedKubernetes: true`),
            "use --release v1.7.0, which supports current Kubernetes; or, to try anyway, add --allow-unsupported-kubernetes",
        );
        assert.strictEqual(fixInFlags("check the spelling"), "check the spelling");
    });

    it("v1.7.0 (the default) needs only --cloud-nodes, no --provider", () => {
        requireConversionSettings({ cloudNodes: '["node1"]' }, "s");
        requireConversionSettings({ cloudNodes: '["node1"]', release: "v1.7.0" }, "s");
        assert.match(
            usageErrorOf(() => requireConversionSettings({}, "s")),
            /--cloud-nodes .* is required$/,
        );
        // kubeadm under v1.7.0 is a note, not an error.
        assert.match(v17({ provider: "kubeadm" }).notes.join("\n"), /provider "kubeadm" has no effect with OpenYurt v1\.7\.0/);
    });

    it("a stack with no state, or converted by the same generation, goes on", () => {
        const local = { plan: v17() } as unknown as LocalPlan;
        requireSameGeneration(local, previousFromState([]), "demo", new Set());
        requireSameGeneration(local, previousFromState(v17State), "demo", new Set(["release"]));
    });
});

// ---- the previous run (state) ------------------------------------------------------------------

const urn = (name: string, type: string) => `urn:pulumi:s::pulumi-openyurt::openyurt:index:EdgeCluster$${type}::${name}`;
const MEMBERS = "pulumi-nodejs:dynamic/openyurt:NodePoolMembers";
const REVERTS = "pulumi-nodejs:dynamic/openyurt:NodePoolReverts";
const secret = (v: unknown) => ({
    "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
    ciphertext: "v1:abc",
    ...(v === undefined ? {} : { plaintext: JSON.stringify(v) }),
});
const v17State = [
    { type: "pulumi:pulumi:Stack", urn: "urn:pulumi:s::pulumi-openyurt::pulumi:pulumi:Stack::pulumi-openyurt-s" },
    { type: "pulumi:providers:kubernetes", urn: urn("openyurt-k8s", "pulumi:providers:kubernetes") },
    { type: "kubernetes:helm.sh/v4:Chart", urn: urn("openyurt-yurt-manager", "kubernetes:helm.sh/v4:Chart") },
    { type: "kubernetes:apps.openyurt.io/v1beta2:NodePool", urn: urn("openyurt-pool-edge", "kubernetes:apps.openyurt.io/v1beta2:NodePool") },
    {
        type: REVERTS,
        urn: urn("openyurt-nodepool-reverts", REVERTS),
        inputs: { kubeconfig: secret(undefined), pools: { node1: "cloud", node2: "edge", node3: "edge" } },
    },
    {
        type: MEMBERS,
        urn: urn("openyurt-nodepool-members", MEMBERS),
        inputs: {
            kubeconfig: secret(undefined),
            batches: [["node2"], ["node3"]],
            nodes: { node1: "pool=cloud role=cloud", node2: "pool=edge role=edge autonomy=0", node3: "pool=edge role=edge" } as Record<
                string,
                unknown
            >,
        },
    },
];

describe("yurtctl previous run, OpenYurt v1.7.0", () => {
    it("reads NodePool membership, roles, autonomy and batches from NodePoolMembers; the revert set from NodePoolReverts", () => {
        const prev = previousFromState(v17State);
        assert.strictEqual(prev.generation, "yurt-manager");
        assert.strictEqual(prev.resourceCount, 4);
        const members = {
            node1: { pool: "cloud", edge: false },
            node2: { pool: "edge", edge: true, autonomy: "0" },
            node3: { pool: "edge", edge: true },
        };
        assert.deepStrictEqual(prev.members, members);
        const older = v17State.map((r) => (r.type === MEMBERS ? { ...r, inputs: { ...r.inputs!, nodes: members } } : r));
        assert.deepStrictEqual(previousFromState(older).members, members, "a state written before the string form: the same membership");
        assert.strictEqual(prev.membersUrn, urn("openyurt-nodepool-members", MEMBERS));
        assert.deepStrictEqual(prev.roles, { node1: "cloud", node2: "edge", node3: "edge" });
        assert.deepStrictEqual(prev.autonomous, ["node2"]);
        assert.deepStrictEqual(prev.batches, [["node2"], ["node3"]]);
        assert.deepStrictEqual(prev.revertNodes, ["node1", "node2", "node3"]);
    });

    it("a run that stopped before NodePoolMembers existed: still v1.7.0, the nodes from NodePoolReverts", () => {
        const prev = previousFromState(v17State.slice(0, 5));
        assert.strictEqual(prev.generation, "yurt-manager");
        assert.strictEqual(prev.members, undefined);
        assert.deepStrictEqual(previousMembers(prev), {
            node1: { pool: "cloud", edge: false },
            node2: { pool: "edge", edge: true },
            node3: { pool: "edge", edge: true },
        });
        assert.strictEqual(previousFromState(v17State.slice(0, 2)).generation, undefined, "empty");
    });
});

// ---- plan rows -----------------------------------------------------------------------------------

describe("yurtctl plan rows, OpenYurt v1.7.0 (from the plan and the previous NodePool membership)", () => {
    it("the actions of one node: convert, move, revert, annotate on/off/duration, none", () => {
        const edge = { pool: "edge", edge: true };
        assert.deepStrictEqual(poolActionOf(edge, undefined), { action: "convert", detail: "joins NodePool edge; yurt-manager converts it" });
        assert.deepStrictEqual(poolActionOf({ pool: "cloud", edge: false }, undefined), { action: "convert", detail: "joins NodePool cloud" });
        assert.deepStrictEqual(poolActionOf({ ...edge, autonomy: "0" }, undefined), {
            action: "convert",
            detail: "joins NodePool edge; yurt-manager converts it, autonomy on (autonomy-duration 0)",
        });
        assert.deepStrictEqual(poolActionOf({ pool: "hangzhou", edge: true }, edge), {
            action: "move",
            fromPool: "edge",
            detail: "reverted out of edge, then converted into hangzhou",
        });
        assert.deepStrictEqual(poolActionOf({ pool: "edge", edge: true }, { pool: "cloud", edge: false }), {
            action: "move",
            fromPool: "cloud",
            detail: "leaves cloud, then converted into edge",
        });
        assert.deepStrictEqual(poolActionOf(undefined, { ...edge, autonomy: "0" }), {
            action: "revert",
            detail: "leaves NodePool edge; yurt-manager reverts it, autonomy off",
        });
        assert.deepStrictEqual(poolActionOf(undefined, { pool: "cloud", edge: false }), { action: "revert", detail: "leaves NodePool cloud" });
        assert.deepStrictEqual(poolActionOf({ ...edge, autonomy: "0" }, edge), { action: "annotate", detail: "autonomy on (autonomy-duration 0)" });
        assert.deepStrictEqual(poolActionOf(edge, { ...edge, autonomy: "0" }), { action: "annotate", detail: "autonomy off" });
        assert.deepStrictEqual(poolActionOf({ ...edge, autonomy: "30m" }, { ...edge, autonomy: "0" }), {
            action: "annotate",
            detail: "autonomy-duration 0 → 30m",
        });
        assert.deepStrictEqual(poolActionOf(edge, edge), { action: "none", detail: "" });
    });

    it("a first convert: every node joins its pool, edge nodes in rollout order with 1-based batches", () => {
        const rows = poolPlanRows({ plan: v17(), previous: undefined });
        assert.strictEqual(
            renderPlanTable(rows, { pools: true }),
            [
                "NODE   ROLE   POOL   AUTONOMY  ACTION   BATCH  DETAIL",
                "node1  cloud  cloud  -         convert  -      joins NodePool cloud",
                "node2  edge   edge   yes (0)   convert  1/2    joins NodePool edge; yurt-manager converts it, autonomy on (autonomy-duration 0)",
                "node3  edge   edge   no        convert  1/2    joins NodePool edge; yurt-manager converts it",
                "node4  edge   edge   no        convert  2/2    joins NodePool edge; yurt-manager converts it",
                "",
            ].join("\n"),
        );
        assert.strictEqual(planTotals(rows), "4 to convert");
    });

    it("after a convert: a node moved to another pool, one left, autonomy changed; unmanaged nodes listed", () => {
        const previous = {
            node1: { pool: "cloud", edge: false },
            node2: { pool: "edge", edge: true, autonomy: "0" },
            node3: { pool: "edge", edge: true },
            node4: { pool: "edge", edge: true },
            node5: { pool: "edge", edge: true },
        };
        const plan = v17({ edgeNodes: ["node2", "node3"], edgePools: { hangzhou: ["node3"] }, autonomousNodes: [] });
        const rows = poolPlanRows({ plan, previous });
        assert.deepStrictEqual(
            rows.map((r) => [r.node, r.role, r.pool, r.action, r.batch, r.detail]),
            [
                ["node1", "cloud", "cloud", "none", undefined, ""],
                ["node2", "edge", "edge", "annotate", 1, "autonomy off"],
                ["node3", "edge", "hangzhou", "move", 1, "reverted out of edge, then converted into hangzhou"],
                ["node4", "edge", "edge", "revert", undefined, "leaves NodePool edge; yurt-manager reverts it"],
                ["node5", "edge", "edge", "revert", undefined, "leaves NodePool edge; yurt-manager reverts it"],
            ],
        );
        assert.match(renderPlanTable(rows, { pools: true }), /^node3 +edge +hangzhou +no +move edge→hangzhou +1\/1 +reverted out of edge/m);
        assert.strictEqual(planTotals(rows), "1 to move, 2 to revert, 1 to annotate");
        assert.deepStrictEqual(membershipChanges(rows), [
            "node3 (move edge→hangzhou: reverted out of edge, then converted into hangzhou)",
            "node4 (revert: leaves NodePool edge; yurt-manager reverts it)",
            "node5 (revert: leaves NodePool edge; yurt-manager reverts it)",
        ]);
        const json = JSON.parse(planJson(rows, { release: "v1.7.0" }));
        assert.deepStrictEqual(json.nodes[2], {
            name: "node3",
            role: "edge",
            autonomous: false,
            action: "move",
            batch: 1,
            detail: "reverted out of edge, then converted into hangzhou",
            pool: "hangzhou",
            fromPool: "edge",
        });
        assert.deepStrictEqual(json.nodes[1].pool, "edge");
        // node4 is in the cluster but no longer managed: its row is the revert, not "not managed".
        assert.strictEqual(rows.filter((r) => r.node === "node4").length, 1);
    });

    it("the same plan again: nothing to change", () => {
        const plan = v17();
        const previous = Object.fromEntries(
            plan.nodes.map((n) => [n.name, { pool: n.pool!, edge: n.role === "edge", ...(n.autonomous ? { autonomy: "0" } : {}) }]),
        );
        const rows = poolPlanRows({ plan, previous });
        assert.deepStrictEqual(
            rows.map((r) => r.action),
            ["none", "none", "none", "none"],
        );
        assert.strictEqual(planTotals(rows), "nothing to change");
        assert.deepStrictEqual(membershipChanges(rows), []);
    });

    it("revert: every node of the previous run leaves, with its previous batch", () => {
        const prev = previousFromState(v17State);
        const rows = poolPlanRows({ previous: prev.members, previousBatches: prev.batches });
        assert.deepStrictEqual(
            rows.map((r) => [r.node, r.role, r.action, r.batch, r.batches]),
            [
                ["node1", "cloud", "revert", undefined, 2],
                ["node2", "edge", "revert", 1, 2],
                ["node3", "edge", "revert", 2, 2],
            ],
        );
        assert.strictEqual(rows[1].detail, "leaves NodePool edge; yurt-manager reverts it, autonomy off");
    });

    it("cluster-wide changes of v1.7.0 in words", () => {
        assert.strictEqual(
            describeOtherChanges([
                "create openyurt-yurt-manager",
                "create openyurt-yurt-manager:kube-system/yurt-manager",
                "create openyurt-yurt-manager-ready",
                "create openyurt-yurt-hub:yurt-hub-cfg",
                "create openyurt-pool-cloud",
                "create openyurt-pool-edge",
                "create openyurt-nodepool-reverts",
            ]),
            "create: yurt-manager chart, yurt-manager readiness gate, yurthub chart, NodePools, NodePool reverts",
        );
    });
});

// ---- progress from the cluster ---------------------------------------------------------------------

const cond = v1_7_0.conversionCondition;
/** A Node as the API server returns it. */
function k8sNode(
    name: string,
    o: { pool?: string; edge?: boolean; reason?: string; message?: string; since?: string; cordoned?: boolean; autonomy?: string } = {},
): any {
    return {
        metadata: {
            name,
            labels: { ...(o.pool ? { "apps.openyurt.io/nodepool": o.pool } : {}), ...(o.edge ? { "openyurt.io/is-edge-worker": "true" } : {}) },
            annotations: o.autonomy !== undefined ? { "node.openyurt.io/autonomy-duration": o.autonomy } : {},
        },
        spec: o.cordoned ? { unschedulable: true } : {},
        status: {
            conditions: [
                { type: "Ready", status: "True" },
                ...(o.reason
                    ? [
                          {
                              type: cond.type,
                              reason: o.reason,
                              status: o.reason === cond.convertFailed || o.reason === cond.revertFailed ? "True" : "False",
                              message: o.message,
                              lastTransitionTime: o.since ?? "t0",
                          },
                      ]
                    : []),
            ],
        },
    };
}

describe("yurtctl progress from the cluster, OpenYurt v1.7.0", () => {
    const plan = v17();
    const rows = poolPlanRows({ plan });
    const newWatch = () => new PoolWatch({ release: v1_7_0, nodes: watchedNodes(rows, plan, undefined), batches: plan.batches, start: 0 });
    const strip = (lines: string[]) => lines.map((l) => l.replace(/^\[ *[0-9.]+s\] /, ""));
    /** A node yurt-manager converted into the default pool (at "t1"). */
    const converted = (n: string, extra = {}) => k8sNode(n, { pool: "edge", edge: true, reason: cond.converted, since: "t1", ...extra });

    it("observes a node as yurt-manager leaves it", () => {
        assert.deepStrictEqual(conversionState(k8sNode("n", { pool: "edge", edge: true, reason: cond.converted, autonomy: "0" }), v1_7_0), {
            exists: true,
            pool: "edge",
            edgeWorker: true,
            condition: { status: "False", reason: "Converted", message: undefined, since: "t0" },
            unschedulable: false,
            autonomy: "0",
        });
        assert.deepStrictEqual(conversionState(undefined, v1_7_0), { exists: false, edgeWorker: false, unschedulable: false });
    });

    it("labelled → Converting → converted, batch by batch, autonomy; a quiet wait gets a reminder", () => {
        const w = newWatch();
        w.baseline(["node1", "node2", "node3", "node4"].map((n) => k8sNode(n)));
        assert.deepStrictEqual(
            w.observe(
                ["node1", "node2", "node3", "node4"].map((n) => k8sNode(n)),
                1000,
            ),
            [],
            "nothing changed yet",
        );
        assert.deepStrictEqual(
            strip(
                w.observe(
                    [
                        k8sNode("node1", { pool: "cloud" }),
                        k8sNode("node2", { pool: "edge", reason: cond.converting, cordoned: true }),
                        k8sNode("node3", { pool: "edge" }),
                        k8sNode("node4"),
                    ],
                    2000,
                ),
            ),
            [
                "node1: labelled into NodePool cloud",
                "node2: labelled into NodePool edge (batch 1/2)",
                "node2: Converting (Job node-servant-conversion-node2) (batch 1/2)",
                "node3: labelled into NodePool edge (batch 1/2)",
            ],
        );
        assert.match(
            w.heartbeat(20000)!,
            /^\[ *20\.0s\] batch 1\/2: waiting for yurt-manager: node2 \(Converting, 18\.0s\), node3 \(no condition yet, 18\.0s\); 0 converted, 0 failed so far$/,
        );
        assert.strictEqual(w.heartbeat(21000), undefined, "not again right away");
        assert.deepStrictEqual(
            strip(
                w.observe(
                    [
                        k8sNode("node1", { pool: "cloud" }),
                        converted("node2", { autonomy: "0" }),
                        k8sNode("node3", { pool: "edge", reason: cond.converting, cordoned: true }),
                        k8sNode("node4"),
                    ],
                    5000,
                ),
            ),
            [
                "node2: converted in 3.0s (batch 1/2)",
                "node2: autonomy on (autonomy-duration 0)",
                "node3: Converting (Job node-servant-conversion-node3) (batch 1/2)",
            ],
        );
        assert.deepStrictEqual(
            strip(
                w.observe(
                    [
                        k8sNode("node1", { pool: "cloud" }),
                        converted("node2", { autonomy: "0" }),
                        converted("node3"),
                        k8sNode("node4", { pool: "edge" }),
                    ],
                    7000,
                ),
            ),
            ["node3: converted in 5.0s (batch 1/2)", "batch 1/2 done: 2 converted", "node4: labelled into NodePool edge (batch 2/2)"],
        );
        assert.deepStrictEqual(
            strip(
                w.observe([k8sNode("node1", { pool: "cloud" }), converted("node2", { autonomy: "0" }), converted("node3"), converted("node4")], 9000),
            ),
            ["node4: converted in 2.0s (batch 2/2)", "batch 2/2 done: 1 converted"],
        );
        const summary = poolSummaryRows(rows, w, "succeeded");
        assert.strictEqual(
            renderSummary(summary),
            [
                "NODE   ROLE   POOL   BATCH  RESULT     NOTE",
                "node1  cloud  cloud  -      labelled   NodePool cloud",
                "node2  edge   edge   1/2    converted  NodePool edge, autonomy-duration 0",
                "node3  edge   edge   1/2    converted  NodePool edge",
                "node4  edge   edge   2/2    converted  NodePool edge",
                "",
            ].join("\n"),
        );
        assert.strictEqual(summaryTotals(summary), "3 converted, 1 labelled");
    });

    it("a run that succeeded within rollout.maxFailures: an offline node it never labelled is 'skipped offline', one left without a verdict FAILED", () => {
        const w = newWatch();
        w.baseline(["node1", "node2", "node3", "node4"].map((n) => k8sNode(n)));
        w.observe(
            [
                k8sNode("node1", { pool: "cloud" }),
                converted("node2", { autonomy: "0" }),
                k8sNode("node3"),
                k8sNode("node4", { pool: "edge", reason: cond.converting }),
            ],
            3000,
        );
        const summary = poolSummaryRows(rows, w, "succeeded");
        assert.deepStrictEqual(
            summary.map((r) => [r.node, r.result]),
            [
                ["node1", "labelled"],
                ["node2", "converted"],
                ["node3", "skipped offline"],
                ["node4", "FAILED"],
            ],
        );
        assert.match(summary[2].note, /not Ready when its batch started; the next run retries it/);
        assert.match(summary[3].note, /no verdict from yurt-manager \(Converting\)/);
        assert.strictEqual(summaryTotals(summary), "1 converted, 1 labelled, 1 FAILED, 1 skipped offline");
    });

    it("ConvertFailed: the node named with yurt-manager's message, its batch failed, later batches not reached; an old failure is not news", () => {
        const w = newWatch();
        w.baseline([
            k8sNode("node1"),
            k8sNode("node2", { pool: "edge", reason: cond.convertFailed, message: "old", since: "t0", cordoned: true }),
            k8sNode("node3"),
            k8sNode("node4"),
        ]);
        assert.deepStrictEqual(
            strip(
                w.observe(
                    [
                        k8sNode("node1", { pool: "cloud" }),
                        k8sNode("node2", { pool: "edge", reason: cond.convertFailed, message: "old", since: "t0", cordoned: true }),
                        k8sNode("node3", { pool: "edge" }),
                        k8sNode("node4"),
                    ],
                    1000,
                ),
            ),
            ["node1: labelled into NodePool cloud", "node3: labelled into NodePool edge (batch 1/2)"],
            "the failure of an earlier run is not reported again",
        );
        assert.deepStrictEqual(
            strip(
                w.observe(
                    [
                        k8sNode("node1", { pool: "cloud" }),
                        k8sNode("node2", {
                            pool: "edge",
                            reason: cond.convertFailed,
                            message: "Job has reached the specified backoff limit",
                            since: "t2",
                            cordoned: true,
                        }),
                        k8sNode("node3", { pool: "edge", reason: cond.converting }),
                        k8sNode("node4"),
                    ],
                    4000,
                ),
            ),
            [
                "node2: ConvertFailed after 4.0s (batch 1/2): Job has reached the specified backoff limit",
                "node3: Converting (Job node-servant-conversion-node3) (batch 1/2)",
                "batch 1/2 FAILED: 0 converted, 1 failed; later batches do not start",
            ],
        );
        assert.deepStrictEqual(w.failedNodes(), ["node2"]);
        const summary = poolSummaryRows(rows, w, "failed");
        assert.deepStrictEqual(
            summary.map((r) => [r.node, r.result, r.note]),
            [
                ["node1", "labelled", "NodePool cloud"],
                ["node2", "FAILED", "ConvertFailed: Job has reached the specified backoff limit"],
                ["node3", "unfinished", "the run stopped while yurt-manager worked on it (Job node-servant-conversion-node3)"],
                ["node4", "not reached", "batch 1 failed first"],
            ],
        );
        assert.strictEqual(summaryTotals(summary), "1 labelled, 1 FAILED, 1 unfinished, 1 not reached");
    });

    it("a retried node (its failed Job deleted by the run): Converting (retried), converted, timed from then", () => {
        const w = newWatch();
        const failedNode = k8sNode("node4", { pool: "edge", reason: cond.convertFailed, message: "old", since: "t0", cordoned: true });
        w.baseline([k8sNode("node1", { pool: "cloud" }), failedNode]);
        assert.deepStrictEqual(
            strip(
                w.observe(
                    [k8sNode("node1", { pool: "cloud" }), k8sNode("node4", { pool: "edge", reason: cond.converting, since: "t1", cordoned: true })],
                    2000,
                ),
            ),
            ["node4: Converting (retried, Job node-servant-conversion-node4) (batch 2/2)"],
        );
        assert.deepStrictEqual(
            strip(
                w.observe(
                    [k8sNode("node1", { pool: "cloud" }), k8sNode("node4", { pool: "edge", edge: true, reason: cond.converted, since: "t2" })],
                    5000,
                ),
            ),
            ["node4: converted in 3.0s (batch 2/2)", "batch 2/2 done: 1 converted"],
        );
        const missed = newWatch();
        missed.baseline([failedNode]);
        assert.deepStrictEqual(
            strip(missed.observe([k8sNode("node4", { pool: "edge", edge: true, reason: cond.converted, since: "t2" })], 5000)),
            ["node4: converted (batch 2/2)", "batch 2/2 done: 1 converted"],
            "no start seen: no duration made up",
        );
    });

    it("a move: out of the old pool, reverted, into the new one, converted", () => {
        const previous = {
            node1: { pool: "cloud", edge: false },
            node2: { pool: "edge", edge: true },
            node3: { pool: "edge", edge: true },
            node4: { pool: "edge", edge: true },
        };
        const plan = v17({ edgePools: { hangzhou: ["node4"] }, autonomousNodes: [] });
        const moveRows = poolPlanRows({ plan, previous });
        const w = new PoolWatch({ release: v1_7_0, nodes: watchedNodes(moveRows, plan, previous), batches: plan.batches, start: 0 });
        const converted = (pool: string) => k8sNode("node4", { pool, edge: true, reason: cond.converted });
        w.baseline([converted("edge")]);
        assert.deepStrictEqual(strip(w.observe([k8sNode("node4", { edge: true, reason: cond.reverting, cordoned: true })], 1000)), [
            "node4: taken out of NodePool edge; yurt-manager reverts it",
            "node4: Reverting (Job node-servant-conversion-node4)",
        ]);
        assert.deepStrictEqual(
            strip(w.observe([k8sNode("node4", { pool: "hangzhou", reason: cond.converting, since: "t3", cordoned: true })], 3000)),
            [
                "node4: reverted out of NodePool edge in 2.0s",
                "node4: labelled into NodePool hangzhou (batch 2/2)",
                "node4: Converting (Job node-servant-conversion-node4) (batch 2/2)",
            ],
        );
        assert.deepStrictEqual(strip(w.observe([converted("hangzhou")], 5000)), [
            "node4: converted in 2.0s (batch 2/2)",
            "batch 2/2 done: 1 converted",
        ]);
        const summary = poolSummaryRows(moveRows, w, "failed");
        assert.deepStrictEqual(
            summary.find((r) => r.node === "node4"),
            { node: "node4", role: "edge", batch: "2/2", result: "moved", note: "from NodePool edge", pool: "hangzhou" },
        );
    });

    it("the provider's failure list reads as one line", () => {
        assert.strictEqual(
            condenseError(
                "yurt-manager could not convert 1 node(s) (YurtNodeConversionFailed=ConvertFailed):\n  - node node4: Job has reached the specified backoff limit\nNodes of later batches were not touched.",
            ),
            "yurt-manager could not convert 1 node(s) (YurtNodeConversionFailed=ConvertFailed): node node4: Job has reached the specified backoff limit; Nodes of later batches were not touched.",
        );
    });

    it("revert: taken out of the pool → Reverting → reverted", () => {
        const prev = previousFromState(v17State);
        const revertRows = poolPlanRows({ previous: prev.members, previousBatches: prev.batches });
        const w = new PoolWatch({
            release: v1_7_0,
            batches: prev.batches,
            start: 0,
            nodes: revertRows.map((r) => ({ name: r.node, had: prev.members![r.node], batch: r.batch && r.batch - 1 })),
        });
        const edge = (n: string, extra = {}) => k8sNode(n, { pool: "edge", edge: true, reason: cond.converted, ...extra });
        w.baseline([k8sNode("node1", { pool: "cloud" }), edge("node2", { autonomy: "0" }), edge("node3")]);
        assert.deepStrictEqual(
            strip(
                w.observe(
                    [k8sNode("node1"), k8sNode("node2", { edge: true, reason: cond.reverting, since: "t1", cordoned: true }), edge("node3")],
                    1000,
                ),
            ),
            [
                "node1: taken out of NodePool cloud",
                "node2: taken out of NodePool edge; yurt-manager reverts it",
                "node2: Reverting (Job node-servant-conversion-node2)",
                "node2: autonomy off",
            ],
        );
        assert.deepStrictEqual(
            strip(
                w.observe(
                    [
                        k8sNode("node1"),
                        k8sNode("node2", { reason: cond.reverted, since: "t2" }),
                        k8sNode("node3", { reason: cond.reverted, since: "t2" }),
                    ],
                    3000,
                ),
            ),
            ["node2: reverted in 2.0s", "node3: taken out of NodePool edge; yurt-manager reverts it", "node3: reverted in 0.0s"],
        );
        assert.deepStrictEqual(
            poolSummaryRows(revertRows, w, "succeeded").map((r) => [r.node, r.result, r.note]),
            [
                ["node1", "reverted", "out of NodePool cloud"],
                ["node2", "reverted", "out of NodePool edge"],
                ["node3", "reverted", "out of NodePool edge"],
            ],
        );
    });

    it("engine steps of the fleet say what the run waits for", () => {
        const p = new PoolStepProgress({ operation: "up", batches: plan.batches, revertNodes: ["node5"], start: 0 });
        const lines = [
            ev.pre("create", "openyurt-yurt-manager", "kubernetes:helm.sh/v4:Chart"),
            ev.pre("create", "openyurt-yurt-manager-ready", "pulumi-nodejs:dynamic/openyurt:YurtManagerReady"),
            ev.out("create", "openyurt-yurt-manager-ready", "pulumi-nodejs:dynamic/openyurt:YurtManagerReady"),
            ...done("create", "openyurt-pool-edge", "kubernetes:apps.openyurt.io/v1beta2:NodePool"),
            ...done("update", "openyurt-nodepool-reverts", REVERTS),
            ...done("update", "openyurt-nodepool-members", MEMBERS),
        ]
            .flatMap((e) => p.handle(e, 0))
            .map((l) => l.replace(/^\[ *[0-9.]+s\] /, ""));
        assert.deepStrictEqual(lines, [
            "installing the yurt-manager chart (CRDs, RBAC, webhooks, Deployment)",
            "waiting until yurt-manager's webhooks answer",
            "yurt-manager's webhooks answer",
            "NodePool edge created",
            "taking node5 out of its NodePool; yurt-manager reverts it",
            "out of its NodePool: node5 (yurt-manager reverted the edge nodes)",
            "labelling the nodes into their NodePools, batch by batch; yurt-manager converts the edge nodes",
            "every node is in its NodePool; yurt-manager reports every edge node converted",
        ]);
        const destroy = new PoolStepProgress({ operation: "destroy", batches: [], start: 0 });
        assert.deepStrictEqual(
            done("delete", "openyurt-yurt-hub", "kubernetes:helm.sh/v4:Chart")
                .flatMap((e) => destroy.handle(e, 0))
                .map((l) => l.replace(/^\[ *[0-9.]+s\] /, "")),
            ["yurthub chart uninstalled"],
        );
    });
});

// ---- status ------------------------------------------------------------------------------------------

describe("yurtctl status, OpenYurt v1.7.0", () => {
    const job = (node: string, created: string, status: object) => ({
        metadata: {
            name: `node-servant-conversion-${node}`,
            namespace: "kube-system",
            creationTimestamp: created,
            labels: { "openyurt.io/conversion-node": node },
        },
        status,
    });
    const pools = [
        { metadata: { name: "cloud" }, spec: { type: "Cloud" } },
        { metadata: { name: "edge" }, spec: { type: "Edge" } },
    ];
    const nodes = [
        k8sNode("node1", { pool: "cloud" }),
        k8sNode("node2", {
            pool: "edge",
            edge: true,
            reason: cond.converted,
            message: "YurtHub installed and node converted successfully",
            autonomy: "0",
        }),
        k8sNode("node3", { pool: "edge", reason: cond.convertFailed, message: "Job has reached the specified backoff limit", cordoned: true }),
        k8sNode("node4", {
            pool: "edge",
            reason: cond.converting,
            message: "conversion Job node-servant-conversion-node4 is running",
            cordoned: true,
        }),
        k8sNode("node5"),
    ];
    const jobs = [
        job("node2", "2026-01-01T00:00:00Z", { conditions: [{ type: "Complete", status: "True" }] }),
        job("node3", "2026-01-01T00:00:00Z", {
            conditions: [{ type: "Failed", status: "True", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" }],
        }),
        job("node4", "2026-01-01T00:00:00Z", { conditions: [{ type: "Complete", status: "True" }] }),
        job("node4", "2026-01-02T00:00:00Z", { active: 1 }),
    ];

    it("per node: NodePool, is-edge-worker, the conversion condition, its Job, autonomy-duration, Ready (and cordoned)", () => {
        const rows = poolNodeStatuses(nodes, jobs, pools);
        assert.strictEqual(
            renderPoolStatusTable(rows),
            [
                "NODE   ROLE   POOL   EDGE-WORKER  CONVERSION                                                  JOB                            AUTONOMY  READY",
                "node1  cloud  cloud  -            -                                                           -                              -         True",
                "node2  edge   edge   true         Converted                                                   Complete                       yes (0)   True",
                "node3  edge   edge   -            ConvertFailed: Job has reached the specified backoff limit  Failed (BackoffLimitExceeded)  no        True, cordoned",
                "node4  edge   edge   -            Converting                                                  Running                        no        True, cordoned",
                "node5  -      -      -            -                                                           -                              -         True",
                "",
            ].join("\n"),
        );
    });

    it("as JSON for scripts; without NodePools (no chart yet) the role comes from is-edge-worker", () => {
        const json = JSON.parse(poolStatusJson(poolNodeStatuses(nodes, jobs, pools), { server: "https://x", release: "v1.7.0" }));
        assert.strictEqual(json.release, "v1.7.0");
        assert.deepStrictEqual(json.nodes[2], {
            name: "node3",
            role: "edge",
            pool: "edge",
            edgeWorker: false,
            conversion: { status: "True", reason: "ConvertFailed", message: "Job has reached the specified backoff limit", lastTransitionTime: "t0" },
            conversionJob: {
                name: "node-servant-conversion-node3",
                namespace: "kube-system",
                state: "Failed",
                reason: "BackoffLimitExceeded: Job has reached the specified backoff limit",
            },
            autonomous: false,
            autonomyDuration: null,
            ready: true,
            readyCondition: "True",
            readySince: null,
            unschedulable: true,
            outcome: "failed",
            since: "t0",
            reason: "ConvertFailed: Job has reached the specified backoff limit",
        });
        assert.deepStrictEqual(json.nodes[1].autonomyDuration, "0");
        assert.deepStrictEqual(
            json.nodes.map((n: any) => [n.name, n.outcome]),
            [
                ["node1", "cloud"],
                ["node2", "converted"],
                ["node3", "failed"],
                ["node4", "pending"],
                ["node5", "-"],
            ],
            "the report's words, from the live nodes",
        );
        assert.deepStrictEqual(
            poolNodeStatuses(nodes, [], []).map((r) => r.role),
            ["-", "edge", "-", "-", "-"],
        );
        assert.strictEqual(conversionCell(undefined), "-");
    });

    it("a node yurt-manager marked Converted but still cordoned is pending, as the rollout reads it", () => {
        const cordoned = k8sNode("node2", { pool: "edge", edge: true, reason: cond.converted, cordoned: true });
        const json = JSON.parse(poolStatusJson(poolNodeStatuses([cordoned], [], pools), { server: "https://x", release: "v1.7.0" }));
        assert.strictEqual(json.nodes[0].outcome, "pending");
        const uncordoned = k8sNode("node2", { pool: "edge", edge: true, reason: cond.converted });
        assert.strictEqual(
            JSON.parse(poolStatusJson(poolNodeStatuses([uncordoned], [], pools), { server: "https://x", release: "v1.7.0" })).nodes[0].outcome,
            "converted",
        );
    });

    it("the release status reads: --release, else the stack's, else the project's default", () => {
        const project = statusProject;
        assert.strictEqual(statusRelease(project, undefined, undefined, "s").release.version, "v1.7.0");
        assert.strictEqual(statusRelease(project, "config:\n  pulumi-openyurt:release: v1.7.0\n", undefined, "s").release.version, "v1.7.0");
        assert.strictEqual(statusRelease(project, "config:\n  pulumi-openyurt:namespace: openyurt\n", undefined, "s").namespace, "openyurt");
        assert.match(
            usageErrorOf(() => statusRelease(project, "config:\n  pulumi-openyurt:release: v2\n", undefined, "s")),
            /^release \(stack "s" config; change it with --release\): unknown OpenYurt release "v2"/,
        );
    });
});
